"""Reads of personal information, and the stored chain later businesses rely on."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from zhicheng.cases.constants import OPEN_STATUSES, CaseStatus
from zhicheng.cases.models import PROFILE_BUSINESS, Case
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation

from .constants import ProfileState
from .models import Attachment, EducationRecord, Profile, ProfileVersion, WorkRecord
from .snapshot import ProfileSnapshot

_RECORDS_EXIST = {
    "has_education_records": Exists(EducationRecord.objects.filter(profile_id=OuterRef("pk"))),
    "has_work_records": Exists(WorkRecord.objects.filter(profile_id=OuterRef("pk"))),
}

PROFILE_RELATED = (
    "draft_personnel_unit__supervising_unit", "draft_personnel_unit__region__parent",
    "personnel_unit__supervising_unit", "personnel_unit__region", "stored_version", "title_series",
    "title_qualification",
)
# The workbench shows only the stored chain and version (and reads the region of the notices it lists
# from the stored or draft unit): four joins instead of ten, and not the
# stored snapshot itself (its JSON is the largest column of the profile's rows).
DASHBOARD_RELATED = ("personnel_unit__supervising_unit", "stored_version", "draft_personnel_unit")


def profile_of(*, user, for_workbench: bool = False) -> Profile | None:
    """The user's profile with what its pages show; ``for_workbench``: only the stored chain and
    version, and whether any education and work is recorded (profile_problems), in one query."""
    if for_workbench:
        qs = (Profile.objects.filter(user=user).select_related(*DASHBOARD_RELATED)
              .defer("stored_version__data").annotate(**_RECORDS_EXIST))
    else:
        qs = Profile.objects.filter(user=user).select_related(*PROFILE_RELATED)
    profile = qs.first()
    if profile is not None and getattr(user, "pk", None) == profile.user_id:
        # the row we filtered on: no second query for ``profile.user`` (forward cache only)
        Profile.user.field.set_cached_value(profile, user)
    return profile


def profile_open_case(*, profile: Profile) -> Case | None:
    """The open case (draft, submitted or returned) of the profile's 个人基本信息 business, or None."""
    return (
        Case.objects.filter(applicant_id=profile.user_id, business_type=PROFILE_BUSINESS, status__in=OPEN_STATUSES)
        .select_related("current_organisation")
        .first()
    )


def profile_state(*, profile: Profile | None, open_case: Case | None) -> str:
    """The profile's state for the pages (``ProfileState``): from the open case when there is one (submitted,
    returned, else draft); else empty (no profile), stored (a version is 入库) or draft."""
    if open_case is not None:
        return {
            CaseStatus.SUBMITTED: ProfileState.SUBMITTED,
            CaseStatus.RETURNED: ProfileState.RETURNED,
        }.get(open_case.status, ProfileState.DRAFT)
    if profile is None:
        return ProfileState.EMPTY
    if profile.stored_version_id:
        return ProfileState.STORED
    return ProfileState.DRAFT


def profile_is_editable(*, profile: Profile) -> bool:
    """Whether the profile may be edited: not while its case is submitted (withdraw it first)."""
    case = profile_open_case(profile=profile)
    return case is None or case.status != CaseStatus.SUBMITTED


def profile_problems(*, profile: Profile) -> list[str]:
    """What is missing before the draft can be submitted (shown to the applicant)."""
    problems = []
    user = profile.user
    if not profile.gender:
        problems.append("请填写性别")
    elif user.gender and profile.gender != user.gender:
        problems.append("性别与身份证号码不符")
    if not profile.ethnicity:
        problems.append("请选择民族")
    if not profile.political_status:
        problems.append("请选择政治面貌")
    if not profile.draft_personnel_unit_id:
        problems.append("请选择人事管理单位")
    has_education = has_work = False
    if hasattr(profile, "has_education_records"):  # read with the profile (profile_of)
        has_education, has_work = profile.has_education_records, profile.has_work_records
    elif profile.pk is not None:  # both checks in one query
        has_education, has_work = (
            Profile.objects.filter(pk=profile.pk).order_by().values_list(*_RECORDS_EXIST.values()).get()
        )
    if not has_education:
        problems.append("请至少填写一条学习经历")
    if not has_work:
        problems.append("请至少填写一条工作经历")
    return problems


