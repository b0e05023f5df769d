from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "zhicheng.profiles"
    verbose_name = "个人基本信息"

    def ready(self) -> None:
        from .business import register

        register()
