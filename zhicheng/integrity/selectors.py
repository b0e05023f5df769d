"""Reads of the integrity records: the bar in force, who may record and see which finding.

Who may record a finding about a person, and for which office (one rule, :func:`recording_offices`):

* an HR bureau (人社部门) where the actor is a reviewer in force, when the person's stored personnel unit is in
  the bureau's regions (``orgs.selectors.regions_of_bureau``) or the person holds a certificate issued in them;
* a committee (评委会) whose office (评委会办公室) the actor staffs (``catalog.selectors.committees_managed_by``),
  when the person applied to it (评审申请), holds a certificate it decided, or is in its expert pool.

Staff see the findings their offices recorded; the person sees their own. Anyone else: 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from zhicheng.businesses.models import EvaluationApplication
from zhicheng.cases.registry import ApplicationBar
from zhicheng.catalog.selectors import committees_managed_by
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.certificates.selectors import managing_bureau_ids
from zhicheng.committees.models import ExpertProfile
from zhicheng.orgs.constants import OrgKind, Role
from zhicheng.orgs.models import Organisation
from zhicheng.orgs.selectors import regions_of_bureau
from zhicheng.profiles.selectors import profile_stored_chain

from .models import STANDING_STATUSES, IntegrityFinding, IntegrityObjection, ObjectionStatus, SubjectRole


def date_zh(day: dt.date) -> str:
    """2029年12月1日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


# -- the bar ------------------------------------------------------------------------------------------
def findings_standing_on(*, user, on_date: dt.date) -> QuerySet[IntegrityFinding]:
    """The findings of ``user`` whose bar holds on ``on_date`` (decided_on ≤ on_date < bar_ends_on, standing)."""
    return IntegrityFinding.objects.filter(
        subject=user, status__in=STANDING_STATUSES, decided_on__lte=on_date, bar_ends_on__gt=on_date,
    )


def bar_for(*, user, on_date: dt.date, role: str = "applicant") -> ApplicationBar | None:
    """The bar in force for ``user`` on ``on_date``, or None; the one that ends last when several hold.

    ``role`` "applicant": only findings against the person as an applicant bar applying ("…前不得申报");
    "expert": any standing finding keeps them out of expert pools ("…前不得担任评审专家"). Expiry is
    computed: on ``bar_ends_on`` the bar is gone. Registered with ``zhicheng.cases.registry`` (apps.py)."""
    qs = findings_standing_on(user=user, on_date=on_date)
    if role == "applicant":
        qs = qs.filter(subject_role=SubjectRole.APPLICANT)
    finding = qs.order_by("-bar_ends_on", "-pk").first()
    if finding is None:
        return None
    after = "不得申报" if role == "applicant" else "不得担任评审专家"
    return ApplicationBar(
        message=f"因{finding.get_kind_display()}被记入职称评审诚信档案，{date_zh(finding.bar_ends_on)}前{after}。",
        ends_on=finding.bar_ends_on, source=finding.rule,
    )


