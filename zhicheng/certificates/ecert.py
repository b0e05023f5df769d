"""The electronic certificate (电子证书): a PDF with a QR code that opens its verification page.

It is a kept document (zhicheng/common/kept.py, decision 0025): rendered once per version — the
certificate's own columns, the names it prints, its verification link and the site's name and address —
ahead by the worker when it is issued or replaced, and deleted when it is voided or replaced.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.utils.crypto import salted_hmac

from zhicheng.common.kept import KeptKind, kept_kind_register
from zhicheng.common.pdf import render_pdf

from .models import Certificate, CertificateStatus
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


TEMPLATE = "certificates/e_certificate.html"
E_CERTIFICATE = "e_certificate"
#: What the e-certificate prints from related rows: loaded in the download's one query.
PRINTED_RELATIONS = ("holder", "replaces", "qualification", "series", "specialty", "committee",
                     "recognising_bureau", "issuer")


def e_certificate_pdf(certificate: Certificate) -> bytes:
    return render_pdf(TEMPLATE, e_certificate_context(certificate))


def e_certificate_inputs(certificate: Certificate) -> list:
    """Exactly what the e-certificate prints (its version, with the template's source): the masked ID
    number and the keyed digest of the full one, never the number itself. Reads no row beyond
    :data:`PRINTED_RELATIONS`."""
    c = certificate
    return [
        c.pk, c.number, c.status, c.holder_name, c.holder_id_type, c.holder_id_digest, c.masked_holder_id_number,
        c.holder_gender_label, c.holder_birth_date, c.qualification.name, c.series.name,
        c.specialty.name if c.specialty_id else None, c.level, c.committee.name if c.committee_id else None,
        c.recognising_bureau.name if c.recognising_bureau_id else None, c.issuer.name, c.issued_on,
        c.replaces.number if c.replaces_id else None, settings.SITE_NAME, settings.DEFAULT_PUBLIC_BASE_URL,
        # The QR code's token is signed with a timestamp (a new one at every render): its inputs are the id
        # and number above and the signing key, named here by an HMAC under it (a new key, a new version).
        salted_hmac("zhicheng.certificates.ecert.version", "verification", algorithm="sha256").hexdigest(),
    ]


def e_certificate_load(pk: int) -> Certificate | None:
    """A valid certificate with what it prints, or None (only a valid certificate has an e-certificate)."""
    return (
        Certificate.objects.filter(pk=pk, status=CertificateStatus.VALID).select_related(*PRINTED_RELATIONS).first()
    )


def e_certificate_kind_register() -> None:
    """Register the e-certificate as a kept document (called from ``CertificatesConfig.ready``)."""
    kept_kind_register(KeptKind(
        code=E_CERTIFICATE, label="电子证书", load=e_certificate_load, inputs=e_certificate_inputs,
        render=e_certificate_pdf, templates=(TEMPLATE,),
    ))


def e_certificate_filename(certificate: Certificate) -> str:
    return f"职称证书_{certificate.holder_name}_{certificate.number}.pdf"
