"""Kept documents: each PDF is rendered once per version of its inputs and then served from storage
(decision 0025, issues 20 and 23).

A WeasyPrint render of a 评审表 or an e-certificate takes about half a second of a web worker; a kept
file is served like an attachment. How it works:

* An app registers each kind of document once, in its ``AppConfig.ready()``, with
  :func:`kept_kind_register`: how to load the object by id, the inputs that determine the bytes, how to
  render it, and the templates it is rendered from. This module knows no app (decision 0029): the
  documents app registers its forms, the certificates app the e-certificate.
* :func:`kept_version` is the sha256 of exactly those inputs, the templates' source (followed through
  ``extends``/``include``), WeasyPrint's version and :data:`KEPT_FORMAT`. A new version of the inputs
  is a new hash, hence a new render; the file of an older version is never served and is deleted when
  the new one is kept.
* :func:`kept_document` is what a download view calls after its access check: the kept row of the
  current version, or — when there is none yet — one render in the request, stored, so that a second
  download never renders again. Two first downloads at once render twice but keep one row (the unique
  constraint decides; the loser's file is deleted).
* :func:`kept_render_on_commit` asks the background worker (Celery task ``zhicheng.common.kept_render``)
  to render a new version once the change that made it commits, when ``KEPT_RENDER_AHEAD`` is on (by
  default wherever a real worker runs: ``CELERY_TASK_ALWAYS_EAGER`` off). In the embedded default the
  first download renders it instead, so submitting a case never waits for a PDF.
* :func:`kept_forget_on_commit` deletes an object's kept files (a voided certificate).

The files hold full ID numbers: they are under ``MEDIA_ROOT`` (never served directly), named without
personal data, and served only through the access-checked views (:func:`kept_file_response`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from .models import KeptDocument

logger = logging.getLogger(__name__)

#: Raise to make every kept document a new version (a change of the rendering code outside the templates).
KEPT_FORMAT = 1


@dataclass(frozen=True)
class KeptKind:
    """One kind of kept document.

    ``code``: its name (``evaluation_form``), also the ``kind`` column; ``label``: Chinese, for the
    command's output; ``load(object_id)``: the object with what ``inputs`` and ``render`` read, or None
    when it is gone or no longer printable; ``inputs(obj)``: a JSON-serialisable value holding exactly
    the inputs that determine the bytes (dates and datetimes allowed); ``render(obj)``: the PDF bytes;
    ``templates``: the template names it is rendered from (their source is part of the version).
    """

    code: str
    label: str
    load: Callable[[int], Any | None]
    inputs: Callable[[Any], Any]
    render: Callable[[Any], bytes]
    templates: tuple[str, ...] = ()


_KINDS: dict[str, KeptKind] = {}


def kept_kind_register(kind: KeptKind) -> None:
    """Register ``kind`` (called from an ``AppConfig.ready()``); registering the same code again replaces it."""
    _KINDS[kind.code] = kind


def kept_kind_get(code: str) -> KeptKind:
    """The registered kind named ``code``; raises ``KeyError`` for an unknown one."""
    return _KINDS[code]


def kept_kinds() -> list[KeptKind]:
    return list(_KINDS.values())


# -- versions ---------------------------------------------------------------------------------------
_TEMPLATE_TAG = re.compile(r"""{%\s*(?:extends|include)\s+["']([^"']+)["']""")


@lru_cache(maxsize=64)
def templates_digest(names: tuple[str, ...]) -> str:
    """sha256 of the source of the templates ``names`` and of every template they extend or include
    (literal names only), read once per process: a new release with a changed template is a new version."""
    from django.template.loader import get_template

    seen: dict[str, str] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        origin = get_template(name).origin
        source = Path(origin.name).read_text(encoding="utf-8")
        seen[name] = source
        todo.extend(_TEMPLATE_TAG.findall(source))
    digest = hashlib.sha256()
    for name in sorted(seen):
        digest.update(name.encode() + b"\0" + seen[name].encode() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _renderer_version() -> str:
    try:
        import weasyprint

        return weasyprint.__version__
    except ImportError:  # pragma: no cover - WeasyPrint is a pinned dependency
        return ""


def _json_default(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def kept_version(kind: KeptKind, obj) -> str:
    """The version of ``obj``'s document of ``kind``: sha256 (hex) of its inputs, its templates'
    source, the renderer's version and :data:`KEPT_FORMAT`. Costs no query beyond what ``inputs`` reads."""
    payload = json.dumps(
        [KEPT_FORMAT, _renderer_version(), templates_digest(tuple(kind.templates)), kind.inputs(obj)],
        ensure_ascii=False, sort_keys=True, default=_json_default,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


# -- keeping and serving ------------------------------------------------------------------------------
def kept_store(*, kind: KeptKind, object_id: int, version: str, pdf: bytes) -> KeptDocument:
    """Keep ``pdf`` as the document of ``kind`` for ``object_id`` at ``version``; returns the row.

    If another process kept the same version meanwhile, its row wins and this file is deleted (the
    unique constraint on kind, object and version). Rows and files of the object's other versions are
    deleted once the transaction commits: they are never served again."""
    row = KeptDocument(
        kind=kind.code, object_id=object_id, version=version, size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(), rendered_at=timezone.now(),
    )
    row.file.save("document.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        row.file.delete(save=False)
        return KeptDocument.objects.get(kind=kind.code, object_id=object_id, version=version)
    _rows_delete(KeptDocument.objects.filter(kind=kind.code, object_id=object_id).exclude(pk=row.pk))
    return row


def _rows_delete(rows) -> int:
    """Delete ``rows`` (a queryset) and, once the transaction commits, their files."""
    names = list(rows.values_list("file", flat=True))
    count, _ = rows.delete()
    if names:
        transaction.on_commit(lambda: _files_delete(names))
    return count


def _files_delete(names: Iterable[str]) -> None:
    storage = KeptDocument._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # already gone: nothing to keep
            logger.warning("kept document file could not be deleted: %s", name)


def kept_render(*, kind: KeptKind, obj, version: str | None = None) -> KeptDocument:
    """Render ``obj``'s document of ``kind`` and keep it (the version is computed unless given)."""
    version = version or kept_version(kind, obj)
    pdf = kind.render(obj)
    return kept_store(kind=kind, object_id=obj.pk, version=version, pdf=pdf)


def kept_document(*, kind: str, obj) -> KeptDocument:
    """The kept document of ``kind`` for ``obj`` (a loaded, access-checked object) at its current
    version: the stored row, or — if this version was never rendered or its file is missing — one render
    now, kept for every later download. Raises ``KeyError`` for an unknown kind. One query when kept."""
    kept_kind = kept_kind_get(kind)
    version = kept_version(kept_kind, obj)
    row = KeptDocument.objects.filter(kind=kind, object_id=obj.pk, version=version).first()
    if row is not None:
        try:
            # Opened here, served by kept_file_response: a file deleted in between (a newer version kept by
            # another process) stays readable through the open handle.
            row.opened = row.file.storage.open(row.file.name, "rb")
            return row
        except FileNotFoundError:
            logger.warning("kept document file missing, rendering again: %s %s", kind, obj.pk)
            row.delete()
    return kept_render(kind=kept_kind, obj=obj, version=version)


def kept_file_response(row: KeptDocument, *, filename: str, inline: bool = False) -> FileResponse:
    """A plain file response for a kept PDF, with the headers of :func:`zhicheng.common.pdf.pdf_response`
    (``filename`` may be Chinese; private, never cached, no sniffing)."""
    opened = getattr(row, "opened", None) or row.file.storage.open(row.file.name, "rb")
    response = FileResponse(opened, content_type="application/pdf")
    response["Content-Length"] = str(row.size)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- background rendering ------------------------------------------------------------------------------
def kept_render_by_id(*, kind: str, object_id: int) -> str:
    """What the task ``zhicheng.common.kept_render`` does: load the object, and render and keep its
    current version unless it is kept already. Returns ``rendered``, ``kept`` (nothing to do) or ``gone``
    (no such object, or not printable now). Idempotent: a repeated task renders nothing."""
    kept_kind = kept_kind_get(kind)
    obj = kept_kind.load(object_id)
    if obj is None:
        return "gone"
    version = kept_version(kept_kind, obj)
    if KeptDocument.objects.filter(kind=kind, object_id=object_id, version=version).exists():
        return "kept"
    kept_render(kind=kept_kind, obj=obj, version=version)
    return "rendered"


def kept_render_on_commit(*, kind: str, object_id: int) -> None:
    """Ask the worker to render ``kind`` for ``object_id`` once the current transaction commits, if
    ``KEPT_RENDER_AHEAD`` is on (a broker that is down does not fail the change: the first download
    renders it then)."""
    if not settings.KEPT_RENDER_AHEAD:
        return
    kept_kind_get(kind)  # an unknown kind is a programming error: fail inside the change

    def dispatch() -> None:
        from .tasks import kept_render_task

        kept_render_task.delay(kind, object_id)

    transaction.on_commit(dispatch, robust=True)


def kept_forget_on_commit(*, kind: str, object_id: int) -> None:
    """Delete every kept version of ``kind`` for ``object_id`` (and their files, after commit)."""
    _rows_delete(KeptDocument.objects.filter(kind=kind, object_id=object_id))


def kept_clear(*, kind: str | None = None) -> int:
    """Delete the kept documents (of ``kind``, or all) and their files; returns how many rows.
    They are rendered again at the next download (``manage.py kept_documents_clear``)."""
    rows = KeptDocument.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    with transaction.atomic():
        return _rows_delete(rows)
