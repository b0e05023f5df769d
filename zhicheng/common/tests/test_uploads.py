"""The one upload check (common.uploads.attachment_check), for scans and for notice attachments."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.announcements.services import announcement_file_check
from zhicheng.common.uploads import attachment_check

PDF = b"%PDF-1.7\n..."
ZIP = b"PK\x03\x04rest-of-a-docx"


def test_scans_take_pdf_jpg_png_only():
    assert attachment_check(SimpleUploadedFile("证书.PDF", PDF)) == "application/pdf"
    with pytest.raises(ValidationError, match="只能上传 PDF、JPG 或 PNG 文件"):
        attachment_check(SimpleUploadedFile("表.docx", ZIP))  # an office file is no scan


def test_notices_also_take_office_files_judged_by_their_container():
    assert announcement_file_check(SimpleUploadedFile("通知.docx", ZIP)).endswith("wordprocessingml.document")
    assert announcement_file_check(SimpleUploadedFile("名单.xlsx", ZIP)).endswith("spreadsheetml.sheet")
    with pytest.raises(ValidationError, match="与扩展名不符"):
        announcement_file_check(SimpleUploadedFile("通知.docx", PDF))  # renamed PDF
    with pytest.raises(ValidationError, match="与扩展名不符"):
        announcement_file_check(SimpleUploadedFile("通知.pdf", ZIP))  # renamed docx
    with pytest.raises(ValidationError, match="只能上传 PDF、Word"):
        announcement_file_check(SimpleUploadedFile("脚本.exe", b"MZ"))
    with pytest.raises(ValidationError, match="文件是空的"):
        announcement_file_check(SimpleUploadedFile("空.pdf", b""))
