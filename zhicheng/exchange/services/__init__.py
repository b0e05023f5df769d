"""Writes of the exchange app, one module per concern (decision 0037):

* ``systems``: managing external systems (对接系统) and their tokens;
* ``call_audit``: the audit row of every API call;
* ``idempotency``: one stored answer per Idempotency-Key (``idempotent_write``);
* ``resolve``: resolving what an external system sends (committee, issuer, level, qualification);
* ``numbers``: ``numbers:allocate``;
* ``certificates``: ``certificates:write`` and the API's representation of a certificate;
* ``errors``: ``ExchangeError``, the one error they raise — a ``ServiceError`` with a code of the API's
  error catalogue, turned into the HTTP answer at the API's edge (``exchange.errors.api_error_from``).

The API's certificate work goes through the certificates app's services (same counters, same rows,
same audit). Import from this package (``from zhicheng.exchange import services``); the names below are
its public surface.
"""

from ..models import Scope
from .call_audit import api_action, api_call_audit
from .certificates import certificate_out, certificate_void_for_system, certificates_report, numbers_label
from .errors import ExchangeError
from .idempotency import idempotency_key_check, idempotency_records_prune, idempotent_write, request_hash
from .numbers import numbers_allocate
from .systems import (
    api_token_issue,
    api_token_register,
    api_token_revoke,
    external_system_create,
    external_system_update,
)

__all__ = [
    "ExchangeError", "Scope", "api_action", "api_call_audit", "api_token_issue", "api_token_register",
    "api_token_revoke", "certificate_out", "certificate_void_for_system", "certificates_report",
    "external_system_create", "external_system_update", "idempotency_key_check", "idempotency_records_prune",
    "idempotent_write", "numbers_allocate", "numbers_label", "request_hash",
]
