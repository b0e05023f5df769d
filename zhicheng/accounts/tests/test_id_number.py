"""GB 11643 ID-number check: check digit, real birth date, province prefix; no region lookup."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from zhicheng.common.validators import PROVINCE_PREFIXES, iso7064_mod11_2, validate_id_number


def make(first17: str) -> str:
    return first17 + iso7064_mod11_2(first17)


def code_of(exc_info) -> str:
    return exc_info.value.code


@pytest.mark.parametrize(
    "first17",
    [
        "11010519491231002",  # 北京 1949 (the GB 11643 example: check X)
        "44010619800101123",  # 广州天河 1980
        "44162219900315013",  # 河源龙川 1990
        "31011519751120246",  # 上海浦东 1975
        "51010420010704567",  # 成都锦江 2001
        "65010220120229891",  # 乌鲁木齐 leap day 2012
        "81000019670808010",  # 香港居民居住证 prefix
    ],
)
def test_valid_numbers_from_several_provinces_and_years(first17):
    number = make(first17)
    assert validate_id_number(number) == number


def test_known_real_format_example_with_x():
    assert iso7064_mod11_2("11010519491231002") == "X"
    assert validate_id_number("11010519491231002X") == "11010519491231002X"


def test_lower_case_x_is_accepted_and_normalised():
    assert validate_id_number("11010519491231002x") == "11010519491231002X"
    assert validate_id_number(" 110105 19491231 002x ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("region", "created"),
    [("440113", 2000), ("441803", 2012)],  # 番禺区 became a district in 2000; 清新区 in 2012
)
def test_region_code_younger_than_the_holder_is_accepted(region, created):
    number = make(region + "19850612" + "457")
    assert int(number[6:10]) < created
    assert validate_id_number(number) == number


def test_unknown_region_code_with_valid_province_is_accepted():
    number = make("449999" + "19900101" + "123")
    assert validate_id_number(number) == number


def test_wrong_check_digit_is_rejected():
    number = make("44010619800101123")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        validate_id_number(wrong)
    assert code_of(exc) == "id_check_digit"
    assert "校验位" in exc.value.messages[0]


@pytest.mark.parametrize("birth", ["19900230", "20230229", "19901301", "19900000"])
def test_impossible_dates_are_rejected(birth):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(make("440106" + birth + "123"))
    assert code_of(exc) == "id_birth_date"


def test_leap_day_in_a_leap_year_is_fine():
    assert validate_id_number(make("440106" + "20000229" + "123"))


def test_future_birth_date_is_rejected():
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    number = make("440106" + tomorrow.strftime("%Y%m%d") + "123")
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number)
    assert code_of(exc) == "id_birth_date"


def test_future_date_relative_to_given_today():
    number = make("440106" + "20300101" + "123")
    with pytest.raises(ValidationError):
        validate_id_number(number, today=dt.date(2029, 12, 31))
    assert validate_id_number(number, today=dt.date(2030, 1, 1)) == number


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("4401061980010112", "id_length"),
        ("4401061980010112345", "id_length"),
        ("44010619800101A23X", "id_chars"),
        (make("99010619800101123"), "id_province"),
        (make("00010619800101123"), "id_province"),
    ],
)
def test_shape_and_province_errors(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(value)
    assert code_of(exc) == code


@st.composite
def id_numbers(draw):
    province = draw(st.sampled_from(sorted(PROVINCE_PREFIXES)))
    rest_of_region = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=timezone.localdate()))
    seq = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    first17 = province + rest_of_region + birth.strftime("%Y%m%d") + seq
    return first17 + iso7064_mod11_2(first17)


@given(id_numbers(), st.booleans())
def test_any_well_formed_number_is_accepted(number, lower):
    typed = number.lower() if lower else number
    assert validate_id_number(typed) == number


@given(id_numbers(), st.integers(min_value=0, max_value=10))
def test_any_other_check_character_is_rejected(number, k):
    other = "0123456789X"[k]
    if other == number[17]:
        return
    with pytest.raises(ValidationError):
        validate_id_number(number[:17] + other)
