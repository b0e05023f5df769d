from django.core.management.base import BaseCommand, CommandError

from zhicheng.exchange.services import idempotency_records_prune


class Command(BaseCommand):
    help = (
        "删除超过保留期（默认 EXCHANGE_IDEMPOTENCY_DAYS=30 天）的幂等记录；之后同一个 Idempotency-Key 视为新请求。"
        "建议每天运行一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="保留天数（至少1天）")

    def handle(self, *args, **options):
        try:
            deleted = idempotency_records_prune(older_than_days=options["days"])
        except ValueError as exc:
            raise CommandError("保留天数至少为1天。") from exc
        self.stdout.write(f"已删除 {deleted} 条过期的幂等记录。")
