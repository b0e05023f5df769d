"""Report accounts, phones and certificates whose identifiers collide once normalised (issue 16).

    manage.py identifier_collisions            # report only
    manage.py identifier_collisions --normalise  # also rewrite what can be rewritten (audited)

Numbers are shown masked; the service window contacts the people concerned and, after seeing the
identity document, keeps one account (docs/guide/window.md).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from zhicheng.accounts.identifiers import identifier_collisions, stored_identifiers_normalise


class Command(BaseCommand):
    help = "列出规范化后重复的身份证号码、手机号码和证书持证人号码（供服务窗口处理）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--normalise", action="store_true",
            help="先把能规范化的号码改为规范形式（不与其他账号冲突的；原文加密记入审计日志）。",
        )

    def handle(self, *args, normalise: bool = False, **options):
        if normalise:
            with transaction.atomic():
                report = stored_identifiers_normalise()
            self.stdout.write(f"已规范化：账号 {report.accounts} 个，证书 {report.certificates} 本。")
        collisions = identifier_collisions()
        if not collisions:
            self.stdout.write("没有规范化后重复的号码。")
            return
        self.stdout.write(f"规范化后重复的号码 {len(collisions)} 组，请服务窗口核实本人证件后处理：")
        for collision in collisions:
            self.stdout.write("  " + collision.describe())
