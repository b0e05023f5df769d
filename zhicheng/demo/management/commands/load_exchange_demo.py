from django.core.management.base import BaseCommand

from zhicheng.demo.exchange import DEMO_TOKEN, demo_exchange_load


class Command(BaseCommand):
    help = "导入演示对接系统（广州市职称评审管理服务平台）及其公开的演示令牌（可重复执行）。需先导入演示数据。"

    def handle(self, *args, **options):
        system = demo_exchange_load()
        self.stdout.write(f"演示对接系统：{system.name}（令牌 {DEMO_TOKEN}，接口文档 /api/v1/docs）")
