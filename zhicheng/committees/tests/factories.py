"""Evaluation results (评审结果) in each stage after the meeting, built through the evaluation services:
a meeting of the committee's plan, a panel drawn from its pool, every member's vote, the meeting closed.

    EvaluationResultFactory()                   # passed (评审通过): every member voted agree, meeting closed
    EvaluationResultFactory(failed=True)        # not passed (未通过): every member voted disagree
    EvaluationResultFactory(in_notice=True)     # passed, its 公示 published today (公示中)
    EvaluationResultFactory(reported=True)      # 公示 ended (published 29 days ago), reported (已报送)
    EvaluationResultFactory(confirmed=True)     # confirmed by the managing bureau (已确认备案), certificate issued
    EvaluationResultFactory(application=app, reported=True)

The application defaults to a new applicant's 评审申请 for 高级工程师 (建筑工程) to the test world's building
committee, accepted (``EvaluationApplicationFactory(accepted=True)``), whose pool has twelve experts. The
meeting was held 30 days ago, with a panel of five. The office and the confirming reviewer are the staff
in force (``orgs.tests.factories.staff_at``: 马琳 and 赵磊 in the test world).
"""

from __future__ import annotations

import datetime as dt

import factory

from tests.factory_states import state_traits
from tests.world.cast import BUILDING_COMMITTEE
from zhicheng.committees.models import EvaluationResult

PASSED, FAILED, IN_NOTICE, REPORTED, CONFIRMED = "passed", "failed", "in_notice", "reported", "confirmed"


def _accepted_at_building_committee():
    from zhicheng.businesses.tests.factories import EvaluationApplicationFactory
    from zhicheng.catalog.models import Committee, Qualification

    committee = Committee.objects.select_related("series").get(organisation__name=BUILDING_COMMITTEE)
    return EvaluationApplicationFactory(
        committee=committee, qualification=Qualification.objects.get(series=committee.series, name="高级工程师"),
        accepted=True,
    )


class EvaluationResultFactory(factory.Factory):
    class Meta:
        model = EvaluationResult

    Params = state_traits(FAILED, IN_NOTICE, REPORTED, CONFIRMED)

    application = factory.LazyFunction(_accepted_at_building_committee)
    meeting_name = factory.Sequence(lambda n: f"测试评审会议（第{n + 1}批）")
    panel_size = 5
    state = PASSED

    @classmethod
    def _create(cls, model_class, *, application, meeting_name, panel_size, state) -> EvaluationResult:
        from django.utils import timezone

        from zhicheng.committees.samples import meeting_held
        from zhicheng.committees.services import notice_publish, result_confirm, result_report
        from zhicheng.orgs.constants import Role
        from zhicheng.orgs.tests.factories import staff_at

        committee = application.committee
        office = staff_at(committee.organisation, Role.COMMITTEE_OFFICE)
        today = timezone.localdate()
        meeting, result = meeting_held(
            application=application, name=meeting_name, held_on=today - dt.timedelta(days=30), office=office,
            panel_size=panel_size, choice="disagree" if state == FAILED else "agree",
        )
        if state == IN_NOTICE:
            notice_publish(meeting=meeting, actor=office)
        elif state in (REPORTED, CONFIRMED):
            notice_publish(meeting=meeting, actor=office, today=today - dt.timedelta(days=29))
            result_report(result=result, actor=office)
        if state == CONFIRMED:
            result_confirm(result=result, actor=staff_at(committee.managing_bureau, Role.REVIEWER))
        return EvaluationResult.objects.select_related("meeting", "application").get(pk=result.pk)
