"""Business objects that run on the case engine (``zhicheng.cases``).

Each business object has a OneToOne ``case`` (its ``Case.content_type``/``object_id`` point back
here too). This module starts with the 评审申请 contract that the evaluation app builds on; the
other businesses (考核认定, 单位变更, 补换发, 省外确认) are added beside it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhicheng.catalog.constants import TitleLevel


class EvaluationApplication(models.Model):
    """评审申请: an applicant asks a committee to evaluate them for a qualification.

    Route: personnel unit → supervising unit → committee office (受理 / 退回). After the case is
    accepted (``case.status == "accepted"``) the committee's evaluation (``zhicheng.evaluation``)
    takes over: meeting, votes, 公示, reporting, HR confirmation and the certificate.
    """

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="evaluation_application"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT, related_name="evaluation_applications"
    )
    series = models.ForeignKey("catalog.Series", verbose_name=_("系列"), on_delete=models.PROTECT, related_name="+")
    specialty = models.ForeignKey("catalog.Specialty", verbose_name=_("专业"), on_delete=models.PROTECT, related_name="+")
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
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("评审申请")
        verbose_name_plural = _("评审申请")
        indexes = [models.Index(fields=["plan", "committee"])]
        constraints = [
            models.CheckConstraint(name="evaluation_level_range", condition=Q(level__gte=1) & Q(level__lte=5)),
        ]

    def __str__(self) -> str:
        return f"{self.applicant.real_name} · {self.qualification.name}"
