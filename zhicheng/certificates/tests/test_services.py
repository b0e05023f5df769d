"""Issuing, numbering, voiding, replacing and allocating certificates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.world.cast import make_id_number
from zhicheng.audit.models import AuditEvent
from zhicheng.certificates.models import Certificate, CertificateCounter, CertificateStatus
from zhicheng.certificates.numbering import certificate_number_parse
from zhicheng.certificates.services import (
    HolderData,
    certificate_numbers_allocate,
    certificate_replace,
    certificate_report_issued,
    certificate_void,
    certificates_allocate,
)
from zhicheng.exchange.tests.conftest import holder_name

from .conftest import bureau, issue, qualification, specialty

pytestmark = pytest.mark.django_db


def test_issue_builds_the_number_from_year_issuer_and_level(cast):
    holder = cast["applicant_c"]
    cert = issue(holder, issued_on=dt.date(2030, 3, 9))
    parsed = certificate_number_parse(cert.number)
    assert (parsed.year, parsed.region_code, parsed.level, parsed.serial) == (2030, "441600", 4, 1)
    assert cert.status == CertificateStatus.VALID
    assert cert.holder == holder and cert.holder_name == "王建国"
    assert cert.holder_id_number == holder.id_number
    assert cert.masked_holder_id_number == holder.masked_id_number
    assert cert.series.code == "engineering" and cert.level == 4
    assert (cert.year, cert.serial) == (2030, 1)


def test_serials_run_without_gaps_per_sequence(cast):
    numbers = [issue(cast["applicant_c"]).number for _ in range(3)]
    assert [certificate_number_parse(n).serial for n in numbers] == [1, 2, 3]
    assert CertificateCounter.objects.get(year=2030, issuer=bureau("441600"), level=4).last_serial == 3


def test_separate_sequences_do_not_interfere(cast, heyuan_committee):
    holder = cast["applicant_c"]
    a1 = issue(holder)  # 2030, 河源, 助理级
    b1 = issue(holder, issuer=bureau("441800"))  # another issuer
    c1 = issue(holder, qualification=qualification("工程师"), committee=heyuan_committee)  # another level
    d1 = issue(holder, issued_on=dt.date(2031, 1, 2))  # another year
    a2 = issue(holder)
    serials = [certificate_number_parse(c.number).serial for c in (a1, b1, c1, d1, a2)]
    assert serials == [1, 1, 1, 1, 2]
    assert c1.number[10] == "3" and b1.number[4:10] == "441800" and d1.number[:4] == "2031"


def test_a_rolled_back_issue_consumes_no_serial(cast):
    first = issue(cast["applicant_c"])
    with pytest.raises(RuntimeError), transaction.atomic():
        doomed = issue(cast["applicant_c"])
        assert doomed.serial == 2
        raise RuntimeError("the surrounding business step failed")
    assert not Certificate.objects.filter(number=doomed.number).exists()
    again = issue(cast["applicant_c"])
    assert (first.serial, again.serial) == (1, 2)
    assert again.number == doomed.number  # the serial was never used, so it is handed out again


def test_a_failed_validation_consumes_no_serial(cast):
    issue(cast["applicant_c"])
    with pytest.raises(ValidationError):
        issue(cast["applicant_c"], specialty=specialty("teacher", "语文"))  # wrong series
    assert issue(cast["applicant_c"]).serial == 2


def test_voiding_keeps_the_number_and_it_is_never_reused(cast):
    reviewer = cast["hr_reviewer"]
    cert = issue(cast["applicant_c"])
    voided = certificate_void(certificate=cert, reason="资格取得不合规", actor=reviewer)
    assert voided.number == cert.number
    assert voided.status == CertificateStatus.VOIDED
    assert voided.voided_by == reviewer and voided.voided_at and voided.void_reason == "资格取得不合规"
    assert issue(cast["applicant_c"]).serial == 2
    event = AuditEvent.objects.filter(action="certificate.void").latest("id")
    assert event.object_id == str(cert.pk) and event.actor == reviewer
    assert event.detail["reason"] == "资格取得不合规"
    with pytest.raises(ValidationError):
        certificate_void(certificate=voided, reason="再次作废", actor=reviewer)


def test_void_needs_a_reason(cast):
    cert = issue(cast["applicant_c"])
    with pytest.raises(ValidationError) as exc:
        certificate_void(certificate=cert, reason="  ", actor=cast["hr_reviewer"])
    assert "reason" in exc.value.error_dict
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID


def test_replacement_links_to_the_original(cast):
    original = issue(cast["applicant_c"], issued_on=dt.date(2030, 1, 5))
    new = certificate_replace(
        certificate=original, actor=cast["hr_reviewer"], reason="证书遗失补发", issued_on=dt.date(2030, 7, 1)
    )
    original.refresh_from_db()
    assert original.status == CertificateStatus.REPLACED and original.void_reason == "证书遗失补发"
    assert new.replaces == original and original.replaced_by == new
    assert new.status == CertificateStatus.VALID and new.number != original.number
    assert (new.serial, new.holder, new.qualification) == (2, original.holder, original.qualification)
    with pytest.raises(ValidationError):
        certificate_replace(certificate=original, actor=cast["hr_reviewer"], reason="再补")
    assert AuditEvent.objects.filter(action="certificate.replace", object_id=str(original.pk)).exists()


def test_issue_is_audited_without_the_full_id_number(cast):
    holder = cast["applicant_c"]
    cert = issue(holder, actor=cast["hr_reviewer"], case_id=42)
    event = AuditEvent.objects.filter(action="certificate.issue", object_id=str(cert.pk)).get()
    assert event.detail["number"].replace("-", "") == cert.number and event.detail["case_id"] == 42
    assert holder.id_number not in str(event.detail) and holder.id_number not in event.object_label


def test_batch_allocation_is_contiguous_and_bound_to_holders(cast):
    province = bureau("440000")
    certificates_allocate(  # something already used in the sequence
        holders=[HolderData(name="林振华", id_number=make_id_number("440106", "19850101", "001"))],
        qualification=qualification("工程师"), specialty=specialty("engineering", "电力工程"), committee=None,
        issuer=province, year=2030, source="广东电网职称评审管理系统", actor=None,
    )
    holders = [
        HolderData(name="甲某", id_number=make_id_number("440106", "19800101", "011")),
        HolderData(name="王建国", id_number=cast["applicant_c"].id_number),
        HolderData(name="丙某", id_number=make_id_number("440106", "19800303", "031")),
    ]
    certs = certificates_allocate(
        holders=holders, qualification=qualification("工程师"), specialty=specialty("engineering", "电力工程"),
        committee=None, issuer=province, year=2030, source="广东电网职称评审管理系统", actor=None,
    )
    assert [c.serial for c in certs] == [2, 3, 4]
    assert all(c.status == CertificateStatus.ALLOCATED and c.issued_on is None for c in certs)
    assert certs[1].holder == cast["applicant_c"]  # bound to the existing account by ID number
    assert certs[0].holder is None and certs[0].holder_name == "甲某"
    reported = certificate_report_issued(certificate=certs[0], issued_on=dt.date(2030, 9, 1), actor=None)
    assert reported.status == CertificateStatus.VALID
    with pytest.raises(ValidationError):
        certificate_report_issued(certificate=certs[0], issued_on=dt.date(2030, 9, 1), actor=None)


def test_a_batch_of_100_is_one_audit_row_that_fits_its_columns():
    """A batch's audit row names the id range (PostgreSQL enforces the 64-character column)."""
    from zhicheng.audit.models import AuditEvent

    holders = [
        HolderData(name=holder_name(i), id_number=make_id_number("440106", "19800101", f"{i:03d}")) for i in range(100)
    ]
    certs = certificates_allocate(
        holders=holders, qualification=qualification("工程师"), specialty=specialty("engineering", "电力工程"),
        committee=None, issuer=bureau("440000"), year=2031, source="广东电网职称评审管理系统", actor=None,
    )
    event = AuditEvent.objects.filter(action="certificate.allocate").latest("id")
    assert event.object_id == f"{certs[0].pk}..{certs[-1].pk}" and len(event.object_id) <= 64
    assert len(event.detail["numbers"]) == 100


