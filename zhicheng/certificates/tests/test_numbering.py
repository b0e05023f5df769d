"""Certificate number format, check character and parsing (SPEC §7)."""

import pytest
from django.core.exceptions import ValidationError

from zhicheng.certificates.numbering import (
    certificate_number_build,
    certificate_number_check_char,
    certificate_number_parse,
    is_valid_certificate_number,
)

# ISO 7064 MOD 11-2 weights for 17 digits: 2^(17-i) mod 11.
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def test_weights_are_the_id_card_weights():
    assert [pow(2, 17 - i, 11) for i in range(17)] == WEIGHTS


def test_worked_example_gives_1():
    # 2 0 2 6 4 4 1 6 0 0 3 0 0 0 0 0 1  (2026, 441600 河源市, level 3, serial 000001)
    # 2·7 + 2·10 + 6·5 + 4·8 + 4·4 + 1·2 + 6·1 + 3·7 + 1·2 = 14+20+30+32+16+2+6+21+2 = 143
    # 143 mod 11 = 0  →  "10X98765432"[0] = "1"
    assert certificate_number_check_char("20264416003000001") == "1"


def test_worked_example_gives_x():
    # serial 000002: the last digit adds 2·2 instead of 1·2 → 145; 145 mod 11 = 2 → "X"
    assert certificate_number_check_char("20264416003000002") == "X"


def test_worked_example_gives_0():
    # serial 000007: 143 - 2 + 7·2 = 155; 155 mod 11 = 1 → "0"
    assert certificate_number_check_char("20264416003000007") == "0"


def test_build_has_18_characters_in_the_spec_layout():
    number = certificate_number_build(year=2026, region_code="441600", level=3, serial=1)
    assert number == "202644160030000011"
    assert len(number) == 18
    assert number[:4] == "2026" and number[4:10] == "441600" and number[10] == "3" and number[11:17] == "000001"
    assert certificate_number_build(year=2026, region_code="441600", level=3, serial=2).endswith("X")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"year": 2026, "region_code": "4416", "level": 3, "serial": 1},
        {"year": 2026, "region_code": "441600", "level": 6, "serial": 1},
        {"year": 2026, "region_code": "441600", "level": 3, "serial": 0},
        {"year": 2026, "region_code": "441600", "level": 3, "serial": 1_000_000},
    ],
)
def test_build_refuses_impossible_parts(kwargs):
    with pytest.raises(ValueError):
        certificate_number_build(**kwargs)


def test_parse_returns_the_parts():
    parsed = certificate_number_parse(" 2026 4416 0030 0000 2x ")
    assert parsed.number == "20264416003000002X"
    assert (parsed.year, parsed.region_code, parsed.level, parsed.serial, parsed.check) == (2026, "441600", 3, 2, "X")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026441600300000", "应为18位"),
        ("2026441600300000A1", "前17位应为数字"),
        ("202644160070000017", "级别"),
        ("202644160030000012", "校验位不正确"),
        (certificate_number_build(year=2026, region_code="441600", level=3, serial=1)[:11] + "000000" + "0", "流水号"),
    ],
)
def test_parse_rejects_with_chinese_messages(value, message):
    with pytest.raises(ValidationError) as exc:
        certificate_number_parse(value)
    assert message in exc.value.messages[0]
    assert not is_valid_certificate_number(value)


def test_every_built_number_parses_back():
    for level in range(1, 6):
        for serial in (1, 2, 7, 10, 999_999):
            number = certificate_number_build(year=2019, region_code="440000", level=level, serial=serial)
            parsed = certificate_number_parse(number)
            assert (parsed.year, parsed.region_code, parsed.level, parsed.serial) == (2019, "440000", level, serial)
