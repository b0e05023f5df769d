"""先交纸质材料，后补网上信息 (issue 22, decision 0032): a plan may require attachment kinds online; on a
plan marked paper-first the personnel unit may pass a case missing them by citing its paper review that
lists them as checked. The rule is one approval check of the case engine."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.businesses import services as business_services
from zhicheng.businesses.models import EvaluationApplication
from zhicheng.businesses.tests.conftest import heyuan_committee, title
from zhicheng.cases.constants import Decision
from zhicheng.cases.services import case_approve
from zhicheng.cases.workflow import CaseError
from zhicheng.catalog.constants import ONLINE_ATTACHMENT_CHOICES
from zhicheng.paper_materials.models import PaperConclusion, PaperReview
from zhicheng.paper_materials.services import online_attachment_gaps, paper_review_record
from zhicheng.profiles.constants import AttachmentKind
from zhicheng.profiles.models import ProfileVersion

pytestmark = pytest.mark.django_db

REQUIRED = ["居民身份证", "学历学位证书"]


def evaluation_case(cast, *, paper_first: bool, required=REQUIRED):
    """王建国's 评审申请 to the 河源 committee, submitted under its plan set as asked; at his unit."""
    from tests.world.profiles import profiles_load

    profiles_load()
    user = cast["applicant_c"]
    app = business_services.evaluation_save(
        actor=user, **title(), committee=heyuan_committee(), selected_achievement_ids=[],
        materials="学历证书复印件\n现职称资格证书复印件", pledge_confirmed=True)
    type(app.plan).objects.filter(pk=app.plan_id).update(online_attachments_required=required, paper_first=paper_first)
    return business_services.evaluation_submit(case=app.case, actor=user)


def review(case, cast, *, checked=REQUIRED, conclusion=PaperConclusion.MEETS, reference="龙建审〔2026〕12号"):
    return paper_review_record(case=case, actor=cast["unit_reviewer_2"], reference=reference,
                               reviewed_on=timezone.localdate(), conclusion=conclusion, materials_checked=checked)


def test_the_choices_are_attachment_kinds():
    assert {v for v, _ in ONLINE_ATTACHMENT_CHOICES} <= {str(label) for label in AttachmentKind.labels}


def test_normal_plan_requires_the_attachments_online_even_with_a_paper_review(cast):
    case = evaluation_case(cast, paper_first=False)
    assert online_attachment_gaps(case=case) == REQUIRED
    with pytest.raises(CaseError, match="网上材料不全.*居民身份证、学历学位证书"):
        case_approve(case=case, actor=cast["unit_reviewer_2"])
    review(case, cast)
    with pytest.raises(CaseError, match="网上材料不全"):
        case_approve(case=case, actor=cast["unit_reviewer_2"])


def test_a_complete_online_record_passes_without_a_paper_review(cast):
    case = evaluation_case(cast, paper_first=True)
    version = EvaluationApplication.objects.get(case=case).profile_version
    data = dict(version.data, attachments=[{"id": None, "kind": k, "name": f"{k}.pdf"} for k in REQUIRED])
    ProfileVersion.objects.filter(pk=version.pk).update(data=data)
    assert online_attachment_gaps(case=case) == []
    case = case_approve(case=case, actor=cast["unit_reviewer_2"], opinion="同意")
    assert case.history.get(decision=Decision.APPROVE).opinion == "同意"


def test_a_plan_without_requirements_is_as_before(cast):
    case = evaluation_case(cast, paper_first=False, required=[])
    case = case_approve(case=case, actor=cast["unit_reviewer_2"])
    assert case.current_organisation.name == "龙川县住房和城乡建设局"


def test_paper_first_plan_passes_citing_a_review_that_lists_the_missing_attachments(cast):
    case = evaluation_case(cast, paper_first=True)
    unit = cast["unit_reviewer_2"]
    with pytest.raises(CaseError, match="请先登记纸质材料审核"):
        case_approve(case=case, actor=unit)
    review(case, cast, conclusion=PaperConclusion.FAILS, reference="A-1")
    with pytest.raises(CaseError, match="A-1.*不能凭此审核通过"):
        case_approve(case=case, actor=unit)
    review(case, cast, checked=["居民身份证", "学历证书复印件"], reference="A-2")
    with pytest.raises(CaseError, match="A-2.*未列明已核对：学历学位证书"):
        case_approve(case=case, actor=unit)
    review(case, cast, reference="A-3")
    case = case_approve(case=case, actor=unit, opinion="同意推荐，纸质材料审核编号 A-3。")
    assert case.current_step_order == 1
    # the supervising unit approves as before; the rule is the personnel unit's
    case = case_approve(case=case, actor=cast["supervisor_reviewer_2"])
    assert case.current_step_order == 2


