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


#: The office documents a notice may also carry (.docx, .xlsx): a ZIP container, judged by its header.
OFFICE_EXTENSIONS = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ZIP_MAGIC = b"PK\x03\x04"


def attachment_check(uploaded, *, extensions: dict[str, str] = EXTENSIONS, kinds: str = "PDF、JPG 或 PNG") -> str:
    """The content type of an upload, judged by its bytes.

    ``uploaded``: a Django ``UploadedFile`` (or ``None``). ``extensions``: the allowed extensions and
    their content types (default PDF, JPG, PNG; notices add :data:`OFFICE_EXTENSIONS`); ``kinds``: the
    same, as the message names them. Returns the content type. Raises ``ValidationError`` with a
    Chinese message: no file, larger than ``UPLOAD_MAX_BYTES`` (bytes; shown in MB), empty, an
    extension not allowed, content that is none of the allowed kinds, or content that disagrees with
    the extension (.docx/.xlsx must be a ZIP container)."""
    if uploaded is None:
        raise ValidationError("请选择要上传的文件。")
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(f"文件过大：不能超过 {limit // (1024 * 1024)} MB。")
    if uploaded.size == 0:
        raise ValidationError("文件是空的。")
    name = (uploaded.name or "").lower()
    ext = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if ext not in extensions:
        raise ValidationError(f"只能上传 {kinds} 文件。")
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if ext in OFFICE_EXTENSIONS:
        if not head.startswith(ZIP_MAGIC):
            raise ValidationError("文件内容与扩展名不符，请上传正确的文件。")
        return extensions[ext]
    detected = next((ctype for magic, ctype in MAGIC.items() if head.startswith(magic)), None)
    if detected is None and head.startswith(ZIP_MAGIC) and not OFFICE_EXTENSIONS.keys().isdisjoint(extensions):
        raise ValidationError("文件内容与扩展名不符，请上传正确的文件。")  # an office file renamed
    if detected is None:
        raise ValidationError(f"文件内容不是 {kinds}，请上传扫描件的原始文件。")
    if detected != extensions[ext]:
        raise ValidationError("文件内容与扩展名不符，请上传正确的文件。")
    return detected
