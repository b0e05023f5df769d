"""The demo's 评审申请 after 受理 (decision 0031): 王建国's three accepted at the building committee are 已确认备案,
公示中 and 已排会, his case page shows each route; a fourth waits for 受理; loading twice changes nothing."""

import pytest
from django.urls import reverse

from zhicheng.businesses.models import EvaluationApplication
from zhicheng.cases.constants import CaseStatus
from zhicheng.committees.lifecycle import stages_of
from zhicheng.committees.models import Stage
from zhicheng.demo.businesses import demo_businesses_load
from zhicheng.demo.evaluation import demo_evaluation_load, demo_evaluation_stages_load
from zhicheng.demo.profiles import demo_profiles_load

pytestmark = pytest.mark.django_db


def test_demo_evaluation_stages_load(cast, client):
    demo_evaluation_load()
    demo_profiles_load()
    demo_businesses_load()
    demo_evaluation_stages_load()
    demo_evaluation_stages_load()  # idempotent
    apps = EvaluationApplication.objects.filter(
        applicant=cast["applicant_c"], committee__organisation__name__contains="建筑", case__status=CaseStatus.ACCEPTED
    )
    stages = stages_of(applications=apps.order_by("pk"))
    assert sorted(stages.values()) == sorted([Stage.CONFIRMED, Stage.IN_NOTICE, Stage.SCHEDULED])
    client.force_login(cast["applicant_c"])
    for app in apps:
        page = client.get(reverse("businesses:case", args=[app.case_id])).content.decode()
        assert "安排评审会议" in page and "确认备案并发证" in page
    waiting = EvaluationApplication.objects.filter(
        applicant=cast["applicant_c"], committee__organisation__name__contains="建筑", case__status=CaseStatus.SUBMITTED
    ).get()
    assert waiting.case.current_organisation.name == "广东省建筑工程技术人才职称评审委员会"
