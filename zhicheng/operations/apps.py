from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "zhicheng.operations"
    verbose_name = "运维"
