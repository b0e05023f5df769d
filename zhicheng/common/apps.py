from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "zhicheng.common"
    verbose_name = "公共"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .kept_pages import kept_pages_signals_connect

        kept_pages_signals_connect()
