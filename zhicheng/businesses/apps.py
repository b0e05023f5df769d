from django.apps import AppConfig


class BusinessesConfig(AppConfig):
    name = "zhicheng.businesses"
    verbose_name = "业务申请"

    def ready(self) -> None:
        from .business import register

        register()