def _d(value) -> str:
    return value.isoformat() if value else ""


def profile_snapshot(*, profile: Profile) -> ProfileSnapshot:
    """The whole draft as JSON (labels included), frozen into a ProfileVersion; its shape is
    ``profiles.snapshot.ProfileSnapshot``."""
    user = profile.user
    unit = profile.draft_personnel_unit
    return {
        "identity": {
            "name": user.real_name,
            "id_number_masked": user.masked_id_number,
            "id_document": user.id_document_label,
            "nationality": user.nationality_label,
            "gender": profile.get_gender_display(),
            "birth_date": _d(user.birth_date),
            "ethnicity": profile.ethnicity,
            "political_status": profile.get_political_status_display(),
        },
        "unit": {
            "id": unit.pk if unit else None,
            "name": unit.name if unit else "",
            "region": unit.region.full_name if unit else "",
            "supervising_unit": unit.supervising_unit.name if unit and unit.supervising_unit else "",
        },
        "title": {
            "series": profile.title_series.name if profile.title_series else "",
            "qualification": profile.title_qualification.name if profile.title_qualification else "",
            "level": profile.get_title_level_display() if profile.title_level else "",
            "obtained_on": _d(profile.title_obtained_on),
            "certificate_number": profile.title_certificate_number,
            "position": profile.current_position,
        },
        "education": [
            {"id": r.pk, "school": r.school, "major": r.major, "education": r.get_education_display(),
             "education_value": r.education, "degree": r.get_degree_display() if r.degree else "",
             "start_date": _d(r.start_date), "end_date": _d(r.end_date), "certificate_number": r.certificate_number}
            for r in profile.educationrecord_rows.all()
        ],
        "work": [
            {"id": r.pk, "unit_name": r.unit_name, "post": r.post, "start_date": _d(r.start_date),
             "end_date": _d(r.end_date)}
            for r in profile.workrecord_rows.all()
        ],
        "achievements": [
            {"id": r.pk, "kind": r.kind, "kind_label": r.get_kind_display(), "title": r.title,
             "date": _d(r.date), "role": r.role, "description": r.description}
            for r in profile.achievement_rows.all()
        ],
        "continuing_education": [
            {"id": r.pk, "year": r.year, "hours": r.hours, "content": r.content}
            for r in profile.continuingeducation_rows.all()
        ],
        "appraisals": [
            {"id": r.pk, "year": r.year, "result": r.get_result_display()} for r in profile.appraisal_rows.all()
        ],
        "attachments": [
            {"id": r.pk, "kind": r.get_kind_display(), "name": r.original_name, "size": r.size, "sha256": r.sha256}
            for r in profile.attachment_rows.filter(removed_at__isnull=True)
        ],
    }


def profile_versions(*, profile: Profile) -> QuerySet[ProfileVersion]:
    """The stored versions of the profile (入库, each a snapshot), newest first."""
    return profile.versions.filter(stored_at__isnull=False).select_related("personnel_unit").order_by("-number")


@dataclass(frozen=True)
class StoredChain:
    """The applicant's chain 个人—人事管理单位—主管单位—人社部门 as stored (入库)."""

    is_stored: bool
    personnel_unit: Organisation | None = None
    supervising_unit: Organisation | None = None
    hr_bureau: Organisation | None = None
    version: ProfileVersion | None = None


