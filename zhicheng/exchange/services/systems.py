"""Management of external systems (对接系统) and their API tokens, by the system administrator's pages.

Every change is audited (``exchange.system.create`` / ``.update``, ``exchange.token.issue`` / ``.revoke``);
a token's plain value is returned once and only its digest is stored (``exchange.auth``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.catalog.models import Committee
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation

from ..auth import token_digest, token_generate, token_prefix
from ..models import ApiToken, ExternalSystem

_SYSTEM_FIELDS = ("name", "organisation", "scopes", "is_active", "expires_at", "contact", "note")


def _system_snapshot(system: ExternalSystem) -> dict[str, Any]:
    return {
        "name": system.name,
        "organisation": system.organisation.name if system.organisation_id else "",
        "scopes": list(system.scopes or []),
        "is_active": system.is_active,
        "expires_at": system.expires_at.isoformat() if system.expires_at else None,
        "contact": system.contact,
        "note": system.note,
        "issuers": sorted(system.issuers.values_list("name", flat=True)) if system.pk else [],
        "committees": sorted(c.name for c in system.committees.select_related("organisation")) if system.pk else [],
    }


def _check_issuers(issuers: Iterable[Organisation]) -> list[Organisation]:
    issuers = list(issuers)
    if any(o.kind != OrgKind.HR_BUREAU for o in issuers):
        raise ValidationError({"issuers": "发证机关只能是人社部门。"})
    return issuers


@transaction.atomic
def external_system_create(
    *, actor, name: str, organisation: Organisation, scopes: Sequence[str], issuers: Iterable[Organisation] = (),
    committees: Iterable[Committee] = (), is_active: bool = True, expires_at: dt.datetime | None = None,
    contact: str = "", note: str = "",
) -> ExternalSystem:
    """Register an external system (a city's or an industry's title system) that may call the API.

    Args:
        actor: the system administrator or exchange administrator doing it (audited).
        name: the system's name, unique; organisation: the HR bureau or body that runs it.
        scopes: ``Scope`` values it may use; issuers / committees: the bodies it may allocate numbers
            and report certificates for (issuers must be HR bureaus).
        expires_at: when its tokens stop working (aware datetime) or None.

    Returns the saved system. Raises ``ValidationError`` for a bad field or an issuer that is not an
    HR bureau. Audited as ``exchange.system.create`` with the whole record."""
    issuers = _check_issuers(issuers)
    system = ExternalSystem(
        name=name.strip(), organisation=organisation, scopes=list(scopes), is_active=is_active,
        expires_at=expires_at, contact=contact, note=note,
    )
    system.full_clean()
    system.save()
    system.issuers.set(issuers)
    system.committees.set(list(committees))
    audit_record(
        action="exchange.system.create", actor=actor, organisation=organisation, obj=system,
        object_label=system.audit_label, detail={"after": _system_snapshot(system)},
    )
    return system


@transaction.atomic
def external_system_update(
    *, actor, system: ExternalSystem, issuers: Iterable[Organisation] | None = None,
    committees: Iterable[Committee] | None = None, **fields: Any,
) -> ExternalSystem:
    """Change an external system's fields, issuers or committees (None leaves them as they are).

    ``fields`` are limited to the editable ones (``TypeError`` otherwise, a programming error). Raises
    ``ValidationError`` for a bad value. Audited as ``exchange.system.update`` with each changed field's
    before and after."""
    unknown = set(fields) - set(_SYSTEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    system = ExternalSystem.objects.select_for_update().get(pk=system.pk)
    before = _system_snapshot(system)
    for name, value in fields.items():
        setattr(system, name, value.strip() if name == "name" else value)
    system.full_clean()
    system.save()
    if issuers is not None:
        system.issuers.set(_check_issuers(issuers))
    if committees is not None:
        system.committees.set(list(committees))
    after = _system_snapshot(system)
    changed = {k: {"before": before[k], "after": after[k]} for k in after if before[k] != after[k]}
    audit_record(
        action="exchange.system.update", actor=actor, organisation=system.organisation, obj=system,
        object_label=system.audit_label, detail={"changed": changed},
    )
    return system


def _token_store(*, system: ExternalSystem, token: str, label: str, actor, expires_at: dt.datetime | None) -> ApiToken:
    api_token = ApiToken(
        system=system, label=label.strip(), prefix=token_prefix(token), digest=token_digest(token),
        created_by=actor if getattr(actor, "is_authenticated", False) else None, expires_at=expires_at,
    )
    api_token.full_clean()
    api_token.save()
    audit_record(
        action="exchange.token.issue", actor=actor, organisation=system.organisation, obj=system,
        object_label=system.audit_label,
        detail={"token": api_token.prefix + "…", "label": api_token.label,
                "expires_at": expires_at.isoformat() if expires_at else None},
    )
    return api_token


@transaction.atomic
def api_token_issue(
    *, actor, system: ExternalSystem, label: str = "", expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``system``: returns (the stored ``ApiToken``, the plain value). The plain value is
    returned this once and never stored (only its prefix and digest). ``expires_at``: aware datetime or
    None (no expiry of its own). Audited as ``exchange.token.issue``."""
    token = token_generate()
    return _token_store(system=system, token=token, label=label, actor=actor, expires_at=expires_at), token


@transaction.atomic
def api_token_register(*, system: ExternalSystem, token: str, label: str, actor=None) -> ApiToken:
    """Store a token chosen by the caller (the published demo token); hashed like any other.

    Returns the stored ``ApiToken`` (the existing one when this value is already registered to
    ``system``). Raises ``ValidationError`` when the value belongs to another system."""
    existing = ApiToken.objects.filter(digest=token_digest(token)).first()
    if existing is not None:
        if existing.system_id != system.pk:
            raise ValidationError("该令牌已属于另一对接系统。")
        return existing
    return _token_store(system=system, token=token, label=label, actor=actor, expires_at=None)


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke at once: the next call with it gets 401 ``token_revoked``. Revoking a revoked token does
    nothing. Returns the token as saved. Audited as ``exchange.token.revoke``."""
    token = ApiToken.objects.select_for_update().select_related("system__organisation").get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        action="exchange.token.revoke", actor=actor, organisation=token.system.organisation, obj=token.system,
        object_label=token.system.audit_label, detail={"token": token.prefix + "…", "label": token.label},
    )
    return token
