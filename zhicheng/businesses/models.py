"""Business objects that run on the case engine (``zhicheng.cases``).

Each business object has a OneToOne ``case`` (its ``Case.content_type``/``object_id`` point back
here too). This module starts with the 评审申请 contract that the committees app builds on; the
other businesses (考核认定, 单位变更, 补换发, 省外确认) are added beside it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhicheng.catalog.constants import TitleLevel
from zhicheng.common.kept_pages import KeptQuerySet
from zhicheng.common.models import CachedDisplayMixin, TimeStampedModel
from zhicheng.common.uploads import ALLOWED_UPLOAD_TYPES, private_storage


class EvaluationApplication(CachedDisplayMixin, TimeStampedModel):
    """评审申请: an applicant asks a committee to evaluate them for a qualification.

    Route: personnel unit → supervising unit → committee office (受理 / 退回). After the case is
    accepted (``case.status == "accepted"``) the committee's evaluation (``zhicheng.committees``)
    takes over: meeting, votes, 公示, reporting, HR confirmation and the certificate.
    """

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="evaluation_application"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申报人"),
        on_delete=models.PROTECT,
        related_name="evaluation_applications",
    )
    series = models.ForeignKey("catalog.Series", verbose_name=_("系列"), on_delete=models.PROTECT, related_name="+")
    specialty = models.ForeignKey(
        "catalog.Specialty", verbose_name=_("专业"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("级别"), choices=TitleLevel.choices)
    qualification = models.ForeignKey(
        "catalog.Qualification", verbose_name=_("申报资格"), on_delete=models.PROTECT, related_name="+"
    )
    committee = models.ForeignKey(
        "catalog.Committee", verbose_name=_("评审委员会"), on_delete=models.PROTECT, related_name="applications"
    )
    plan = models.ForeignKey(
        "catalog.EvaluationPlan", verbose_name=_("评审计划"), on_delete=models.PROTECT, related_name="applications"
    )
    #: Ids of the applicant's stored achievements chosen for presentation (选定).
    selected_achievement_ids = models.JSONField(_("选定的业绩成果"), default=list, blank=True)
    #: 提交资料清单: the paper materials handed in, one per line.
    materials = models.TextField(_("提交资料清单"), blank=True)
    pledge_confirmed = models.BooleanField(_("已承诺所填信息真实"), default=False)
    #: The eligibility pre-check at the last submission (``EligibilityResult`` as JSON), shown to reviewers.
    eligibility = models.JSONField(_("申报条件预审结果"), default=dict, blank=True)
    #: The stored profile version the application was submitted with.
    profile_version = models.ForeignKey(
        "profiles.ProfileVersion", verbose_name=_("个人信息版本"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    kept_pages_scopes = {"person": "applicant_id"}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        verbose_name = _("评审申请")
        verbose_name_plural = _("评审申请")
        indexes = [models.Index(fields=["plan", "committee"])]
        constraints = [
            models.CheckConstraint(name="evaluation_level_range", condition=Q(level__gte=1) & Q(level__lte=5)),
        ]

    def __str__(self) -> str:
        return f"{self.applicant.real_name} · {self.qualification.name}"


class SignedPledge(models.Model):
    """诚信承诺书 as signed: the plan's pledge text at the moment of submission, who signed it, when and
    from which address. Written once per submission (a resubmission after 退回 signs again) and never
    changed: ``save`` refuses an update and the plan's later wording does not reach it.
    """

    case = models.ForeignKey("cases.Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="pledges")
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签署账号"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("承诺书内容"))
    signed_at = models.DateTimeField(_("签署时间"))
    ip_address = models.CharField(_("签署IP地址"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("诚信承诺书")
        verbose_name_plural = _("诚信承诺书")
        ordering = ["-signed_at", "-id"]

    def __str__(self) -> str:
        return f"诚信承诺书 · {self.signed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("已签署的诚信承诺书不能修改。")
        super().save(*args, **kwargs)


class RecognitionApplication(CachedDisplayMixin, TimeStampedModel):
    """考核认定申请: 员级/助理级/中级 recognised by an HR bureau without a committee vote.

    Route: personnel unit → supervising unit → the recognising HR bureau (认定 = accept, or refuse).
    Accepting issues the certificate in the same transaction (``certificate``).
    """

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="recognition_application"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT,
        related_name="recognition_applications",
    )
    series = models.ForeignKey("catalog.Series", verbose_name=_("系列"), on_delete=models.PROTECT, related_name="+")
    specialty = models.ForeignKey(
        "catalog.Specialty", verbose_name=_("专业"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("级别"), choices=TitleLevel.choices)
    qualification = models.ForeignKey(
        "catalog.Qualification", verbose_name=_("申报资格"), on_delete=models.PROTECT, related_name="+"
    )
    materials = models.TextField(_("提交资料清单"), blank=True)
    pledge_confirmed = models.BooleanField(_("已承诺所填信息真实"), default=False)
    eligibility = models.JSONField(_("申报条件预审结果"), default=dict, blank=True)
    profile_version = models.ForeignKey(
        "profiles.ProfileVersion", verbose_name=_("个人信息版本"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    bureau = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("认定的人社部门"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    certificate = models.OneToOneField(
        "certificates.Certificate", verbose_name=_("颁发的证书"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="recognition_application",
    )

    class Meta:
        verbose_name = _("考核认定申请")
        verbose_name_plural = _("考核认定申请")
        constraints = [
            # Only 员级 (5), 助理级 (4) and 中级 (3) are recognised.
            models.CheckConstraint(name="recognition_level_range", condition=Q(level__gte=3) & Q(level__lte=5)),
        ]

    def __str__(self) -> str:
        return f"{self.applicant.real_name} · {self.qualification.name}（考核认定）"


class UnitChangeApplication(CachedDisplayMixin, TimeStampedModel):
    """人事管理单位变更申请: current unit releases → new unit accepts → new supervising unit approves.

    When the last step approves, the applicant's stored chain switches to ``to_unit``
    (``zhicheng.profiles.services.profile_personnel_unit_switch``). ``is_open`` is true until then;
    an applicant has at most one open unit change (a partial unique constraint).
    """

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="unit_change_application"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT,
        related_name="unit_change_applications",
    )
    from_unit = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("原人事管理单位"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("新人事管理单位"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("变更原因"), max_length=500)
    is_open = models.BooleanField(_("办理中"), default=True)
    switched_at = models.DateTimeField(_("变更生效时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("人事管理单位变更申请")
        verbose_name_plural = _("人事管理单位变更申请")
        constraints = [
            models.UniqueConstraint(fields=["applicant"], condition=Q(is_open=True), name="one_open_unit_change"),
            models.CheckConstraint(name="unit_change_to_another_unit", condition=~Q(from_unit=models.F("to_unit"))),
            models.CheckConstraint(
                name="unit_change_switched_when_closed",
                condition=Q(is_open=True, switched_at__isnull=True) | Q(is_open=False, switched_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant.real_name}：{self.from_unit.name} → {self.to_unit.name}"


class ReplacementReason(models.TextChoices):
    LOST = "lost", _("遗失")
    DAMAGED = "damaged", _("损毁")


class CertificateReplacementApplication(CachedDisplayMixin, TimeStampedModel):
    """证书补换发: route personnel unit → supervising unit → the HR bureau that issued the certificate,
    whose acceptance issues the replacement (``replacement``) linked to the original."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="replacement_application"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT,
        related_name="replacement_applications",
    )
    certificate = models.ForeignKey(
        "certificates.Certificate", verbose_name=_("原证书"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("补换发原因"), max_length=10, choices=ReplacementReason.choices)
    explanation = models.TextField(_("情况说明"), max_length=500)
    replacement = models.OneToOneField(
        "certificates.Certificate", verbose_name=_("补换发的新证书"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="replacement_application",
    )

    class Meta:
        verbose_name = _("证书补换发申请")
        verbose_name_plural = _("证书补换发申请")

    def __str__(self) -> str:
        return f"{self.applicant.real_name} · 证书补换发"


def external_attachment_path(instance, filename: str) -> str:
    return f"businesses/external/{instance.applicant_id}/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


def _private_storage():
    return private_storage()


class ExternalTitleConfirmation(CachedDisplayMixin, TimeStampedModel):
    """省外来粤资格确认: a title obtained in another province, confirmed by the HR bureau of the
    applicant's unit's region (accept records the confirmation; no new certificate number)."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="external_title_confirmation"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT,
        related_name="external_title_confirmations",
    )
    province = models.CharField(_("取得职称的省份"), max_length=20)
    issuing_authority = models.CharField(_("发证机关"), max_length=100)
    qualification = models.ForeignKey(
        "catalog.Qualification", verbose_name=_("资格名称"), on_delete=models.PROTECT, related_name="+"
    )
    series = models.ForeignKey("catalog.Series", verbose_name=_("系列"), on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("级别"), choices=TitleLevel.choices)
    document_number = models.CharField(_("证书（文件）编号"), max_length=50)
    obtained_on = models.DateField(_("取得时间"))
    file = models.FileField(
        _("证书扫描件"), storage=_private_storage, upload_to=external_attachment_path, max_length=200
    )
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    #: The scan as the case was last submitted with it (storage name, file name, type, size,
    #: sha256): what staff on the route download, whatever the applicant uploads afterwards.
    submitted_scan = models.JSONField(_("提交时的扫描件"), default=dict, blank=True, editable=False)
    bureau = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("确认的人社部门"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("省外来粤资格确认")
        verbose_name_plural = _("省外来粤资格确认")
        constraints = [
            models.CheckConstraint(
                name="external_confirmed_has_bureau",
                condition=Q(confirmed_at__isnull=True) | Q(bureau__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant.real_name} · {self.province}{self.qualification.name}"

    @property
    def extension(self) -> str:
        return ALLOWED_UPLOAD_TYPES.get(self.content_type, "")


class ReturnedContent(models.Model):
    """What a business case held when it was last returned (退回): the application's content and the
    profile version it showed (``selectors.application_snapshot``). The reviewer's page of the
    resubmitted case marks every difference against it (issue 17). One row per case, replaced at
    each return; written only by ``services.application_returned`` (the engine's ``on_return`` hook)."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("业务"), on_delete=models.CASCADE, related_name="returned_content"
    )
    data = models.JSONField(_("退回时的申请内容"), default=dict)
    returned_at = models.DateTimeField(_("退回时间"))

    class Meta:
        verbose_name = _("退回时的申请内容")
        verbose_name_plural = _("退回时的申请内容")

    def __str__(self) -> str:
        return f"业务 #{self.case_id} 退回时的内容"
