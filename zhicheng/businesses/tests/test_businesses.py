from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.world.cast import BUILDING_COMMITTEE, HEYUAN_ENG_COMMITTEE
from zhicheng.businesses import services
from zhicheng.businesses.constants import BUSINESS_BY_CODE, BUSINESSES, BusinessCode
from zhicheng.businesses.models import (
    CertificateReplacementApplication,
    EvaluationApplication,
    ExternalTitleConfirmation,
    RecognitionApplication,
    SignedPledge,
    UnitChangeApplication,
)
from zhicheng.businesses.selectors import applicant_status_text, committee_offers
from zhicheng.cases.constants import CaseStatus
from zhicheng.cases.models import Case
from zhicheng.cases.services import case_accept, case_approve, case_grant
from zhicheng.catalog.constants import TitleLevel
from zhicheng.catalog.models import Committee, EvaluationPlan
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.orgs.models import Organisation
from zhicheng.profiles.models import Profile

from .conftest import heyuan_committee, title, title_in_another_series

UNIT = "龙川县城乡建设投资有限公司"
SUPERVISOR = "龙川县住房和城乡建设局"


def steps_of(case):
    return [(s.organisation.name, s.label, s.role, s.is_final) for s in case.steps.select_related("organisation")]


def submit_evaluation(user, *, level=TitleLevel.INTERMEDIATE, committee=None, specialty="建筑工程"):
    app = services.evaluation_save(
        actor=user, **title(level, specialty), committee=committee or heyuan_committee(),
        selected_achievement_ids=[], materials="学历证书复印件", pledge_confirmed=True,
    )
    return services.evaluation_submit(case=app.case, actor=user)


# -- routes -----------------------------------------------------------------------------------------
def test_evaluation_route_reaches_committee_office_and_is_accepted(stored_c, cast):
    case = submit_evaluation(stored_c)
    assert steps_of(case) == [
        (UNIT, "人事管理单位", "reviewer", False),
        (SUPERVISOR, "主管单位", "reviewer", False),
        (HEYUAN_ENG_COMMITTEE, "评委会办公室", "committee_office", True),
    ]
    case = case_approve(case=case, actor=cast["unit_reviewer_2"], opinion="同意")
    case = case_approve(case=case, actor=cast["supervisor_reviewer_2"], opinion="同意")
    assert case.current_organisation.name == HEYUAN_ENG_COMMITTEE
    case = case_accept(case=case, actor=cast["other_committee_office"], opinion="材料齐全，受理")
    assert case.status == CaseStatus.ACCEPTED
    assert applicant_status_text(case) == "已受理，等待评审"
    app = EvaluationApplication.objects.get(case=case)
    assert app.plan.committee == heyuan_committee() and app.profile_version_id is not None
    assert case.business_object == app


def test_recognition_route_and_bureau_rule(stored_c):
    app = services.recognition_save(actor=stored_c, **title(TitleLevel.INTERMEDIATE), pledge_confirmed=True)
    case = services.recognition_submit(case=app.case, actor=stored_c)
    # 中级: the city-level bureau of the county unit's city.
    assert steps_of(case)[-1] == ("河源市人力资源和社会保障局", "人社部门", "reviewer", True)
    assert [s[0] for s in steps_of(case)[:2]] == [UNIT, SUPERVISOR]


def test_recognition_assistant_goes_to_county_bureau(stored_c):
    # (助理级 of another series: 王建国 already holds 助理工程师, which he may not apply for again)
    app = services.recognition_save(actor=stored_c, **title_in_another_series(), pledge_confirmed=True)
    case = services.recognition_submit(case=app.case, actor=stored_c)
    assert steps_of(case)[-1][0] == "河源市龙川县人力资源和社会保障局"


def test_recognition_refuses_senior_levels(stored_c):
    with pytest.raises(ValidationError) as exc:
        services.recognition_save(actor=stored_c, **title(TitleLevel.DEPUTY_SENIOR), pledge_confirmed=True)
    assert "员级、助理级和中级" in str(exc.value)


