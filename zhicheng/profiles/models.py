"""Personal information (个人基本信息): one ``Profile`` per applicant.

* The ``Profile`` and its section rows (education, work, achievements, continuing education,
  appraisals, attachments) are the applicant's **working draft**.
* Submitting freezes the draft into a pending :class:`ProfileVersion` (``stored_at`` empty),
  linked to the profile case; reviewers see exactly that snapshot. While the case is under
  review the draft is read-only; after a return or withdrawal it is editable again and the next
  submission refreshes the pending snapshot.
* When the supervising unit approves, the pending version is **stored** (入库): it gets its
  number and becomes immutable, ``Profile.stored_version`` points to it and
  ``Profile.personnel_unit`` (the applicant's chain) is set from it. Earlier stored versions are
  kept; the stored one stays in force while a later edit is under review.
* Attachments are never deleted while a version refers to them; removing one from the draft only
  marks it removed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhicheng.catalog.constants import Education, TitleLevel
from zhicheng.common import uploads
from zhicheng.common.kept_pages import KeptQuerySet
from zhicheng.common.models import CachedDisplayMixin, TimeStampedModel
from zhicheng.common.uploads import ALLOWED_UPLOAD_TYPES

from .constants import (
    ETHNICITY_CHOICES,
    AchievementKind,
    AppraisalResult,
    AttachmentKind,
    Degree,
    PoliticalStatus,
)


def private_storage() -> FileSystemStorage:
    """Attachments live under MEDIA_ROOT; downloads go only through a permission-checking view
    (:func:`zhicheng.common.uploads.private_storage`; this name stays because migrations name it)."""
    return uploads.private_storage()


class Profile(CachedDisplayMixin, TimeStampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT, related_name="profile"
    )
    gender = models.CharField(_("性别"), max_length=1, choices=[("M", "男"), ("F", "女")], blank=True)
    ethnicity = models.CharField(_("民族"), max_length=10, choices=ETHNICITY_CHOICES, blank=True)
    political_status = models.CharField(_("政治面貌"), max_length=20, choices=PoliticalStatus.choices, blank=True)
    current_position = models.CharField(_("现任职务（岗位）"), max_length=100, blank=True)
    title_series = models.ForeignKey(
        "catalog.Series",
        verbose_name=_("现职称系列"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title_qualification = models.ForeignKey(
        "catalog.Qualification", verbose_name=_("现职称资格名称"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    title_level = models.PositiveSmallIntegerField(_("现职称级别"), choices=TitleLevel.choices, null=True, blank=True)
    title_obtained_on = models.DateField(_("取得时间"), null=True, blank=True)
    title_certificate_number = models.CharField(_("职称证书编号"), max_length=40, blank=True)
    draft_personnel_unit = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("人事管理单位（待审核）"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "personnel_unit"},
    )
    personnel_unit = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("人事管理单位（已入库）"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="stored_profiles", limit_choices_to={"kind": "personnel_unit"},
    )
    stored_version = models.OneToOneField(
        "ProfileVersion", verbose_name=_("在用版本"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    kept_pages_scopes = {"person": "user_id"}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        verbose_name = _("个人基本信息")
        verbose_name_plural = _("个人基本信息")
        constraints = [
            models.CheckConstraint(
                name="stored_profile_has_personnel_unit",
                condition=Q(stored_version__isnull=True) | Q(personnel_unit__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.real_name}的个人基本信息"


class ProfileRow(CachedDisplayMixin, models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="%(class)s_rows")

    kept_pages_scopes = {"person": "profile__user_id"}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        """Dates against the person (profiles/dates.py): none before birth, study from 5, work from 14."""
        from django.core.exceptions import ValidationError

        from .dates import profile_row_date_errors

        super().clean()
        if not self.profile_id:
            return
        data = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}
        errors = profile_row_date_errors(
            birth_date=self.profile.user.birth_date, section=self._meta.model_name, data=data
        )
        if errors:
            raise ValidationError(errors)


class EducationRecord(ProfileRow):
    school = models.CharField(_("毕业院校"), max_length=100)
    major = models.CharField(_("所学专业"), max_length=100)
    education = models.PositiveSmallIntegerField(_("学历"), choices=Education.choices)
    degree = models.CharField(_("学位"), max_length=10, choices=Degree.choices, blank=True)
    start_date = models.DateField(_("入学时间"))
    end_date = models.DateField(_("毕业时间"))
    certificate_number = models.CharField(_("毕业证书编号"), max_length=40, blank=True)

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("学习经历")
        verbose_name_plural = _("学习经历")
        constraints = [
            models.CheckConstraint(name="education_dates_ordered", condition=Q(end_date__gte=models.F("start_date")))
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.major}"


class WorkRecord(ProfileRow):
    unit_name = models.CharField(_("工作单位"), max_length=100)
    post = models.CharField(_("岗位（职务）"), max_length=100)
    start_date = models.DateField(_("开始时间"))
    end_date = models.DateField(_("结束时间"), null=True, blank=True, help_text=_("至今可不填"))

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("工作经历")
        verbose_name_plural = _("工作经历")
        constraints = [
            models.CheckConstraint(
                name="work_dates_ordered", condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date"))
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} {self.post}"


class Achievement(ProfileRow):
    kind = models.CharField(_("类别"), max_length=10, choices=AchievementKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    date = models.DateField(_("时间"))
    role = models.CharField(_("本人角色或排名"), max_length=50, blank=True)
    description = models.TextField(_("简要说明"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("业绩成果")
        verbose_name_plural = _("业绩成果")

    def __str__(self) -> str:
        return self.title


class ContinuingEducation(ProfileRow):
    year = models.PositiveSmallIntegerField(_("年度"))
    hours = models.PositiveSmallIntegerField(_("学时"))
    content = models.CharField(_("学习内容"), max_length=200)

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("继续教育")
        verbose_name_plural = _("继续教育")

    def __str__(self) -> str:
        return f"{self.year} {self.content}"


class Appraisal(ProfileRow):
    year = models.PositiveSmallIntegerField(_("年度"))
    result = models.CharField(_("考核结果"), max_length=12, choices=AppraisalResult.choices)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")
        constraints = [models.UniqueConstraint(fields=["profile", "year"], name="one_appraisal_per_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_result_display()}"


def attachment_path(instance, filename: str) -> str:
    return f"profiles/{instance.profile_id}/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Attachment(ProfileRow):
    kind = models.CharField(_("材料类别"), max_length=12, choices=AttachmentKind.choices)
    file = models.FileField(_("文件"), storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    removed_at = models.DateTimeField(_("移除时间"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return ALLOWED_UPLOAD_TYPES.get(self.content_type, "")


class ProfileVersion(CachedDisplayMixin, models.Model):
    """A snapshot of the whole draft. Pending while ``stored_at`` is empty; immutable once stored."""

    profile = models.ForeignKey(
        Profile, verbose_name=_("个人基本信息"), on_delete=models.PROTECT, related_name="versions"
    )
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("审核业务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="profile_version",
    )
    number = models.PositiveIntegerField(_("版本号"), null=True, blank=True)
    data = models.JSONField(_("内容"), default=dict)  # shape: profiles.snapshot.ProfileSnapshot
    #: ``data`` as it was when the case was last returned: what the reviewer compares a resubmission with.
    returned_data = models.JSONField(_("退回时的内容"), null=True, blank=True)
    personnel_unit = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("人事管理单位"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    stored_at = models.DateTimeField(_("入库时间"), null=True, blank=True)

    kept_pages_scopes = {"person": "profile__user_id"}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["profile", "-number"]
        verbose_name = _("个人基本信息版本")
        verbose_name_plural = _("个人基本信息版本")
        constraints = [
            models.CheckConstraint(
                name="stored_version_has_number",
                condition=Q(stored_at__isnull=True, number__isnull=True)
                | Q(stored_at__isnull=False, number__isnull=False),
            ),
            models.UniqueConstraint(fields=["profile", "number"], name="unique_profile_version_number"),
            models.UniqueConstraint(
                fields=["profile"], condition=Q(stored_at__isnull=True), name="one_pending_profile_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile} 第{self.number}版" if self.number else f"{self.profile}（审核中）"

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk, stored_at__isnull=False).exists():
            raise ValueError("a stored ProfileVersion is immutable")
        super().save(*args, **kwargs)

    @property
    def is_stored(self) -> bool:
        return self.stored_at is not None
