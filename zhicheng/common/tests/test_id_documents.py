"""Identity documents other than the 居民身份证 (issue 16 finding 5): each type's own rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from zhicheng.common.id_documents import (
    IdDocumentType,
    icao_check_digit,
    nationality_choices,
    validate_id_document,
)
from zhicheng.common.masking import mask_id_number
from zhicheng.common.validators import iso7064_mod11_2

FPR = IdDocumentType.FOREIGN_PERMANENT


def test_the_reported_2023_foreign_permanent_residence_number_is_valid():
    # 9 · 44 广东 · 840 USA · 1985-03-15 · 00 · 1 (male) · check 4
    doc = validate_id_document(FPR, "944840198503150014")
    assert doc.number == "944840198503150014" and doc.nationality == "USA"
    assert doc.birth_date == dt.date(1985, 3, 15) and doc.gender == "M"
    assert validate_id_document(FPR, "９４４８４０ １９８５０３１５ ００１４").number == "944840198503150014"


def test_a_9_number_typed_as_resident_id_says_which_type_it_is():
    with pytest.raises(ValidationError) as exc:
        validate_id_document(IdDocumentType.RESIDENT, "944840198503150014")
    assert exc.value.code == "id_type" and "外国人永久居留身份证" in exc.value.messages[0]


def fpr(first17: str) -> str:
    return first17 + iso7064_mod11_2(first17)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("944840198503150015", "id_check_digit"),
        (fpr("99984019850315001"), "id_province"),
        (fpr("94499919850315001"), "id_nationality"),  # 999 is no ISO 3166 country
        (fpr("94484019850230001"), "id_birth_date"),  # 30 February
        ("94484019850315001", "id_length"),
        ("94484019850315001A", "id_chars"),
    ],
)
def test_2023_format_faults(number, code):
    with pytest.raises(ValidationError) as exc:
        validate_id_document(FPR, number)
    assert exc.value.code == code


def test_2017_format_with_its_icao_check_digit():
    # KAZ · 1100 北京 · 1990-12-31 · 0 · check 5 (ICAO 9303 7-3-1)
    assert icao_check_digit("KAZ11009012310") == "5"
    doc = validate_id_document(FPR, "kaz110090123105")
    assert doc.number == "KAZ110090123105" and doc.nationality == "KAZ"
    assert doc.birth_date == dt.date(1990, 12, 31) and doc.gender == "F"
    for bad, code in (("KAZ110090123106", "id_check_digit"), ("KAA110090123105", "id_nationality"),
                      ("KAZ990090123105", "id_province")):
        with pytest.raises(ValidationError) as exc:
            validate_id_document(FPR, bad)
        assert exc.value.code == code


def test_hk_macao_permit_drops_the_renewal_digits():
    assert validate_id_document(IdDocumentType.HK_MACAO, "h1234567801").number == "H12345678"
    assert validate_id_document(IdDocumentType.HK_MACAO, "M 1234 5678").number == "M12345678"
    with pytest.raises(ValidationError):
        validate_id_document(IdDocumentType.HK_MACAO, "A12345678")


def test_taiwan_permit_is_eight_digits():
    assert validate_id_document(IdDocumentType.TAIWAN, "１２３４５６７８").number == "12345678"
    with pytest.raises(ValidationError):
        validate_id_document(IdDocumentType.TAIWAN, "1234567")


def test_passport_needs_a_foreign_nationality():
    doc = validate_id_document(IdDocumentType.PASSPORT, "e 1234 5678", nationality="deu")
    assert doc.number == "E12345678" and doc.nationality == "DEU" and doc.birth_date is None
    for nationality in ("", "CHN", "XYZ", "TWN"):
        with pytest.raises(ValidationError) as exc:
            validate_id_document(IdDocumentType.PASSPORT, "E12345678", nationality=nationality)
        assert exc.value.code == "nationality"


def test_nationality_choices_are_iso_3166_in_chinese_without_china():
    choices = dict(nationality_choices())
    assert choices["USA"] == "美国（USA）" and "CHN" not in choices and len(choices) > 200


@pytest.mark.parametrize(
    ("number", "masked"),
    [("944840198503150014", "944840********0014"), ("KAZ110090123105", "KAZ110*****3105"),
     ("H12345678", "H1*****78"), ("12345678", "12****78")],
)
def test_every_document_number_is_masked(number, masked):
    assert mask_id_number(number) == masked
