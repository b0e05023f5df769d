from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "zhicheng.evaluation"
    verbose_name = "评审"

    def ready(self) -> None:
        from zhicheng.workcalendar.services import deadline_recomputer_register

        from .services import notices_recompute

        deadline_recomputer_register(notices_recompute)
