from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "zhicheng.committees"
    # The label stays that of the package's old name (decision 0038): migrations, tables, content types,
    # permissions, model labels, the audit log's object types and the templates' directory follow it.
    label = "evaluation"
    verbose_name = "评审"

    def ready(self) -> None:
        from zhicheng.businesses.constants import BusinessCode
        from zhicheng.cases.registry import route_continuation_register
        from zhicheng.workcalendar.services import deadline_recomputer_register

        from .selectors import lifecycle_routes
        from .services import notices_recompute

        deadline_recomputer_register(notices_recompute)
        # An accepted 评审申请's route goes on with its meeting, vote, 公示, report and 确认备案 (decision 0031).
        route_continuation_register(BusinessCode.EVALUATION.value, lifecycle_routes)
