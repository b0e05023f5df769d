"""The one error the exchange services raise: ``ExchangeError``, a ``ServiceError`` with a catalogue code.

Services know nothing of HTTP: they say *which* refusal it is (a code of the API's error catalogue,
``exchange.errors.ERROR_CODES``, documented in docs/api.md), the Chinese message and the details; the
API's edge (``exchange.errors.api_error_from``) turns it into the status and JSON body of that code.
"""

from __future__ import annotations

from typing import Any

from zhicheng.common.exceptions import ServiceError

from ..errors import ERROR_CODES


class ExchangeError(ServiceError):
    """An exchange service refused a request.

    Args:
        code: a key of ``ERROR_CODES`` (``KeyError`` otherwise: a programming error, caught by the
            tests rather than answered as a 500 with an unknown code).
        message: the Chinese message; the catalogue's default message of ``code`` when omitted.
        details: the JSON-able ``details`` of the answer (``field``, ``index``, …), or None for none.

    ``field`` (of ``ServiceError``) is ``details["field"]`` when there is one, so a page can show the
    message beside that field.
    """

    def __init__(self, code: str, message: str | None = None, *, details: dict[str, Any] | None = None) -> None:
        _status, default_message = ERROR_CODES[code]
        self.code = code
        self.details = details
        field = details.get("field") if isinstance(details, dict) else None
        super().__init__(message or default_message, field=field if isinstance(field, str) else None)


def item_error(code: str, index: int, field: str, message: str | None = None) -> ExchangeError:
    """The error of one item of a batch: the message is prefixed ``第N项（index=i）：`` (N = i + 1) and
    ``details`` is ``{"index": i, "field": field}``; ``message`` defaults to the catalogue's message."""
    base = message or ERROR_CODES[code][1]
    return ExchangeError(code, f"第{index + 1}项（index={index}）：{base}", details={"index": index, "field": field})
