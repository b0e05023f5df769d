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
