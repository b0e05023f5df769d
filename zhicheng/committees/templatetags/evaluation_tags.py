"""Template helpers of the evaluation pages that other pages show (the expert's card on the home page)."""

from __future__ import annotations

from django import template

from ..models import MeetingStatus
from ..selectors import meetings_on_panel_of

register = template.Library()


@register.simple_tag
def expert_open_meetings(user) -> int:
    """How many meetings still open for voting ``user`` sits on the panel of (0 for anyone else)."""
    return meetings_on_panel_of(user=user).filter(status=MeetingStatus.OPEN).count()


@register.filter
def manages_committee_rules(user, organisation) -> bool:
    """Whether ``organisation`` (an HR bureau the user staffs) manages a committee whose panel rules the user reads."""
    from ..selectors import committees_with_panel_rules_for

    return committees_with_panel_rules_for(user=user).filter(managing_bureau=organisation).exists()
