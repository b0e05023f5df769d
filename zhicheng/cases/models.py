"""The review-chain engine: a :class:`Case` travels along its frozen :class:`CaseStep` route.

* ``Case`` — one business of one applicant (``business_type`` is a code registered in
  :mod:`zhicheng.cases.registry`). Its business object (e.g. the ``Profile``) is linked
  generically by ``content_type`` + ``object_id``. While ``submitted`` it sits at
  ``current_step_order`` held by ``current_organisation`` (denormalised from the step so that
  work queues are one indexed query); in every other status both are empty (a DB constraint).
* ``CaseStep`` — the route resolved at the latest submission (unique ``(case, order)``).
* ``CaseHistory`` — append-only (database triggers): one row per decision, with its own copy of the step's
  organisation and label. The applicant's route view and the reviewers' opinions come from it.
* ``Notification`` — in-system messages to a user (the applicant's dashboard).

Only :mod:`zhicheng.cases.services` writes these models; the transition table is in
:mod:`zhicheng.cases.workflow`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhicheng.common.kept_pages import KeptQuerySet
from zhicheng.common.models import CachedDisplayMixin, TimeStampedModel

from .constants import CLOSED_STATUSES, CaseStatus, Decision
from .registry import business_type_label

PROFILE_BUSINESS = "profile"


class Case(CachedDisplayMixin, TimeStampedModel):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT, related_name="cases"
    )
    business_type = models.CharField(_("业务类型"), max_length=40, db_index=True)
    status = models.CharField(_("状态"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    current_step_order = models.PositiveSmallIntegerField(_("当前环节"), null=True, blank=True)
    current_organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("当前办理单位"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="waiting_cases",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    business_object = GenericForeignKey("content_type", "object_id")
    summary = models.CharField(_("摘要"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    correction_days = models.PositiveSmallIntegerField(_("补正期限（工作日）"), null=True, blank=True)
    correction_due_on = models.DateField(_("补正截止日期"), null=True, blank=True)
    #: When the deciding final step (an HR bureau) took the case in (受理); it then makes its named
    #: decision (认定通过 / 不予认定 …). Empty before, and again after a return.
    taken_in_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    #: What makes two applications of one business "the same" (e.g. ``plan:12`` for a 评审申请,
    #: ``qualification:7`` for a 考核认定): set at submission from ``BusinessType.open_key``; at most one
    #: open (submitted or returned) case per applicant, business and key (a database constraint).
    open_key = models.CharField(_("重复申请判定"), max_length=60, blank=True, default="")

    kept_pages_scopes = {"person": "applicant_id"}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("业务")
        verbose_name_plural = _("业务")
        constraints = [
            models.CheckConstraint(
                name="case_current_step_only_when_submitted",
                condition=(
                    Q(status=CaseStatus.SUBMITTED)
                    & Q(current_step_order__isnull=False)
                    & Q(current_organisation__isnull=False)
                )
                | (
                    ~Q(status=CaseStatus.SUBMITTED)
                    & Q(current_step_order__isnull=True)
                    & Q(current_organisation__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="case_closed_has_closed_at",
                condition=Q(status__in=list(CLOSED_STATUSES), closed_at__isnull=False)
                | (~Q(status__in=list(CLOSED_STATUSES)) & Q(closed_at__isnull=True)),
            ),
            models.CheckConstraint(
                name="case_taken_in_only_when_submitted_or_decided",
                condition=Q(taken_in_at__isnull=True)
                | Q(status__in=[CaseStatus.SUBMITTED, CaseStatus.GRANTED, CaseStatus.DENIED]),
            ),
            models.CheckConstraint(
                name="case_submitted_has_submitted_at",
                condition=Q(status=CaseStatus.DRAFT) | Q(submitted_at__isnull=False),
            ),
            models.CheckConstraint(
                name="case_correction_due_only_when_returned",
                condition=Q(status=CaseStatus.RETURNED)
                | (Q(correction_due_on__isnull=True) & Q(correction_days__isnull=True)),
            ),
            models.UniqueConstraint(
                fields=["applicant", "business_type", "open_key"],
                condition=Q(status__in=[CaseStatus.SUBMITTED, CaseStatus.RETURNED]) & ~Q(open_key=""),
                name="one_open_application_per_key",
            ),
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(business_type=PROFILE_BUSINESS)
                & Q(status__in=[CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RETURNED]),
                name="one_open_profile_case_per_applicant",
            ),
        ]
        indexes = [
            models.Index(fields=["current_organisation", "status", "submitted_at"]),
            # the cases closed as 逾期未补正 lately, at the top of the queue of whoever returned them
            # (reminders.corrections_overdue_at): a few rows among millions
            models.Index(fields=["closed_at"], condition=Q(status=CaseStatus.LAPSED), name="case_lapsed_closed_at"),
            models.Index(fields=["applicant", "business_type", "status"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.business_type_label} #{self.pk}"

    def clean(self):
        from .registry import _REGISTRY

        if self.business_type not in _REGISTRY:
            raise ValidationError({"business_type": "未知的业务类型。"})

    @property
    def business_type_label(self) -> str:
        return business_type_label(self.business_type)

    @property
    def is_open(self) -> bool:
        return self.status in (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RETURNED)

    @property
    def is_editable(self) -> bool:
        return self.status in (CaseStatus.DRAFT, CaseStatus.RETURNED)


class CaseDeadlineMiss(models.Model):
    """Append-only: a submitted case that passed its stage deadline at one step (the applicant was told once)."""

    case = models.ForeignKey(Case, verbose_name=_("业务"), on_delete=models.CASCADE, related_name="deadline_misses")
    step_order = models.PositiveSmallIntegerField(_("环节"))
    step_label = models.CharField(_("环节名称"), max_length=40)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("逾期单位"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("办理期限"))
    created_at = models.DateTimeField(_("发现时间"), auto_now_add=True)

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("逾期记录")
        verbose_name_plural = _("逾期记录")
        constraints = [
            models.UniqueConstraint(fields=["case", "step_order", "due_on"], name="unique_case_deadline_miss"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.step_label} {self.due_on}"


class CaseReminder(models.Model):
    """Append-only: a reminder sent to ``user`` about ``case`` before its deadline ``due_on`` (issue 20).

    The unique constraint is what makes reminders idempotent: the daily job sends a reminder only for
    the (user, case, kind, due_on) it can insert, so a reminder already sent is never sent again (a
    deadline that moves, e.g. with a new holiday arrangement, is a new deadline and reminded again).
    A reviewer's digest covers several cases: one row per case, one message per person.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("补正期限提醒")
        STAGE = "stage", _("办理期限提醒")
        CORRECTION_OVERDUE = "correction_overdue", _("逾期未补正")
        FEE = "fee", _("缴费期限提醒")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE,
                             related_name="+")
    case = models.ForeignKey(Case, verbose_name=_("业务"), on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    due_on = models.DateField(_("期限"))
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("期限提醒")
        verbose_name_plural = _("期限提醒")
        constraints = [
            models.UniqueConstraint(fields=["user", "case", "kind", "due_on"], name="unique_case_reminder"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case} {self.due_on}"


class CaseStep(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("业务"), on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("顺序"))
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("办理单位"), on_delete=models.PROTECT, related_name="case_steps"
    )
    label = models.CharField(_("环节"), max_length=40)
    role = models.CharField(_("办理角色"), max_length=20, default="reviewer")
    is_final = models.BooleanField(_("受理环节"), default=False, help_text=_("受理/不予受理，而非审核通过"))

    kept_pages_scopes = {"person": "case__applicant_id"}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["case", "order"]
        verbose_name = _("业务环节")
        verbose_name_plural = _("业务环节")
        constraints = [models.UniqueConstraint(fields=["case", "order"], name="unique_case_step_order")]
        indexes = [
            # the steps after the first, per organisation: "what comes to me next" (deadlines.cases_overdue_below)
            # without reading every first step of a busy personnel unit
            models.Index(fields=["organisation", "order"], condition=Q(order__gte=1), name="casestep_org_later_steps"),
        ]

    def __str__(self) -> str:
        return f"{self.order + 1}. {self.label}：{self.organisation}"


class CaseHistory(CachedDisplayMixin, models.Model):
    """Append-only, in the database too (triggers of ``cases/0003_history_append_only`` refuse
    UPDATE and DELETE; a case with history cannot be deleted). ``organisation`` is the
    organisation holding the step the row concerns (for ``submit``/``withdraw``: the first step
    it was submitted to)."""

    case = models.ForeignKey(Case, verbose_name=_("业务"), on_delete=models.PROTECT, related_name="history")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    decision = models.CharField(_("操作"), max_length=10, choices=Decision.choices)
    from_status = models.CharField(_("原状态"), max_length=12, choices=CaseStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=12, choices=CaseStatus.choices)
    step_order = models.PositiveSmallIntegerField(_("环节"), null=True, blank=True)
    step_label = models.CharField(_("环节名称"), max_length=40, blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="case_history",
    )
    #: Empty only for the system's own decisions (``SYSTEM_DECISIONS``: 逾期未补正 by the daily job).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="case_actions",
    )
    opinion = models.TextField(_("意见"), blank=True)
    #: A return (退回补正) says exactly what must be corrected (issue 17): the parts the reviewer ticked,
    #: each ``{"key": "record:education" | "attachment:12" | "application:title" …, "title": "学习经历"}``
    #: (titles as the reviewer saw them, so the row reads the same later), and the correction period in
    #: working days with the date it ends. ``correction_due_on`` is also kept on a 逾期未补正 row.
    correction_parts = models.JSONField(_("须补正的部分"), null=True, blank=True)
    correction_days = models.PositiveSmallIntegerField(_("补正期限（工作日）"), null=True, blank=True)
    correction_due_on = models.DateField(_("补正截止日期"), null=True, blank=True)

    kept_pages_scopes = {"person": "case__applicant_id"}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        indexes = [models.Index(fields=["organisation", "case"])]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("CaseHistory rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("CaseHistory rows are append-only")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(Case, verbose_name=_("业务"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="notifications")
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("内容"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    kept_pages_scopes = {"person": "user_id"}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title
