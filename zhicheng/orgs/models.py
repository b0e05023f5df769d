"""Regions, organisations and staff memberships: the chain 个人—人事管理单位—主管单位—人社部门."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.common.fields import EncryptedTextField
from zhicheng.common.kept_pages import KeptQuerySet
from zhicheng.common.models import CachedDisplayMixin
from zhicheng.common.uploads import ALLOWED_UPLOAD_TYPES, private_storage
from zhicheng.common.validators import validate_credit_code

from .constants import OrgKind, RegionLevel, Role
from .pinyin import name_keys


class Region(CachedDisplayMixin, models.Model):
    """An administrative division (GB/T 2260) of Guangdong."""

    code = models.CharField(_("区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("层级"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    kept_pages_scopes = {"all": None}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        if self.level == RegionLevel.COUNTY and self.parent_id:
            return f"{self.parent.name}{self.name}"
        return self.name

    @property
    def city_code(self) -> str:
        return self.code[:4] + "00"


SEARCH_KEY_FIELDS = ("name_key", "name_pinyin", "name_initials", "name_syllables")


class Like(models.Lookup):
    """``field__like=pattern``: SQL LIKE with the pattern as given (``%`` and ``_`` are
    wildcards); for the search keys, which hold only lower-case letters, digits and spaces."""

    lookup_name = "like"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} LIKE {rhs}", [*lhs_params, *rhs_params]


class OrganisationQuerySet(KeptQuerySet):
    """Bulk writes keep the search keys too, so no way of creating or renaming a unit leaves
    them stale (``save()`` keeps them for single rows)."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.set_search_keys()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "name" in fields:
            for obj in objs:
                obj.set_search_keys()
            fields = [*fields, *(f for f in SEARCH_KEY_FIELDS if f not in fields)]
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        if "name" in kwargs and not all(f in kwargs for f in SEARCH_KEY_FIELDS):  # bulk_update passes all
            if not isinstance(kwargs["name"], str):
                raise ValueError("rename units with a plain name (the search keys are computed from it)")
            keys = name_keys(kwargs["name"])
            kwargs.update(name_key=keys.name_key, name_pinyin=keys.pinyin, name_initials=keys.initials,
                          name_syllables=keys.syllables)
        return super().update(**kwargs)


