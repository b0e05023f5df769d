"""Province-scale synthetic data for benchmarks: ``manage.py generate_scale_data --scale 0.01``."""

import json

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from zhicheng.common.scale_data import CHUNK, scale_data_generate, scale_plan


class Command(BaseCommand):
    help = (
        "生成省级规模的合成数据（用于性能测试）：--scale 1 为 100万申报人、5万单位、200万业务、50万证书。"
        "只能在新建的数据库上执行一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="规模系数，1 为全省规模（默认），0.01 用于快速试跑")
        parser.add_argument("--workers", type=int, default=2, help="并行写入的进程数（仅 PostgreSQL，默认 2）")
        parser.add_argument("--chunk", type=int, default=CHUNK, help="每个事务写入的申报人数")
        parser.add_argument("--manifest", default="", help="把生成结果（用于压测的账号和单位编号）写入此 JSON 文件")

    def handle(self, *args, **options):
        scale = options["scale"]
        if not 0 < scale <= 10:
            raise CommandError("--scale 应在 0 到 10 之间。")
        plan = scale_plan(scale)
        self.stdout.write(f"plan: {plan}")
        call_command("load_reference_data", verbosity=0)
        try:
            result = scale_data_generate(
                scale=scale, workers=options["workers"], chunk=options["chunk"], log=self.stdout.write
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        data = json.dumps(result.__dict__, ensure_ascii=False, indent=2)
        if options["manifest"]:
            with open(options["manifest"], "w", encoding="utf-8") as fh:
                fh.write(data)
        self.stdout.write(data)
