"""Committee evaluation (评审, SPEC §6): expert pool, meetings with a drawn panel, votes,
公示 with objections, reporting and the HR bureau's confirmation.

The case engine's ``Case`` of an 评审申请 stays ``accepted``; everything that happens to it
afterwards is recorded here, one :class:`EvaluationResult` per (meeting, application):

    pending ──close──▶ passed ──objection upheld──▶ withdrawn
                 │        └──report──▶ reported ──confirm──▶ confirmed (certificate)
                 ├──▶ failed
                 └──▶ invalid (the meeting lacked two thirds; the application may go to another meeting)
    pending ──meeting cancelled──▶ cancelled (the application may go to another meeting)

Where the application as a whole stands (待上会 → 已排会 → … → 已确认备案) is stored in
:class:`ApplicationStage` and moved only by :func:`zhicheng.committees.lifecycle.stage_move` (decision 0031).

Only :mod:`zhicheng.committees.services` writes these models.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.catalog.constants import TitleLevel
from zhicheng.common.kept_pages import KeptQuerySet
from zhicheng.common.models import CachedDisplayMixin
from zhicheng.workcalendar.models import NoticeChangeRecord, WorkingDayNotice, notice_period_constraints

from .rules import Vote


class ExpertProfile(CachedDisplayMixin, models.Model):
    """A member of a committee's expert pool (专家库)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="expert_profiles"
    )
    committee = models.ForeignKey(
        "catalog.Committee", verbose_name=_("评审委员会"), on_delete=models.PROTECT, related_name="experts"
    )
    employer = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("工作单位"), on_delete=models.PROTECT, related_name="+",
        help_text=_("用于回避：不抽取与申报人同单位的专家"),
    )
    specialty = models.ForeignKey(
        "catalog.Specialty", verbose_name=_("专业"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("职称"), max_length=50, blank=True)
    is_active = models.BooleanField(_("在库"), default=True)
    #: Last day of the expert's term (聘期); after it the expert is not drawn. Empty: not recorded (older entries).
    term_ends_on = models.DateField(_("聘期截止日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("入库时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["committee", "id"]
        verbose_name = _("评审专家")
        verbose_name_plural = _("专家库")
        constraints = [models.UniqueConstraint(fields=["user", "committee"], name="unique_expert_per_committee")]

    def __str__(self) -> str:
        return f"{self.user.real_name}（{self.employer.name}）"

    def term_ended_on(self, day) -> bool:
        """The term ended before ``day`` (the last day of the term is still in it)."""
        return self.term_ends_on is not None and self.term_ends_on < day


class PanelRule(CachedDisplayMixin, models.Model):
    """A committee's own panel rule for one level (专家库与评审组人数规则), set by its managing HR bureau.

    Without a row the national default applies (``zhicheng.committees.panel_rules.panel_rule_default``);
    the data migration ``0004_panel_rules_seed`` wrote the defaults for the committees of the time.
    """

    committee = models.ForeignKey(
        "catalog.Committee", verbose_name=_("评审委员会"), on_delete=models.CASCADE, related_name="panel_rules"
    )
    level = models.PositiveSmallIntegerField(_("评审级别"), choices=TitleLevel.choices)
    min_pool_size = models.PositiveSmallIntegerField(
        _("专家库最少人数"), validators=[MinValueValidator(1)],
        help_text=_("可抽取的在库、聘期内专家少于此数时不能抽取评审组"),
    )
    min_panel_size = models.PositiveSmallIntegerField(_("评审组最少人数"), validators=[MinValueValidator(1)])
    odd_panel = models.BooleanField(_("评审组人数须为单数"), default=True)
    source = models.CharField(_("依据"), max_length=200)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["committee", "level"]
        verbose_name = _("评审组人数规则")
        verbose_name_plural = _("评审组人数规则")
        constraints = [
            models.UniqueConstraint(fields=["committee", "level"], name="unique_panel_rule_per_level"),
            models.CheckConstraint(name="panel_rule_level_is_a_level", condition=Q(level__gte=1, level__lte=5)),
            models.CheckConstraint(
                name="panel_rule_sizes_positive", condition=Q(min_pool_size__gte=1) & Q(min_panel_size__gte=1)
            ),
            models.CheckConstraint(
                name="panel_rule_panel_within_pool", condition=Q(min_panel_size__lte=models.F("min_pool_size"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.get_level_display()}"


class MeetingStatus(models.TextChoices):
    OPEN = "open", _("评审中")
    CLOSED = "closed", _("已结束")
    #: Called off by the committee office with a reason (issue 21); its applications wait for another meeting.
    CANCELLED = "cancelled", _("已取消")


class Meeting(CachedDisplayMixin, models.Model):
    """A committee's evaluation meeting (评审会议) for cases of one plan."""

    committee = models.ForeignKey(
        "catalog.Committee", verbose_name=_("评审委员会"), on_delete=models.PROTECT, related_name="meetings"
    )
    plan = models.ForeignKey(
        "catalog.EvaluationPlan", verbose_name=_("评审计划"), on_delete=models.PROTECT, related_name="meetings"
    )
    name = models.CharField(_("会议名称"), max_length=100)
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("会议地点"), max_length=100)
    status = models.CharField(_("状态"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.OPEN)
    #: Set when the meeting is closed: experts present (voted at least once) and whether ≥ 2/3 of the panel.
    present_count = models.PositiveSmallIntegerField(_("出席专家人数"), null=True, blank=True)
    is_valid = models.BooleanField(_("会议有效"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("结束人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("取消人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=500, blank=True)

    kept_pages_scopes = {"all": None}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("评审会议")
        verbose_name_plural = _("评审会议")
        constraints = [
            models.CheckConstraint(
                name="meeting_closed_has_result",
                condition=(Q(status=MeetingStatus.OPEN) & Q(closed_at__isnull=True) & Q(is_valid__isnull=True)
                           & Q(cancelled_at__isnull=True))
                | (Q(status=MeetingStatus.CLOSED) & Q(closed_at__isnull=False) & Q(is_valid__isnull=False)
                   & Q(cancelled_at__isnull=True))
                | (Q(status=MeetingStatus.CANCELLED) & Q(closed_at__isnull=True) & Q(is_valid__isnull=True)
                   & Q(cancelled_at__isnull=False) & ~Q(cancel_reason="")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == MeetingStatus.OPEN

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    def status_label_on(self, day) -> str:
        """The status as people read it on ``day``: an open meeting whose date has not come is 待召开 (not yet
        held), on and after its date 评审中; closed and cancelled ones read as stored."""
        if self.is_open and self.held_on > day:
            return "待召开"
        return self.get_status_display()

    @property
    def status_label(self) -> str:
        """:meth:`status_label_on` today (the local date), for the pages."""
        return self.status_label_on(timezone.localdate())

    @property
    def draw(self) -> PanelDraw | None:
        """The latest whole-panel draw (first draw or redraw), or None before the panel is drawn."""
        return self.draws.exclude(kind=DrawKind.REPLACE).order_by("-id").first()


class DrawKind(models.TextChoices):
    DRAW = "draw", _("抽取")
    REDRAW = "redraw", _("重新抽取")
    REPLACE = "replace", _("替换专家")


class PanelDraw(CachedDisplayMixin, models.Model):
    """A recorded random draw for a meeting's panel (评审组), re-checkable from its seed.

    ``candidate_ids``: the active pool at the time (ExpertProfile ids, ascending);
    ``excluded``: ``[{"id": …, "name": …, "reason": …}]`` (回避, and for a replacement the members who stay);
    ``chosen_ids``: ``random.Random(seed).sample(candidates − excluded, size)`` in draw order.

    A meeting's draws are append-only (issue 21): the first ``draw``; before any ballot, a ``redraw`` of the
    whole panel or a ``replace`` of one member (``replaced_id``, the ExpertProfile taken off) by a drawn one.
    The panel is the latest draw or redraw with the later replacements applied (``services.panel_draw_recheck``).
    """

    meeting = models.ForeignKey(Meeting, verbose_name=_("评审会议"), on_delete=models.PROTECT, related_name="draws")
    kind = models.CharField(_("类型"), max_length=10, choices=DrawKind.choices, default=DrawKind.DRAW)
    seed = models.CharField(_("随机种子"), max_length=64)
    size = models.PositiveSmallIntegerField(_("抽取人数"), validators=[MinValueValidator(1)])
    candidate_ids = models.JSONField(_("候选专家"), default=list)
    excluded = models.JSONField(_("回避专家"), default=list, blank=True)
    chosen_ids = models.JSONField(_("抽中专家"), default=list)
    #: The panel rule applied (``PanelRuleSpec.as_json``): sizes and the source cited.
    rule = models.JSONField(_("适用的人数规则"), default=dict, blank=True)
    #: For a replacement: the panel member (ExpertProfile id) taken off the panel.
    replaced_id = models.PositiveIntegerField(_("被替换专家"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("抽取人"), on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("专家抽取记录")
        verbose_name_plural = _("专家抽取记录")
        constraints = [
            models.CheckConstraint(
                name="draw_replacement_names_member",
                condition=(Q(kind=DrawKind.REPLACE) & Q(replaced_id__isnull=False) & Q(size=1))
                | (~Q(kind=DrawKind.REPLACE) & Q(replaced_id__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.get_kind_display()}{self.size}人"

    @property
    def excluded_ids(self) -> list[int]:
        return [item["id"] for item in self.excluded]


class PanelMember(CachedDisplayMixin, models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("评审会议"), on_delete=models.PROTECT, related_name="panel")
    expert = models.ForeignKey(ExpertProfile, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="panels")
    position = models.PositiveSmallIntegerField(_("抽取顺序"))

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("评审组成员")
        verbose_name_plural = _("评审组成员")
        constraints = [models.UniqueConstraint(fields=["meeting", "expert"], name="unique_panel_member")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.expert}"


class Outcome(models.TextChoices):
    PENDING = "pending", _("待表决")
    PASSED = "passed", _("通过")
    FAILED = "failed", _("未通过")
    INVALID = "invalid", _("会议无效")
    WITHDRAWN = "withdrawn", _("异议成立，撤销通过")
    CANCELLED = "cancelled", _("会议取消")


#: Outcomes after which the application waits for (another) meeting: the meeting lacked two thirds, or
#: it was cancelled. Every other result is the application's one live result.
NOT_LIVE_OUTCOMES = (Outcome.INVALID, Outcome.CANCELLED)


class EvaluationResult(CachedDisplayMixin, models.Model):
    """One application evaluated at one meeting: the tally, the outcome and what followed."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("评审会议"), on_delete=models.PROTECT, related_name="results")
    application = models.ForeignKey(
        "businesses.EvaluationApplication", verbose_name=_("评审申请"), on_delete=models.PROTECT,
        related_name="evaluation_results",
    )
    #: The applicant's personnel unit at the time (for recusal and the public notice).
    unit_name = models.CharField(_("工作单位"), max_length=100, blank=True)
    unit = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("人事管理单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("评审结果"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    agree = models.PositiveSmallIntegerField(_("同意"), default=0)
    disagree = models.PositiveSmallIntegerField(_("不同意"), default=0)
    abstain = models.PositiveSmallIntegerField(_("弃权"), default=0)
    present = models.PositiveSmallIntegerField(_("出席专家"), default=0)
    reported_at = models.DateTimeField(_("上报时间"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上报人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认备案时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    certificate = models.OneToOneField(
        "certificates.Certificate", verbose_name=_("证书"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="evaluation_result",
    )

    kept_pages_scopes = {"person": "application__applicant_id"}  # zhicheng.common.kept_pages
    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("评审结果")
        verbose_name_plural = _("评审结果")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "application"], name="unique_application_per_meeting"),
            # An application is in at most one meeting that was not invalid.
            models.UniqueConstraint(
                fields=["application"], condition=~Q(outcome__in=NOT_LIVE_OUTCOMES),
                name="one_live_result_per_application",
            ),
            models.CheckConstraint(
                name="result_reported_only_if_passed",
                condition=Q(reported_at__isnull=True) | Q(outcome=Outcome.PASSED),
            ),
            models.CheckConstraint(
                name="result_confirmed_after_report_with_certificate",
                condition=(Q(confirmed_at__isnull=True) & Q(certificate__isnull=True))
                | (Q(confirmed_at__isnull=False) & Q(reported_at__isnull=False) & Q(certificate__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_outcome_display()}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Ballot(CachedDisplayMixin, models.Model):
    """One expert's vote on one application at one meeting (无记名: the office sees only counts)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("评审会议"), on_delete=models.PROTECT, related_name="ballots")
    result = models.ForeignKey(
        EvaluationResult, verbose_name=_("评审对象"), on_delete=models.PROTECT, related_name="ballots"
    )
    expert = models.ForeignKey(ExpertProfile, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="ballots")
    choice = models.CharField(_("表决意见"), max_length=10, choices=Vote.choices)
    comment = models.CharField(_("意见说明"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    by_office = models.BooleanField(_("办公室代录纸质票"), default=False)
    created_at = models.DateTimeField(_("投票时间"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "result", "id"]
        verbose_name = _("表决票")
        verbose_name_plural = _("表决票")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "expert", "result"], name="one_vote_per_expert_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.get_choice_display()}"


class PublicNotice(CachedDisplayMixin, WorkingDayNotice):
    """公示 of a closed meeting's passed list, for ``working_days`` working days after ``published_on``."""

    meeting = models.OneToOneField(Meeting, verbose_name=_("评审会议"), on_delete=models.PROTECT, related_name="notice")
    title = models.CharField(_("公示标题"), max_length=150)
    body = models.TextField(_("公示说明"), blank=True, max_length=2000)

    kept_pages_scopes = {"all": None}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("评审结果公示")
        verbose_name_plural = _("评审结果公示")
        constraints = notice_period_constraints("notice")

    def __str__(self) -> str:
        return self.title


class PublicNoticeChange(NoticeChangeRecord):
    """Append-only: the end of a 公示 moved because a year's holiday arrangement was entered."""

    notice = models.ForeignKey(PublicNotice, verbose_name=_("公示"), on_delete=models.CASCADE, related_name="changes")

    class Meta:
        ordering = ["notice", "id"]
        verbose_name = _("公示期调整记录")
        verbose_name_plural = _("公示期调整记录")


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


def objection_resolved_fields(name: str) -> models.CheckConstraint:
    """The database's rule for every objection record: pending ⇔ not resolved (``resolved_at`` empty)."""
    return models.CheckConstraint(
        name=name,
        condition=(Q(status=ObjectionStatus.PENDING) & Q(resolved_at__isnull=True))
        | (~Q(status=ObjectionStatus.PENDING) & Q(resolved_at__isnull=False)),
    )


class ObjectionRecord(models.Model):
    """What every 异议 holds, whatever notice it is lodged against (the committee's 公示 here, a unit's
    评前公示 in ``zhicheng.pre_evaluation``): the words, who lodged it and when, and the finding on it."""

    text = models.TextField(_("异议内容"), max_length=2000)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    lodged_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    status = models.CharField(
        _("处理结果"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING
    )
    resolution = models.TextField(_("处理意见"), blank=True, max_length=2000)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        abstract = True


class Objection(CachedDisplayMixin, ObjectionRecord):
    """异议 lodged against one entry (a passed result) of a notice."""

    result = models.ForeignKey(
        EvaluationResult, verbose_name=_("公示对象"), on_delete=models.PROTECT, related_name="objections"
    )

    class Meta:
        ordering = ["result", "id"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        constraints = [objection_resolved_fields("objection_resolved_fields")]

    def __str__(self) -> str:
        return f"对{self.result.application}的异议（{self.get_status_display()}）"


class Stage(models.TextChoices):
    """Where an accepted 评审申请 stands in its later life (decision 0031; the table: ``lifecycle.py``)."""

    AWAITING = "awaiting", _("待上会")
    SCHEDULED = "scheduled", _("已排会")
    PASSED = "passed", _("评审通过")
    FAILED = "failed", _("未通过")
    IN_NOTICE = "in_notice", _("公示中")
    OBJECTED = "objected", _("异议处理中")
    REPORTED = "reported", _("已报送")
    CONFIRMED = "confirmed", _("已确认备案")
    WITHDRAWN = "withdrawn", _("撤销")


class StageMove(models.TextChoices):
    """A transition of the later life; its label is what the route shows as done."""

    SCHEDULE = "schedule", _("安排评审会议")
    PASS = "pass", _("表决通过")
    FAIL = "fail", _("表决未通过")
    INVALIDATE = "invalidate", _("会议无效")
    CANCEL = "cancel", _("评审会议取消")
    PUBLISH = "publish", _("发布公示")
    OBJECT = "object", _("提出异议")
    DISMISS = "dismiss", _("异议不成立")
    UPHOLD = "uphold", _("异议成立")
    REPORT = "report", _("报送人社部门")
    CONFIRM = "confirm", _("确认备案并发证")


class ApplicationStage(models.Model):
    """The stored stage of an accepted 评审申请 (one row per application, written by ``stage_move`` only).

    An accepted application without a row is 待上会 (``Stage.AWAITING``): the row is written by its first
    move (or, for applications of before decision 0031, by the data migration ``0005``)."""

    application = models.OneToOneField(
        "businesses.EvaluationApplication", verbose_name=_("评审申请"), primary_key=True, on_delete=models.PROTECT,
        related_name="evaluation_stage",
    )
    state = models.CharField(_("评审阶段"), max_length=12, choices=Stage.choices)
    #: The result (meeting entry) the stage is about: the live one, or the last invalid one.
    result = models.ForeignKey(
        EvaluationResult, verbose_name=_("评审结果"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("变更时间"))

    kept_pages_scopes = {"person": "application__applicant_id"}  # zhicheng.common.kept_pages
    objects = KeptQuerySet.as_manager()

    class Meta:
        verbose_name = _("评审阶段")
        verbose_name_plural = _("评审阶段")
        constraints = [
            models.CheckConstraint(name="application_stage_is_a_stage", condition=Q(state__in=Stage.values)),
        ]

    def __str__(self) -> str:
        return self.get_state_display()


class StageChange(models.Model):
    """Append-only: one move of an application's stage, with when and who (the route's dates)."""

    application = models.ForeignKey(
        "businesses.EvaluationApplication", verbose_name=_("评审申请"), on_delete=models.PROTECT,
        related_name="stage_changes",
    )
    move = models.CharField(_("办理事项"), max_length=12, choices=StageMove.choices)
    from_state = models.CharField(_("原阶段"), max_length=12, choices=Stage.choices)
    to_state = models.CharField(_("新阶段"), max_length=12, choices=Stage.choices)
    result = models.ForeignKey(
        EvaluationResult, verbose_name=_("评审结果"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("办理人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("办理时间"))

    kept_pages_scopes = {"person": "application__applicant_id"}  # zhicheng.common.kept_pages
    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["application", "at", "id"]
        verbose_name = _("评审阶段变更")
        verbose_name_plural = _("评审阶段变更")

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class MeetingMessageKind(models.TextChoices):
    CLOSED = "closed", _("评审会议结束")
    NOTICE = "notice", _("评审结果公示")
    CONFIRMED = "confirmed", _("评审结果确认备案")
    CANCELLED = "cancelled", _("评审会议取消")


class MeetingMessage(models.Model):
    """Append-only: ``user`` was told about ``kind`` of ``meeting`` (issue 21).

    The unique constraint makes these messages idempotent: a service sends the notification only for the
    (meeting, user, kind) it can insert, so a repeated or concurrent call never tells anyone twice.
    """

    meeting = models.ForeignKey(Meeting, verbose_name=_("评审会议"), on_delete=models.CASCADE, related_name="messages")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE,
                             related_name="+")
    kind = models.CharField(_("事项"), max_length=10, choices=MeetingMessageKind.choices)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("评审会议通知记录")
        verbose_name_plural = _("评审会议通知记录")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user", "kind"], name="one_meeting_message_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.get_kind_display()}"
