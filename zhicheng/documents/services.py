"""Writes of the documents app: the audit record of each download."""

from __future__ import annotations

from django.db import models

from zhicheng.audit.services import audit_record_read


def document_download_record(
    *, actor, document: str, obj: models.Model, organisation=None, detail: dict | None = None
) -> None:
    """Record that ``actor`` downloaded ``document`` (e.g. ``evaluation_form``) of ``obj``.

    The paper forms carry the applicant's full ID number, so every download is audited (the
    number itself never goes into the record); an access-log row (``audit_record_read``)."""
    audit_record_read(
        action="document.downloaded", actor=actor, organisation=organisation, obj=obj,
        detail={"document": document, **(detail or {})},
    )
