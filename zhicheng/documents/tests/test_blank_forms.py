"""Blank 评审表 and 考核认定表 (issue 22): PDF from the same templates with nothing filled in, and an
editable Word file; public, with no personal data."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from zhicheng.documents.blank_forms import BLANK_FORMS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", list(BLANK_FORMS))
def test_blank_pdf_is_the_printed_form_empty(client, code):
    from pypdf import PdfReader

    response = client.get(reverse("documents:blank_form_pdf", args=[code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    squeezed = "".join(text.split())
    form = BLANK_FORMS[code]
    for heading in (
        "基本情况",
        "学习经历",
        "工作经历",
        "提交资料清单",
        "申报人承诺",
        "审核意见",
        form.opinions[0],
        form.opinions[-1],
    ):
        assert heading in squeezed, heading
    # nothing of anyone: no ID number, no "无"/"—" placeholders of a filled form's empty values
    assert "（尚未提交" not in squeezed and "—" not in text


@pytest.mark.parametrize("code", list(BLANK_FORMS))
def test_blank_docx_opens_in_word(client, code):
    from docx import Document

    response = client.get(reverse("documents:blank_form_docx", args=[code]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(response.content))
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    assert BLANK_FORMS[code].title in paragraphs and "七、申报人承诺" in paragraphs
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert {"起止时间", "毕业院校", "身份证号码", "材料名称"} <= cells
    assert BLANK_FORMS[code].opinions[-1] in cells


def test_unknown_form_is_404(client):
    assert client.get("/documents/blank/no-such-form.pdf").status_code == 404
    assert client.get("/documents/blank/no-such-form.docx").status_code == 404


def test_the_download_page_lists_both_formats(client):
    html = client.get(reverse("announcements:blank_forms")).content.decode()
    for code in BLANK_FORMS:
        assert reverse("documents:blank_form_pdf", args=[code]) in html
        assert reverse("documents:blank_form_docx", args=[code]) in html
