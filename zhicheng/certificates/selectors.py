"""Reads: who may see which certificate, and the public verification look-ups."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhicheng.common.validators import normalize_person_name
from zhicheng.orgs.constants import OrgKind, Role

from .models import Certificate
from .numbering import certificate_number_normalize

_RELATED = ("qualification", "series", "specialty", "committee__organisation", "recognising_bureau", "issuer")


def _with_related(qs: QuerySet) -> QuerySet:
    return qs.select_related(*_RELATED)


def managing_bureau_ids(*, user) -> list[int]:
    """HR bureaus at which the user is an active reviewer: they manage those bureaus' certificates."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        user.memberships.in_force()
        .filter(role=Role.REVIEWER, organisation__kind=OrgKind.HR_BUREAU)
        .values_list("organisation_id", flat=True)
    )


def certificates_held_by(*, user) -> QuerySet[Certificate]:
    """The user's own issued certificates (the only ones whose e-certificate they may download)."""
    if not getattr(user, "is_authenticated", False):
        return Certificate.objects.none()
    return _with_related(
        Certificate.objects.filter(holder=user, issued_on__isnull=False)
    ).select_related("replaced_by")


def certificates_managed_by(*, user) -> QuerySet[Certificate]:
    """Certificates of the HR bureaus where the user is a reviewer (for the staff page)."""
    bureau_ids = managing_bureau_ids(user=user)
    if not bureau_ids:
        return Certificate.objects.none()
    return _with_related(Certificate.objects.filter(issuer_id__in=bureau_ids))


def certificates_visible_to(*, user) -> QuerySet[Certificate]:
    """Every certificate the user may open: their own, and their bureaus' if they manage them."""
    if not getattr(user, "is_authenticated", False):
        return Certificate.objects.none()
    bureau_ids = managing_bureau_ids(user=user)
    condition = Q(holder=user) & Q(issued_on__isnull=False)
    if bureau_ids:
        condition |= Q(issuer_id__in=bureau_ids)
    return _with_related(Certificate.objects.filter(condition))


def certificates_search(qs: QuerySet[Certificate], *, query: str) -> QuerySet[Certificate]:
    """Staff search: a certificate number (or its beginning), the holder's identity document number
    of any type (also the other documents of the same person, linked at a window), or a name."""
    from zhicheng.accounts.models import person_document_digests, typed_document_digests

    raw, query = query, certificate_number_normalize(query)
    if not query:
        return qs
    condition = (
        Q(number__startswith=query) if query[:1].isdigit() else Q(holder_name__contains=normalize_person_name(raw))
    )
    digests = typed_document_digests(raw)
    if digests:
        digests, account_ids = person_document_digests(digests)
        condition |= Q(holder_id_digest__in=digests)
        if account_ids:
            condition |= Q(holder_id__in=account_ids)
    return qs.filter(condition)


# What the public result shows (certificates/_verify_result.html), and nothing else: the page is
# read by anyone, many times a second on results day.
_PUBLIC_FIELDS = (
    "number", "status", "holder_name", "holder_id_number", "holder_id_type", "level", "issued_on", "voided_at",
    "void_reason",  # shown only for a revocation (its reason is public); a void's reason is not shown
    "qualification__name", "series__name", "specialty__name", "committee__organisation__name",
    "recognising_bureau__name", "issuer__name", "replaced_by__number", "replaced_by__replaces",
)


def _public(qs: QuerySet[Certificate]) -> QuerySet[Certificate]:
    # Allocated numbers are not certificates yet: to the public they do not exist.
    return _with_related(qs.filter(issued_on__isnull=False)).select_related("replaced_by").only(*_PUBLIC_FIELDS)


def certificate_verify_lookup(*, number: str, holder_name: str) -> Certificate | None:
    """The certificate when number and holder name match exactly; None otherwise (no hint why)."""
    name = normalize_person_name(holder_name)
    if not name:
        return None
    return _public(Certificate.objects.filter(number=certificate_number_normalize(number), holder_name=name)).first()


def certificate_public_get(*, pk: int, number: str) -> Certificate | None:
    """The issued certificate with this id and number (both from a signed token), for the public."""
    return _public(Certificate.objects.filter(pk=pk, number=number)).first()


def certificate_number_next(*, issuer, level: int, year: int) -> str:
    """The number the next certificate of (``year``, ``issuer``, ``level``) would get now (SPEC §7),
    read without locking: what a confirmation screen shows before the issuing transaction allocates
    it (another issue in between takes it first, so it is shown as expected, not promised)."""
    from .models import CertificateCounter
    from .numbering import MAX_SERIAL, certificate_number_build

    last = (
        CertificateCounter.objects.filter(year=year, issuer=issuer, level=level)
        .values_list("last_serial", flat=True).first()
    ) or 0
    if last >= MAX_SERIAL:
        return "（本年度流水号已用尽）"
    return certificate_number_build(year=year, region_code=issuer.region_id, level=level, serial=last + 1)