class Organisation(CachedDisplayMixin, models.Model):
    name = models.CharField(_("名称"), max_length=100)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="organisations"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=OrgKind.choices, db_index=True)
    is_talent_market = models.BooleanField(_("人才市场"), default=False)
    is_nonpublic_point = models.BooleanField(_("非公申报点"), default=False)
    holds_personnel_files = models.BooleanField(_("具有人事档案管理权限"), default=False)
    supervising_unit = models.ForeignKey(
        "self", verbose_name=_("主管单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="supervised_units",
    )
    scope_note = models.CharField(_("受理范围说明"), max_length=200, blank=True)
    # Search keys, kept by save() and by the queryset's bulk writes (see OrganisationQuerySet).
    name_key = models.CharField(_("名称检索键"), max_length=100, blank=True, editable=False)
    name_pinyin = models.CharField(_("名称全拼"), max_length=600, blank=True, editable=False)
    name_initials = models.CharField(_("名称拼音首字母"), max_length=100, blank=True, editable=False)
    name_syllables = models.CharField(_("名称拼音音节"), max_length=800, blank=True, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_units",
    )

    kept_pages_scopes = {"all": None}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "kind", "name"]
        verbose_name = _("组织机构")
        verbose_name_plural = _("组织机构")
        constraints = [
            models.CheckConstraint(
                name="personnel_unit_has_supervising_unit",
                condition=(Q(kind=OrgKind.PERSONNEL_UNIT) & Q(supervising_unit__isnull=False))
                | (~Q(kind=OrgKind.PERSONNEL_UNIT) & Q(supervising_unit__isnull=True)),
            ),
            models.UniqueConstraint(
                fields=["region"], condition=Q(kind=OrgKind.HR_BUREAU), name="one_hr_bureau_per_region"
            ),
            models.CheckConstraint(
                name="only_personnel_units_have_flags",
                condition=Q(kind=OrgKind.PERSONNEL_UNIT)
                | (Q(is_talent_market=False) & Q(is_nonpublic_point=False)),
            ),
        ]
        indexes = [models.Index(fields=["region", "kind", "is_active"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.set_search_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, *SEARCH_KEY_FIELDS}
        super().save(*args, **kwargs)

    def name_at(self, when) -> str:
        """The unit's name at ``when`` (a datetime): a renamed unit's history reads under the
        name it had then (OrganisationNameChange)."""
        if when is None:
            return self.name
        for change in self.name_changes.all():  # ordered by time; prefetch where many are shown
            if change.changed_at > when:
                return change.old_name
        return self.name

    def set_search_keys(self) -> None:
        """Compute the search keys from ``name`` (zhicheng.orgs.pinyin.name_keys)."""
        keys = name_keys(self.name)
        self.name_key, self.name_pinyin = keys.name_key, keys.pinyin
        self.name_initials, self.name_syllables = keys.initials, keys.syllables

    @property
    def is_personnel_unit(self) -> bool:
        return self.kind == OrgKind.PERSONNEL_UNIT

    @property
    def unit_kind_label(self) -> str:
        if self.is_talent_market:
            return "人才市场"
        if self.is_nonpublic_point:
            return "非公申报点"
        return self.get_kind_display()


def in_force_q(prefix: str = "", *, today=None) -> Q:
    """The condition "this membership is in force": active and not past its end date (``ends_on`` is
    in force through that day), so a role ends at midnight even before ``memberships_expire`` runs.

    Args:
        prefix: the lookup path to the membership, e.g. ``"memberships__"`` from a user or an
            organisation, ``"organisation__memberships__"`` from a committee. Use it inside ONE
            ``filter()`` call with the membership's other conditions, so that they apply to the same row.
        today: the date to judge by (default: today in Asia/Shanghai).
    """
    today = today or timezone.localdate()
    return Q(**{f"{prefix}is_active": True}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})
    )


class MembershipQuerySet(models.QuerySet):
    def in_force(self, *, today=None) -> MembershipQuerySet:
        """Memberships in force (``in_force_q``): the one answer to "does this role count now"."""
        return self.filter(in_force_q(today=today))


