from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhicheng.common.backup import restore_database


class Command(BaseCommand):
    help = "从备份文件恢复数据库到一个空数据库（PostgreSQL）或数据库文件（SQLite）。恢复后请运行 verify_audit_chain。"

    def add_arguments(self, parser):
        parser.add_argument("source", help="备份文件路径")
        parser.add_argument("--database", help="目标数据库名（PostgreSQL）或文件路径（SQLite），默认为当前配置的数据库")

    def handle(self, *args, source, database=None, **options):
        if not Path(source).exists():
            raise CommandError(f"备份文件不存在：{source}")
        restore_database(Path(source), database=database)
        self.stdout.write("恢复完成。请运行 python manage.py verify_audit_chain 校验审计日志。")