# -- who records --------------------------------------------------------------------------------------
def offices_of(*, user) -> list[Organisation]:
    """The offices ``user`` may record findings for: HR bureaus where they are a reviewer in force, and the
    organisations of the committees whose office they staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    bureaus = list(Organisation.objects.filter(
        kind=OrgKind.HR_BUREAU, pk__in=user.memberships.in_force().filter(role=Role.REVIEWER).values("organisation_id"),
    ).select_related("region"))
    committees = [c.organisation for c in committees_managed_by(user=user)]
    return bureaus + [o for o in committees if o not in bureaus]


def _bureau_covers(bureau: Organisation, region_id: str | None) -> bool:
    return bool(region_id) and regions_of_bureau(bureau=bureau).filter(code=region_id).exists()


def office_may_record(*, office: Organisation, subject) -> bool:
    """Whether ``office`` may record a finding about ``subject`` (the rule in the module docstring)."""
    if office.kind == OrgKind.HR_BUREAU:
        chain = profile_stored_chain(subject)
        if chain.is_stored and _bureau_covers(office, chain.personnel_unit.region_id):
            return True
        return Certificate.objects.filter(
            holder=subject, issued_on__isnull=False, issuer__region__in=regions_of_bureau(bureau=office)
        ).exists()
    if office.kind == OrgKind.COMMITTEE:
        return (
            EvaluationApplication.objects.filter(applicant=subject, committee__organisation=office).exists()
            or Certificate.objects.filter(holder=subject, committee__organisation=office).exists()
            or ExpertProfile.objects.filter(user=subject, committee__organisation=office).exists()
        )
    return False


def recording_offices(*, actor, subject) -> list[Organisation]:
    """The actor's offices that may record a finding about ``subject`` (empty: they may not; the pages 404).
    Nobody records about themselves."""
    if subject is None or getattr(actor, "pk", None) == subject.pk:
        return []
    return [office for office in offices_of(user=actor) if office_may_record(office=office, subject=subject)]


def revocable_certificates(*, office: Organisation, subject) -> QuerySet[Certificate]:
    """The valid certificates of ``subject`` that ``office`` may revoke: issued in the bureau's regions, or
    decided by the committee."""
    qs = Certificate.objects.filter(holder=subject, status=CertificateStatus.VALID).select_related("qualification")
    if office.kind == OrgKind.HR_BUREAU:
        return qs.filter(issuer__region__in=regions_of_bureau(bureau=office))
    if office.kind == OrgKind.COMMITTEE:
        return qs.filter(committee__organisation=office)
    return qs.none()


# -- who sees -----------------------------------------------------------------------------------------
def findings_managed_by(*, user) -> QuerySet[IntegrityFinding]:
    """The findings recorded by the user's offices (the staff list), newest first."""
    office_ids = [o.pk for o in offices_of(user=user)]
    if not office_ids:
        return IntegrityFinding.objects.none()
    return IntegrityFinding.objects.filter(organisation_id__in=office_ids).select_related(
        "subject", "organisation", "recorded_by")


def findings_of(*, user) -> QuerySet[IntegrityFinding]:
    """The person's own record."""
    if not getattr(user, "is_authenticated", False):
        return IntegrityFinding.objects.none()
    return IntegrityFinding.objects.filter(subject=user).select_related("organisation").prefetch_related(
        "certificates", "objections")


def findings_visible_to(*, user) -> QuerySet[IntegrityFinding]:
    """Every finding the user may open: their own and their offices'."""
    if not getattr(user, "is_authenticated", False):
        return IntegrityFinding.objects.none()
    office_ids = [o.pk for o in offices_of(user=user)]
    return IntegrityFinding.objects.filter(Q(subject=user) | Q(organisation_id__in=office_ids)).select_related(
        "subject", "organisation", "recorded_by")


def pending_objection_of(finding: IntegrityFinding) -> IntegrityObjection | None:
    """The objection to ``finding`` still pending, or None."""
    return finding.objections.filter(status=ObjectionStatus.PENDING).first()


@dataclass(frozen=True)
class RecordTarget:
    """What a recording form is about: the person, and the certificate or case it was opened from."""

    subject: object
    certificate: Certificate | None = None
    case: object | None = None
    role: str = SubjectRole.APPLICANT


def record_target(*, source: str, pk: int, actor) -> RecordTarget | None:
    """The target of the recording page ``record/<source>/<pk>/``: ``certificate`` (the certificate
    management page), ``case`` (a case page of a bureau or committee office), ``expert`` (the pool page).
    None when the object does not exist or the actor may not see it (the page 404s)."""
    from zhicheng.cases.selectors import cases_visible_to

    if source == "certificate":
        # A certificate of the actor's bureau (证书管理) or decided by the actor's committee.
        mine = Q(issuer_id__in=managing_bureau_ids(user=actor)) | Q(committee__in=committees_managed_by(user=actor))
        certificate = Certificate.objects.filter(mine, pk=pk, holder__isnull=False, issued_on__isnull=False) \
            .select_related("holder", "qualification").first()
        return RecordTarget(subject=certificate.holder, certificate=certificate) if certificate else None
    if source == "case":
        case = cases_visible_to(user=actor).filter(pk=pk).select_related("applicant").first()
        return RecordTarget(subject=case.applicant, case=case) if case else None
    if source == "expert":
        expert = ExpertProfile.objects.filter(
            pk=pk, committee__in=committees_managed_by(user=actor)).select_related("user").first()
        return RecordTarget(subject=expert.user, role=SubjectRole.EXPERT) if expert else None
    return None
