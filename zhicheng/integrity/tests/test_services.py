"""The rules of the integrity records: effects computed from dates, revocation, pools, objections, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.cases.registry import application_bar_for
from zhicheng.certificates.models import CertificateStatus
from zhicheng.certificates.selectors import certificate_verify_lookup
from zhicheng.integrity.models import FindingStatus, ObjectionStatus
from zhicheng.integrity.selectors import bar_for, recording_offices
from zhicheng.integrity.services import IntegrityRecordError, NotAllowed, objection_lodge, objection_resolve

from .conftest import evidence, record

pytestmark = pytest.mark.django_db


def test_finding_revokes_the_certificate_with_a_public_reason(cast, stored_c, heyuan, cert_c):
    finding = record(actor=cast["hr_reviewer"], office=heyuan, subject=stored_c, certificates=[cert_c])
    cert_c.refresh_from_db()
    assert cert_c.status == CertificateStatus.REVOKED
    assert "伪造、变造申报材料" in cert_c.void_reason and "第40号" in cert_c.void_reason
    shown = certificate_verify_lookup(number=cert_c.number, holder_name=stored_c.real_name)
    assert shown.status == "revoked" and shown.void_reason == cert_c.void_reason
    assert finding.bar_ends_on == dt.date(timezone.localdate().year + 3, *timezone.localdate().timetuple()[1:3]) \
        or timezone.localdate().month == 2  # 29 February falls back
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"integrity.finding_record", "certificate.revoke"} <= actions


def test_bar_holds_until_the_day_before_it_ends(cast, stored_c, heyuan):
    finding = record(actor=cast["hr_reviewer"], office=heyuan, subject=stored_c, decided_on=dt.date(2024, 3, 15))
    assert finding.bar_ends_on == dt.date(2027, 3, 15)
    assert bar_for(user=stored_c, on_date=dt.date(2024, 3, 14)) is None  # before the decision
    bar = bar_for(user=stored_c, on_date=dt.date(2027, 3, 14))
    assert bar.message == "因伪造、变造申报材料被记入职称评审诚信档案，2027年3月15日前不得申报。"
    assert bar_for(user=stored_c, on_date=dt.date(2027, 3, 15)) is None  # expired by itself
    assert application_bar_for(user=stored_c, on_date=dt.date(2025, 1, 1)).ends_on == dt.date(2027, 3, 15)


def test_leap_day_decision_ends_on_the_last_day_of_february(cast, stored_c, heyuan):
    finding = record(actor=cast["hr_reviewer"], office=heyuan, subject=stored_c, decided_on=dt.date(2024, 2, 29))
    assert finding.bar_ends_on == dt.date(2027, 2, 28)


def test_submission_is_refused_while_barred_and_precheck_says_why(cast, stored_c, heyuan):
    from zhicheng.businesses import services
    from zhicheng.businesses.selectors import precheck
    from zhicheng.businesses.tests.conftest import title_in_another_series

    record(actor=cast["hr_reviewer"], office=heyuan, subject=stored_c, decided_on=dt.date(2025, 6, 1))
    app = services.recognition_save(actor=stored_c, **title_in_another_series(), pledge_confirmed=True)
    with pytest.raises(services.ApplicationBarred) as exc:
        services.recognition_submit(case=app.case, actor=stored_c)
    assert exc.value.message == "因伪造、变造申报材料被记入职称评审诚信档案，2028年6月1日前不得申报。"
    result = precheck(user=stored_c, level=app.level, series=app.series)
    assert result.refusal == exc.value.message and result.summary.startswith("不能申报：因伪造")
    # After the bar ends the same application goes through.
    case = services.recognition_submit(case=app.case, actor=stored_c, on_date=dt.date(2028, 6, 1))
    assert case.status == "submitted" or case.submitted_at is not None


def test_expert_at_fault_leaves_every_pool_and_cannot_be_added_back(cast, db):
    from tests.world.cast import BUILDING_COMMITTEE, HEYUAN_ENG_COMMITTEE
    from zhicheng.catalog.models import Committee
    from zhicheng.committees.models import ExpertProfile
    from zhicheng.committees.services import EvaluationError, expert_add
    from zhicheng.orgs.models import Membership

    building = Committee.objects.get(organisation__name=BUILDING_COMMITTEE)
    heyuan_eng = Committee.objects.get(organisation__name=HEYUAN_ENG_COMMITTEE)
    expert = ExpertProfile.objects.filter(committee=building, is_active=True).select_related("user", "employer").first()
    expert_add(committee=heyuan_eng, user=expert.user, employer=expert.employer, actor=cast["other_committee_office"])
    finding = record(actor=cast["committee_office"], office=building.organisation, subject=expert.user,
                     subject_role="expert", kind="expert_misconduct", facts="评审期间私下接受申报人请托。")
    assert not ExpertProfile.objects.filter(user=expert.user, is_active=True).exists()
    assert not Membership.objects.filter(user=expert.user, role="expert", is_active=True).exists()
    reasons = [e.detail["reason"] for e in AuditEvent.objects.filter(action="evaluation.expert_deactivate")]
    assert len(reasons) == 2 and all(f"记录 {finding.pk}" in r for r in reasons)
    with pytest.raises(EvaluationError) as exc:
        expert_add(
            committee=heyuan_eng, user=expert.user, employer=expert.employer, actor=cast["other_committee_office"]
        )
    assert "不得担任评审专家" in exc.value.message
    # An expert's finding keeps them out of pools but does not bar them from applying.
    assert bar_for(user=expert.user, on_date=timezone.localdate()) is None


def test_objection_upheld_withdraws_the_finding_and_reinstates_the_certificate(cast, stored_c, heyuan, cert_c):
    finding = record(actor=cast["hr_reviewer"], office=heyuan, subject=stored_c, certificates=[cert_c])
    with pytest.raises(NotAllowed):
        objection_lodge(finding=finding, actor=cast["applicant_a"], text="不是我。")
    objection = objection_lodge(finding=finding, actor=stored_c, text="毕业证书真实，可向学校核实。")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OBJECTION_PENDING
    assert bar_for(user=stored_c, on_date=timezone.localdate()) is not None  # still in force meanwhile
    with pytest.raises(IntegrityRecordError):
        objection_lodge(finding=finding, actor=stored_c, text="再次异议。")
    with pytest.raises(NotAllowed):  # another bureau's reviewer
        objection_resolve(objection=objection, actor=cast["other_hr_reviewer"], upheld=True, resolution="成立。")
    with pytest.raises(ValidationError):
        objection_resolve(objection=objection, actor=cast["hr_reviewer"], upheld=True, resolution=" ")
    objection_resolve(
        objection=objection, actor=cast["hr_reviewer"], upheld=True, resolution="经复核学校回函，证书真实。"
    )
    finding.refresh_from_db()
    cert_c.refresh_from_db()
    assert finding.status == FindingStatus.WITHDRAWN and cert_c.status == CertificateStatus.VALID
    assert bar_for(user=stored_c, on_date=timezone.localdate()) is None
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert {"integrity.objection_lodge", "integrity.objection_resolve", "certificate.reinstate"} <= set(actions)


def test_objection_rejected_keeps_the_finding(cast, stored_c, heyuan, cert_c):
    finding = record(actor=cast["hr_reviewer"], office=heyuan, subject=stored_c, certificates=[cert_c])
    objection = objection_lodge(finding=finding, actor=stored_c, text="不服。")
    objection_resolve(objection=objection, actor=cast["hr_reviewer"], upheld=False, resolution="证据确凿，维持。")
    finding.refresh_from_db()
    cert_c.refresh_from_db()
    assert finding.status == FindingStatus.UPHELD and cert_c.status == CertificateStatus.REVOKED
    assert bar_for(user=stored_c, on_date=timezone.localdate()) is not None


def test_who_may_record(cast, stored_c, heyuan, cert_c):
    # 河源市人社局 (his region) and 龙川县人社局 (his county) may; 清远 may not, nor a unit reviewer, nor himself.
    assert recording_offices(actor=cast["hr_reviewer"], subject=stored_c) == [heyuan]
    assert recording_offices(actor=cast["county_hr_reviewer"], subject=stored_c)
    assert recording_offices(actor=cast["other_hr_reviewer"], subject=stored_c) == []
    assert recording_offices(actor=cast["unit_reviewer_2"], subject=stored_c) == []
    assert recording_offices(actor=stored_c, subject=stored_c) == []
    assert recording_offices(actor=cast["committee_office"], subject=stored_c) == []  # he never applied there
    with pytest.raises(NotAllowed):
        record(actor=cast["other_hr_reviewer"], office=heyuan, subject=stored_c)


def test_bad_input_is_refused_field_by_field(cast, stored_c, heyuan, cert_c):
    from zhicheng.orgs.models import Organisation

    county = Organisation.objects.get(kind="hr_bureau", region_id="441622")
    with pytest.raises(ValidationError) as exc:
        record(actor=cast["hr_reviewer"], office=heyuan, subject=stored_c, kind="nonsense", facts=" ",
               evidence=evidence("a.pdf", b"<script>"), decided_on=timezone.localdate() + dt.timedelta(days=1))
    assert {"kind", "facts", "evidence", "decided_on"} <= set(exc.value.message_dict)
    # The county bureau may record about him but not revoke the city bureau's certificate.
    with pytest.raises(ValidationError) as exc:
        record(actor=cast["county_hr_reviewer"], office=county, subject=stored_c, certificates=[cert_c])
    assert "certificates" in exc.value.message_dict