def test_a_review_before_the_latest_submission_does_not_count(cast):
    case = evaluation_case(cast, paper_first=True)
    review(case, cast, reference="OLD")
    PaperReview.objects.filter(case=case).update(created_at=case.submitted_at - dt.timedelta(minutes=1))
    with pytest.raises(CaseError, match="请先登记纸质材料审核"):
        case_approve(case=case, actor=cast["unit_reviewer_2"])


def test_recording_a_paper_review_is_checked_and_audited(cast):
    case = evaluation_case(cast, paper_first=True)
    for outsider in ("applicant_c", "supervisor_reviewer_2", "unit_reviewer"):
        with pytest.raises(PermissionDenied):
            paper_review_record(case=case, actor=cast[outsider], reference="x", reviewed_on=timezone.localdate(),
                                conclusion=PaperConclusion.MEETS, materials_checked=[])
    with pytest.raises(ValidationError) as exc:
        paper_review_record(case=case, actor=cast["unit_reviewer_2"], reference="  ",
                            reviewed_on=timezone.localdate() + dt.timedelta(days=1), conclusion="maybe",
                            materials_checked=["户口本"])
    assert set(exc.value.message_dict) == {"reference", "reviewed_on", "conclusion", "materials_checked"}
    r = review(case, cast, checked=["学历证书复印件", "居民身份证"])
    assert r.materials_checked == ["居民身份证", "学历证书复印件"]  # in the offered order
    event = AuditEvent.objects.get(action="paper.review", object_id=str(case.pk))
    assert event.detail["reference"] == "龙建审〔2026〕12号" and event.organisation == case.current_organisation
    with pytest.raises(ValueError):
        r.save()


def test_the_next_reviewer_sees_the_paper_review_on_the_case_page(cast, client):
    case = evaluation_case(cast, paper_first=True)
    review(case, cast, reference="龙建审-7")
    case_approve(case=case, actor=cast["unit_reviewer_2"])
    client.force_login(cast["supervisor_reviewer_2"])
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "纸质材料审核" in html and "龙建审-7" in html and "罗海" in html
    page = client.get(reverse("paper_materials:case", args=[case.pk])).content.decode()
    assert "先交纸质材料，后补网上信息" in page and "龙建审-7" in page


def test_unit_records_a_review_on_the_page_and_errors_stay_beside_the_fields(cast, client):
    case = evaluation_case(cast, paper_first=True)
    client.force_login(cast["unit_reviewer_2"])
    url = reverse("paper_materials:case", args=[case.pk])
    page = client.get(url).content.decode()
    assert "居民身份证、学历学位证书" in page and "paper-review-form" in page
    r = client.post(url, {"form": "review", "reference": "", "reviewed_on": "2099-01-01", "conclusion": "meets",
                          "materials_checked": ["居民身份证"], "review_note": "原件已核"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "请填写纸质审核编号。" in html and "原件已核</textarea>" in html
    r = client.post(url, {"form": "review", "reference": "R-8", "reviewed_on": "2099-01-01", "conclusion": "meets",
                          "materials_checked": ["居民身份证"]})
    html = r.content.decode()
    assert r.status_code == 200 and "审核日期不能晚于今天。" in html and 'value="R-8"' in html
    r = client.post(url, {"form": "review", "reference": "R-9", "reviewed_on": timezone.localdate().isoformat(),
                          "conclusion": "meets", "materials_checked": REQUIRED})
    assert r.status_code == 302 and PaperReview.objects.get(case=case).reference == "R-9"


def test_the_applicant_sees_that_the_plan_is_paper_first(cast, client):
    case = evaluation_case(cast, paper_first=True)
    client.force_login(cast["applicant_c"])
    html = client.get(reverse("businesses:case", args=[case.pk])).content.decode()
    assert 'id="plan-paper-first"' in html and "先交纸质材料，后补网上信息" in html
