from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "zhicheng.exchange"
    verbose_name = "数据对接"
