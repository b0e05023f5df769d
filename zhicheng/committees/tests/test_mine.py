"""我的评审结果 from submission on (a newcomer's walk: a 评审申请 waiting for 受理 was missing from the page
and its route showed no steps after 受理, where an accepted one shows the meeting, 公示, report and 确认备案)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhicheng.businesses import services
from zhicheng.businesses.tests.conftest import heyuan_committee, stored_c, title  # noqa: F401
from zhicheng.cases.selectors import case_route
from zhicheng.committees.lifecycle import MAIN_LINE
from zhicheng.committees.selectors import evaluations_of_applicant

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(stored_c):  # noqa: F811
    app = services.evaluation_save(actor=stored_c, **title(), committee=heyuan_committee(), selected_achievement_ids=[],
                                   materials="学历证书复印件", pledge_confirmed=True)
    return services.evaluation_submit(case=app.case, actor=stored_c)


def test_a_submitted_application_shows_the_steps_after_acceptance_ahead(submitted):
    route = case_route(case=submitted)
    ahead = [e.label for e in route if e.kind == "pending"]
    assert ahead[-len(MAIN_LINE):] == [label for _, label in MAIN_LINE]
    assert [e.kind for e in route].count("current") == 1  # the reviewer who has it now, nothing after 受理


def test_my_evaluations_list_a_submitted_application_as_awaiting_acceptance(submitted, stored_c, client):  # noqa: F811
    [row] = evaluations_of_applicant(user=stored_c)
    assert row.application.case_id == submitted.pk and row.outcome.stage == "unaccepted"
    assert row.outcome.label.startswith("待受理")
    client.force_login(stored_c)
    page = client.get(reverse("evaluation:mine")).content.decode()
    assert "待受理" in page and "确认备案并发证" in page and "评审结果公示" in page
