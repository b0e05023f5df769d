"""Forms for accounts. They check input and show errors beside each field; services do the work."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhicheng.common.forms import StyledForm, StyledFormMixin
from zhicheng.common.id_documents import (
    DEFAULT_DOCUMENT_TYPE,
    IdDocument,
    IdDocumentType,
    carries_birth_date,
    name_may_be_latin,
    nationality_choices,
    validate_id_document,
)
from zhicheng.common.validators import normalize_identifier, validate_mobile, validate_person_name
from zhicheng.orgs.constants import Role

from . import selectors
from .backends import login_identifier_from_data
from .models import AdminDuty, User
from .password_validation import chinese_password_errors


class _SetupHook:
    """Runs ``setup_fields`` after Django builds ``self.fields`` and before ``StyledFormMixin``
    looks at the errors (which validates the bound form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_fields()

    def setup_fields(self) -> None:
        pass


class DynamicStyledForm(StyledFormMixin, _SetupHook, forms.Form):
    pass


def _password_help() -> str:
    texts = [t.rstrip("。.") for t in password_validators_help_texts()]
    return "；".join(texts) + "。" if texts else ""


class PersonByDocumentForm(StyledForm):
    """Staff find a registered person by any identity document they are shown (SPEC §3, §11.1):
    证件类型, 证件号码 and, for a foreign passport, 国籍. The person is found by their own document
    or one linked at a service window. After validation ``self.document`` is the ``IdDocument``
    and ``self.person`` the account (or None; an error beside the number when
    ``person_required``). Render with ``includes/document_fields.html``.
    """

    id_document_type = forms.ChoiceField(
        label="证件类型", choices=IdDocumentType.choices, initial=DEFAULT_DOCUMENT_TYPE, required=False,
        widget=forms.Select(attrs={"data-zc-doc-type": ""}),
    )
    id_number = forms.CharField(
        label="证件号码", max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
        error_messages={"required": "请输入证件号码。"},
    )
    nationality = forms.ChoiceField(label="国籍", required=False, help_text="仅外国护照填写。")

    person_required = True
    not_found_message = "未找到使用该证件注册的账号。"

    def __init__(self, *args, **kwargs):
        self.document: IdDocument | None = None
        self.person: User | None = None
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [("", "请选择国籍")] + nationality_choices()

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("id_number")
        if not number:
            return cleaned
        try:
            document = validate_id_document(
                cleaned.get("id_document_type") or DEFAULT_DOCUMENT_TYPE, number,
                nationality=cleaned.get("nationality", ""),
            )
        except ValidationError as exc:
            self.add_error("nationality" if exc.code == "nationality" else "id_number", exc)
            return cleaned
        self.document = document
        cleaned["id_number"] = document.number
        self.person = selectors.user_find_by_document(document=document)
        if self.person is None and self.person_required:
            self.add_error("id_number", ValidationError(self.not_found_message, code="not_found"))
        return cleaned


CARD_CHECK_REQUIRED = "请先当面核验申请人的证件原件并勾选确认。"


def _card_checked_field(what: str = "申请人的证件原件") -> forms.BooleanField:
    """The window's tick box: the staff member saw the card in person (any document type)."""
    return forms.BooleanField(
        label=f"我已当面核验{what}，确认人证一致", required=True,
        error_messages={"required": CARD_CHECK_REQUIRED},
    )


def _password_field(label: str, *, help_text: bool) -> forms.CharField:
    field = forms.CharField(
        label=label, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    if help_text:
        field.help_text = _password_help()
    return field


class NewPasswordFormMixin:
    """Two new-password fields checked against the configured rules for ``password_user``."""

    password_user: User | None = None

    def _clean_passwords(self, cleaned: dict) -> None:
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "两次输入的密码不一致。")
            return
        if p1 and self.password_user is not None:
            try:
                validate_password(p1, self.password_user)
            except ValidationError as exc:
                self.add_error("password1", chinese_password_errors(exc))


class LoginForm(DynamicStyledForm):
    username = forms.CharField(
        label="证件号码或手机号码",
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
        help_text="居民身份证、外国人永久居留身份证、港澳台通行证号码或手机号码均可；持外国护照请在下方选择证件类型和国籍。",
    )
    id_document_type = forms.ChoiceField(
        label="证件类型",
        required=False,
        choices=[("", "自动识别（证件号码或手机号码）")] + list(IdDocumentType.choices),
        widget=forms.Select(attrs={"data-zc-doc-type": ""}),
    )
    nationality = forms.ChoiceField(label="国籍", required=False, help_text="仅外国护照填写。")
    password = forms.CharField(
        label="密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def setup_fields(self) -> None:
        self.fields["nationality"].choices = [("", "请选择国籍")] + nationality_choices()

    @property
    def identifier(self) -> str:
        """What goes to authenticate(), the lockout and the audit (``backends.login_identifier``)."""
        return login_identifier_from_data(self.data)

    def clean(self):
        cleaned = super().clean()
        username, password = cleaned.get("username"), cleaned.get("password")
        if cleaned.get("id_document_type") == IdDocumentType.PASSPORT and not cleaned.get("nationality"):
            self.add_error("nationality", "持外国护照登录请选择国籍。")
            return cleaned
        if username and password:
            # The request goes to authenticate() so that django-axes counts and locks.
            self.user_cache = authenticate(self.request, username=self.identifier, password=password)
            if self.user_cache is None:
                raise forms.ValidationError(
                    "账号或密码不正确。连续输错多次账号将被暂时锁定。", code="invalid_login"
                )
        return cleaned

    def get_user(self):
        return self.user_cache


class RegistrationForm(NewPasswordFormMixin, DynamicStyledForm):
    id_document_type = forms.ChoiceField(
        label="证件类型", choices=IdDocumentType.choices, initial=DEFAULT_DOCUMENT_TYPE, required=False,
        help_text="港澳台居民居住证请选“居民身份证”（号码格式相同）。",
    )
    id_number = forms.CharField(
        label="证件号码", max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
        help_text="居民身份证为18位，最后一位如为X可大写或小写。一个证件只能注册一个账号。",
    )
    nationality = forms.ChoiceField(label="国籍", required=False, help_text="仅持外国护照时填写。")
    birth_date = forms.DateField(
        label="出生日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="持港澳、台湾通行证或外国护照时填写（其他证件号码中已含出生日期）。",
        error_messages={"invalid": "请填写正确的日期。"},
    )
    gender = forms.ChoiceField(
        label="性别", required=False, choices=[("", "请选择"), ("M", "男"), ("F", "女")],
        help_text="持港澳、台湾通行证或外国护照时填写。",
    )
    real_name = forms.CharField(
        label="姓名", max_length=50, help_text="与证件上的姓名一致；少数民族姓名中的间隔号可输入“·”或“.”。"
    )
    phone = forms.CharField(
        label="手机号码", max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text="用于登录和找回账号。",
    )
    email = forms.EmailField(
        label="电子邮箱", required=False, help_text="选填，可用于找回账号。",
        error_messages={"invalid": "请输入有效的电子邮箱地址。"},
    )

    password1 = _password_field("密码", help_text=True)
    password2 = _password_field("确认密码", help_text=False)

    def __init__(self, *args, **kwargs):
        self.id_number_registered = False
        self.id_document: IdDocument | None = None
        super().__init__(*args, **kwargs)

    def setup_fields(self) -> None:
        self.fields["nationality"].choices = [("", "请选择国籍")] + nationality_choices()

    @property
    def document_type(self) -> str:
        return self.cleaned_data.get("id_document_type") or DEFAULT_DOCUMENT_TYPE

    def clean_id_document_type(self):
        return self.cleaned_data.get("id_document_type") or DEFAULT_DOCUMENT_TYPE

    def clean_nationality(self):
        return self.cleaned_data.get("nationality") or ""

    def clean_id_number(self):
        try:
            document = validate_id_document(
                self.document_type, self.cleaned_data["id_number"], nationality=self.data.get("nationality", "")
            )
        except ValidationError as exc:
            if exc.code == "nationality":
                self.add_error("nationality", exc)
                return self.cleaned_data["id_number"]
            raise
        if selectors.user_document_taken(document=document):
            self.id_number_registered = True
            raise ValidationError("该证件号码已注册，不能重复注册。", code="id_registered")
        self.id_document = document
        return document.number

    def clean_real_name(self):
        return validate_person_name(self.cleaned_data["real_name"], latin_allowed=name_may_be_latin(self.document_type))

    def clean_phone(self):
        phone = validate_mobile(self.cleaned_data["phone"])
        if selectors.user_phone_taken(phone=phone):
            raise ValidationError("该手机号码已被其他账号使用，请更换号码。", code="phone_taken")
        return phone

    def clean(self):
        cleaned = super().clean()
        if self.id_document is not None and not carries_birth_date(self.id_document.document_type):
            birth = cleaned.get("birth_date")
            if not birth and "birth_date" not in self.errors:
                self.add_error("birth_date", "请填写出生日期。")
            elif birth and not (dt.date(1900, 1, 1) <= birth <= timezone.localdate()):
                self.add_error("birth_date", "出生日期不正确，请核对。")
            if not cleaned.get("gender"):
                self.add_error("gender", "请选择性别。")
        user = User(real_name=cleaned.get("real_name", ""))
        if self.id_document is not None:
            user.set_id_document(
                self.id_document, birth_date=cleaned.get("birth_date"), gender=cleaned.get("gender", "")
            )
        else:
            # Still check the personal-data rule against what was typed, even if it was invalid.
            raw = normalize_identifier(self.data.get("id_number"))
            user.id_number = raw if len(raw) == 18 else ""
        if cleaned.get("phone"):
            user.set_phone(cleaned["phone"])
        self.password_user = user
        self._clean_passwords(cleaned)
        return cleaned


class PasswordChangeForm(NewPasswordFormMixin, StyledForm):
    old_password = forms.CharField(
        label="当前密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    password1 = _password_field("新密码", help_text=True)
    password2 = _password_field("确认新密码", help_text=False)

    def __init__(self, user: User, *args, **kwargs):
        self.password_user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.password_user.check_password(value):
            raise ValidationError("当前密码不正确。", code="wrong_password")
        return value

    def clean(self):
        cleaned = super().clean()
        self._clean_passwords(cleaned)
        p1 = cleaned.get("password1")
        if p1 and cleaned.get("old_password") and p1 == cleaned["old_password"] and "password1" not in self.errors:
            self.add_error("password1", "新密码不能与当前密码相同。")
        return cleaned


class RecoveryStartForm(StyledForm):
    identifier = forms.CharField(
        label="证件号码或手机号码", max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
        help_text="输入注册时使用的证件号码（或在窗口关联的证件号码）或手机号码；持外国护照请输入手机号码。",
    )


class RecoveryChannelForm(DynamicStyledForm):
    channel = forms.ChoiceField(label="验证码发送到", widget=forms.RadioSelect)

    def __init__(self, *args, channels: list[tuple[str, str]], **kwargs):
        self.channels = channels
        super().__init__(*args, **kwargs)
        self.fields["channel"].widget.attrs["class"] = "form-check-input"

    def setup_fields(self) -> None:
        self.fields["channel"].choices = self.channels
        if self.channels:
            self.fields["channel"].initial = self.channels[0][0]


class RecoveryCodeForm(StyledForm):
    code = forms.CharField(
        label="验证码", max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={"max_length": "验证码为6位数字。"},
    )

    def clean_code(self):
        code = normalize_identifier(self.cleaned_data["code"])
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise ValidationError("验证码为6位数字。", code="digits")
        return code


class RecoveryPasswordForm(NewPasswordFormMixin, StyledForm):
    password1 = _password_field("新密码", help_text=True)
    password2 = _password_field("确认新密码", help_text=False)

    def __init__(self, user: User, *args, **kwargs):
        self.password_user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        self._clean_passwords(cleaned)
        return cleaned


class WindowSearchForm(PersonByDocumentForm):
    person_required = False  # the page says "not found" and how to go on

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].help_text = "按申请人出示的证件原件选择证件类型并输入号码。"


class WindowRecoveryForm(StyledForm):
    id_card_checked = _card_checked_field()
    reason = forms.CharField(
        label="找回事由", max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "例如：本人忘记密码且预留手机号码已停用"}),
    )


