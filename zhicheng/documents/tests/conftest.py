"""Helpers of the documents tests: reading PDFs back with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader


@pytest.fixture(autouse=True)
def kept_media(settings, tmp_path):
    """Kept PDFs (decision 0025) and uploads of these tests go to a directory of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def body(response) -> bytes:
    """The bytes of a response, streamed (a kept file) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def pdf_reader(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF")
    return PdfReader(io.BytesIO(pdf))


def pdf_text(reader: PdfReader) -> str:
    """All text of all pages with every whitespace removed (lines break anywhere in Chinese)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in reader.pages))


def pdf_fonts(reader: PdfReader) -> list:
    fonts = []
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            fonts.append(font)
            for descendant in font.get("/DescendantFonts", []):
                fonts.append(descendant.get_object())
    return fonts


def assert_fonts_embedded(reader: PdfReader) -> None:
    fonts = pdf_fonts(reader)
    assert fonts, "no fonts at all"
    assert all(f.get("/Subtype") != "/Type3" for f in fonts)
    for font in fonts:
        if font.get("/Subtype") == "/Type0":
            continue  # a composite font: its glyphs live in its descendant
        descriptor = font["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")
    names = " ".join(str(f.get("/BaseFont")) for f in fonts)
    assert "NotoSerifCJKSC" in names.replace("-", ""), names  # the 宋体-like body font
