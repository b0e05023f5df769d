"""One account per person for the whole province, keyed by the identity document (type, number):
居民身份证 by default, or another document type (zhicheng/common/id_documents.py).

ID and phone numbers are encrypted at rest; their keyed hashes (``*_digest``) serve for exact
lookup and uniqueness, so raw SQL on this table shows no plaintext number.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from zhicheng.common import crypto
from zhicheng.common.fields import EncryptedTextField
from zhicheng.common.id_documents import (
    DEFAULT_DOCUMENT_TYPE,
    PASSPORT_SHAPE,
    IdDocument,
    IdDocumentType,
    country_name,
    document_lookup_key,
    document_type_label,
    guess_document_types,
    name_may_be_latin,
    nationality_choices,
)
from zhicheng.common.masking import mask_email, mask_id_number, mask_phone
from zhicheng.common.models import CachedDisplayMixin
from zhicheng.common.validators import (
    id_number_birth_date,
    id_number_gender,
    normalize_id_number,
    normalize_phone,
)


class AdminDuty(models.TextChoices):
    """三权分立: one account holds at most one of these duties (a single field enforces it)."""

    NONE = "", _("无")
    SYSTEM = "system", _("系统管理员")
    SECURITY = "security", _("安全管理员")
    AUDIT = "audit", _("审计管理员")


def id_digest(id_number: str, document_type: str = DEFAULT_DOCUMENT_TYPE, nationality: str = "") -> str:
    """Keyed hash of (document type, normalised number[, nationality]): look-up and uniqueness."""
    return crypto.lookup_hash(document_lookup_key(document_type, normalize_id_number(id_number), nationality))


def users_holding_documents(digests) -> models.QuerySet:
    """Accounts holding a document with one of these digests (``id_digest``), as their own
    document or a linked one (``LinkedDocument``): one query."""
    digests = list(digests)
    return User.objects.filter(
        Q(id_number_digest__in=digests) | Q(pk__in=LinkedDocument.objects.filter(digest__in=digests).values("user_id"))
    )


def typed_document_digests(value: str) -> list[str]:
    """The digests a number typed into a staff search box may stand for, when no document type
    was chosen: every document type whose shape it has (``guess_document_types``), and for a
    passport-shaped number the passport of every nationality (a few hundred keyed hashes, no
    query). Empty when it has the shape of no document (e.g. a name)."""
    number = normalize_id_number(value)
    digests = [id_digest(number, t) for t in guess_document_types(number)]
    if PASSPORT_SHAPE.match(number) and any(c.isdigit() for c in number):
        digests += [id_digest(number, IdDocumentType.PASSPORT, code) for code, _ in nationality_choices()]
    return digests


def accounts_by_document_digest(digests) -> dict[str, User]:
    """{digest: account} for the digests held by an account, as its own document or a linked one
    (two queries, whatever the number of digests)."""
    digests = list(digests)
    found = {u.id_number_digest: u for u in User.objects.filter(id_number_digest__in=digests)}
    for link in LinkedDocument.objects.filter(digest__in=digests).select_related("user"):
        found[link.digest] = link.user
    return found


def person_document_digests(digests) -> tuple[list[str], list[int]]:
    """Everything that names the same people as ``digests``: (every digest of every account
    holding one of them, plus the given ones; those accounts' ids). For finding a person's
    certificates whichever of their documents they were issued under. Two queries."""
    digests = list(digests)
    users = list(users_holding_documents(digests).values_list("pk", "id_number_digest"))
    ids = [pk for pk, _ in users]
    found = set(digests) | {d for _, d in users}
    if ids:
        found |= set(LinkedDocument.objects.filter(user_id__in=ids).values_list("digest", flat=True))
    return sorted(found), ids


def phone_digest(phone: str) -> str:
    return crypto.lookup_hash("phone:" + normalize_phone(phone)) if phone else ""


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_id_number(self, id_number: str) -> User:
        return self.get(id_number_digest=id_digest(id_number))

    def get_by_natural_key(self, username):
        return self.get(**{self.model.USERNAME_FIELD: username})

    def create_user(
        self, id_number: str, real_name: str, password: str | None = None, *, id_document: IdDocument | None = None,
        **extra,
    ) -> User:
        """An account keyed by a 居民身份证 number, or by ``id_document`` (then ``id_number`` is ignored;
        ``birth_date``/``gender`` in ``extra`` serve when the document does not carry them)."""
        birth_date, gender = extra.pop("birth_date", None), extra.pop("gender", "")
        user = self.model(real_name=real_name, **extra)
        if id_document is not None:
            user.set_id_document(id_document, birth_date=birth_date, gender=gender)
        else:
            user.set_id_number(id_number)
        if "phone" in extra:
            user.set_phone(extra["phone"])
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, id_number: str, real_name: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("admin_duty", AdminDuty.SYSTEM)
        return self.create_user(id_number, real_name, password, **extra)


class User(CachedDisplayMixin, AbstractBaseUser, PermissionsMixin):
    real_name = models.CharField(_("姓名"), max_length=50)
    id_document_type = models.CharField(
        _("证件类型"), max_length=24, choices=IdDocumentType.choices, default=DEFAULT_DOCUMENT_TYPE,
        db_default=DEFAULT_DOCUMENT_TYPE.value, editable=False,
    )
    id_number = EncryptedTextField(_("证件号码"))
    # Unique: one account per (document type, number); see id_digest.
    id_number_digest = models.CharField(_("证件号码摘要"), max_length=64, unique=True, editable=False)
    nationality = models.CharField(
        _("国籍"),
        max_length=3,
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text=_("ISO 3166-1 三字母代码；中国公民为空"),
    )
    phone = EncryptedTextField(_("手机号码"), blank=True)
    phone_digest = models.CharField(_("手机号码摘要"), max_length=64, blank=True, editable=False, db_index=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, editable=False)
    gender = models.CharField(_("性别"), max_length=1, choices=[("M", "男"), ("F", "女")], blank=True, editable=False)
    admin_duty = models.CharField(_("管理员职责"), max_length=10, choices=AdminDuty.choices, blank=True, default="")
    is_staff = models.BooleanField(_("可登录管理后台"), default=False)
    is_active = models.BooleanField(_("有效"), default=True)
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    date_joined = models.DateTimeField(_("注册时间"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "id_number_digest"
    REQUIRED_FIELDS = ["real_name"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(fields=["phone_digest"], condition=~Q(phone_digest=""), name="unique_phone"),
        ]

    def __str__(self) -> str:
        return f"{self.real_name}（{self.masked_id_number}）"

    # -- identity ----------------------------------------------------------------------------
    def set_id_number(self, value: str) -> None:
        """Set a 居民身份证 number (already validated); birth date and sex come from it."""
        number = normalize_id_number(value)
        self.id_document_type, self.nationality = DEFAULT_DOCUMENT_TYPE, ""
        self.id_number = number
        self.id_number_digest = id_digest(number)
        self.birth_date = id_number_birth_date(number)
        self.gender = id_number_gender(number)

    def set_id_document(self, document: IdDocument, *, birth_date=None, gender: str = "") -> None:
        """Set a validated document (``validate_id_document``). Birth date and sex come from the
        number when it carries them, otherwise from what the person entered."""
        self.id_document_type = document.document_type
        self.id_number = document.number
        self.nationality = document.nationality
        self.id_number_digest = id_digest(document.number, document.document_type, document.nationality)
        self.birth_date = document.birth_date or birth_date
        self.gender = document.gender or gender

    def set_phone(self, value: str) -> None:
        phone = normalize_phone(value)
        self.phone = phone
        self.phone_digest = phone_digest(phone)

    def document_digests(self) -> list[str]:
        """The digests of every document of this person: their own and the linked ones."""
        return [self.id_number_digest, *self.linked_documents.values_list("digest", flat=True)]

    @property
    def name_may_be_latin(self) -> bool:
        """Whether the name on this person's identity document may hold Latin letters."""
        return name_may_be_latin(self.id_document_type)

    @property
    def id_document_label(self) -> str:
        """"居民身份证", "外国人永久居留身份证", … for labels next to the number."""
        return document_type_label(self.id_document_type)

    @property
    def nationality_label(self) -> str:
        return country_name(self.nationality) if self.nationality else ""

    @property
    def masked_id_number(self) -> str:
        kept = self.__dict__.get("_identity")  # zhicheng.accounts.identity: the masked form is kept, not the number
        if kept is not None and "id_number" not in self.__dict__:
            return kept["masked_id_number"]
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def audit_label(self) -> str:
        return f"{self.real_name}({self.masked_id_number})"

    @property
    def age(self) -> int | None:
        if not self.birth_date:
            return None
        today = timezone.localdate()
        return (
            today.year
            - self.birth_date.year
            - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))
        )

    # -- roles ---------------------------------------------------------------------------------
    def active_memberships(self):
        return self.memberships.in_force().select_related("organisation")

    @cached_property
    def active_membership_rows(self) -> tuple[tuple[int, str, str], ...]:
        """(organisation id, role, organisation kind) of every active membership: one query per
        request, shared by the navigation and the permission checks of the same request."""
        if not self.pk:
            return ()
        today = timezone.localdate()
        return tuple(
            self.memberships.in_force(today=today)  # a role past its end date is out of force at once
            .values_list("organisation_id", "role", "organisation__kind")
        )

    @property
    def active_role_keys(self) -> frozenset[tuple[str, str]]:
        """(role, organisation kind) of every active membership."""
        return frozenset((role, kind) for _, role, kind in self.active_membership_rows)

    @property
    def is_org_staff(self) -> bool:
        return bool(self.active_role_keys)

    @property
    def is_administrator(self) -> bool:
        return bool(self.admin_duty)

    @property
    def is_org_admin(self) -> bool:
        return any(role == "org_admin" for role, _ in self.active_role_keys)

    @property
    def is_expert(self) -> bool:
        """Sits in a committee's expert pool (评审专家): votes on the panels they are drawn for."""
        return any(role == "expert" for role, _ in self.active_role_keys)

    @property
    def is_window_staff(self) -> bool:
        return ("window_staff", "hr_bureau") in self.active_role_keys

    @property
    def is_security_admin(self) -> bool:
        return self.admin_duty == AdminDuty.SECURITY

    @property
    def is_system_admin(self) -> bool:
        """Holds the system administrator duty (系统管理员)."""
        return self.admin_duty == AdminDuty.SYSTEM

    @property
    def is_audit_admin(self) -> bool:
        """Holds the audit administrator duty (审计管理员): the only reader of the audit log."""
        return self.admin_duty == AdminDuty.AUDIT

    # -- the identity kept per user (zhicheng.accounts.identity) ---------------------------------
    def get_session_auth_hash(self) -> str:
        """Django's session check; a user built from the kept identity has no password hash loaded
        and answers with the kept session-auth hash (the same value, computed when it was kept)."""
        kept = self.__dict__.get("_identity")
        if kept is not None and "password" not in self.__dict__:
            return kept["session_hash"]
        return super().get_session_auth_hash()

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        """Touching one deferred secret of a user built from the kept identity (the password hash,
        the ID or phone number, the e-mail) loads all of them in one query, not one each."""
        if fields and self.__dict__.get("_identity") is not None:
            deferred = self.get_deferred_fields()
            if set(fields) <= deferred:
                fields = list(deferred)
        return super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)

    def get_full_name(self) -> str:
        return self.real_name

    def get_short_name(self) -> str:
        return self.real_name