class MembershipGrantForm(PersonByDocumentForm):
    role = forms.ChoiceField(label="角色")
    ends_on = forms.DateField(
        label="角色截止日期", required=False, help_text="含当日；不填表示长期有效。",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    not_found_message = "未找到使用该证件注册的账号，请先请本人注册。"

    def __init__(self, *args, roles: list[str], **kwargs):
        self.roles = roles
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in self.roles]
        self.fields["id_number"].help_text = "该人员须已用本人证件注册账号；本人接受邀请后角色生效。"


class MembershipEndsOnForm(StyledForm):
    ends_on = forms.DateField(
        label="截止日期", required=False, help_text="含当日；清空表示长期有效。",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class AdminDutyForm(PersonByDocumentForm):
    duty = forms.ChoiceField(
        label="管理员职责", required=False,
        choices=[("", "无（取消管理员职责）")] + [(v, label) for v, label in AdminDuty.choices if v],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].help_text = "该人员须已注册账号。"


class TwoFactorCodeForm(StyledForm):
    code = forms.CharField(
        label="验证码", max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True,
                "pattern": "[0-9 ]*", "spellcheck": "false",
            }
        ),
        help_text="打开手机上的身份验证器应用，输入“广东省职称系统”下当前显示的6位数字。",
    )

    def clean_code(self):
        code = normalize_identifier(self.cleaned_data["code"])
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise ValidationError("验证码为6位数字。", code="digits")
        return code


