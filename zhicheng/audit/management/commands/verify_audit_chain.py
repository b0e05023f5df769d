from django.core.management.base import BaseCommand, CommandError

from zhicheng.audit.services import audit_verify_chain


class Command(BaseCommand):
    help = "校验审计日志哈希链，指出被修改、删除或插入的记录。"

    def handle(self, *args, **options):
        problems = audit_verify_chain()
        for line in problems:
            self.stderr.write(line)
        if problems:
            raise CommandError(f"审计日志哈希链有 {len(problems)} 处异常。")
        self.stdout.write("审计日志哈希链完整。")
