"""The demo had no running 评前公示 (/pre-notices/ showed nothing to a newcomer): its last step publishes one
at a 清远 unit, whose plan asks for it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from zhicheng.demo.pre_evaluation import PRE_APPLICANT, demo_pre_evaluation_load
from zhicheng.pre_evaluation.models import PreEvaluationNotice
from zhicheng.pre_evaluation.selectors import notices_public

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_pre_evaluation_notice_running_today(client, cast):
    people = demo_pre_evaluation_load()
    assert demo_pre_evaluation_load() == people  # idempotent
    (notice,) = PreEvaluationNotice.objects.all()
    assert notice.is_current_on(timezone.localdate()) and notice.summary["name"] == PRE_APPLICANT.name
    assert list(notices_public()) == [notice]
    page = client.get(reverse("pre_evaluation:notices")).content.decode()
    assert PRE_APPLICANT.name in page and "清远市建筑设计院有限公司" in page
