"""Password rules beyond Django's: character classes and no personal data inside."""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """At least N of: lower-case, upper-case, digits, other characters."""

    def __init__(self, min_classes: int | None = None):
        self.min_classes = min_classes

    def _required(self) -> int:
        return self.min_classes or settings.PASSWORD_MIN_CLASSES

    def validate(self, password, user=None):
        classes = sum(
            bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^a-zA-Z\d]")
        )
        if classes < self._required():
            raise ValidationError(
                "密码须至少包含大写字母、小写字母、数字、特殊符号中的%(n)d类。",
                code="password_classes",
                params={"n": self._required()},
            )

    def get_help_text(self):
        return f"至少包含大写字母、小写字母、数字、特殊符号中的{self._required()}类。"


def _birth_date_forms(birth) -> set[str]:
    """How a birth date may be written as one run of digits (Y-M-D, M-D-Y, D-M-Y)."""
    yyyy, yy = f"{birth.year:04d}", f"{birth.year % 100:02d}"
    months = {f"{birth.month:02d}", str(birth.month)}
    days = {f"{birth.day:02d}", str(birth.day)}
    compact = set()
    for m in months:
        for d in days:
            # A 4-digit year with or without zero padding; a 2-digit year only padded (6 digits),
            # since four digits like "9555" occur in passwords by chance.
            compact |= {yyyy + m + d, m + d + yyyy, d + m + yyyy}
    padded_m, padded_d = f"{birth.month:02d}", f"{birth.day:02d}"
    compact |= {yy + padded_m + padded_d, padded_m + padded_d + yy, padded_d + padded_m + yy}
    return compact


_SEPARATED_TRIPLE = re.compile(r"(?=(?<!\d)(\d{1,4})[^0-9a-z]+(\d{1,4})[^0-9a-z]+(\d{1,4})(?!\d))")


def _normalised(password: str) -> tuple[str, str]:
    """(password in NFKC lower case, the same with everything but ASCII letters and digits
    removed): full-width digits count as digits, and separators (``.-/ _年月日`` …) do not hide a
    number."""
    text = unicodedata.normalize("NFKC", password).lower()
    return text, re.sub(r"[^0-9a-z]", "", text)


def _contains_birth_date(text: str, compact: str, birth) -> bool:
    if any(form in compact for form in _birth_date_forms(birth)):
        return True
    years = {f"{birth.year:04d}", f"{birth.year % 100:02d}"}
    for match in _SEPARATED_TRIPLE.finditer(text):
        a, b, c = match.groups()
        if a in years and (int(b), int(c)) == (birth.month, birth.day):  # Y-M-D
            return True
        if c in years and (int(a), int(b)) in {(birth.month, birth.day), (birth.day, birth.month)}:  # M-D-Y, D-M-Y
            return True
    return False


class PersonalDataValidator:
    """The password may not contain the ID number, the phone number or the birth date, in any
    written form (SPEC §3).

    Checked on the password in NFKC form, lower case, with every character other than ASCII
    letters and digits removed, so separators and full-width digits hide nothing: the ID number
    and its last 6 and 8 characters, the phone number and its last 8 digits, and the birth date
    in the orders Y-M-D, M-D-Y and D-M-Y with or without zero padding (a 2-digit year padded, or
    written with separators such as ``95.5.5``). Raises ``ValidationError`` with code
    ``password_personal_data``.
    """

    def validate(self, password, user=None):
        if user is None:
            return
        text, compact = _normalised(password)
        id_number = re.sub(r"[^0-9a-z]", "", (getattr(user, "id_number", "") or "").lower())
        phone = re.sub(r"\D", "", getattr(user, "phone", "") or "")
        birth = getattr(user, "birth_date", None)
        pieces = []
        if id_number:
            pieces += [id_number, id_number[-6:], id_number[-8:]]
        if phone:
            pieces += [phone, phone[-8:]]
        found = any(piece and piece in compact for piece in pieces)
        if found or (birth and _contains_birth_date(text, compact, birth)):
            raise ValidationError("密码不能包含身份证号码、手机号码或出生日期。", code="password_personal_data")

    def get_help_text(self):
        return "不能包含身份证号码、手机号码或出生日期（无论是否加分隔符）。"


# Django 5.2's zh_Hans catalogue misses some of its own validators' messages (their msgids
# changed), so they would show in English. The codes are stable; give them Chinese text here.
_CHINESE_BY_CODE = {
    "password_too_short": "密码太短，至少需要{min_length}个字符。",
    "password_too_common": "该密码过于常见，容易被猜中，请换一个。",
    "password_entirely_numeric": "密码不能全部是数字。",
    "password_too_similar": "密码与您的个人信息过于相似。",
}


def chinese_password_errors(error: ValidationError) -> ValidationError:
    """The same errors, with Chinese messages for Django's built-in validators."""
    from django.conf import settings as dj_settings

    out = []
    for item in error.error_list:
        text = _CHINESE_BY_CODE.get(item.code or "")
        if text:
            out.append(
                ValidationError(text.format(min_length=dj_settings.PASSWORD_MIN_LENGTH), code=item.code)
            )
        else:
            out.append(item)
    return ValidationError(out)


class MinimumLengthValidator:
    """Django's rule with a Chinese message (Django 5.2's zh-hans catalogue lacks the new wording)."""

    def __init__(self, min_length: int = 8):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                "密码太短，至少需要%(min_length)d个字符。", code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return f"密码至少需要{self.min_length}个字符。"


class CommonPasswordValidator:
    """Django's list of 20,000 common passwords, with a Chinese message."""

    def __init__(self):
        from django.contrib.auth.password_validation import CommonPasswordValidator as DjangoCommon

        self._django = DjangoCommon()

    def validate(self, password, user=None):
        try:
            self._django.validate(password, user)
        except ValidationError:
            raise ValidationError("该密码过于常见，请换一个不易被猜到的密码。", code="password_too_common") from None

    def get_help_text(self):
        return "不能使用常见密码。"