def profile_stored_chain(user) -> StoredChain:
    """For later businesses: whether the profile is stored and the chain it fixed."""
    profile = (
        Profile.objects.filter(user=user, stored_version__isnull=False)
        .select_related("personnel_unit__supervising_unit", "personnel_unit__region", "stored_version")
        .first()
    )
    return profile_stored_chain_of(profile=profile)


def profile_stored_chain_of(*, profile: Profile | None) -> StoredChain:
    """``profile_stored_chain`` from a profile already loaded (with its personnel unit joined)."""
    if profile is None or not profile.stored_version_id:
        return StoredChain(is_stored=False)
    unit = profile.personnel_unit
    bureau = Organisation.objects.filter(kind=OrgKind.HR_BUREAU, region_id=unit.region_id).first()
    return StoredChain(
        is_stored=True, personnel_unit=unit, supervising_unit=unit.supervising_unit, hr_bureau=bureau,
        version=profile.stored_version,
    )


def profile_stored_achievements(user) -> list[dict]:
    """The achievements of the stored version (each with its ``id``), for an application to pick."""
    chain = profile_stored_chain(user)
    return list(chain.version.data.get("achievements", [])) if chain.is_stored else []


# -- uploaded files (the rule is zhicheng.cases.files.uploaded_file_visible_to) ---------------------
ATTACHMENT_KIND = "profile_attachment"


def _case_file(attachment: Attachment):
    from zhicheng.cases.files import CaseFile

    return CaseFile(
        kind=ATTACHMENT_KIND, pk=attachment.pk, name=attachment.file.name, original_name=attachment.original_name,
        content_type=attachment.content_type, size=attachment.size, sha256=attachment.sha256,
        storage=attachment.file.storage,
    )


def attachment_owned(pk: int):
    """The attachment ``pk`` for ``uploaded_file_visible_to``: its owner, itself (rows never change:
    a new file is a new row) and whether the owner removed it; None if there is no such row."""
    from zhicheng.cases.files import OwnedFile

    attachment = Attachment.objects.select_related("profile").filter(pk=pk).first()
    if attachment is None:
        return None
    return OwnedFile(owner_id=attachment.profile.user_id, current=_case_file(attachment),
                     removed=attachment.removed_at is not None)


def version_files(version: ProfileVersion | None, *, without_removed: bool = False) -> list:
    """The attachments a profile version was submitted with (its frozen list: id and sha256), as
    ``CaseFile``; a listed row whose content differs from what was frozen is left out, and with
    ``without_removed`` one the applicant has removed since (what staff may still open)."""
    if version is None:
        return []
    listed = {row.get("id"): row.get("sha256") for row in (version.data or {}).get("attachments", [])}
    rows = Attachment.objects.filter(pk__in=[pk for pk in listed if pk], profile_id=version.profile_id)
    if without_removed:
        rows = rows.filter(removed_at__isnull=True)
    return [_case_file(row) for row in rows if listed.get(row.pk) in (None, row.sha256)]


def profile_case_files(case: Case) -> list:
    """``BusinessType.submitted_files`` of the profile business: the attachments of the version
    the case submitted (pending, or stored when it was approved)."""
    return version_files(ProfileVersion.objects.filter(case=case).first())


def case_record_context(*, case: Case, version: ProfileVersion, base: dict | None = None, base_label: str = "",
                        with_files: bool = True, note: str = "") -> dict:
    """What ``cases/includes/record.html`` shows: the sections of ``version`` (marked against ``base``
    when given, described by ``base_label``), its attachments shown inline when ``with_files`` (the
    case was submitted with this version's attachments, so its reviewers may see them). ``note``: a
    line under the heading (e.g. which version this is). Two queries at most (the attachment rows)."""
    from .record import profile_record, record_files_attach

    sections = profile_record(version.data, base)
    files = {f.pk: f for f in version_files(version, without_removed=True)} if with_files else {}
    record_files_attach(sections, files)
    return {"sections": sections, "version": version, "base_label": base_label, "has_base": base is not None,
            "note": note, "with_files": with_files}
