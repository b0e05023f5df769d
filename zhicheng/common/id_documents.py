"""Identity documents (SPEC §3, §11.1): an account is keyed by (document type, number).

Each type has its own rules; every number is first put in its normal form (``normalize_identifier``).

* 居民身份证 (with 港澳台居民居住证, prefixes 81/82/83): GB 11643, ``validate_id_number``.
* 外国人永久居留身份证, two formats in use side by side:
  - 2017 edition, 15 characters: ISO 3166-1 alpha-3 nationality, 4-digit code of the receiving
    province and city, birth date YYMMDD, one digit (odd for men), one check digit computed as in
    machine-readable travel documents (ICAO 9303: weights 7, 3, 1; letters A=10 … Z=35; modulo 10);
  - 2023 edition (issued from 1 December 2023), 18 digits: ``9``, 2-digit province code of the
    receiving place, ISO 3166-1 numeric nationality, birth date YYYYMMDD, 2-digit sequence, one
    digit odd for men, and an ISO 7064 MOD 11-2 check character as on a 居民身份证
    (国家移民管理局《新版外国人永久居留身份证机读信息规则》, 2023).
* 港澳居民来往内地通行证: ``H`` (Hong Kong) or ``M`` (Macao) and 8 digits; the 2 digits some cards
  add after them count renewals, so they are dropped (the person keeps the same number).
* 台湾居民来往大陆通行证: 8 digits.
* Foreign passport: 5 to 17 letters and digits, with the nationality (ISO 3166-1 alpha-3; not CHN).

Birth date and sex come from the number for 居民身份证 and 外国人永久居留身份证; for the other types
they are entered by the person (``carries_birth_date``).
"""

from __future__ import annotations

import datetime as dt
import gettext
import re
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import (
    PROVINCE_PREFIXES,
    id_number_birth_date,
    id_number_gender,
    iso7064_mod11_2,
    normalize_identifier,
    validate_id_number,
)


class IdDocumentType(models.TextChoices):
    RESIDENT = "resident_id", _("居民身份证")
    FOREIGN_PERMANENT = "foreign_permanent_id", _("外国人永久居留身份证")
    HK_MACAO = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan_permit", _("台湾居民来往大陆通行证")
    PASSPORT = "passport", _("外国护照")


DEFAULT_DOCUMENT_TYPE = IdDocumentType.RESIDENT

# Types whose number carries the birth date and sex; for the others the person enters them.
CARRIES_BIRTH_DATE = frozenset({IdDocumentType.RESIDENT, IdDocumentType.FOREIGN_PERMANENT})
# Types whose holder's name may be written in Latin letters (names rule, validate_person_name).
LATIN_NAMES = frozenset({IdDocumentType.FOREIGN_PERMANENT, IdDocumentType.HK_MACAO, IdDocumentType.PASSPORT})


def carries_birth_date(document_type: str) -> bool:
    return document_type in CARRIES_BIRTH_DATE


def name_may_be_latin(document_type: str) -> bool:
    return document_type in LATIN_NAMES


def document_type_label(document_type: str) -> str:
    try:
        return str(IdDocumentType(document_type).label)
    except ValueError:
        return "证件"


# -- countries (ISO 3166-1, from pycountry, names in Chinese) ------------------------------------


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """(alpha-3 → Chinese name, numeric → alpha-3) for every ISO 3166-1 country."""
    import pycountry

    try:
        zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"]).gettext
    except OSError:  # pragma: no cover - the translations ship with pycountry
        zh = str
    names = {c.alpha_3: zh(c.name) for c in pycountry.countries}
    numeric = {c.numeric: c.alpha_3 for c in pycountry.countries}
    return names, numeric


def country_name(alpha_3: str) -> str:
    return _countries()[0].get(alpha_3, alpha_3)


def nationality_choices() -> list[tuple[str, str]]:
    """Every country but China, by Chinese name, for the nationality select (a new list each call)."""
    return list(_nationality_choices())