def test_allocation_refuses_a_bad_id_number():
    with pytest.raises(ValidationError) as exc:
        certificates_allocate(
            holders=[HolderData(name="甲某", id_number="440106198001010110")],
            qualification=qualification("工程师"), specialty=None, committee=None, issuer=bureau("440000"),
            year=2030, source="外部系统", actor=None,
        )
    assert "第1名持证人" in exc.value.messages[0]
    assert not CertificateCounter.objects.filter(year=2030, issuer=bureau("440000")).exists()


def test_numbers_allocate_returns_a_contiguous_batch():
    with transaction.atomic():
        numbers = certificate_numbers_allocate(issuer=bureau("441800"), level=2, year=2030, count=5)
    assert [certificate_number_parse(n).serial for n in numbers] == [1, 2, 3, 4, 5]
    assert {n[:11] for n in numbers} == {"20304418002"}


def test_only_hr_bureaus_issue(cast):
    unit = cast["unit_reviewer"].active_memberships().first().organisation
    with pytest.raises(ValidationError):
        issue(cast["applicant_c"], issuer=unit)


def test_database_refuses_impossible_states(cast):
    cert = issue(cast["applicant_c"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=cert.pk).update(status=CertificateStatus.VOIDED)  # no reason, no time
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=cert.pk).update(number="20304416004000001Y")
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=cert.pk).update(status=CertificateStatus.ALLOCATED)  # still has a date
