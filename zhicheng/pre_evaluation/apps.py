from django.apps import AppConfig


class PreEvaluationConfig(AppConfig):
    name = "zhicheng.pre_evaluation"
    verbose_name = "评前公示"

    def ready(self) -> None:
        from zhicheng.cases.registry import approval_check_register
        from zhicheng.workcalendar.services import deadline_recomputer_register

        from .services import forwarding_refusal, notices_recompute

        # The unit forwards a 评审申请 only after its 评前公示 ended with no objection standing (issue 21).
        approval_check_register("pre_evaluation", forwarding_refusal)
        deadline_recomputer_register(notices_recompute)
