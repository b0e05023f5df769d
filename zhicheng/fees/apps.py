from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "zhicheng.fees"
    verbose_name = "评审费"

    def ready(self) -> None:
        from zhicheng.cases.registry import transition_listener_register
        from zhicheng.cases.reminders import daily_deadline_job_register
        from zhicheng.committees.holds import meeting_hold_register, meeting_note_register
        from zhicheng.workcalendar.services import deadline_recomputer_register

        from .providers import OFFLINE, provider_register
        from .services import (
            fee_due_remind,
            fee_holds,
            fee_notes,
            fee_notices_recompute,
            fee_overdue_notify,
            fee_transition_listener,
        )

        provider_register(OFFLINE)
        # 受理 of a 评审申请 of a plan with the fee issues its payment notice (decision 0035).
        transition_listener_register("fees.notice_on_accept", fee_transition_listener)
        # An unpaid case after its deadline is not put before a meeting; its applicant is told once.
        meeting_hold_register("fees", fee_holds)
        meeting_note_register("fees", fee_notes)  # unpaid but within the deadline: choosable, marked
        daily_deadline_job_register("fees.due", fee_due_remind)
        daily_deadline_job_register("fees.overdue", fee_overdue_notify)
        deadline_recomputer_register(fee_notices_recompute)
