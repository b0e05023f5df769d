import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

from zhicheng.demo.loader import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "导入演示数据：各地单位、评审委员会和各角色演示账号（可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账号")

    def handle(self, *args, **options):
        call_command("load_reference_data", verbosity=0)
        people = demo_load()
        from zhicheng.demo.exchange import DEMO_TOKEN, demo_exchange_load

        system = demo_exchange_load()
        if options["quiet_logins"]:
            return
        self.stdout.write(f"\n演示账号（可用手机号码或身份证号码登录，密码均为 {DEMO_PASSWORD}）：")
        for p in people:
            if p.key.startswith("expert_") and p.key != "expert_1":
                continue
            self.stdout.write(f"  {p.phone}  {p.name}  {p.role_label}")
        from zhicheng.demo.integrity import SUBJECT

        self.stdout.write(f"  {SUBJECT['phone']}  {SUBJECT['name']}  证书被撤销的持证人（诚信档案）")
        self.stdout.write("（另有评审专家 expert_2…12，手机号码 13600000002…13600000012）")
        self.stdout.write(f"\n对接系统演示：{system.name}，令牌 {DEMO_TOKEN}")
        site = os.environ.get("ZHICHENG_SITE_URL", "http://127.0.0.1:8000")  # set by ./manage.sh run
        self.stdout.write(f"接口文档 {site}/api/v1/docs ，接入说明 docs/api.md\n")
