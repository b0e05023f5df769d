"""Writes of personal information. The chain itself runs on :mod:`zhicheng.cases`:

``profile_submit`` freezes the draft into the pending :class:`ProfileVersion` and submits the
profile case (人事管理单位 → 主管单位); the case engine calls :func:`profile_case_finished` when the
supervising unit approves, which stores (入库) the version and fixes the applicant's chain.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.cases.constants import CaseStatus
from zhicheng.cases.models import PROFILE_BUSINESS, Case
from zhicheng.cases.services import case_create, case_submit, case_withdraw
from zhicheng.cases.workflow import CaseError, TransitionNotAllowed
from zhicheng.common.cleaning import clean_fields_only
from zhicheng.common.uploads import ALLOWED_UPLOAD_TYPES, attachment_check
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation

from .models import Attachment, Profile, ProfileRow, ProfileVersion
from .selectors import profile_open_case, profile_problems, profile_snapshot


class ProfileLocked(CaseError):
    default_message = "个人基本信息正在审核中，不能修改。如需修改，请在人事管理单位审核前撤回。"


class ProfileIncomplete(CaseError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("个人基本信息尚不完整：" + "；".join(problems) + "。")


def profile_get_or_create(*, user) -> Profile:
    """The profile of ``user``, created (with the account's gender) the first time; the creation is
    audited as ``profile.create``."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        with transaction.atomic():
            profile, created = Profile.objects.get_or_create(user=user, defaults={"gender": user.gender})
            if created:
                audit_record(action="profile.create", actor=user, obj=profile)
    return profile


def _ensure_editable(profile: Profile) -> None:
    case = profile_open_case(profile=profile)
    if case is not None and case.status == CaseStatus.SUBMITTED:
        raise ProfileLocked()


@transaction.atomic
def profile_basic_update(*, profile: Profile, actor, data: dict) -> Profile:
    """Update the single-valued fields of the draft (identity extras, title, position)."""
    profile = Profile.objects.select_for_update().get(pk=profile.pk)
    _ensure_editable(profile)
    changed = []
    for name, value in data.items():
        if getattr(profile, name) != value:
            setattr(profile, name, value)
            changed.append(name)
    profile.full_clean()
    profile.save()
    audit_record(action="profile.save", actor=actor, obj=profile, detail={"section": "basic", "fields": changed})
    return profile


@transaction.atomic
def profile_unit_choose(*, profile: Profile, actor, unit: Organisation) -> Profile:
    """Choose the personnel unit (人事管理单位) the profile will be submitted to. ``unit`` must be an active
    personnel unit (``ValidationError``); ``ProfileLocked`` while the profile is submitted. Returns the
    profile. Audited as ``profile.choose_unit``."""
    profile = Profile.objects.select_for_update().get(pk=profile.pk)
    _ensure_editable(profile)
    if unit.kind != OrgKind.PERSONNEL_UNIT or not unit.is_active:
        raise ValidationError("请选择有效的人事管理单位。")
    profile.draft_personnel_unit = unit
    profile.full_clean()
    profile.save()
    audit_record(action="profile.choose_unit", actor=actor, obj=profile, detail={"unit": unit.name})
    return profile


@transaction.atomic
def profile_row_save(*, profile: Profile, actor, row: ProfileRow) -> ProfileRow:
    """Add or change one row of a section (education, work, achievement, …) of the draft."""
    Profile.objects.select_for_update().get(pk=profile.pk)
    _ensure_editable(profile)
    if row.pk is not None and row.profile_id != profile.pk:
        raise ValidationError("不能修改他人的信息。")
    row.profile = profile
    created = row.pk is None
    row.full_clean()
    row.save()
    audit_record(
        action="profile.row_add" if created else "profile.row_change", actor=actor, obj=profile,
        detail={"section": row._meta.model_name, "row": row.pk},
    )
    return row


@transaction.atomic
def profile_row_delete(*, profile: Profile, actor, row: ProfileRow) -> None:
    """Delete one row of the profile (education, work, achievement…; an attachment is marked removed, its
    file kept because stored versions may refer to it). ``ValidationError`` for a row of another profile,
    ``ProfileLocked`` while submitted. Audited as ``profile.row_delete``."""
    Profile.objects.select_for_update().get(pk=profile.pk)
    _ensure_editable(profile)
    if row.profile_id != profile.pk:
        raise ValidationError("不能删除他人的信息。")
    detail = {"section": row._meta.model_name, "row": row.pk}
    if isinstance(row, Attachment):
        row.removed_at = timezone.now()  # the file stays: stored versions may refer to it
        row.save(update_fields=["removed_at"])
    else:
        row.delete()
    audit_record(action="profile.row_delete", actor=actor, obj=profile, detail=detail)


# -- attachments ---------------------------------------------------------------------------
@transaction.atomic
def attachment_upload(*, profile: Profile, actor, kind: str, uploaded) -> Attachment:
    """Attach an uploaded file of ``kind`` to the profile. The type is judged by the file's bytes (PDF,
    JPG or PNG, within the size limit; ``ValidationError`` from ``attachment_check``); its SHA-256 and size
    are recorded. ``ProfileLocked`` while submitted. Returns the ``Attachment``. Audited as
    ``profile.attachment_upload``."""
    Profile.objects.select_for_update().get(pk=profile.pk)
    _ensure_editable(profile)
    content_type = attachment_check(uploaded)
    digest = hashlib.sha256()
    data = b"".join(uploaded.chunks())
    digest.update(data)
    attachment = Attachment(
        profile=profile, kind=kind, original_name=(uploaded.name or "附件")[-200:], content_type=content_type,
        size=len(data), sha256=digest.hexdigest(),
    )
    attachment.file.save(ALLOWED_UPLOAD_TYPES[content_type], ContentFile(data), save=False)
    attachment.full_clean()
    attachment.save()
    audit_record(
        action="profile.attachment_upload", actor=actor, obj=profile,
        detail={"attachment": attachment.pk, "kind": kind, "size": attachment.size, "sha256": attachment.sha256},
    )
    return attachment


# -- the chain -----------------------------------------------------------------------------
@transaction.atomic
def profile_submit(*, profile: Profile, actor) -> Case:
    """保存 → 提交: snapshot the draft and send it to the chosen personnel management unit."""
    profile = Profile.objects.select_for_update().get(pk=profile.pk)
    if profile.user_id != actor.pk:
        raise CaseError("只能提交本人的个人基本信息。")
    case = profile_open_case(profile=profile)
    if case is not None and case.status == CaseStatus.SUBMITTED:
        raise TransitionNotAllowed("个人基本信息已提交，正在审核中。")
    problems = profile_problems(profile=profile)
    if problems:
        raise ProfileIncomplete(problems)
    if case is None:
        summary = "个人基本信息变更" if profile.stored_version_id else "个人基本信息"
        case = case_create(applicant=actor, business_type=PROFILE_BUSINESS, business_object=profile, summary=summary)
    version = ProfileVersion.objects.filter(profile=profile, stored_at__isnull=True).first()
    if version is None:
        version = ProfileVersion(profile=profile)
    version.case = case
    version.data = profile_snapshot(profile=profile)
    version.personnel_unit = profile.draft_personnel_unit
    clean_fields_only(version)  # profile locked above, case and unit loaded: the database checks the keys
    version.save()
    return case_submit(case=case, actor=actor)


@transaction.atomic
def profile_withdraw(*, profile: Profile, actor) -> Case:
    """Withdraw the profile's submitted case. ``TransitionNotAllowed`` when
    none is submitted; else the engine's errors (``case_withdraw``). Returns the case."""
    case = profile_open_case(profile=profile)
    if case is None or case.status != CaseStatus.SUBMITTED:
        raise TransitionNotAllowed("没有正在审核的个人基本信息可以撤回。")
    return case_withdraw(case=case, actor=actor)


# -- hooks called by the case engine (see zhicheng.profiles.business) -----------------------
def profile_case_route(case: Case):
    """The route of the 个人基本信息 business: the chosen personnel unit → its supervising unit
    (``chain_route``; ``RouteError`` when none is chosen or it is inactive)."""
    from zhicheng.cases.routes import chain_route

    profile = Profile.objects.select_related("draft_personnel_unit__supervising_unit").get(pk=case.object_id)
    return chain_route(profile.draft_personnel_unit)


def profile_case_finished(*, case: Case, actor) -> None:
    """入库: the pending version becomes the stored one and fixes the applicant's chain."""
    profile = Profile.objects.select_for_update().get(pk=case.object_id)
    version = ProfileVersion.objects.select_for_update().get(case=case, stored_at__isnull=True)
    last = ProfileVersion.objects.filter(profile=profile).aggregate(n=Max("number"))["n"] or 0
    version.number = last + 1
    version.stored_at = timezone.now()
    version.full_clean()
    version.save()
    profile.stored_version = version
    profile.personnel_unit = version.personnel_unit
    profile.full_clean()
    profile.save()
    audit_record(
        action="profile.store", actor=actor, organisation=case.steps.order_by("-order").first().organisation,
        obj=profile, detail={"version": version.number, "personnel_unit": version.personnel_unit.name},
    )


@transaction.atomic
def profile_personnel_unit_switch(*, user, unit: Organisation, actor, case: Case | None = None) -> ProfileVersion:
    """人事管理单位变更 approved: the applicant's chain switches to ``unit``.

    Stored versions are immutable, so the switch is a new stored version (the last stored data with
    the new unit), linked to the unit-change ``case``; ``Profile.personnel_unit`` follows it. A draft
    or pending edit that still names the old unit is moved along, so a later 入库 cannot switch the
    chain back. Cases already under way keep their frozen routes.
    """
    profile = (
        Profile.objects.select_for_update(of=("self",))
        .select_related("stored_version", "personnel_unit")
        .get(user=user)
    )
    if profile.stored_version_id is None:
        raise CaseError("个人基本信息尚未入库，不能变更人事管理单位。")
    if unit.kind != OrgKind.PERSONNEL_UNIT or not unit.is_active:
        raise ValidationError("请选择有效的人事管理单位。")
    old = profile.personnel_unit
    unit_data = {
        "id": unit.pk, "name": unit.name, "region": unit.region.full_name,
        "supervising_unit": unit.supervising_unit.name if unit.supervising_unit else "",
    }
    last = ProfileVersion.objects.filter(profile=profile).aggregate(n=Max("number"))["n"] or 0
    version = ProfileVersion(
        profile=profile, case=case, number=last + 1, data={**profile.stored_version.data, "unit": unit_data},
        personnel_unit=unit, stored_at=timezone.now(),
    )
    version.full_clean()
    version.save()
    profile.stored_version = version
    profile.personnel_unit = unit
    if profile.draft_personnel_unit_id in (None, old.pk):
        profile.draft_personnel_unit = unit
    profile.full_clean()
    profile.save()
    pending = ProfileVersion.objects.select_for_update().filter(profile=profile, stored_at__isnull=True).first()
    if pending is not None and pending.personnel_unit_id == old.pk:
        pending.personnel_unit = unit
        pending.data = {**pending.data, "unit": unit_data}
        pending.full_clean()
        pending.save()
    audit_record(
        action="profile.unit_switch", actor=actor, obj=profile,
        detail={"from": old.name, "to": unit.name, "version": version.number, "case": case.pk if case else None},
    )
    return version
