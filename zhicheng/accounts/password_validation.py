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
