from django.core.management.base import BaseCommand, CommandError

from zhicheng.audit.services import audit_chain_check


class Command(BaseCommand):
    help = (
        "校验审计日志：每条记录的密钥签名和链接、链头，以及数据库之外的检查点；"
        "指出第一条被修改、删除或插入的记录，或某个检查点之后缺失的记录。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints", metavar="FILE",
            help="检查点文件（默认 ZHICHENG_AUDIT_CHECKPOINT_FILE）；也可以是从 syslog 收集的日志，含标记的行都会读取",
        )

    def handle(self, *args, checkpoints=None, **options):
        report = audit_chain_check(checkpoint_file=checkpoints)
        for b in report.breaks:
            self.stderr.write(b.message)
        if report.last_checkpoint:
            cp = report.last_checkpoint
            self.stdout.write(
                f"检查点：{report.checkpoints} 个，最近为检查点 {cp.seq}（{cp.at_local}，至 #{cp.last_id}）；"
                f"其后 {report.rows_after_checkpoint} 条记录尚无检查点（{report.checkpoint_file}）。"
            )
        else:
            self.stdout.write(f"检查点：无（{report.checkpoint_file}）；末尾记录被删除将无法发现。")
        if report.breaks:
            first = f"，第一条异常记录 #{report.first_bad_row}" if report.first_bad_row else ""
            raise CommandError(f"审计日志校验发现 {len(report.breaks)} 处异常{first}。")
        self.stdout.write(f"审计日志哈希链完整：{report.rows} 条记录。")
