from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhicheng.cases"
    verbose_name = "业务流转"
