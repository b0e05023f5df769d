from django import template
from django.utils import timezone

from zhicheng.evaluation.models import NOT_LIVE_OUTCOMES, EvaluationResult

from ..providers import provider_get
from ..selectors import notice_of_case
from ..services import fee_hold_reason

register = template.Library()


@register.inclusion_tag("fees/includes/panel.html")
def fee_panel(case, user):
    """The 评审费 of a 评审申请 as a card on the case pages: the payment notice (amount, payee, 缴费识别码,
    deadline, what was paid and refunded) for the applicant and the staff who see the case; whether the case
    is held back from its meeting and why."""
    notice = notice_of_case(case=case)
    if notice is None:
        return {"shown": False}
    today = timezone.localdate()
    status = notice.status_on(today)
    held = ""
    if notice.plan.fee_required and not notice.is_paid and today > notice.due_on:
        in_meeting = EvaluationResult.objects.filter(application__case_id=case.pk).exclude(
            outcome__in=NOT_LIVE_OUTCOMES).exists()
        held = "" if in_meeting else fee_hold_reason(notice)
    return {
        "shown": True, "notice": notice, "status": status, "held": held,
        "instructions": provider_get(notice.provider).instructions(notice),
        "is_applicant": case.applicant_id == user.pk, "fee_off": not notice.plan.fee_required,
    }
