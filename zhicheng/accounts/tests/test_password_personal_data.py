"""Passwords may not contain the birth date, the ID number or the phone number in any written form
(issue 18, finding 9: ``Ab#1995.05.05`` and ``Zc#0505-1995`` were accepted)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from zhicheng.accounts.password_validation import PersonalDataValidator


class _Person:
    id_number = "44162219950505123X"
    phone = "13812345678"
    birth_date = datetime.date(1995, 5, 5)


class _Person2:
    id_number = "440106198712030018"
    phone = "13900001111"
    birth_date = datetime.date(1987, 12, 3)


def _refused(password: str, person=_Person) -> bool:
    try:
        PersonalDataValidator().validate(password, person())
    except ValidationError as exc:
        assert exc.error_list[0].code == "password_personal_data"
        return True
    return False


@pytest.mark.parametrize(
    "password",
    [
        # reported
        "Ab#1995.05.05", "Zc#0505-1995",
        # the same kind: any separator, any order, with or without zero padding
        "Ab#19950505", "19950505Ab#", "Ab#1995/5/5", "Ab#1995-5-5", "Ab#5.5.1995", "Ab#05/05/1995",
        "Ab#1995 05 05", "Ab#1995年5月5日", "Ab#95.5.5", "Ab#950505", "Ab#050595", "Ab#5-5-95",
        "Ab#1995_05_05x", "Ab#１９９５．０５．０５",  # full-width digits and dot
    ],
)
def test_birth_date_in_any_written_form_is_refused(password):
    assert _refused(password), password


@pytest.mark.parametrize(
    "password",
    ["Ab#3.12.1987", "Ab#12/3/1987", "Ab#1987-12-03", "Ab#03121987", "Ab#12031987", "Ab#87.12.3", "Ab#1987123"],
)
def test_birth_date_orders_are_told_apart_by_value(password):
    assert _refused(password, _Person2), password


@pytest.mark.parametrize(
    "password",
    [
        "Ab#44162219950505123x", "Ab#4416 2219 9505 0512 3X", "Ab#05-123x", "Ab#0505-123X",  # ID, its tails
        "Ab#13812345678", "Ab#138-1234-5678", "Ab#138 1234 5678", "Ab#1234-5678", "Ab#１３８１２３４５６７８",
    ],
)
def test_id_number_and_phone_fragments_with_separators_are_refused(password):
    assert _refused(password), password


@pytest.mark.parametrize(
    "password", ["Lingnan#Spring42", "Ab#1996.05.05", "Ab#2024-06-30", "Zc#0506-1995", "Ab#1234-5679", "Ab#95.6.5"]
)
def test_other_numbers_are_accepted(password):
    assert not _refused(password), password


def test_without_a_person_nothing_is_checked():
    PersonalDataValidator().validate("Ab#1995.05.05", None)
