from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "zhicheng.integrity"
    verbose_name = "诚信档案"

    def ready(self) -> None:
        # The businesses' submission check and the pre-check, and the expert pools, ask the bar
        # through zhicheng.cases.registry; this app keeps the records (decision 0028).
        from zhicheng.cases.registry import application_bar_provider_register

        from .selectors import bar_for

        application_bar_provider_register("integrity", bar_for)