def test_recognition_accept_issues_certificate(stored_c, cast):
    app = services.recognition_save(actor=stored_c, **title(TitleLevel.INTERMEDIATE), pledge_confirmed=True)
    case = services.recognition_submit(case=app.case, actor=stored_c)
    case_approve(case=case, actor=cast["unit_reviewer_2"])
    case_approve(case=case, actor=cast["supervisor_reviewer_2"])
    before = Certificate.objects.count()
    case = case_accept(case=case, actor=cast["hr_reviewer"], opinion="材料齐全，受理")
    # 受理 takes the case in and issues nothing: it stays at the bureau, waiting for 认定通过 / 不予认定.
    app.refresh_from_db()
    assert app.certificate is None and Certificate.objects.count() == before
    assert case.status == CaseStatus.SUBMITTED and case.taken_in_at is not None
    assert case.current_organisation.name == "河源市人力资源和社会保障局"
    assert applicant_status_text(case).startswith("已受理（河源市人力资源和社会保障局）")
    case = case_grant(case=case, actor=cast["hr_reviewer"], opinion="认定")
    assert case.status == CaseStatus.GRANTED and applicant_status_text(case) == "已认定通过，证书已颁发"
    app.refresh_from_db()
    cert = app.certificate
    assert cert is not None and cert.case_id == case.pk and cert.status == CertificateStatus.VALID
    assert cert.recognising_bureau.name == "河源市人力资源和社会保障局" == cert.issuer.name
    assert cert.qualification.name == "工程师" and cert.holder == stored_c
    assert stored_c.notifications.filter(body__contains=cert.number).exists()


def test_recognition_refuse_needs_reason_and_issues_nothing(stored_c, cast):
    from zhicheng.cases.services import case_refuse

    app = services.recognition_save(actor=stored_c, **title(TitleLevel.INTERMEDIATE), pledge_confirmed=True)
    case = services.recognition_submit(case=app.case, actor=stored_c)
    case_approve(case=case, actor=cast["unit_reviewer_2"])
    case_approve(case=case, actor=cast["supervisor_reviewer_2"])
    before = Certificate.objects.count()
    case = case_refuse(case=case, actor=cast["hr_reviewer"], opinion="任职年限不足")
    assert case.status == CaseStatus.REFUSED and Certificate.objects.count() == before


# -- committee scope and plans ------------------------------------------------------------------------
def test_committee_offers_scope_window_and_external(stored_c):
    t = title(TitleLevel.INTERMEDIATE)
    offers = {o.name: o for o in committee_offers(specialty=t["specialty"], level=t["level"])}
    assert HEYUAN_ENG_COMMITTEE in offers and not offers[HEYUAN_ENG_COMMITTEE].is_external
    assert "广州市工程技术人才中级职称评审委员会" in offers
    assert offers["广州市工程技术人才中级职称评审委员会"].is_external
    assert "请到广州市职称评审管理服务平台申报" in offers["广州市工程技术人才中级职称评审委员会"].note
    assert BUILDING_COMMITTEE not in offers  # it evaluates 副高级 and above
    assert "广东省电力行业工程技术人才职称评审委员会" not in offers  # not 建筑工程

    # Out of window: the Heyuan plan closed yesterday → not offered, and a submission is refused.
    today = timezone.localdate()
    EvaluationPlan.objects.filter(committee=heyuan_committee()).update(
        opens_at=today - dt.timedelta(days=40), closes_at=today - dt.timedelta(days=1))
    names = [o.name for o in committee_offers(specialty=t["specialty"], level=t["level"])]
    assert HEYUAN_ENG_COMMITTEE not in names
    with pytest.raises(ValidationError) as exc:
        services.evaluation_save(actor=stored_c, **t, committee=heyuan_committee(), pledge_confirmed=True)
    assert "当前不在申报时间内" in str(exc.value)


