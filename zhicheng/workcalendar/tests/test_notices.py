"""One working-day notice shape (``WorkingDayNotice``, ``NoticeChangeRecord``) for the committee's 公示 and a
unit's 评前公示: the period's fields, rules and recomputation are written once, and each notice keeps the
names its database constraints already have."""

from __future__ import annotations

import datetime as dt

import pytest

from zhicheng.committees.models import PublicNotice, PublicNoticeChange
from zhicheng.pre_evaluation.models import PreEvaluationNotice, PreEvaluationNoticeChange
from zhicheng.workcalendar.models import NoticeChangeRecord, WorkingDayNotice

PERIOD_FIELDS = {"working_days", "published_on", "ends_on", "published_by", "created_at"}


@pytest.mark.parametrize("model, prefix", [(PublicNotice, "notice"), (PreEvaluationNotice, "pre_notice")])
def test_both_notices_are_working_day_notices_with_their_constraint_names(model, prefix):
    assert issubclass(model, WorkingDayNotice)
    own = {f.name for f in model._meta.get_fields() if getattr(f, "model", None) is model}
    assert PERIOD_FIELDS <= own
    assert not any(name in vars(model) for name in ("is_current_on", "has_ended_on", "provisional_note"))
    assert {c.name for c in model._meta.constraints} >= {
        f"{prefix}_ends_after_publication", f"{prefix}_at_least_five_days",
    }


@pytest.mark.parametrize("model", [PublicNoticeChange, PreEvaluationNoticeChange])
def test_both_change_records_share_one_shape(model):
    assert issubclass(model, NoticeChangeRecord)
    assert model._meta.get_field("notice").remote_field.related_name == "changes"


def test_the_period_reads_the_same_on_both():
    day = dt.date(2026, 11, 2)
    for model in (PublicNotice, PreEvaluationNotice):
        notice = model(published_on=day, ends_on=dt.date(2026, 11, 9), working_days=5)
        assert notice.is_current_on(day) and notice.is_current_on(dt.date(2026, 11, 9))
        assert notice.has_ended_on(dt.date(2026, 11, 10)) and not notice.has_ended_on(dt.date(2026, 11, 9))
