"""Payment providers: how an applicant pays and how the committee office learns of it (decision 0035).

One small interface, :class:`PaymentProvider`; providers register by ``code`` and the ``FEE_PAYMENT_PROVIDER``
setting names the active one (:func:`provider_active`). This project ships only the offline provider
(:data:`OFFLINE`): the applicant pays by bank transfer (or at the office's window) quoting the 缴费识别码, and
the office records each payment by hand or imports the bank's reconciliation file. Nothing calls outside
the server. An online provider (a bank's or a government payment platform's) would implement the same
interface — ``instructions`` for the applicant and whether the office records by hand or by file — plus its
own confirmation path, which would call ``services.fee_payment_record`` like the office does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings


class PaymentProvider(Protocol):
    """What the fee step needs from a way of paying.

    ``code``: the stable key stored on each notice (``FeeNotice.provider``); ``label``: its Chinese name;
    ``manual_records`` / ``reconciliation_files``: whether the office records payments one by one / imports
    bank reconciliation files under it; ``instructions(notice)``: [(label, value)] the applicant reads on
    the case page and in the payment notice (payee, account, bank, what to write in the transfer's note)."""

    code: str
    label: str
    manual_records: bool
    reconciliation_files: bool

    def instructions(self, notice) -> list[tuple[str, str]]: ...


@dataclass(frozen=True)
class OfflineProvider:
    """Bank transfer or payment at the window, recorded by the committee office by hand or from the bank's file."""

    code: str = "offline"
    label: str = "线下缴费（银行转账或窗口缴费）"
    manual_records: bool = True
    reconciliation_files: bool = True

    def instructions(self, notice) -> list[tuple[str, str]]:
        return [
            ("收款单位", notice.payee_name),
            ("收款账号", notice.payee_account),
            ("开户银行", notice.payee_bank),
            ("转账附言", f"请填写缴费识别码 {notice.reference}（仅填写识别码，勿填身份证号）"),
        ]


OFFLINE = OfflineProvider()
_PROVIDERS: dict[str, PaymentProvider] = {}


def provider_register(provider: PaymentProvider) -> PaymentProvider:
    """Register (or re-register) ``provider`` under its ``code``."""
    _PROVIDERS[provider.code] = provider
    return provider


def provider_get(code: str) -> PaymentProvider:
    """The provider registered as ``code``; ``LookupError`` if none is."""
    try:
        return _PROVIDERS[code]
    except KeyError:
        raise LookupError(f"unknown payment provider {code!r}") from None


def provider_active() -> PaymentProvider:
    """The provider named by the ``FEE_PAYMENT_PROVIDER`` setting (default ``offline``)."""
    return provider_get(settings.FEE_PAYMENT_PROVIDER)
