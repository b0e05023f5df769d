"""The electronic certificate (电子证书): a PDF with a QR code that opens its verification page."""

from __future__ import annotations

import segno
from django.conf import settings

from zhicheng.common.pdf import render_pdf

from .models import Certificate
from .tokens import verification_url


def qr_data_uri(url: str) -> str:
    """An SVG QR code as a data URI (vector, so it prints sharp; nothing is fetched)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#000000")


def e_certificate_context(certificate: Certificate) -> dict:
    url = verification_url(certificate)
    return {
        "certificate": certificate,
        "verify_url": url,
        "verify_page": settings.DEFAULT_PUBLIC_BASE_URL.rstrip("/") + "/certificates/verify/",
        "qr": qr_data_uri(url),
        "site_name": settings.SITE_NAME,
    }


def e_certificate_pdf(certificate: Certificate) -> bytes:
    return render_pdf("certificates/e_certificate.html", e_certificate_context(certificate))


def e_certificate_filename(certificate: Certificate) -> str:
    return f"职称证书_{certificate.holder_name}_{certificate.number}.pdf"