class TwoFactorResetForm(PersonByDocumentForm):
    reason = forms.CharField(
        label="重置事由", max_length=200, error_messages={"required": "请填写重置事由。"},
        widget=forms.TextInput(attrs={"placeholder": "例如：本人手机丢失，已电话核实身份"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].help_text = "需重置身份验证器的人员（例如手机丢失或更换）。"


class ContactChangeForm(StyledForm):
    """The person asks for a new phone number or e-mail address (the service checks it)."""

    kind = forms.ChoiceField(
        label="要更换的联系方式", choices=[("phone", "手机号码"), ("email", "电子邮箱")], widget=forms.RadioSelect,
        initial="phone",
    )
    new_value = forms.CharField(
        label="新的手机号码或电子邮箱", max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="验证码将发送到新的号码或邮箱；更换后原号码或邮箱会收到通知，不再接收验证码。",
        error_messages={"required": "请输入新的手机号码或电子邮箱。"},
    )
    password = forms.CharField(
        label="当前密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="为保护账号安全，请再次输入登录密码。", error_messages={"required": "请输入当前密码。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-check-input"


class ContactCodeForm(RecoveryCodeForm):
    pass


class WindowPhoneForm(StyledForm):
    id_card_checked = _card_checked_field()
    new_phone = forms.CharField(
        label="新的手机号码", max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        error_messages={"required": "请输入新的手机号码。"},
    )
    reason = forms.CharField(
        label="更换事由", max_length=200, error_messages={"required": "请填写更换事由。"},
        widget=forms.TextInput(attrs={"placeholder": "例如：本人手机号码已停用"}),
    )


class WindowEmailForm(StyledForm):
    id_card_checked = _card_checked_field()
    new_email = forms.EmailField(
        label="新的电子邮箱", max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "请输入新的电子邮箱。", "invalid": "请输入有效的电子邮箱地址。"},
    )
    reason = forms.CharField(
        label="更换事由", max_length=200, error_messages={"required": "请填写更换事由。"},
        widget=forms.TextInput(attrs={"placeholder": "例如：原邮箱已注销"}),
    )


class WindowLinkDocumentForm(DynamicStyledForm):
    """A further identity document of the person found at the window (their own card, seen)."""

    document_type = forms.ChoiceField(
        label="新证件类型", choices=IdDocumentType.choices, widget=forms.Select(attrs={"data-zc-doc-type": ""}),
        error_messages={"required": "请选择证件类型。"},
    )
    number = forms.CharField(
        label="新证件号码", max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "请输入证件号码。"},
    )
    nationality = forms.ChoiceField(label="国籍", required=False, help_text="仅外国护照填写。")
    id_card_checked = _card_checked_field("申请人出示的原有证件和新证件原件")
    reason = forms.CharField(
        label="关联事由", max_length=200, error_messages={"required": "请填写关联事由。"},
        widget=forms.TextInput(attrs={"placeholder": "例如：本人已领取港澳居民居住证"}),
    )

    def setup_fields(self) -> None:
        self.fields["nationality"].choices = [("", "请选择国籍")] + nationality_choices()
