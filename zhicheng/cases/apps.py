from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhicheng.cases"
    verbose_name = "业务流转"

    def ready(self) -> None:
        from zhicheng.workcalendar.services import deadline_recomputer_register

        from .services import corrections_recompute

        deadline_recomputer_register(corrections_recompute)
