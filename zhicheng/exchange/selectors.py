"""Reads: which external systems a user may manage, and which certificates a system may see."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from zhicheng.certificates.models import Certificate
from zhicheng.certificates.numbering import certificate_number_normalize

from .models import ExternalSystem

_CERT_RELATED = ("qualification", "series", "specialty", "committee__organisation", "issuer")


def can_manage_external_systems(*, user) -> bool:
    """Only system administrators (三权分立: the system duty) manage external systems."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "admin_duty", "") == "system")


def external_systems_visible_to(*, user) -> QuerySet[ExternalSystem]:
    """The external systems ``user`` may manage (all of them for a system administrator, none for anyone
    else), each with ``token_count``: its tokens not revoked."""
    if not can_manage_external_systems(user=user):
        return ExternalSystem.objects.none()
    return ExternalSystem.objects.select_related("organisation").annotate(
        token_count=Count("tokens", filter=Q(tokens__revoked_at__isnull=True), distinct=True)
    )


def certificates_visible_to_system(*, system: ExternalSystem) -> QuerySet[Certificate]:
    """Certificates within the system's scope: issued by one of its issuers or decided by one of its committees."""
    issuer_ids = list(system.issuers.values_list("pk", flat=True))
    committee_ids = list(system.committees.values_list("pk", flat=True))
    if not issuer_ids and not committee_ids:
        return Certificate.objects.none()
    return Certificate.objects.filter(Q(issuer_id__in=issuer_ids) | Q(committee_id__in=committee_ids)).select_related(
        *_CERT_RELATED
    )


def certificate_for_system(*, system: ExternalSystem, number: str) -> Certificate | None:
    """The certificate numbered ``number`` (any accepted spelling, normalised) if it is within the system's
    scope (``certificates_visible_to_system``: its issuers or committees), else None (the API answers 404)."""
    return certificates_visible_to_system(system=system).filter(number=certificate_number_normalize(number)).first()


def certificates_of_person_for_system(
    *, system: ExternalSystem, id_number: str, document_type: str = "resident_id", nationality: str = ""
) -> QuerySet[Certificate]:
    """The person's certificates by (document type, number[, nationality]) within the system's
    scope: also those issued under another document of the same person that was linked to their
    account at a service window (accounts.LinkedDocument)."""
    from zhicheng.accounts.models import id_digest, person_document_digests

    digests, account_ids = person_document_digests([id_digest(id_number, document_type, nationality)])
    condition = Q(holder_id_digest__in=digests)
    if account_ids:
        condition |= Q(holder_id__in=account_ids)
    return certificates_visible_to_system(system=system).filter(condition).order_by("-issued_on", "number")


def certificate_allocated_to(*, system: ExternalSystem, number: str) -> Certificate | None:
    """The certificate of ``number`` if this system was allocated it (only then may it report or void it)."""
    return (
        Certificate.objects.filter(number=certificate_number_normalize(number), allocation__system=system)
        .select_related(*_CERT_RELATED)
        .first()
    )
