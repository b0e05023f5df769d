from django import template
from django.utils import timezone

from zhicheng.committees.models import NOT_LIVE_OUTCOMES, EvaluationResult

from ..models import FeeStatus
from ..providers import provider_get
from ..selectors import notice_of_case
from ..services import fee_hold_reason

register = template.Library()

_NO_NOTICE = object()


def _notice_of(case):
    """``notice_of_case`` read once per case object: the applicant's page shows both the line at its top
    (``fee_due_alert``) and the card (``fee_panel``) from the same notice."""
    kept = getattr(case, "_fee_notice_kept", _NO_NOTICE)
    if kept is _NO_NOTICE:
        kept = case._fee_notice_kept = notice_of_case(case=case)
    return kept


@register.inclusion_tag("fees/includes/panel.html")
def fee_panel(case, user):
    """The 评审费 of a 评审申请 as a card on the case pages: the payment notice (amount, payee, 缴费识别码,
    deadline, what was paid and refunded) for the applicant and the staff who see the case; whether the case
    is held back from its meeting and why."""
    notice = _notice_of(case)
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


@register.inclusion_tag("fees/includes/due_alert.html")
def fee_due_alert(case, user):
    """A line at the top of the applicant's own case page while their 评审费 is unpaid (待缴费 or 逾期未缴):
    what to pay and by when, with a link to the payment notice. The notice card sits in the side column,
    which a phone shows after the whole application; the applicant must not have to scroll to learn that
    the case waits for their payment. Nothing for staff, for a plan that no longer requires the fee, or
    once paid."""
    if case.applicant_id != user.pk:
        return {"shown": False}
    notice = _notice_of(case)
    if notice is None or not notice.plan.fee_required:
        return {"shown": False}
    status = notice.status_on(timezone.localdate())
    if status not in (FeeStatus.DUE, FeeStatus.OVERDUE):
        return {"shown": False}
    return {"shown": True, "notice": notice, "status": status}
