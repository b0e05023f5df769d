from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "zhicheng.orgs"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from .registration import register

        register()
