"""The demo's 评审申请 after 受理 (decision 0031): 王建国's three at the building committee are 已确认备案, 公示中
and 待上会, his case page shows each route; loading twice changes nothing."""

import pytest
from django.urls import reverse

from zhicheng.businesses.models import EvaluationApplication
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
        applicant=cast["applicant_c"], committee__organisation__name__contains="建筑"
    )
    stages = stages_of(applications=apps.order_by("pk"))
    assert sorted(stages.values()) == sorted([Stage.CONFIRMED, Stage.IN_NOTICE, Stage.AWAITING])
    client.force_login(cast["applicant_c"])
    for app in apps:
        page = client.get(reverse("businesses:case", args=[app.case_id])).content.decode()
        assert "安排评审会议" in page and "确认备案并发证" in page
