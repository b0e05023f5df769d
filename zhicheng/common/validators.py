"""Check functions for Chinese identity numbers.

Written here rather than taken from python-stdnum: its ``cn.ric.is_valid`` rejects real ID
numbers whose 6-digit region code was created after the holder's birth (docs/decisions/0003).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone

# --- every identifier ----------------------------------------------------------------------

# Spaces of every kind, hyphens and dashes of every kind, and invisible format characters
# (zero-width space, BOM, soft hyphen) that copy-and-paste brings along.
_IDENTIFIER_DROP = re.compile(r"[\s\-\u00ad\u2010-\u2015\u2212\ufe58\ufe63\uff0d\u200b-\u200f\u2060\ufeff]")


def normalize_identifier(value: object) -> str:
    """The one normal form of every identifier a person types (SPEC §3, §11.1).

    ID and document numbers, phone numbers, certificate numbers, credit codes and one-time codes all
    pass through here before they are validated, stored, compared or hashed: Unicode NFKC (full-width
    digits and letters become half-width: ``１１０１`` → ``1101``), spaces, hyphens and invisible
    characters removed, letters upper-cased (``x`` → ``X``). Never raises; ``None`` gives ``""``.
    """
    text = unicodedata.normalize("NFKC", str(value or ""))
    return _IDENTIFIER_DROP.sub("", text).upper()


# --- 居民身份证号码, GB 11643-1999 -------------------------------------------------------

ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
ISO7064_CHECK = "10X98765432"
# Province-level prefixes in use (GB/T 2260), plus 83 for Taiwan residents' residence permits.
PROVINCE_PREFIXES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 "
    "71 81 82 83".split()
)
_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")


def iso7064_mod11_2(digits: str) -> str:
    """ISO 7064 MOD 11-2 check character over a string of digits ('X' stands for 10)."""
    weights = [pow(2, len(digits) - i, 11) for i in range(len(digits))]
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    return ISO7064_CHECK[total % 11]


def normalize_id_number(value: str) -> str:
    """An ID or document number in its normal form (``normalize_identifier``)."""
    return normalize_identifier(value)


def id_number_birth_date(value: str) -> dt.date:
    return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def validate_id_number(value: str, *, today: dt.date | None = None) -> str:
    """Return the normalised number or raise ValidationError with a Chinese message.

    The region code is deliberately not looked up: a number keeps the code of the place that
    issued it, and codes are created, merged and retired over time.
    """
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError(
            "请输入18位身份证号码（当前为%(n)d位）。", code="id_length", params={"n": len(number)}
        )
    if not _ID_SHAPE.match(number):
        raise ValidationError("身份证号码前17位应为数字，最后一位为数字或X。", code="id_chars")
    if number[:2] not in PROVINCE_PREFIXES:
        raise ValidationError("身份证号码前两位不是有效的省级行政区划代码。", code="id_province")
    try:
        birth = id_number_birth_date(number)
    except ValueError:
        raise ValidationError("身份证号码中的出生日期不存在，请核对第7至14位。", code="id_birth_date") from None
    today = today or timezone.localdate()
    if birth > today or birth.year < 1900:
        raise ValidationError("身份证号码中的出生日期不合理，请核对第7至14位。", code="id_birth_date")
    if iso7064_mod11_2(number[:17]) != number[17]:
        raise ValidationError("身份证号码校验位不正确，请核对是否输错。", code="id_check_digit")
    return number


def is_valid_id_number(value: str) -> bool:
    try:
        validate_id_number(value)
    except ValidationError:
        return False
    return True


def id_number_gender(value: str) -> str:
    """'M' or 'F' from the 17th digit (odd for men)."""
    return "M" if int(value[16]) % 2 else "F"


# --- 统一社会信用代码, GB 32100-2015 ------------------------------------------------------

CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
CREDIT_WEIGHTS = [pow(3, i, 31) for i in range(17)]
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]  # GB 11714 organisation code inside it


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def validate_credit_code(value: str) -> str:
    code = normalize_identifier(value)
    if len(code) != 18:
        raise ValidationError("统一社会信用代码应为18位。", code="credit_length")
    if any(c not in CREDIT_CHARSET for c in code):
        raise ValidationError("统一社会信用代码含有不允许的字符（不使用I、O、S、V、Z）。", code="credit_chars")
    if not code[2:8].isdigit():
        raise ValidationError("统一社会信用代码第3至8位应为行政区划代码。", code="credit_region")
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError("统一社会信用代码校验位不正确，请核对。", code="credit_check")
    return code


def make_id_number(region: str, birth: str, seq: str) -> str:
    """A valid 18-digit 居民身份证 number from its parts (GB 11643): ``region`` (6-digit GB/T 2260 code),
    ``birth`` (YYYYMMDD), ``seq`` (3 digits; odd for a man, even for a woman), then the ISO 7064 MOD 11-2
    check character. For the demo and the tests' synthetic people."""
    first17 = region + birth + seq
    return first17 + iso7064_mod11_2(first17)


def make_credit_code(prefix2: str, region_code: str, org_body8: str) -> str:
    """Build a valid code from registration/kind digits, region and an 8-character body."""
    first17 = prefix2 + region_code + org_body8 + org_code_check_char(org_body8)
    return first17 + credit_code_check_char(first17)