@lru_cache(maxsize=1)
def _nationality_choices() -> tuple[tuple[str, str], ...]:
    from pypinyin import lazy_pinyin

    names = _countries()[0]
    rows = [(code, f"{name}（{code}）") for code, name in names.items() if code not in NOT_PASSPORT_NATIONALITIES]
    return tuple(sorted(rows, key=lambda c: lazy_pinyin(c[1])))


# Chinese citizens (including 港澳台 residents) use their own documents, not a foreign passport.
NOT_PASSPORT_NATIONALITIES = frozenset({"CHN", "HKG", "MAC", "TWN"})


def normalize_nationality(value: object) -> str:
    return normalize_identifier(value)[:3]


# -- checks ----------------------------------------------------------------------------------------

_FPR_2023 = re.compile(r"^9[0-9]{16}[0-9X]$")
_FPR_2017 = re.compile(r"^[A-Z]{3}[0-9]{12}$")
_HK_MACAO = re.compile(r"^[HM][0-9]{8}([0-9]{2})?$")
_TAIWAN = re.compile(r"^[0-9]{8}$")
_PASSPORT = PASSPORT_SHAPE = re.compile(r"^[A-Z0-9]{5,17}$")


def icao_check_digit(text: str) -> str:
    """ICAO 9303 check digit: weights 7, 3, 1 repeating; digits as themselves, A=10 … Z=35, '<'=0."""
    def value(c: str) -> int:
        if c.isdigit():
            return int(c)
        if "A" <= c <= "Z":
            return ord(c) - ord("A") + 10
        return 0

    return str(sum(value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(text)) % 10)


@dataclass(frozen=True)
class IdDocument:
    """A validated document: its type, normal number, nationality, and what the number tells."""

    document_type: str
    number: str
    nationality: str = ""
    birth_date: dt.date | None = None
    gender: str = ""  # "M" / "F" when the number carries it


def _birth(value: dt.date, today: dt.date) -> dt.date:
    if value > today or value.year < 1900:
        raise ValueError
    return value


def _foreign_permanent(number: str, today: dt.date) -> IdDocument:
    names, numeric = _countries()
    if len(number) == 18:
        if not _FPR_2023.match(number):
            raise ValidationError("新版外国人永久居留身份证号码为18位：以9开头的17位数字加1位校验码。", code="id_chars")
        if number[1:3] not in PROVINCE_PREFIXES:
            raise ValidationError("外国人永久居留身份证号码第2、3位不是有效的省级行政区划代码。", code="id_province")
        nationality = numeric.get(number[3:6])
        if nationality is None:
            raise ValidationError("外国人永久居留身份证号码第4至6位不是有效的国籍代码。", code="id_nationality")
        try:
            birth = _birth(id_number_birth_date(number), today)
        except ValueError:
            raise ValidationError(
                "外国人永久居留身份证号码中的出生日期不正确，请核对第7至14位。", code="id_birth_date"
            ) from None
        if iso7064_mod11_2(number[:17]) != number[17]:
            raise ValidationError("外国人永久居留身份证号码校验位不正确，请核对是否输错。", code="id_check_digit")
        return IdDocument(IdDocumentType.FOREIGN_PERMANENT, number, nationality, birth, id_number_gender(number))
    if len(number) == 15:
        if not _FPR_2017.match(number):
            raise ValidationError("旧版外国人永久居留身份证号码为15位：3位国籍字母加12位数字。", code="id_chars")
        nationality = number[:3]
        if nationality not in names:
            raise ValidationError("外国人永久居留身份证号码前3位不是有效的国籍代码。", code="id_nationality")
        if number[3:5] not in PROVINCE_PREFIXES:
            raise ValidationError("外国人永久居留身份证号码第4、5位不是有效的省级行政区划代码。", code="id_province")
        yy, mm, dd = int(number[7:9]), int(number[9:11]), int(number[11:13])
        try:
            birth = dt.date(2000 + yy, mm, dd)
            if birth > today:
                birth = dt.date(1900 + yy, mm, dd)
            birth = _birth(birth, today)
        except ValueError:
            raise ValidationError(
                "外国人永久居留身份证号码中的出生日期不正确，请核对第8至13位。", code="id_birth_date"
            ) from None
        if icao_check_digit(number[:14]) != number[14]:
            raise ValidationError("外国人永久居留身份证号码校验位不正确，请核对是否输错。", code="id_check_digit")
        return IdDocument(
            IdDocumentType.FOREIGN_PERMANENT, number, nationality, birth, "M" if int(number[13]) % 2 else "F"
        )
    raise ValidationError(
        "外国人永久居留身份证号码为18位（2023年起签发）或15位（旧版），当前为%(n)d位。",
        code="id_length", params={"n": len(number)},
    )


