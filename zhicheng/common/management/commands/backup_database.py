from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from zhicheng.common.backup import backup_database


class Command(BaseCommand):
    help = "备份数据库（PostgreSQL 使用 pg_dump 自定义格式；SQLite 使用在线备份）。"

    def add_arguments(self, parser):
        parser.add_argument("target", nargs="?", help="备份文件路径（默认 var/backups/ 下按时间命名）")

    def handle(self, *args, target=None, **options):
        from django.conf import settings

        path = (
            Path(target)
            if target
            else Path(settings.VAR_DIR) / "backups" / f"zhicheng-{timezone.now():%Y%m%d-%H%M%S}.dump"
        )
        backup_database(path)
        self.stdout.write(f"已备份到 {path}")
