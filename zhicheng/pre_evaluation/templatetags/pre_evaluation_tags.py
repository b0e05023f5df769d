from django import template
from django.utils import timezone

from ..forms import PublishForm
from ..selectors import notices_of_case
from ..services import can_manage, can_publish, forwarding_refusal, notice_outcome, notice_required

register = template.Library()


@register.inclusion_tag("pre_evaluation/includes/panel.html")
def pre_evaluation_panel(case, user):
    """The 评前公示 of a 评审申请 as a card on the case pages: the notice and its outcome for everyone who
    sees the case (the committee sees what the unit published); the publish form and the objections to
    resolve for the unit's reviewers; whether forwarding is held back and why."""
    if not notice_required(case=case):
        return {"shown": False}
    today = timezone.localdate()
    notices = notices_of_case(case=case)
    latest = notices[0] if notices else None
    outcome = notice_outcome(notice=latest, today=today) if latest else None
    first_step = next((s for s in case.steps.all() if s.order == 0), None)
    held = forwarding_refusal(case=case, step=first_step, today=today) if case.current_step_order == 0 else None
    may_publish = can_publish(user=user, case=case) and (latest is None or outcome[0] == "upheld")
    return {
        "shown": True, "case": case, "notices": notices, "latest": latest, "outcome": outcome, "held": held,
        "may_publish": may_publish, "may_manage": bool(latest and can_manage(user=user, notice=latest)),
        "form": PublishForm() if may_publish else None, "is_applicant": case.applicant_id == user.pk,
    }