def test_submit_after_window_closed_is_refused(stored_c):
    app = services.evaluation_save(actor=stored_c, **title(), committee=heyuan_committee(), pledge_confirmed=True)
    today = timezone.localdate()
    EvaluationPlan.objects.filter(committee=heyuan_committee()).update(
        opens_at=today - dt.timedelta(days=40), closes_at=today - dt.timedelta(days=1))
    with pytest.raises(services.CaseError) as exc:
        services.evaluation_submit(case=app.case, actor=stored_c)
    assert "当前不在申报时间内" in exc.value.message
    assert Case.objects.get(pk=app.case_id).status == CaseStatus.DRAFT


def test_another_citys_committee_cannot_be_chosen(stored_c):
    """属地管理: 王建国's unit is in 河源; 广州's committee (on its own system, too) is not his."""
    gz = Committee.objects.get(organisation__name="广州市工程技术人才中级职称评审委员会")
    with pytest.raises(ValidationError) as exc:
        services.evaluation_save(actor=stored_c, **title(), committee=gz, pledge_confirmed=True)
    assert "只受理广州市的申报人" in str(exc.value)


def test_external_committee_cannot_be_chosen(db):
    from zhicheng.catalog.selectors import plan_refusal_reason

    gz = Committee.objects.get(organisation__name="广州市工程技术人才中级职称评审委员会")
    reason = plan_refusal_reason(committee=gz, specialty=gz.series.specialties.get(name="建筑工程"), level=3,
                                 on_date=timezone.localdate(), region_code="440104")
    assert "请到广州市职称评审管理服务平台申报" in reason


def test_pledge_required_to_submit(stored_c):
    app = services.evaluation_save(actor=stored_c, **title(), committee=heyuan_committee(), pledge_confirmed=False)
    with pytest.raises(services.PledgeRequired):
        services.evaluation_submit(case=app.case, actor=stored_c)
    assert not SignedPledge.objects.exists()


def test_signed_pledge_keeps_the_text_signed_when_the_plan_changes(stored_c):
    from zhicheng.audit.models import AuditEvent
    from zhicheng.businesses.selectors import pledge_digest, signed_pledge_of

    app = services.evaluation_save(actor=stored_c, **title(), committee=heyuan_committee(), pledge_confirmed=True)
    plan = app.plan
    plan.pledge_text = "本人承诺：材料真实。"
    plan.save()
    services.evaluation_submit(case=app.case, actor=stored_c, client_ip="192.0.2.7",
                               pledge_shown_digest=pledge_digest("本人承诺：材料真实。"))
    signed = signed_pledge_of(case=app.case)
    assert (signed.text, signed.signer, signed.ip_address) == ("本人承诺：材料真实。", stored_c, "192.0.2.7")
    assert signed.signed_at is not None
    event = AuditEvent.objects.get(action="business.evaluation.pledge_signed")
    assert event.detail["pledge"] == signed.pk and event.detail["digest"] == pledge_digest("本人承诺：材料真实。")
    # A later rewording of the plan does not reach the signed pledge, which cannot be changed.
    plan.pledge_text = "另一份承诺书。"
    plan.save()
    assert signed_pledge_of(case=app.case).text == "本人承诺：材料真实。"
    signed.text = "篡改"
    with pytest.raises(ValueError):
        signed.save()


def test_submission_refused_when_the_pledge_shown_is_not_the_plans(stored_c):
    from zhicheng.businesses.selectors import pledge_digest

    app = services.evaluation_save(actor=stored_c, **title(), committee=heyuan_committee(), pledge_confirmed=True)
    with pytest.raises(ValidationError) as exc:
        services.evaluation_submit(case=app.case, actor=stored_c, pledge_shown_digest=pledge_digest("旧的承诺书"))
    assert exc.value.error_dict["pledge"][0].messages == [services.PLEDGE_CHANGED_MESSAGE]
    assert not SignedPledge.objects.exists()
    assert Case.objects.get(pk=app.case.pk).status == CaseStatus.DRAFT


