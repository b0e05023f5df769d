"""Stored identifiers that were saved before they were normalised (issue 16, SPEC §3).

Before ``normalize_identifier`` existed, a number typed with full-width digits, spaces or a lower-case
``x`` could be stored as typed: its keyed hash then differed from the same number typed plainly, and the
person got a second account (or a certificate that a search by the real number did not find).

* ``identifier_collisions`` finds accounts and certificates whose identifiers collide once normalised,
  for the service window to sort out with the people concerned (management command
  ``identifier_collisions``);
* ``stored_identifiers_normalise`` rewrites every stored identifier that can be normalised without
  colliding with another account (data migration ``accounts.0003``); each rewrite is audited, with
  the original text kept encrypted in the audit record.

Both take the models as arguments so that the data migration can pass its historical models.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from zhicheng.common import crypto
from zhicheng.common.masking import mask_id_number, mask_phone
from zhicheng.common.validators import normalize_id_number, normalize_phone


def _id_digest(number: str) -> str:
    return crypto.lookup_hash("id:" + number)


def _phone_digest(phone: str) -> str:
    return crypto.lookup_hash("phone:" + phone) if phone else ""


def _models(user_model, certificate_model):
    if user_model is None:
        from .models import User as user_model  # noqa: N813
    if certificate_model is None:
        from zhicheng.certificates.models import Certificate as certificate_model  # noqa: N813
    return user_model, certificate_model


@dataclass
class Collision:
    """Several records whose identifier is the same once normalised."""

    kind: str  # "id_number", "phone" or "certificate"
    masked: str  # the normalised identifier, masked
    accounts: list[tuple[int, str]] = field(default_factory=list)  # (account id, name)
    certificates: list[str] = field(default_factory=list)  # certificate numbers

    def describe(self) -> str:
        label = {"id_number": "身份证号码", "phone": "手机号码", "certificate": "证书持证人身份证号码"}[self.kind]
        parts = [f"{label} {self.masked}:"]
        parts += [f"账号#{pk} {name}" for pk, name in self.accounts]
        parts += [f"证书 {number}" for number in self.certificates]
        return " ".join(parts)


def identifier_collisions(*, user_model=None, certificate_model=None) -> list[Collision]:
    """Every group of accounts (ID number or phone) that collide after normalisation, and every
    group of certificates whose holder's ID number is stored in several forms (a search by the
    number found only some of them).

    Reads every account and certificate once (decrypting their numbers); raises nothing.
    """
    user_model, certificate_model = _models(user_model, certificate_model)
    by_id: dict[str, list[tuple[int, str]]] = defaultdict(list)
    by_phone: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pk, name, number, phone in user_model.objects.order_by("pk").values_list(
        "pk", "real_name", "id_number", "phone"
    ).iterator():
        by_id[normalize_id_number(number)].append((pk, name))
        if phone:
            by_phone[normalize_phone(phone)].append((pk, name))
    found = [
        Collision("id_number", mask_id_number(number), accounts=rows) for number, rows in by_id.items() if len(rows) > 1
    ]
    found += [Collision("phone", mask_phone(phone), accounts=rows) for phone, rows in by_phone.items() if len(rows) > 1]
    certificates: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for number, holder_number in certificate_model.objects.order_by("pk").values_list(
        "number", "holder_id_number"
    ).iterator():
        certificates[normalize_id_number(holder_number)].append((number, holder_number))
    for normal, rows in certificates.items():
        if len({raw for _, raw in rows}) > 1:  # the same person's number stored in several forms
            found.append(Collision(
                "certificate", mask_id_number(normal), accounts=by_id.get(normal, []),
                certificates=[number for number, _ in rows],
            ))
    return found


@dataclass
class NormaliseReport:
    accounts: int = 0  # accounts whose ID number or phone was rewritten
    certificates: int = 0
    left: list[str] = field(default_factory=list)  # what could not be rewritten (a collision), masked


def _audit(action: str, *, object_type: str, object_id: str, label: str, detail: dict) -> None:
    from zhicheng.audit.services import audit_record

    audit_record(action=action, object_type=object_type, object_id=object_id, object_label=label, detail=detail)


def _user_identifier_rewrite(
    user, name: str, value: str, digest: str, *, taken: set[str], changed: dict[str, str], report: NormaliseReport,
    left: str,
) -> None:
    """Put ``value`` (with its keyed hash ``digest``) into ``user``'s field ``name`` and ``<name>_digest``,
    keeping the stored text in ``changed``; unless another account already holds ``digest`` (``taken``,
    kept up to date), then ``left`` goes into ``report.left`` and the account stays as it is."""
    digest_name = f"{name}_digest"
    if digest in taken and digest != getattr(user, digest_name):
        report.left.append(left)
        return
    changed[name] = getattr(user, name)
    taken.discard(getattr(user, digest_name))
    setattr(user, name, value)
    setattr(user, digest_name, digest)
    taken.add(digest)


def stored_identifiers_normalise(*, user_model=None, certificate_model=None) -> NormaliseReport:
    """Rewrite stored ID numbers, phone numbers and certificate holder IDs to their normal form.

    An account is left as it is when its normalised number or phone already belongs to another
    account (``identifier_collisions`` reports it). Every rewrite writes an
    ``identifier.normalised`` audit record whose ``original_encrypted`` holds the text as it was
    stored (encrypted: the log never shows a full number). Run inside the caller's transaction.
    """
    user_model, certificate_model = _models(user_model, certificate_model)
    report = NormaliseReport()
    taken_ids = set(user_model.objects.values_list("id_number_digest", flat=True))
    taken_phones = set(user_model.objects.exclude(phone_digest="").values_list("phone_digest", flat=True))
    for user in user_model.objects.order_by("pk").iterator():
        changed: dict[str, str] = {}
        number = normalize_id_number(user.id_number)
        if number != user.id_number:
            _user_identifier_rewrite(user, "id_number", number, _id_digest(number), taken=taken_ids, changed=changed,
                                     report=report, left=f"账号#{user.pk} 身份证号码 {mask_id_number(number)}")
        phone = normalize_phone(user.phone) if user.phone else ""
        if phone != (user.phone or ""):
            _user_identifier_rewrite(user, "phone", phone, _phone_digest(phone), taken=taken_phones, changed=changed,
                                     report=report, left=f"账号#{user.pk} 手机号码 {mask_phone(phone)}")
        if changed:
            user.save(update_fields=["id_number", "id_number_digest", "phone", "phone_digest"])
            report.accounts += 1
            _audit(
                "identifier.normalised",
                object_type="accounts.user",
                object_id=str(user.pk),
                label=f"{user.real_name}({mask_id_number(user.id_number)})",
                detail={
                    "fields": sorted(changed),
                    "original_encrypted": {k: crypto.encrypt(v) for k, v in changed.items()},
                },
            )
    for certificate in certificate_model.objects.order_by("pk").iterator():
        number = normalize_id_number(certificate.holder_id_number)
        if number == certificate.holder_id_number:
            continue
        original = certificate.holder_id_number
        certificate.holder_id_number, certificate.holder_id_digest = number, _id_digest(number)
        certificate.save(update_fields=["holder_id_number", "holder_id_digest"])
        report.certificates += 1
        _audit(
            "identifier.normalised",
            object_type="certificates.certificate",
            object_id=str(certificate.pk),
            label=f"{certificate.number} {certificate.holder_name}",
            detail={
                "fields": ["holder_id_number"],
                "original_encrypted": {"holder_id_number": crypto.encrypt(original)},
            },
        )
    return report


def stored_names_normalise(*, user_model=None, certificate_model=None) -> int:
    """Rewrite stored account names and certificate holder names to ``normalize_person_name``
    (one U+00B7 for every middle-dot look-alike, NFKC, spaces), so that verification, which
    compares normal forms, finds certificates stored as typed. Names are not otherwise changed
    (one with digits stays for a person to correct). Each rewrite is audited with the original
    text. Returns the number of rows rewritten. Run inside the caller's transaction.
    """
    from zhicheng.common.validators import normalize_person_name

    user_model, certificate_model = _models(user_model, certificate_model)
    count = 0
    for model, field_name, object_type in (
        (user_model, "real_name", "accounts.user"), (certificate_model, "holder_name", "certificates.certificate")
    ):
        for pk, name in model.objects.order_by("pk").values_list("pk", field_name).iterator():
            normal = normalize_person_name(name)
            if normal == name or not normal:
                continue
            model.objects.filter(pk=pk).update(**{field_name: normal})
            if object_type == "accounts.user":
                from .identity import identity_forget

                identity_forget(pk)  # the kept identity holds the name; update() sends no signal
            count += 1
            _audit(
                "name.normalised", object_type=object_type, object_id=str(pk), label=normal,
                detail={"field": field_name, "original": name, "normalised": normal},
            )
    return count