# --- mobile phone -------------------------------------------------------------------------

_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")


def normalize_phone(value: str) -> str:
    """A phone number in its normal form (``normalize_identifier``), without a +86 / 0086 prefix."""
    phone = normalize_identifier(value).replace("(", "").replace(")", "")
    for prefix in ("+86", "0086"):
        if phone.startswith(prefix) and len(phone) > 11:
            phone = phone[len(prefix):]
    return phone


def looks_like_mobile(value: str) -> bool:
    """True when ``value`` normalises to an 11-digit mainland mobile number shape."""
    return bool(_MOBILE.match(normalize_phone(value)))


def validate_mobile(value: str) -> str:
    phone = normalize_phone(value)
    if not _MOBILE.match(phone):
        raise ValidationError("请输入11位中国大陆手机号码。", code="mobile")
    return phone


# --- a person's name ------------------------------------------------------------------------

# Every character people type for the middle dot of a name like 古丽米热·艾比布力 (after NFKC:
# full-width ． is already "."; halfwidth ･ is already ・; Greek ano teleia is already ·).
NAME_DOT = "\u00b7"
_NAME_DOT_LOOKALIKES = ".\u2022\u30fb\u2027\u2219\u00b7\u22c5\u2e31\u16eb\u0387\u2024\u318d"
_NAME_DOT_RUN = re.compile(r"\s*[" + re.escape(_NAME_DOT_LOOKALIKES) + r"]+\s*")
_NAME_FORMULA_LEAD = "=+-@"
# CJK unified ideographs of every plane: the BMP block and Extension A, and Extensions B to I
# (planes 2 and 3), plus 〇. Compatibility ideographs become unified ones under NFKC.
_CJK_RANGES = (
    (0x3007, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
    (0x20000, 0x2A6DF), (0x2A700, 0x2EE5F), (0x2F800, 0x2FA1F), (0x30000, 0x323AF),
)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _is_latin_letter(char: str) -> bool:
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN ")


def normalize_person_name(value: object) -> str:
    """A person's name in its one normal form (SPEC §11.1): NFKC, trimmed, runs of spaces made one,
    every middle-dot look-alike (``.`` ``．`` ``•`` ``・`` ``‧`` ``∙`` ``·``) with the spaces around it
    made one U+00B7, and spaces next to a Chinese character removed (``张 三`` → ``张三``).
    Never raises; used for storage and for comparison (certificate verification)."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = " ".join(text.split())
    text = _NAME_DOT_RUN.sub(NAME_DOT, text)
    if " " in text:
        chars = list(text)
        text = "".join(
            c for i, c in enumerate(chars)
            if not (c == " " and ((i > 0 and _is_cjk(chars[i - 1])) or (i + 1 < len(chars) and _is_cjk(chars[i + 1]))))
        )
    return text


def validate_person_name(value: object, *, latin_allowed: bool = False) -> str:
    """Return the normalised name or raise ``ValidationError`` with a Chinese message for the field.

    ``latin_allowed`` is False for names on Chinese documents (居民身份证, 港澳台居民居住证,
    台湾居民来往大陆通行证): Chinese characters of every CJK plane and the middle dot only. On
    foreign documents Latin letters, spaces, ``-`` and ``'`` inside the name are allowed too.
    Always refused: digits, control characters, and a leading ``=`` ``+`` ``-`` ``@`` (a spreadsheet
    would read the name as a formula). Codes: name_required, name_formula, name_digits,
    name_control, name_chars, name_dot, name_length.
    """
    raw = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not raw:
        raise ValidationError("请输入姓名。", code="name_required")
    if raw[0] in _NAME_FORMULA_LEAD:
        raise ValidationError("姓名不能以“=”“+”“-”“@”开头。", code="name_formula")
    if any(unicodedata.category(c) == "Nd" for c in raw):
        raise ValidationError("姓名不能包含数字。", code="name_digits")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") and c not in "\t\n\r" for c in raw) or any(
        c in "\t\n\r" for c in raw
    ):
        raise ValidationError("姓名不能包含控制字符或不可见字符。", code="name_control")
    name = normalize_person_name(raw)
    for char in name:
        if _is_cjk(char) or char == NAME_DOT:
            continue
        if latin_allowed and (_is_latin_letter(char) or char in " -'"):
            continue
        if latin_allowed:
            raise ValidationError("姓名只能包含汉字、拉丁字母、空格和间隔号“·”。", code="name_chars")
        if _is_latin_letter(char):
            raise ValidationError(
                "居民身份证上的姓名只能包含汉字和间隔号“·”；持外国证件请选择相应的证件类型。", code="name_chars"
            )
        raise ValidationError("姓名只能包含汉字和间隔号“·”。", code="name_chars")
    if name[0] == NAME_DOT or name[-1] == NAME_DOT or NAME_DOT * 2 in name or name[0] in "-'" or name[-1] in "-'":
        raise ValidationError("间隔号“·”只能用在两段姓名之间。", code="name_dot")
    if len(name) < 2 or len(name) > 50:
        raise ValidationError("请输入与证件一致的姓名（2至50个字）。", code="name_length")
    return name
