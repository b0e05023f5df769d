"""Certificate numbers (证书编号), SPEC §7, and the gapless serial counters behind them.

Format, 18 characters::

    YYYY  RRRRRR  L  SSSSSS  C
    year  region  level serial check

* ``YYYY`` year of issue, ``RRRRRR`` the region code of the issuing HR bureau,
  ``L`` the level digit (``TitleLevel``: 1 正高级 … 5 员级), ``SSSSSS`` the serial within
  (year, issuer, level), from 000001;
* ``C`` the ISO 7064 MOD 11-2 check character over the first 17 digits (``X`` for 10), as on
  居民身份证 numbers.

Serials come from one ``CertificateCounter`` row per (year, issuer, level), locked with
``SELECT … FOR UPDATE`` inside the caller's transaction: no duplicates, no gaps, and a rolled
back issue gives its serial back (docs/decisions/0004-certificate-numbers.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from zhicheng.catalog.constants import TitleLevel
from zhicheng.common.validators import iso7064_mod11_2, normalize_identifier

NUMBER_LENGTH = 18
MAX_SERIAL = 999_999
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
NUMBER_REGEX = r"^[0-9]{17}[0-9X]$"  # for the database CheckConstraint


@dataclass(frozen=True)
class ParsedNumber:
    number: str
    year: int
    region_code: str
    level: int
    serial: int
    check: str


def certificate_number_check_char(first17: str) -> str:
    """The check character of a certificate number: ISO 7064 MOD 11-2 over its first 17 digits ('X' for
    10), as on 居民身份证 numbers (GB 11643). Raises ``ValueError`` unless ``first17`` is 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("the check character is computed over exactly 17 digits")
    return iso7064_mod11_2(first17)


def certificate_number_build(*, year: int, region_code: str, level: int, serial: int) -> str:
    """The 18-character number ``YYYY RRRRRR L SSSSSS C`` (SPEC §7): ``year`` (4 digits), the issuer's
    6-digit ``region_code``, the ``level`` digit (``TitleLevel`` 1–5), ``serial`` (1–999999, 6 digits) and
    the check character. Raises ``ValueError`` for a part out of range (a programming error: serials
    come from the counters)."""
    if not 1000 <= year <= 9999:
        raise ValueError(f"year out of range: {year}")
    if len(region_code) != 6 or not region_code.isdigit():
        raise ValueError(f"region code must be 6 digits: {region_code!r}")
    if level not in TitleLevel.values:
        raise ValueError(f"unknown level digit: {level}")
    if not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial out of range: {serial}")
    first17 = f"{year:04d}{region_code}{level:d}{serial:06d}"
    return first17 + certificate_number_check_char(first17)


def certificate_number_normalize(value: str) -> str:
    """A typed certificate number in its normal form (``normalize_identifier``: width, spaces, case)."""
    return normalize_identifier(value)


def certificate_number_parse(value: str) -> ParsedNumber:
    """Parse and validate a number; ValidationError with a Chinese message when it is wrong."""
    number = certificate_number_normalize(value)
    if len(number) != NUMBER_LENGTH:
        raise ValidationError(
            "证书编号应为18位，当前为%(n)d位。", code="certificate_number_length", params={"n": len(number)}
        )
    if not _SHAPE.match(number):
        raise ValidationError("证书编号前17位应为数字，最后一位为数字或X。", code="certificate_number_chars")
    level = int(number[10])
    if level not in TitleLevel.values:
        raise ValidationError("证书编号第11位（级别）应为1至5。", code="certificate_number_level")
    serial = int(number[11:17])
    if serial == 0:
        raise ValidationError("证书编号中的流水号不能为000000。", code="certificate_number_serial")
    if certificate_number_check_char(number[:17]) != number[17]:
        raise ValidationError("证书编号校验位不正确，请核对是否输错。", code="certificate_number_check")
    return ParsedNumber(
        number=number,
        year=int(number[:4]),
        region_code=number[4:10],
        level=level,
        serial=serial,
        check=number[17],
    )


def certificate_number_grouped(number: str) -> str:
    """``2030-441600-4-000013-3``: the parts apart. Used in the audit log, whose scrubber masks
    every 18-character digit string as if it were an ID number (a certificate number has the
    same shape and check character)."""
    if len(number) != NUMBER_LENGTH:
        return number
    return f"{number[:4]}-{number[4:10]}-{number[10]}-{number[11:17]}-{number[17]}"


def validate_certificate_number(value: str) -> None:
    """Django validator: ``ValidationError`` with the Chinese reason when ``value`` is not a well-formed
    certificate number (``certificate_number_parse``)."""
    certificate_number_parse(value)


def is_valid_certificate_number(value: str) -> bool:
    """Whether ``value`` is a well-formed certificate number (length, digits, level, serial, check
    character); never raises."""
    try:
        certificate_number_parse(value)
    except ValidationError:
        return False
    return True


def serials_reserve(*, issuer, level: int, year: int, count: int = 1) -> int:
    """Reserve ``count`` consecutive serials and return the first one.

    Must run inside the transaction that uses them: the counter row stays locked until that
    transaction ends, and a rollback returns the serials (no gap).
    """
    from .models import CertificateCounter

    if count < 1:
        raise ValueError("count must be at least 1")
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("serials_reserve() must be called inside transaction.atomic()")
    key = {"year": year, "issuer_id": issuer.pk, "level": level}
    last = _counter_bump(connection, key, count)
    if last is None:
        # No row yet, or too few serials left. Make sure the row exists (race-free: INSERT … ON
        # CONFLICT DO NOTHING, INSERT OR IGNORE on SQLite; a concurrent creator makes us wait on
        # the unique index until it commits or rolls back), then try once more: only now does
        # "no row updated" mean the serials have run out. (Asking "does the row exist?" instead
        # would race with a creator that commits in between.)
        CertificateCounter.objects.bulk_create([CertificateCounter(**key, last_serial=0)], ignore_conflicts=True)
        last = _counter_bump(connection, key, count)
        if last is None:
            raise ValidationError(
                "本年度该发证机关该级别的证书流水号已用尽（最多999999个）。", code="certificate_serials_exhausted"
            )
    return last - count + 1


def _counter_bump(connection, key: dict, count: int) -> int | None:
    """One statement: lock the counter row (until the transaction ends), add ``count`` and read
    the new last serial; None when the row is missing or the serials would run out.

    ``UPDATE … RETURNING`` (PostgreSQL, SQLite ≥ 3.35) instead of ``SELECT … FOR UPDATE`` then
    ``UPDATE``: one round trip instead of two, and no ORM query compilation on the hot path
    (docs/benchmarks.md, number allocation).
    """
    from .models import CertificateCounter

    table = connection.ops.quote_name(CertificateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_serial = last_serial + %s "  # noqa: S608 - table name from the model
            "WHERE year = %s AND issuer_id = %s AND level = %s AND last_serial + %s <= %s RETURNING last_serial",
            [count, key["year"], key["issuer_id"], key["level"], count, MAX_SERIAL],
        )
        row = cursor.fetchone()
    return row[0] if row else None
