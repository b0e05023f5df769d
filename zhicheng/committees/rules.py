"""Meeting and vote rules of 职称评审管理暂行规定 (人社部令第40号).

* 第二十一条: a meeting is valid only if at least two thirds of the panel attend.
* 第二十二条: an applicant passes with agree votes from at least two thirds of the experts present.

Everything is integer arithmetic (``3 * x >= 2 * y``), so there is no rounding to get wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Vote(models.TextChoices):
    AGREE = "agree", _("同意")
    DISAGREE = "disagree", _("不同意")
    ABSTAIN = "abstain", _("弃权")


def meeting_is_valid(panel_size: int, present: int) -> bool:
    """At least two thirds of the panel are present (and nobody is counted twice)."""
    if panel_size <= 0 or present < 0 or present > panel_size:
        return False
    return 3 * present >= 2 * panel_size


def case_passes(present: int, agree: int) -> bool:
    """Agree votes from at least two thirds of the experts present."""
    if present <= 0 or agree < 0 or agree > present:
        return False
    return 3 * agree >= 2 * present


@dataclass(frozen=True)
class Tally:
    panel_size: int
    agree: int
    disagree: int
    abstain: int

    @property
    def present(self) -> int:
        """Experts who voted; an abstention counts as present (it is a vote cast)."""
        return self.agree + self.disagree + self.abstain

    @property
    def meeting_valid(self) -> bool:
        return meeting_is_valid(self.panel_size, self.present)

    @property
    def passed(self) -> bool:
        return self.meeting_valid and case_passes(self.present, self.agree)

    @property
    def result_label(self) -> str:
        if not self.meeting_valid:
            return "会议无效（出席专家不足三分之二）"
        return "通过" if self.passed else "未通过"


def tally(votes: Iterable[str], *, panel_size: int | None = None) -> Tally:
    """Count 同意/不同意/弃权 votes (``Vote`` values) and compute the result.

    ``panel_size`` is the number of experts on the panel; by default, the number of votes
    (everybody present). An unknown vote value raises ``ValueError``.
    """
    counts = {Vote.AGREE: 0, Vote.DISAGREE: 0, Vote.ABSTAIN: 0}
    for vote in votes:
        try:
            counts[Vote(vote)] += 1
        except ValueError:
            raise ValueError(f"未知的表决意见：{vote!r}") from None
    cast = sum(counts.values())
    size = cast if panel_size is None else panel_size
    if size < cast:
        raise ValueError("投票人数超过评审组人数")
    return Tally(
        panel_size=size, agree=counts[Vote.AGREE], disagree=counts[Vote.DISAGREE], abstain=counts[Vote.ABSTAIN]
    )
