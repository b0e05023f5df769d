"""The audit of API calls: one audit row per call, labelled ``api.<url name>``, never a full ID number."""

from __future__ import annotations

from typing import Any

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_record

from ..models import ApiToken, ExternalSystem


def _endpoint(request) -> str:
    """``METHOD /route`` of the request (the URL pattern, so no certificate number is recorded)."""
    match = getattr(request, "resolver_match", None)
    route = f"/{match.route}" if match is not None and match.route else request.path
    return f"{request.method} {route}"


def api_action(request) -> str:
    """The audit action of an API request: ``api.<url name>`` (``api.call`` when it did not resolve)."""
    match = getattr(request, "resolver_match", None)
    name = match.url_name if match is not None else ""
    return f"api.{name}" if name else "api.call"


def api_call_audit(
    *, request, system: ExternalSystem, status: int, code: str = "", token: ApiToken | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """One audit row per API call: who (the system), what, the result. Never a full ID number.

    Args:
        request: the API request (its resolved URL names the action, ``api_action``; its
            ``idempotency_key``, if any, is recorded cut to 60 characters); system: the calling system;
        status: the HTTP status answered: below 400 is a success, 401/403/429 a denial, the rest a failure;
        code: the error catalogue code, if any; token: the token used (else ``request.api_token``);
        detail: more to record (counts, grouped certificate numbers).

    Returns the ``AuditEvent``; marks the request ``api_audited`` so the edge does not audit it twice.
    """
    if status < 400:
        result = AuditEvent.Result.SUCCESS
    elif status in (401, 403, 429):
        result = AuditEvent.Result.DENIED
    else:
        result = AuditEvent.Result.FAILURE
    token = token or getattr(request, "api_token", None)
    payload = {"endpoint": _endpoint(request), "status": status}
    if code:
        payload["code"] = code
    if token is not None:
        payload["token"] = token.prefix + "…"
    key = getattr(request, "idempotency_key", "")
    if key:
        payload["idempotency_key"] = key[:60]
    payload.update(detail or {})
    request.api_audited = True
    return audit_record(
        action=api_action(request), organisation=system.organisation, obj=system, object_label=system.audit_label,
        result=result, detail=payload,
    )
