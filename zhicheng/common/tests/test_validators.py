import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from zhicheng.common.validators import (
    iso7064_mod11_2,
    make_credit_code,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
)

# Real codes taken from the public business register (国家企业信用信息公示系统).
REAL_CREDIT_CODES = [
    "914403001922038216",  # 华为技术有限公司
    "91440300708461136T",  # 深圳市腾讯计算机系统有限公司
    "91110000802100433B",  # 百度在线网络技术（北京）有限公司
    "91330100716105852F",  # 阿里巴巴（中国）有限公司
]


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_real_credit_codes_are_accepted(code):
    assert validate_credit_code(code.lower()) == code


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_any_single_altered_character_is_rejected(code):
    for pos in range(18):
        for replacement in "0123456789ABCDEFGHJKLMNPQRTUWXY":
            if replacement == code[pos]:
                continue
            altered = code[:pos] + replacement + code[pos + 1 :]
            if altered[2:8].isdigit():
                with pytest.raises(ValidationError):
                    validate_credit_code(altered)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91440300708461136", "18位"),
        ("91440300708461136I", "不允许的字符"),
        ("9144030070846113XT", "校验位"),
    ],
)
def test_credit_code_errors_are_chinese(code, message):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert message in exc.value.messages[0]


def test_make_credit_code_is_valid():
    assert validate_credit_code(make_credit_code("12", "441622", "12345678"))


def test_iso7064_worked_example_from_gb11643():
    # GB 11643-1999 appendix example: 11010519491231002X
    assert iso7064_mod11_2("11010519491231002") == "X"


def test_id_number_basic():
    assert validate_id_number("11010519491231002x") == "11010519491231002X"
    with pytest.raises(ValidationError):
        validate_id_number("110105194912310021")
    with pytest.raises(ValidationError):
        validate_id_number("110105194902300028", today=dt.date(2026, 1, 1))


def test_mobile():
    assert validate_mobile("+86 138-0000-0001") == "13800000001"
    with pytest.raises(ValidationError):
        validate_mobile("12345")