class RecoveryChannel(models.TextChoices):
    SMS = "sms", _("手机短信")
    EMAIL = "email", _("电子邮箱")


class RecoveryChallenge(CachedDisplayMixin, models.Model):
    """A one-time code sent for self-service recovery. Only a keyed hash of the code is kept."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="recovery_challenges")
    channel = models.CharField(_("发送渠道"), max_length=10, choices=RecoveryChannel.choices)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("失效时间"))
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    verified_at = models.DateTimeField(_("验证时间"), null=True, blank=True)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("找回验证码")
        verbose_name_plural = _("找回验证码")

    def __str__(self) -> str:
        return f"{self.user.audit_label} {self.get_channel_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class RecoveryMethod(models.TextChoices):
    SELF = "self", _("本人自助找回")
    WINDOW = "window", _("服务窗口找回")


class AccountRecovery(CachedDisplayMixin, models.Model):
    """One completed account recovery: by the person, or at a service window after an ID-card check."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.PROTECT, related_name="recoveries")
    method = models.CharField(_("方式"), max_length=10, choices=RecoveryMethod.choices)
    channel = models.CharField(_("验证渠道"), max_length=10, choices=RecoveryChannel.choices, blank=True)
    staff = models.ForeignKey(
        User, verbose_name=_("窗口工作人员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("办理单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    id_card_checked = models.BooleanField(_("已当面核验居民身份证"), default=False)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("账号找回记录")
        verbose_name_plural = _("账号找回记录")
        constraints = [
            models.CheckConstraint(
                name="window_recovery_has_staff_and_check",
                condition=Q(method="self")
                | (
                    Q(method="window")
                    & Q(staff__isnull=False)
                    & Q(organisation__isnull=False)
                    & Q(id_card_checked=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.audit_label} {self.get_method_display()} {self.created_at:%Y-%m-%d %H:%M}"


class ContactKind(models.TextChoices):
    PHONE = "phone", _("手机号码")
    EMAIL = "email", _("电子邮箱")


class ContactChangeChallenge(CachedDisplayMixin, models.Model):
    """A one-time code sent to the NEW phone number or e-mail address a person wants on their
    account; the change is made only when the code comes back. Only a keyed hash of the code is
    kept; the new number is encrypted like the account's own."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="contact_challenges")
    kind = models.CharField(_("联系方式"), max_length=10, choices=ContactKind.choices)
    new_value = EncryptedTextField(_("新的联系方式"))
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("失效时间"))
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("联系方式变更验证码")
        verbose_name_plural = _("联系方式变更验证码")

    def __str__(self) -> str:
        return f"{self.user.audit_label} {self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def masked_new_value(self) -> str:
        return mask_phone(self.new_value) if self.kind == ContactKind.PHONE else mask_email(self.new_value)


class LinkedDocument(CachedDisplayMixin, models.Model):
    """A further identity document of the same person, linked to their one account at a service
    window after the staff member has seen the card (e.g. a 港澳居民 who registered with the
    通行证 and later gets a 居住证). The person then logs in, is found at the window, and their
    certificates are found through the API, by either document.

    One account per document: ``digest`` is unique here, and the link service refuses a document
    that is any account's own (``User.id_number_digest``); registration refuses a linked one.
    """

    user = models.ForeignKey(User, verbose_name=_("账号"), on_delete=models.PROTECT, related_name="linked_documents")
    document_type = models.CharField(_("证件类型"), max_length=24, choices=IdDocumentType.choices)
    number = EncryptedTextField(_("证件号码"))
    nationality = models.CharField(_("国籍"), max_length=3, blank=True, default="")
    digest = models.CharField(_("证件号码摘要"), max_length=64, unique=True, editable=False)
    staff = models.ForeignKey(User, verbose_name=_("窗口工作人员"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("办理单位"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("事由"), max_length=200)
    card_checked = models.BooleanField(_("已当面核验证件原件"), default=False)
    created_at = models.DateTimeField(_("关联时间"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("关联证件")
        verbose_name_plural = _("关联证件")
        constraints = [
            models.CheckConstraint(name="linked_document_card_checked", condition=Q(card_checked=True)),
            models.CheckConstraint(name="linked_document_has_reason", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.user.audit_label} {self.document_label} {self.masked_number}"

    @property
    def document_label(self) -> str:
        return document_type_label(self.document_type)

    @property
    def masked_number(self) -> str:
        return mask_id_number(self.number)

    @property
    def nationality_label(self) -> str:
        return country_name(self.nationality) if self.nationality else ""