def validate_id_document(
    document_type: str, value: object, *, nationality: object = "", today: dt.date | None = None
) -> IdDocument:
    """Validate a document number of the given type; return the ``IdDocument`` in normal form.

    Raises ``ValidationError`` with a Chinese message naming the fault (codes: id_type, id_length,
    id_chars, id_province, id_nationality, id_birth_date, id_check_digit, nationality).
    """
    today = today or timezone.localdate()
    number = normalize_identifier(value)
    if document_type == IdDocumentType.RESIDENT:
        if len(number) == 18 and number.startswith("9"):
            raise ValidationError(
                "以9开头的18位号码是外国人永久居留身份证号码，请在“证件类型”中选择外国人永久居留身份证。",
                code="id_type",
            )
        number = validate_id_number(number, today=today)
        return IdDocument(IdDocumentType.RESIDENT, number, "", id_number_birth_date(number), id_number_gender(number))
    if document_type == IdDocumentType.FOREIGN_PERMANENT:
        return _foreign_permanent(number, today)
    if document_type == IdDocumentType.HK_MACAO:
        if not _HK_MACAO.match(number):
            raise ValidationError("港澳居民来往内地通行证号码为H或M加8位数字（如H12345678）。", code="id_chars")
        return IdDocument(IdDocumentType.HK_MACAO, number[:9])
    if document_type == IdDocumentType.TAIWAN:
        if not _TAIWAN.match(number):
            raise ValidationError("台湾居民来往大陆通行证号码为8位数字。", code="id_chars")
        return IdDocument(IdDocumentType.TAIWAN, number)
    if document_type == IdDocumentType.PASSPORT:
        if not _PASSPORT.match(number):
            raise ValidationError("护照号码应为5至17位字母或数字。", code="id_chars")
        code = normalize_nationality(nationality)
        if not code:
            raise ValidationError("持外国护照请选择国籍。", code="nationality")
        if code in NOT_PASSPORT_NATIONALITIES or code not in _countries()[0]:
            raise ValidationError("请选择有效的国籍（中国公民请使用居民身份证）。", code="nationality")
        return IdDocument(IdDocumentType.PASSPORT, number, code)
    raise ValidationError("请选择证件类型。", code="id_type")


def document_lookup_key(document_type: str, number: str, nationality: str = "") -> str:
    """The text hashed for look-up and uniqueness: (type, number), and the nationality for
    passports. A 居民身份证 keeps the key it always had (``id:`` + number)."""
    if not document_type or document_type == IdDocumentType.RESIDENT:
        return "id:" + number
    if document_type == IdDocumentType.PASSPORT:
        return f"id:{document_type}:{nationality}:{number}"
    return f"id:{document_type}:{number}"


def guess_document_types(value: object) -> list[str]:
    """The document types whose shape a typed number has (for log-in by document number)."""
    number = normalize_identifier(value)
    types = []
    if len(number) == 18 and number[:1] != "9":
        types.append(IdDocumentType.RESIDENT)
    if (len(number) == 18 and number[:1] == "9") or _FPR_2017.match(number):
        types.append(IdDocumentType.FOREIGN_PERMANENT)
    if _HK_MACAO.match(number):
        types.append(IdDocumentType.HK_MACAO)
    if _TAIWAN.match(number):
        types.append(IdDocumentType.TAIWAN)
    return types
