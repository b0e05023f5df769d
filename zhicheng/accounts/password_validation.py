"""Password rules beyond Django's: character classes and no personal data inside."""

from __future__ import annotations

import re

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


class PersonalDataValidator:
    """The password may not contain the ID number, the phone number or the birth date."""

    def validate(self, password, user=None):
        if user is None:
            return
        lowered = password.lower()
        id_number = (getattr(user, "id_number", "") or "").lower()
        phone = getattr(user, "phone", "") or ""
        birth = getattr(user, "birth_date", None)
        pieces = []
        if id_number:
            pieces += [id_number, id_number[-6:], id_number[-8:]]
        if phone:
            pieces += [phone, phone[-8:]]
        if birth:
            pieces += [birth.strftime("%Y%m%d"), birth.strftime("%Y%m%d")[2:]]
        for piece in pieces:
            if piece and piece in lowered:
                raise ValidationError(
                    "密码不能包含身份证号码、手机号码或出生日期。", code="password_personal_data"
                )

    def get_help_text(self):
        return "不能包含身份证号码、手机号码或出生日期。"


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
