from django.core.management.base import BaseCommand

from zhicheng.orgs.memberships import memberships_expire


class Command(BaseCommand):
    help = "终止已过截止日期的单位角色（每日运行；可重复运行）。"

    def handle(self, *args, **options):
        ended = memberships_expire()
        self.stdout.write(f"已终止 {ended} 个到期角色。")
