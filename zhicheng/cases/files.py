"""Who may download an uploaded file: one rule for every kind of file and every download view.

An applicant uploads files (profile attachments, the scan of an out-of-province certificate…).
Staff see such a file **only through a case that was submitted with it, in the version it was
submitted with, and only while that case is at, or has passed through, their organisation**
(``cases_visible_to``). A file the applicant removed, or never submitted, is never shown to staff.
The applicant sees their own files as they are now, removed ones included.

The pieces:

* each app that stores uploaded files registers a *kind* with a resolver,
  ``uploaded_file_kind_register("profile_attachment", resolver)``; ``resolver(pk)`` answers
  :class:`OwnedFile`: whose file it is, the owner's current copy, and whether it was removed;
* each business type names the files a case was submitted with
  (``BusinessType.submitted_files(case) -> list[CaseFile]``), read from what the case froze at
  submission (a profile version's attachment list, the scan recorded at submission);
* :func:`uploaded_file_visible_to` combines them and is the only place the rule is written; the
  download views call :func:`uploaded_file_download`, which also audits staff downloads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.storage import Storage
from django.http import FileResponse

from .models import Case
from .registry import business_type_get
from .selectors import cases_visible_to


@dataclass(frozen=True)
class CaseFile:
    """One uploaded file, as stored: ``kind`` and ``pk`` name it (e.g. a profile attachment and its
    id); ``name`` is its path in ``storage``; the rest is what a download sends."""

    kind: str
    pk: int
    name: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    storage: Storage


@dataclass(frozen=True)
class OwnedFile:
    """What the owning app says about a file: its owner, the owner's current copy, and whether
    the owner removed it (removed files are never shown to staff)."""

    owner_id: int
    current: CaseFile | None
    removed: bool = False


@dataclass(frozen=True)
class FileGrant:
    """A file the user may download: the version to send, and the case through which a staff
    member sees it (None for the owner)."""

    file: CaseFile
    case: Case | None = None


_KINDS: dict[str, Callable[[int], OwnedFile | None]] = {}


def uploaded_file_kind_register(kind: str, resolver: Callable[[int], OwnedFile | None]) -> None:
    """Register a kind of uploaded file (called from an app's ``ready``); ``resolver(pk)`` returns
    the :class:`OwnedFile` or None when there is no such file."""
    _KINDS[kind] = resolver


def case_submitted_files(case: Case) -> list[CaseFile]:
    """The files ``case`` was submitted with (its latest submission), as its business type froze
    them; [] for a case never submitted or a business without files."""
    if case.submitted_at is None:
        return []
    provider = business_type_get(case.business_type).submitted_files
    return list(provider(case)) if provider else []


def uploaded_file_visible_to(*, user, kind: str, pk: int) -> FileGrant | None:
    """The file ``kind``/``pk`` as ``user`` may download it, or None (→ 404).

    * The owner: their own current copy (also a removed one: it is theirs).
    * Staff: the version a case was submitted with, when that case is visible to them
      (``cases_visible_to``: now at one of their organisations, or was before) and the owner has
      not removed the file; the most recently submitted such case is the one named.
    * Anyone else, or a file never submitted: None.

    Rule of issue 18 (finding 6); the single selector behind every download view.
    """
    resolver = _KINDS.get(kind)
    if resolver is None or not user.is_authenticated or not user.is_active:
        return None
    owned = resolver(pk)
    if owned is None:
        return None
    if owned.owner_id == user.pk:
        return FileGrant(file=owned.current) if owned.current is not None else None
    if owned.removed:
        return None
    cases = (
        cases_visible_to(user=user).filter(applicant_id=owned.owner_id, submitted_at__isnull=False)
        .select_related("current_organisation").order_by("-submitted_at", "-id")
    )
    for case in cases:
        for file in case_submitted_files(case):
            if file.kind == kind and file.pk == pk:
                return FileGrant(file=file, case=case)
    return None


def uploaded_file_download(request, *, kind: str, pk: int, audit_action: str) -> FileResponse | None:
    """The download response for a file ``request.user`` may see (``uploaded_file_visible_to``),
    or None (→ 404). A staff download is audited as ``audit_action`` against the case it was seen
    through. Sent as an attachment with ``nosniff``: never rendered by the browser."""
    grant = uploaded_file_visible_to(user=request.user, kind=kind, pk=pk)
    if grant is None:
        return None
    file = grant.file
    if grant.case is not None:
        from zhicheng.audit.services import audit_record

        audit_record(action=audit_action, actor=request.user, obj=grant.case,
                     detail={"kind": kind, "file": pk, "sha256": file.sha256})
    response = FileResponse(file.storage.open(file.name, "rb"), as_attachment=True, filename=file.original_name,
                            content_type=file.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- shown inline on the reviewer's case page (issue 17, finding 1) --------------------------------------
#: Pages of a PDF drawn on the case page; the rest is in the download.
INLINE_PDF_PAGES = 6
PDF_PAGE_RESOLUTION = 110  # dpi: an A4 page about 900 px wide, readable on a phone and a desktop
IMAGE_TYPES = ("image/jpeg", "image/png")


def pdf_page_count(file: CaseFile) -> int:
    """Pages of the PDF ``file`` (0 if it cannot be read); kept per process by content (sha256), so a
    case page costs no query and reads each file once."""
    from django.core.cache import caches

    cache = caches["fragments"]
    key = f"pdfpages:{file.sha256}"
    count = cache.get(key)
    if count is None:
        from pypdf import PdfReader

        try:
            with file.storage.open(file.name, "rb") as fh:
                count = len(PdfReader(fh).pages)
        except Exception:  # noqa: BLE001 - an unreadable upload is shown as "download only", never a 500
            count = 0
        cache.set(key, count, None)
    return count


def pdf_page_png(file: CaseFile, page: int) -> bytes | None:
    """Page ``page`` (from 1) of the PDF ``file`` as PNG, drawn on the server by poppler's ``pdftoppm``
    (installed by manage.sh): the browser then shows an image from this server, under the page's
    CSP, on every phone (which seldom draw a PDF inside a page). None if it cannot be drawn."""
    import shutil
    import subprocess
    import tempfile

    binary = shutil.which("pdftoppm")
    if binary is None:
        return None
    with file.storage.open(file.name, "rb") as fh, tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        shutil.copyfileobj(fh, tmp)
        tmp.flush()
        try:
            done = subprocess.run(  # noqa: S603 - fixed binary, our own temporary file
                [binary, "-png", "-r", str(PDF_PAGE_RESOLUTION), "-f", str(page), "-l", str(page), "-singlefile",
                 tmp.name], capture_output=True, timeout=30, check=False)
        except subprocess.TimeoutExpired:
            return None
    return done.stdout if done.returncode == 0 and done.stdout.startswith(b"\x89PNG") else None


def file_inline_kind(file: CaseFile) -> str:
    """How the case page shows ``file``: "image", "pdf" or "" (download only)."""
    if file.content_type in IMAGE_TYPES:
        return "image"
    if file.content_type == "application/pdf":
        return "pdf"
    return ""


def uploaded_file_inline(request, *, kind: str, pk: int, page: int, audit_action: str):
    """The file as the case page shows it, for a user who may see it (``uploaded_file_visible_to``),
    or None (→ 404): an image as it is, a PDF's page ``page`` drawn as PNG. A staff view is audited
    once per file (on its first page), like a download."""
    from django.http import HttpResponse

    grant = uploaded_file_visible_to(user=request.user, kind=kind, pk=pk)
    if grant is None:
        return None
    file = grant.file
    shown = file_inline_kind(file)
    if shown == "image":
        with file.storage.open(file.name, "rb") as fh:
            body, content_type = fh.read(), file.content_type
    elif shown == "pdf" and 1 <= page <= min(pdf_page_count(file), INLINE_PDF_PAGES):
        body, content_type = pdf_page_png(file, page), "image/png"
        if body is None:
            return None
    else:
        return None
    if grant.case is not None and page == 1:
        from zhicheng.audit.services import audit_record

        audit_record(action=audit_action, actor=request.user, obj=grant.case,
                     detail={"kind": kind, "file": pk, "sha256": file.sha256, "inline": True})
    response = HttpResponse(body, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=600"
    response["Content-Disposition"] = "inline"
    return response
