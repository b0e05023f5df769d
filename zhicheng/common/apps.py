from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "zhicheng.common"
    verbose_name = "公共"
