"""Writes of 通知公告 and 常见问题: an HR bureau's staff publish, change and withdraw notices of their
region, attach files, and keep the region's FAQ. Every write is audited (zhicheng/audit) and drops
this process's copy of the latest notices (selectors.announcements_latest).

Who: active reviewers and organisation administrators of the HR bureau (selectors.PUBLISHER_ROLES),
for the bureau's own region only; anyone else gets ``PermissionDenied``.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.common.uploads import attachment_check
from zhicheng.orgs.constants import OrgKind

from .models import ANNOUNCEMENT_FILE_TYPES, Announcement, AnnouncementAttachment, FaqEntry
from .selectors import announcements_latest_forget, publisher_bureau_ids

MAX_ATTACHMENTS = 10
_EXTENSIONS = {ext: ctype for ctype, ext in ANNOUNCEMENT_FILE_TYPES.items()} | {".jpeg": "image/jpeg"}


def _require_publisher(*, actor, bureau) -> None:
    if bureau.kind != OrgKind.HR_BUREAU or bureau.pk not in publisher_bureau_ids(user=actor):
        raise PermissionDenied("只有本地区人社部门的审核人员或单位管理员可以发布通知公告和常见问题。")


def _changed(on_commit_too: bool = True) -> None:
    announcements_latest_forget()
    if on_commit_too:  # a rolled-back save must not leave the old list cached either
        transaction.on_commit(announcements_latest_forget)


def _snapshot(a: Announcement) -> dict:
    return {
        "title": a.title, "pinned": a.pinned, "published_at": a.published_at.isoformat() if a.published_at else None,
        "expires_at": a.expires_at.isoformat() if a.expires_at else None, "plan": a.plan_id,
        "body_sha256": hashlib.sha256(a.body.encode()).hexdigest(), "body_chars": len(a.body),
    }


def _clean_dates(*, published_at, expires_at) -> None:
    if expires_at and published_at and expires_at <= published_at:
        raise ValidationError({"expires_at": "有效期应晚于发布时间。"})


@transaction.atomic
def announcement_publish(*, actor, bureau, title: str, body: str, pinned: bool = False, published_at=None,
                         expires_at=None, plan=None) -> Announcement:
    """An HR bureau publishes a notice for its region.

    ``bureau``: the publishing HR bureau (its ``region`` becomes the notice's region); ``body`` is
    Markdown; ``published_at`` (aware datetime; default now) may lie ahead (the notice then appears
    at that time); ``expires_at`` must be later than it. Raises ``PermissionDenied`` when ``actor``
    does not publish for ``bureau``, ``ValidationError`` (by field) for bad values. Audited
    (``announcement.publish``).
    """
    _require_publisher(actor=actor, bureau=bureau)
    published_at = published_at or timezone.now()
    _clean_dates(published_at=published_at, expires_at=expires_at)
    a = Announcement(region_id=bureau.region_id, publisher=bureau, author=actor, title=(title or "").strip(),
                     body=body or "", pinned=pinned, published_at=published_at, expires_at=expires_at, plan=plan)
    a.full_clean()
    a.save()
    audit_record(action="announcement.publish", actor=actor, organisation=bureau, obj=a, detail=_snapshot(a))
    _changed()
    return a


@transaction.atomic
def announcement_update(*, actor, announcement: Announcement, **values) -> Announcement:
    """Change a notice of the actor's bureau: any of ``title``, ``body``, ``pinned``,
    ``published_at``, ``expires_at``, ``plan``. Audited with before and after
    (``announcement.update``). Raises as :func:`announcement_publish`."""
    a = Announcement.objects.select_for_update().select_related("publisher").get(pk=announcement.pk)
    _require_publisher(actor=actor, bureau=a.publisher)
    before = _snapshot(a)
    allowed = {"title", "body", "pinned", "published_at", "expires_at", "plan"}
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    for name, value in values.items():
        setattr(a, name, value.strip() if name == "title" and isinstance(value, str) else value)
    if a.published_at is None:
        a.published_at = timezone.now()
    _clean_dates(published_at=a.published_at, expires_at=a.expires_at)
    a.full_clean()
    a.save()
    audit_record(action="announcement.update", actor=actor, organisation=a.publisher, obj=a,
                 detail={"before": before, "after": _snapshot(a)})
    _changed()
    return a


@transaction.atomic
def announcement_withdraw(*, actor, announcement: Announcement) -> Announcement:
    """撤下: the notice is no longer shown anywhere (kept, with its attachments, for the record).
    Withdrawing twice changes nothing. Audited (``announcement.withdraw``)."""
    a = Announcement.objects.select_for_update().select_related("publisher").get(pk=announcement.pk)
    _require_publisher(actor=actor, bureau=a.publisher)
    if a.withdrawn_at is None:
        a.withdrawn_at = timezone.now()
        a.save(update_fields=["withdrawn_at", "updated_at"])
        audit_record(action="announcement.withdraw", actor=actor, organisation=a.publisher, obj=a)
        _changed()
    return a


def announcement_file_check(uploaded) -> str:
    """The content type of a file to attach to a notice, judged by its bytes and extension: PDF,
    Word (.docx), Excel (.xlsx), JPG or PNG, at most ``settings.UPLOAD_MAX_BYTES`` (the one upload
    check, ``common.uploads.attachment_check``). Raises ``ValidationError`` with a Chinese message."""
    return attachment_check(uploaded, extensions=_EXTENSIONS, kinds="PDF、Word（.docx）、Excel（.xlsx）、JPG 或 PNG")


@transaction.atomic
def announcement_attachment_add(*, actor, announcement: Announcement, uploaded) -> AnnouncementAttachment:
    """Attach ``uploaded`` (a Django ``UploadedFile``) to the notice; at most ``MAX_ATTACHMENTS``.
    Raises ``ValidationError`` for a file of the wrong kind or size (announcement_file_check),
    ``PermissionDenied`` as :func:`announcement_publish`. Audited with the file's SHA-256."""
    a = Announcement.objects.select_for_update().select_related("publisher").get(pk=announcement.pk)
    _require_publisher(actor=actor, bureau=a.publisher)
    content_type = announcement_file_check(uploaded)
    if a.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(f"每条通知最多 {MAX_ATTACHMENTS} 个附件。")
    data = b"".join(uploaded.chunks())
    att = AnnouncementAttachment(
        announcement=a, original_name=(uploaded.name or "附件")[-200:], content_type=content_type,
        size=len(data), sha256=hashlib.sha256(data).hexdigest(),
    )
    att.file.save(ANNOUNCEMENT_FILE_TYPES[content_type], ContentFile(data), save=False)
    att.full_clean()
    att.save()
    audit_record(action="announcement.attachment_add", actor=actor, organisation=a.publisher, obj=a,
                 detail={"attachment": att.pk, "name": att.original_name, "size": att.size, "sha256": att.sha256})
    return att


@transaction.atomic
def announcement_attachment_remove(*, actor, attachment: AnnouncementAttachment) -> None:
    """Remove an attachment from a notice of the actor's bureau (the row; the stored file stays
    until the next storage clean-up). Audited."""
    att = AnnouncementAttachment.objects.select_related("announcement__publisher").get(pk=attachment.pk)
    a = att.announcement
    _require_publisher(actor=actor, bureau=a.publisher)
    audit_record(action="announcement.attachment_remove", actor=actor, organisation=a.publisher, obj=a,
                 detail={"attachment": att.pk, "name": att.original_name, "sha256": att.sha256})
    att.delete()


def _faq_snapshot(e: FaqEntry) -> dict:
    return {"question": e.question, "order": e.order, "is_active": e.is_active,
            "answer_sha256": hashlib.sha256(e.answer.encode()).hexdigest()}


@transaction.atomic
def faq_entry_create(
    *, actor, bureau, question: str, answer: str, order: int = 100, is_active: bool = True
) -> FaqEntry:
    """Add a question and its Markdown answer to the 常见问题 of ``bureau``'s region. Raises
    ``PermissionDenied`` / ``ValidationError`` as :func:`announcement_publish`. Audited."""
    _require_publisher(actor=actor, bureau=bureau)
    e = FaqEntry(region_id=bureau.region_id, publisher=bureau, question=(question or "").strip(), answer=answer or "",
                 order=order, is_active=is_active)
    e.full_clean()
    e.save()
    audit_record(action="faq.create", actor=actor, organisation=bureau, obj=e, detail=_faq_snapshot(e))
    return e


@transaction.atomic
def faq_entry_update(*, actor, entry: FaqEntry, question: str, answer: str, order: int, is_active: bool) -> FaqEntry:
    """Change a 常见问题 entry of the actor's bureau. Audited with before and after."""
    e = FaqEntry.objects.select_for_update().select_related("publisher").get(pk=entry.pk)
    _require_publisher(actor=actor, bureau=e.publisher)
    before = _faq_snapshot(e)
    e.question, e.answer, e.order, e.is_active = (question or "").strip(), answer or "", order, is_active
    e.full_clean()
    e.save()
    audit_record(action="faq.update", actor=actor, organisation=e.publisher, obj=e,
                 detail={"before": before, "after": _faq_snapshot(e)})
    return e


@transaction.atomic
def faq_entry_delete(*, actor, entry: FaqEntry) -> None:
    """Delete a 常见问题 entry of the actor's bureau; the audit keeps its question and a digest of
    its answer."""
    e = FaqEntry.objects.select_for_update().select_related("publisher").get(pk=entry.pk)
    _require_publisher(actor=actor, bureau=e.publisher)
    audit_record(action="faq.delete", actor=actor, organisation=e.publisher, obj=e, detail=_faq_snapshot(e))
    e.delete()
