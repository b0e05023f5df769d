"""The e-certificate PDF: real embedded fonts, the holder's name and number, a working QR token."""

import io

import pytest
from pypdf import PdfReader

from zhicheng.certificates.ecert import e_certificate_context, e_certificate_pdf
from zhicheng.certificates.selectors import certificate_public_get
from zhicheng.certificates.tokens import verification_token_make, verification_token_read

from .conftest import issue

pytestmark = pytest.mark.django_db


def _fonts(reader: PdfReader) -> list:
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.append(font)
            for descendant in font.get("/DescendantFonts", []):
                fonts.append(descendant.get_object())
    return fonts


def test_pdf_embeds_subset_fonts_and_carries_name_and_number(cast):
    cert = issue(cast["applicant_c"])
    pdf = e_certificate_pdf(cert)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert width > height  # A4 landscape
    fonts = _fonts(reader)
    assert fonts
    assert all(f.get("/Subtype") != "/Type3" for f in fonts)
    for font in fonts:
        if font.get("/Subtype") == "/Type0":
            continue  # the composite font's glyphs live in its descendant
        descriptor = font["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")
    assert any("CJK" in str(f.get("/BaseFont")) for f in fonts)
    text = reader.pages[0].extract_text()
    assert "王建国" in text
    assert cert.number in text.replace(" ", "")
    assert "专业技术资格证书" in text.replace(" ", "")
    assert cast["applicant_c"].id_number not in text  # masked on the certificate


def test_qr_token_round_trips(cast):
    cert = issue(cast["applicant_c"])
    token = verification_token_make(cert)
    assert verification_token_read(token) == (cert.pk, cert.number)
    assert certificate_public_get(pk=cert.pk, number=verification_token_read(token)[1]) == cert
    # A changed signature character (not the last one: its low bits are padding, so another letter
    # can decode to the same bytes, which made this assertion fail about once in a thousand runs).
    forged = token[:-10] + ("A" if token[-10] != "A" else "B") + token[-9:]
    assert verification_token_read(forged) is None
    assert verification_token_read("not-a-token") is None
    context = e_certificate_context(cert)
    assert context["verify_url"].startswith("http://127.0.0.1:8000/certificates/verify/t/")
    # the context signs a token of its own (signing.dumps stamps the second, so it may differ from ``token``
    # on a busy machine): what it names is the same certificate
    url_token = context["verify_url"].rstrip("/").rsplit("/", 1)[-1]
    assert verification_token_read(url_token) == (cert.pk, cert.number)
    assert context["qr"].startswith("data:image/svg+xml")


def test_a_token_signed_with_another_salt_is_refused(cast):
    from django.core import signing

    cert = issue(cast["applicant_c"])
    forged = signing.dumps({"i": cert.pk, "n": cert.number}, salt="something.else", compress=True)
    assert verification_token_read(forged) is None


def test_pdf_refuses_outside_resources(tmp_path, settings):
    from zhicheng.common.pdf import _fetcher_class

    fetcher = _fetcher_class()(tmp_path)
    with pytest.raises(ValueError):
        fetcher.fetch("http://example.com/x.png")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
