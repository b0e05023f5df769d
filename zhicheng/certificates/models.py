"""Certificates (职称证书) with province-wide gapless numbers; see numbering.py and SPEC §7."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.catalog.constants import TitleLevel
from zhicheng.common.fields import EncryptedTextField
from zhicheng.common.id_documents import DEFAULT_DOCUMENT_TYPE, IdDocumentType, document_type_label
from zhicheng.common.kept_pages import KeptQuerySet
from zhicheng.common.masking import mask_id_number
from zhicheng.common.models import CachedDisplayMixin
from zhicheng.common.validators import id_number_birth_date, id_number_gender

from .numbering import NUMBER_REGEX, certificate_number_grouped


class CertificateStatus(models.TextChoices):
    ALLOCATED = "allocated", _("已分配编号")  # number handed to an external system, not yet reported issued
    VALID = "valid", _("有效")
    VOIDED = "voided", _("已作废")
    REPLACED = "replaced", _("已补换发")
    # Withdrawn for cause by an integrity finding (撤销, zhicheng.integrity); the reason is public.
    REVOKED = "revoked", _("已撤销")


# ``Certificate.source`` for certificates issued through this system; otherwise the external system's name.
SOURCE_THIS_SYSTEM = ""


class CertificateCounter(models.Model):
    """The last serial used per (year, issuer, level); locked while a number is allocated."""

    year = models.PositiveSmallIntegerField(_("年度"))
    issuer = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("发证机关"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("级别"), choices=TitleLevel.choices)
    last_serial = models.PositiveIntegerField(_("已用流水号"), default=0)

    class Meta:
        verbose_name = _("证书编号计数器")
        verbose_name_plural = _("证书编号计数器")
        constraints = [
            models.UniqueConstraint(fields=["year", "issuer", "level"], name="unique_certificate_counter"),
            models.CheckConstraint(name="certificate_counter_serial_range", condition=Q(last_serial__lte=999_999)),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.issuer_id} {self.level}: {self.last_serial}"


class Certificate(CachedDisplayMixin, models.Model):
    number = models.CharField(_("证书编号"), max_length=18, unique=True)
    year = models.PositiveSmallIntegerField(_("编号年度"))
    serial = models.PositiveIntegerField(_("流水号"))
    status = models.CharField(
        _("状态"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )  # always filtered with the holder or the issuer: covered by their indexes
    # Holder: an account when there is one; name and ID number always (external holders may have none).
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("持证人账号"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="certificates",
    )
    holder_name = models.CharField(_("持证人姓名"), max_length=50)
    holder_id_type = models.CharField(
        _("持证人证件类型"), max_length=24, choices=IdDocumentType.choices, default=DEFAULT_DOCUMENT_TYPE,
        db_default=DEFAULT_DOCUMENT_TYPE.value, editable=False,
    )
    holder_id_number = EncryptedTextField(_("持证人证件号码"))
    holder_nationality = models.CharField(
        _("持证人国籍"), max_length=3, blank=True, default="", db_default="", editable=False
    )
    # Keyed hash of (document type, number[, nationality]), as accounts.User.id_number_digest.
    holder_id_digest = models.CharField(_("证件号码摘要"), max_length=64, editable=False)  # indexed in Meta
    # What was awarded.
    qualification = models.ForeignKey(
        "catalog.Qualification", verbose_name=_("资格名称"), on_delete=models.PROTECT, related_name="certificates"
    )
    series = models.ForeignKey("catalog.Series", verbose_name=_("系列"), on_delete=models.PROTECT, related_name="+")
    specialty = models.ForeignKey(
        "catalog.Specialty", verbose_name=_("专业"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("级别"), choices=TitleLevel.choices)
    # Who decided: an evaluation committee (评审), or an HR bureau by recognition (考核认定).
    committee = models.ForeignKey(
        "catalog.Committee", verbose_name=_("评审委员会"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="certificates",
    )
    recognising_bureau = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("考核认定部门"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", limit_choices_to={"kind": "hr_bureau"},
    )
    issuer = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("发证机关"), on_delete=models.PROTECT, related_name="issued_certificates",
        limit_choices_to={"kind": "hr_bureau"},
        db_index=False,  # the (issuer, year, level, serial) and (issuer, status, issued_on) indexes lead with it
    )
    issued_on = models.DateField(_("发证日期"), null=True, blank=True)
    # Ending: voided, voided by replacement (补换发) or revoked (撤销) — the reason, time and actor of each.
    # A revocation's reason is public (verification shows it); a void's is not.
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("作废人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    replaces = models.OneToOneField(
        "self", verbose_name=_("所补换发的原证书"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    case_id = models.BigIntegerField(_("业务编号"), null=True, blank=True, db_index=True)
    source = models.CharField(
        _("来源"), max_length=100, blank=True, default=SOURCE_THIS_SYSTEM, help_text=_("空为本系统，否则为对接系统名称")
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    kept_pages_scopes = {"person": "holder_id"}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("职称证书")
        verbose_name_plural = _("职称证书")
        constraints = [
            models.CheckConstraint(name="certificate_number_shape", condition=Q(number__regex=NUMBER_REGEX)),
            models.UniqueConstraint(fields=["issuer", "year", "level", "serial"], name="unique_certificate_serial"),
            models.CheckConstraint(
                name="certificate_serial_range", condition=Q(serial__gte=1) & Q(serial__lte=999_999)
            ),
            models.CheckConstraint(name="certificate_level_range", condition=Q(level__gte=1) & Q(level__lte=5)),
            models.CheckConstraint(
                name="certificate_status_known",
                condition=Q(status__in=[s.value for s in CertificateStatus]),
            ),
            # Allocated numbers are not issued yet; everything else has an issue date.
            models.CheckConstraint(
                name="certificate_issued_has_date",
                # A number voided before it was ever issued (allocated, then cancelled) has no date.
                condition=(Q(status=CertificateStatus.ALLOCATED) & Q(issued_on__isnull=True))
                | (
                    Q(status__in=[CertificateStatus.VALID, CertificateStatus.REPLACED, CertificateStatus.REVOKED])
                    & Q(issued_on__isnull=False)
                )
                | Q(status=CertificateStatus.VOIDED),
            ),
            # Voided and replaced certificates say when and why; live ones carry no such trace.
            models.CheckConstraint(
                name="certificate_ended_has_reason",
                condition=(
                    Q(status__in=[CertificateStatus.VOIDED, CertificateStatus.REPLACED, CertificateStatus.REVOKED])
                    & ~Q(void_reason="")
                    & Q(voided_at__isnull=False)
                )
                | (
                    Q(status__in=[CertificateStatus.ALLOCATED, CertificateStatus.VALID])
                    & Q(void_reason="")
                    & Q(voided_at__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="certificate_one_deciding_body",
                condition=Q(committee__isnull=True) | Q(recognising_bureau__isnull=True),
            ),
        ]
        # Every index costs each INSERT of a batch of numbers: no LIKE index on the digest (only
        # equality look-ups), none on status alone (always with the holder or the issuer).
        indexes = [
            models.Index(fields=["issuer", "status", "-issued_on"]),
            models.Index(fields=["holder_id_digest"], name="certificate_holder_digest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.holder_name}"

    # -- holder ------------------------------------------------------------------------------------
    def set_holder_id_number(
        self, value: str, document_type: str = DEFAULT_DOCUMENT_TYPE, nationality: str = ""
    ) -> None:
        """The holder's identity document (validated by the caller); the digest as the account's."""
        from zhicheng.accounts.models import id_digest
        from zhicheng.common.validators import normalize_id_number

        number = normalize_id_number(value)
        self.holder_id_type, self.holder_nationality = document_type or DEFAULT_DOCUMENT_TYPE, nationality or ""
        self.holder_id_number = number
        self.holder_id_digest = id_digest(number, self.holder_id_type, self.holder_nationality)

    @property
    def holder_id_label(self) -> str:
        """"居民身份证号码", "外国人永久居留身份证号码", … for the label next to the masked number."""
        return document_type_label(self.holder_id_type) + "号码"

    @property
    def masked_holder_id_number(self) -> str:
        return mask_id_number(self.holder_id_number)

    @property
    def holder_gender_label(self) -> str:
        # 居民身份证 and the 18-digit 外国人永久居留身份证 keep the sex in the 17th digit.
        if len(self.holder_id_number or "") == 18:
            try:
                return {"M": "男", "F": "女"}[id_number_gender(self.holder_id_number)]
            except (ValueError, IndexError, TypeError):
                return ""
        return {"M": "男", "F": "女"}.get(getattr(self.holder, "gender", "") if self.holder_id else "", "")

    @property
    def holder_birth_date(self):
        if len(self.holder_id_number or "") == 18:
            try:
                return id_number_birth_date(self.holder_id_number)
            except (ValueError, TypeError):
                return None
        return self.holder.birth_date if self.holder_id else None

    @property
    def audit_label(self) -> str:
        return f"{certificate_number_grouped(self.number)} {self.holder_name}"

    # -- display -----------------------------------------------------------------------------------
    @property
    def source_label(self) -> str:
        return self.source or "本系统"

    @property
    def deciding_body_label(self) -> str:
        if self.committee_id:
            return self.committee.name
        if self.recognising_bureau_id:
            return f"{self.recognising_bureau.name}（考核认定）"
        return ""

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID

    @property
    def is_revoked(self) -> bool:
        return self.status == CertificateStatus.REVOKED

    @property
    def is_issued(self) -> bool:
        return self.status != CertificateStatus.ALLOCATED
