"""Uploaded files: one check of what may be uploaded and one private storage, for every app that takes
uploads (profile attachments, business scans, the unit's authorisation letter).

* :func:`attachment_check` judges a file by its bytes (PDF, JPG or PNG; the extension must agree) and
  its size (``UPLOAD_MAX_BYTES``), with a Chinese message.
* :func:`private_storage` keeps the files under ``MEDIA_ROOT``, which is never served directly: every
  download goes through a view that checks permission.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage

ALLOWED_UPLOAD_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
MAGIC = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
EXTENSIONS = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}

_private_storage = FileSystemStorage()  # follows settings.MEDIA_ROOT, which is never served directly


def private_storage() -> FileSystemStorage:
    """The storage of every uploaded file: under MEDIA_ROOT; downloads go only through a permission-checking view.
    (The models' ``storage=`` callables — ``profiles.models.private_storage`` and the apps' ``_private_storage``
    named in their migrations — return this one.)"""
    return _private_storage


def attachment_check(uploaded) -> str:
    """The content type of an upload, judged by its bytes.

    ``uploaded``: a Django ``UploadedFile`` (or ``None``). Returns one of :data:`ALLOWED_UPLOAD_TYPES`'
    keys. Raises ``ValidationError`` with a Chinese message: no file, larger than ``UPLOAD_MAX_BYTES``
    (bytes; shown in MB), empty, an extension other than .pdf/.jpg/.jpeg/.png, content that is none of
    them, or content that disagrees with the extension."""
    if uploaded is None:
        raise ValidationError("请选择要上传的文件。")
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(f"文件过大：不能超过 {limit // (1024 * 1024)} MB。")
    if uploaded.size == 0:
        raise ValidationError("文件是空的。")
    name = (uploaded.name or "").lower()
    ext = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if ext not in EXTENSIONS:
        raise ValidationError("只能上传 PDF、JPG 或 PNG 文件。")
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    detected = next((ctype for magic, ctype in MAGIC.items() if head.startswith(magic)), None)
    if detected is None:
        raise ValidationError("文件内容不是 PDF、JPG 或 PNG，请上传扫描件的原始文件。")
    if detected != EXTENSIONS[ext]:
        raise ValidationError("文件内容与扩展名不符，请上传正确的文件。")
    return detected
