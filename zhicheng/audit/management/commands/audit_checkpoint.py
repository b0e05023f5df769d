from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhicheng.audit.checkpoints import audit_checkpoint_write


class Command(BaseCommand):
    help = (
        "写入一个审计日志检查点：带密钥签名的当前最新记录编号和哈希，追加到数据库之外的检查点文件"
        "（ZHICHENG_AUDIT_CHECKPOINT_FILE），并按配置发送到 syslog。供定时任务（cron）和需要时手工运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-changed", action="store_true",
            help="自上一个检查点以来没有新记录时不写（定时任务用）",
        )

    def handle(self, *args, if_changed=False, **options):
        try:
            checkpoint = audit_checkpoint_write(reason="command", only_if_changed=if_changed)
        except OSError as exc:
            raise CommandError(f"检查点文件无法写入：{settings.AUDIT_CHECKPOINT_FILE}：{exc}") from exc
        if checkpoint is None:
            self.stdout.write("自上一个检查点以来没有新记录，未写入。")
            return
        what = f"最新记录 #{checkpoint.last_id}" if checkpoint.last_id else "审计日志为空"
        self.stdout.write(
            f"已写入检查点 {checkpoint.seq}：{what}（{checkpoint.at_local}）→ {settings.AUDIT_CHECKPOINT_FILE}"
        )