class Membership(CachedDisplayMixin, models.Model):
    """A staff role held by a user at one organisation; a person may hold several.

    A unit administrator *invites* a person to a role (``invited_at``; not yet in force); the
    person accepts (``accepted_at``, ``is_active``) or declines (``declined_at``). A role may end
    on a date (``ends_on``: in force through that day; ``memberships_expire`` ends it the day
    after, and the permission checks ignore it from then on). Ending or revoking a role sets
    ``is_active`` false and ``ended_at``. Roles given by a service without an invitation (an
    expert added to a pool, the first administrator of a registered unit) have no ``invited_at``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("邀请人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("邀请时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    declined_at = models.DateTimeField(_("拒绝时间"), null=True, blank=True)
    ends_on = models.DateField(_("角色截止日期"), null=True, blank=True, help_text=_("含当日；空表示长期有效"))
    ended_at = models.DateTimeField(_("终止时间"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位角色")
        verbose_name_plural = _("单位角色")
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership")]
        indexes = [models.Index(fields=["organisation", "role", "is_active"])]

    def __str__(self) -> str:
        return f"{self.organisation.name} · {self.get_role_display()}"

    @property
    def is_pending(self) -> bool:
        """An invitation the person has neither accepted nor declined (and nobody withdrew)."""
        return (not self.is_active and self.invited_at is not None and self.accepted_at is None
                and self.declined_at is None and self.ended_at is None)

    @property
    def state_label(self) -> str:
        if self.is_active:
            return "有效"
        if self.is_pending:
            return "待接受"
        if self.declined_at is not None and self.accepted_at is None:
            return "已拒绝"
        return "已终止"


class OrganisationNameChange(models.Model):
    """A unit's earlier name, kept when an HR bureau renames it (append-only): its history reads
    under the name it had then (``name_at``)."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("单位"), on_delete=models.PROTECT,
                                     related_name="name_changes")
    old_name = models.CharField(_("原名称"), max_length=100)
    new_name = models.CharField(_("新名称"), max_length=100)
    changed_at = models.DateTimeField(_("更名时间"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办理人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["organisation", "changed_at", "id"]
        verbose_name = _("单位更名记录")
        verbose_name_plural = _("单位更名记录")

    def __str__(self) -> str:
        return f"{self.old_name} → {self.new_name}"


class UnattendedFlag(models.Model):
    """Append-only: a unit found with cases waiting and nobody able to act (no active reviewer),
    flagged to its supervising unit and HR bureau, at most once a day."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("单位"), on_delete=models.PROTECT,
                                     related_name="unattended_flags")
    flagged_on = models.DateField(_("提示日期"))
    waiting = models.PositiveIntegerField(_("待审核业务数"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["-flagged_on", "-id"]
        verbose_name = _("无人办理提示")
        verbose_name_plural = _("无人办理提示")
        constraints = [models.UniqueConstraint(fields=["organisation", "flagged_on"], name="one_unattended_flag_a_day")]

    def __str__(self) -> str:
        return f"{self.organisation.name} {self.flagged_on}"


class UnitType(models.TextChoices):
    EMPLOYER = "employer", _("用人单位（人事管理单位）")
    TALENT_MARKET = "talent_market", _("人才市场")
    NONPUBLIC_POINT = "nonpublic_point", _("非公申报点")


def registration_letter_path(instance, filename: str) -> str:
    return f"orgs/registrations/{instance.applicant_id}/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


def _private_storage():
    return private_storage()


class UnitRegistration(CachedDisplayMixin, models.Model):
    """单位注册: a unit applies online with its 统一社会信用代码; a case on the engine
    (business ``unit_registration``) decided by its supervising unit (人才市场 and 非公申报点: by
    the HR bureau of the region). Approval creates the ``organisation`` with the applicant as its
    first administrator."""

    case = models.OneToOneField("cases.Case", verbose_name=_("业务"), on_delete=models.PROTECT,
                                related_name="unit_registration")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT,
                                  related_name="unit_registrations")
    name = models.CharField(_("单位名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, validators=[validate_credit_code])
    region = models.ForeignKey(Region, verbose_name=_("所在行政区划"), on_delete=models.PROTECT, related_name="+")
    unit_type = models.CharField(_("单位类型"), max_length=20, choices=UnitType.choices, default=UnitType.EMPLOYER)
    holds_personnel_files = models.BooleanField(_("具有人事档案管理权限"), default=False)
    supervising_unit = models.ForeignKey(Organisation, verbose_name=_("主管单位"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    scope_note = models.CharField(_("受理范围说明"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = EncryptedTextField(_("联系电话"))
    file = models.FileField(_("单位授权委托书"), storage=_private_storage, upload_to=registration_letter_path,
                            max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    submitted_letter = models.JSONField(_("提交时的授权委托书"), default=dict, blank=True, editable=False)
    organisation = models.ForeignKey(Organisation, verbose_name=_("注册后的单位"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="registrations")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("单位注册")
        verbose_name_plural = _("单位注册")

    def __str__(self) -> str:
        return f"{self.name}（{self.credit_code}）"

    @property
    def extension(self) -> str:
        return ALLOWED_UPLOAD_TYPES.get(self.content_type, "")

    @property
    def masked_contact_phone(self) -> str:
        from zhicheng.common.masking import mask_phone

        return mask_phone(self.contact_phone)


Organisation._meta.get_field("name_syllables").register_lookup(Like)