def test_submitting_without_confirming_is_refused_beside_the_pledge(stored_c, client):
    app = services.evaluation_save(actor=stored_c, **title(), committee=heyuan_committee(), pledge_confirmed=True)
    client.force_login(stored_c)
    url = reverse("businesses:case", args=[app.case.pk])
    html = client.get(url).content.decode()
    assert 'id="pledge-text"' in html and app.plan.pledge_text.splitlines()[0] in html
    t = title()
    data = {"action": "submit", "series": t["series"].pk, "specialty": t["specialty"].pk, "level": 3,
            "qualification": t["qualification"].pk, "committee": heyuan_committee().pk, "materials": "学历证书"}
    html = client.post(url, data).content.decode()
    assert "请阅读并勾选诚信承诺" in html
    assert not SignedPledge.objects.exists()


# -- eligibility pre-check ---------------------------------------------------------------------------
def test_precheck_unmet_condition_is_stored_and_shown_to_reviewers(stored_c, cast, client):
    building = Committee.objects.get(organisation__name=BUILDING_COMMITTEE)
    case = submit_evaluation(stored_c, level=TitleLevel.DEPUTY_SENIOR, committee=building)  # he holds 助理级 only
    app = EvaluationApplication.objects.get(case=case)
    assert app.eligibility["passed"] is False
    unmet = [u for p in app.eligibility["paths"] for u in p["unmet"]]
    assert any("您目前的职称为助理级" in u for u in unmet)
    assert case.status == CaseStatus.SUBMITTED  # a warning, not a block
    client.force_login(cast["unit_reviewer_2"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "暂不符合" in page and "您目前的职称为助理级" in page


def test_precheck_shown_on_the_form(stored_c, client):
    client.force_login(stored_c)
    t = title(TitleLevel.DEPUTY_SENIOR)
    response = client.get(reverse("businesses:options", args=["evaluation"]), {
        "series": t["series"].pk, "specialty": t["specialty"].pk, "level": 2})
    html = response.content.decode()
    assert "您目前的职称为助理级" in html and BUILDING_COMMITTEE in html


# -- stored profile required -------------------------------------------------------------------------
@pytest.mark.parametrize("code", [c.value for c in BusinessCode])
def test_no_business_without_stored_profile(cast, client, code):
    user = cast["applicant_a"]
    assert not Profile.objects.filter(user=user, stored_version__isnull=False).exists()
    client.force_login(user)
    response = client.get(reverse("businesses:start", args=[code]))
    assert response.status_code == 200 and "审核入库" in response.content.decode()
    t = title()
    response = client.post(reverse("businesses:start", args=[code]), {
        "action": "submit", "series": t["series"].pk, "specialty": t["specialty"].pk, "level": 3,
        "qualification": t["qualification"].pk, "committee": heyuan_committee().pk, "pledge": "on",
        "unit": Organisation.objects.get(name="龙川县人民医院").pk, "reason": "调动",
    })
    assert response.status_code == 403
    assert not Case.objects.filter(applicant=user, business_type=code).exists()


def test_services_refuse_without_stored_profile(cast):
    with pytest.raises(services.NotStored):
        services.recognition_save(actor=cast["applicant_a"], **title(), pledge_confirmed=True)


# -- unit change -------------------------------------------------------------------------------------
def test_unit_change_switches_chain_and_earlier_case_keeps_route(stored_c, cast):
    earlier = submit_evaluation(stored_c)
    earlier_steps = steps_of(earlier)
    hospital = Organisation.objects.get(name="龙川县人民医院")
    app = services.unit_change_save(actor=stored_c, to_unit=hospital, reason="调入龙川县人民医院")
    case = services.unit_change_submit(case=app.case, actor=stored_c)
    assert steps_of(case) == [
        (UNIT, "原人事管理单位", "reviewer", False),
        ("龙川县人民医院", "新人事管理单位", "reviewer", False),
        ("龙川县卫生健康局", "新主管单位", "reviewer", False),
    ]
    case_approve(case=case, actor=cast["unit_reviewer_2"], opinion="同意调出")
    case_approve(case=case, actor=cast["unit_reviewer"], opinion="同意接收")
    case = case_approve(case=case, actor=cast["supervisor_reviewer"], opinion="同意")
    assert case.status == CaseStatus.FINISHED
    profile = Profile.objects.get(user=stored_c)
    assert profile.personnel_unit == hospital and profile.stored_version.personnel_unit == hospital
    assert profile.stored_version.data["unit"]["name"] == "龙川县人民医院"
    assert profile.versions.filter(stored_at__isnull=False).count() == 2
    app.refresh_from_db()
    assert app.is_open is False and app.switched_at is not None
    # The earlier case keeps its frozen route and is still handled by the old unit.
    assert steps_of(earlier) == earlier_steps
    earlier = case_approve(case=earlier, actor=cast["unit_reviewer_2"])
    assert earlier.current_organisation.name == SUPERVISOR
    # A new business follows the new chain.
    later = services.recognition_submit(
        case=services.recognition_save(actor=stored_c, **title_in_another_series(), pledge_confirmed=True).case,
        actor=stored_c)
    assert [s[0] for s in steps_of(later)] == ["龙川县人民医院", "龙川县卫生健康局", "河源市龙川县人力资源和社会保障局"]


def test_only_one_unit_change_open(stored_c):
    hospital = Organisation.objects.get(name="龙川县人民医院")
    school = Organisation.objects.get(name="龙川县第一中学")
    services.unit_change_save(actor=stored_c, to_unit=hospital, reason="调动")
    with pytest.raises(services.CaseError) as exc:
        services.unit_change_save(actor=stored_c, to_unit=school, reason="调动")
    assert "已有一件正在办理" in exc.value.message
    first = UnitChangeApplication.objects.get(applicant=stored_c)
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitChangeApplication.objects.create(
            case=Case.objects.create(applicant=stored_c, business_type="unit_change"), applicant=stored_c,
            from_unit=first.from_unit, to_unit=school, reason="x")


def test_unit_change_to_same_unit_refused(stored_c):
    with pytest.raises(ValidationError):
        services.unit_change_save(actor=stored_c, to_unit=Organisation.objects.get(name=UNIT), reason="x")


def test_unit_change_start_page_redirects_to_open_one(stored_c, client):
    app = services.unit_change_save(actor=stored_c, to_unit=Organisation.objects.get(name="龙川县人民医院"), reason="x")
    client.force_login(stored_c)
    response = client.get(reverse("businesses:start", args=["unit_change"]))
    assert response.status_code == 302 and response.url == reverse("businesses:case", args=[app.case_id])


# -- replacement --------------------------------------------------------------------------------------
def test_replacement_links_certificates(stored_c, cast):
    original = Certificate.objects.get(holder=stored_c, status=CertificateStatus.VALID)
    app = services.replacement_save(actor=stored_c, certificate=original, reason="lost", explanation="搬家时遗失")
    case = services.replacement_submit(case=app.case, actor=stored_c)
    assert steps_of(case)[-1] == (original.issuer.name, "人社部门（发证机关）", "reviewer", True)
    with pytest.raises(ValidationError):  # one open replacement per certificate
        services.replacement_save(actor=stored_c, certificate=original, reason="lost", explanation="again")
    case_approve(case=case, actor=cast["unit_reviewer_2"])
    case_approve(case=case, actor=cast["supervisor_reviewer_2"])
    case_accept(case=case, actor=cast["hr_reviewer"])
    assert CertificateReplacementApplication.objects.get(pk=app.pk).replacement is None  # 受理 issues nothing
    case_grant(case=case, actor=cast["hr_reviewer"])
    app = CertificateReplacementApplication.objects.get(pk=app.pk)
    original.refresh_from_db()
    assert original.status == CertificateStatus.REPLACED
    assert app.replacement.replaces == original and app.replacement.status == CertificateStatus.VALID
    assert app.replacement.number != original.number


def test_replacement_only_own_valid_certificate(stored_c, cast):
    from tests.world.profiles import profile_fill  # noqa: F401  (stored applicant is C)

    other = Certificate.objects.exclude(holder=stored_c).first()
    with pytest.raises(ValidationError):
        services.replacement_save(actor=stored_c, certificate=other, reason="lost", explanation="x")


# -- external title confirmation ---------------------------------------------------------------------
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_external_confirmation_route_and_confirm(stored_c, cast, client):
    from zhicheng.catalog.models import Qualification

    q = Qualification.objects.get(series__code="engineering", name="工程师")
    app = services.external_save(
        actor=stored_c, province="湖南省", issuing_authority="湖南省人力资源和社会保障厅", qualification=q,
        document_number="湘职2018-001", obtained_on=dt.date(2018, 12, 1),
        uploaded=SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf"))
    case = services.external_submit(case=app.case, actor=stored_c)
    assert [s[0] for s in steps_of(case)] == [UNIT, SUPERVISOR, "河源市龙川县人力资源和社会保障局"]
    case_approve(case=case, actor=cast["unit_reviewer_2"])
    case_approve(case=case, actor=cast["supervisor_reviewer_2"])
    before = Certificate.objects.count()
    case_accept(case=case, actor=cast["county_hr_reviewer"])
    assert ExternalTitleConfirmation.objects.get(pk=app.pk).confirmed_at is None  # 受理 confirms nothing
    case_grant(case=case, actor=cast["county_hr_reviewer"])
    app = ExternalTitleConfirmation.objects.get(pk=app.pk)
    assert app.confirmed_at and app.confirmed_by == cast["county_hr_reviewer"] and app.level == 3
    assert Certificate.objects.count() == before
    # The scan: the applicant and staff on the route may download it; others get a 404.
    client.force_login(cast["county_hr_reviewer"])
    assert client.get(reverse("businesses:external_file", args=[app.pk])).status_code == 200
    client.force_login(cast["other_hr_reviewer"])
    assert client.get(reverse("businesses:external_file", args=[app.pk])).status_code == 404


def test_external_upload_checked_by_content(stored_c):
    from zhicheng.catalog.models import Qualification

    q = Qualification.objects.get(series__code="engineering", name="工程师")
    with pytest.raises(ValidationError) as exc:
        services.external_save(
            actor=stored_c, province="湖南省", issuing_authority="湖南省人社厅", qualification=q,
            document_number="1", obtained_on=dt.date(2018, 12, 1),
            uploaded=SimpleUploadedFile("cert.pdf", b"not a pdf at all", content_type="application/pdf"))
    assert "file" in exc.value.error_dict


# -- pages ----------------------------------------------------------------------------------------------
def test_evaluation_pages_cascade_and_submit(stored_c, client):
    client.force_login(stored_c)
    url = reverse("businesses:start", args=["evaluation"])
    assert "选择专业和级别后" in client.get(url).content.decode()
    t = title()
    # No-JS fallback: posting with action=refresh re-renders with the next select filled.
    html = client.post(url, {"action": "refresh", "series": t["series"].pk}).content.decode()
    assert f'<option value="{t["specialty"].pk}">建筑工程</option>' in html
    html = client.post(url, {"action": "refresh", "series": t["series"].pk, "specialty": t["specialty"].pk,
                             "level": 3}).content.decode()
    assert HEYUAN_ENG_COMMITTEE in html and "广州市工程技术人才中级职称评审委员会" not in html  # 属地管理
    # Submitting without the pledge: a message beside the field, nothing lost.
    data = {"action": "submit", "series": t["series"].pk, "specialty": t["specialty"].pk, "level": 3,
            "qualification": t["qualification"].pk, "committee": heyuan_committee().pk, "materials": "学历证书"}
    html = client.post(url, data).content.decode()
    assert "请阅读并勾选诚信承诺" in html and "学历证书" in html
    # The plan's 诚信承诺书 is shown; its digest travels with the form so the text signed is the text shown.
    plan = EvaluationPlan.objects.get(pk=services.plan_accepting(
        committee=heyuan_committee(), specialty=t["specialty"], level=3, on_date=timezone.localdate()).pk)
    assert plan.pledge_text.splitlines()[1] in html
    digest = re.search(r'name="pledge_digest" value="([0-9a-f]+)"', html).group(1)
    response = client.post(url, {**data, "pledge": "on", "pledge_digest": digest}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    case = Case.objects.get(applicant=stored_c, business_type="evaluation")
    signed = SignedPledge.objects.get(case=case)
    assert (signed.text, signed.signer, signed.ip_address) == (plan.pledge_text, stored_c, "10.1.2.3")
    assert case.status == CaseStatus.SUBMITTED and case.current_organisation.name == UNIT
    page = client.get(reverse("businesses:case", args=[case.pk])).content.decode()
    assert "审核中" in page and "撤回" in page
    client.post(reverse("businesses:withdraw", args=[case.pk]))
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DRAFT


def test_dashboard_lists_businesses(stored_c, client):
    client.force_login(stored_c)
    html = client.get(reverse("profiles:dashboard")).content.decode()
    for label in ["评审申请", "考核认定申请", "人事管理单位变更申请", "证书补换发", "省外来粤资格确认"]:
        assert label in html


def test_other_applicant_case_is_404(stored_c, cast, client):
    case = submit_evaluation(stored_c)
    client.force_login(cast["applicant_a"])
    assert client.get(reverse("businesses:case", args=[case.pk])).status_code == 404


def test_recognition_certificate_number_shown_to_applicant(stored_c, cast, client):
    app = services.recognition_save(actor=stored_c, **title(TitleLevel.INTERMEDIATE), pledge_confirmed=True)
    case = services.recognition_submit(case=app.case, actor=stored_c)
    case_approve(case=case, actor=cast["unit_reviewer_2"])
    case_approve(case=case, actor=cast["supervisor_reviewer_2"])
    case_accept(case=case, actor=cast["hr_reviewer"])
    case_grant(case=case, actor=cast["hr_reviewer"])
    client.force_login(stored_c)
    html = client.get(reverse("businesses:case", args=[case.pk])).content.decode()
    assert RecognitionApplication.objects.get(pk=app.pk).certificate.number in html


def test_demo_is_idempotent_and_waits_at_committee_office(stored_c):
    from tests.world.businesses import businesses_load

    businesses_load()
    businesses_load()
    case = Case.objects.get(applicant=stored_c, business_type="evaluation")
    assert case.status == CaseStatus.SUBMITTED and case.current_organisation.name == HEYUAN_ENG_COMMITTEE
    assert len(EvaluationApplication.objects.get(case=case).selected_achievement_ids) == 2


@pytest.mark.parametrize("code", [b.code for b in BUSINESSES])
def test_every_business_form_and_draft_page_renders(stored_c, client, code):
    """Regression: 证书补换发 and 省外来粤资格确认 answered 500 (TemplateDoesNotExist) because the form
    template was named after the business code; the spec now names its templates."""
    client.force_login(stored_c)
    response = client.get(reverse("businesses:start", args=[code]))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert BUSINESS_BY_CODE[code].label in response.content.decode()


def test_replacement_and_external_draft_case_pages_render(stored_c, client):
    from zhicheng.catalog.models import Qualification

    original = Certificate.objects.get(holder=stored_c, status=CertificateStatus.VALID)
    replacement = services.replacement_save(actor=stored_c, certificate=original, reason="lost", explanation="遗失")
    external = services.external_save(
        actor=stored_c, province="湖南省", issuing_authority="湖南省人社厅",
        qualification=Qualification.objects.get(series__code="engineering", name="工程师"),
        document_number="湘职2018-001", obtained_on=dt.date(2018, 12, 1),
        uploaded=SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf"))
    client.force_login(stored_c)
    for app in (replacement, external):
        response = client.get(reverse("businesses:case", args=[app.case_id]))
        assert response.status_code == 200, response.content[:300]
