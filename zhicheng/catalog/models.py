"""The title catalogue (series, specialties, levels, qualifications) and evaluation committees."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.common.kept_pages import KeptQuerySet
from zhicheng.common.models import CachedDisplayMixin

from .constants import ONLINE_ATTACHMENT_CHOICES, Education, PlanStatus, RunsOn, TitleLevel


class Series(CachedDisplayMixin, models.Model):
    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("系列"), max_length=50, unique=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("职称系列")
        verbose_name_plural = _("职称系列")

    def __str__(self) -> str:
        return self.name


class Specialty(CachedDisplayMixin, models.Model):
    series = models.ForeignKey(Series, verbose_name=_("系列"), on_delete=models.PROTECT, related_name="specialties")
    name = models.CharField(_("专业"), max_length=50)
    track = models.CharField(_("类别"), max_length=20, blank=True, help_text=_("如卫生系列的医疗、护理、药学、技术"))

    class Meta:
        ordering = ["series__sort", "id"]
        verbose_name = _("专业")
        verbose_name_plural = _("专业")
        constraints = [models.UniqueConstraint(fields=["series", "name"], name="unique_specialty_in_series")]

    def __str__(self) -> str:
        return f"{self.series.name}·{self.name}"


class Qualification(CachedDisplayMixin, models.Model):
    series = models.ForeignKey(Series, verbose_name=_("系列"), on_delete=models.PROTECT, related_name="qualifications")
    level = models.PositiveSmallIntegerField(_("级别"), choices=TitleLevel.choices)
    track = models.CharField(_("类别"), max_length=20, blank=True)
    name = models.CharField(_("资格名称"), max_length=50)

    class Meta:
        ordering = ["series__sort", "-level", "track"]
        verbose_name = _("资格名称")
        verbose_name_plural = _("资格名称")
        constraints = [
            models.UniqueConstraint(fields=["series", "level", "track"], name="unique_qualification"),
        ]

    def __str__(self) -> str:
        return self.name


class Committee(CachedDisplayMixin, models.Model):
    """An evaluation committee (评审委员会); its office staff are members of ``organisation``."""

    organisation = models.OneToOneField(
        "orgs.Organisation", verbose_name=_("评委会（机构）"), on_delete=models.PROTECT, related_name="committee",
        limit_choices_to={"kind": "committee"},
    )
    managing_bureau = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("管理的人社部门"), on_delete=models.PROTECT,
        related_name="managed_committees", limit_choices_to={"kind": "hr_bureau"},
    )
    series = models.ForeignKey(Series, verbose_name=_("评审系列"), on_delete=models.PROTECT, related_name="committees")
    specialties = models.ManyToManyField(
        Specialty, verbose_name=_("评审专业"), blank=True, help_text=_("不选则可评审本系列全部专业")
    )
    max_level = models.PositiveSmallIntegerField(_("最高评审级别"), choices=TitleLevel.choices)
    min_level = models.PositiveSmallIntegerField(_("最低评审级别"), choices=TitleLevel.choices)
    runs_on = models.CharField(_("运行系统"), max_length=10, choices=RunsOn.choices, default=RunsOn.THIS_SYSTEM)
    external_system_name = models.CharField(_("外部系统名称"), max_length=100, blank=True)
    external_system_url = models.URLField(_("外部系统地址"), blank=True)

    kept_pages_scopes = {"all": None}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__region_id", "id"]
        verbose_name = _("评审委员会")
        verbose_name_plural = _("评审委员会")
        constraints = [
            # Level digits run 1 (正高级) … 5 (员级): the highest level has the smallest digit.
            models.CheckConstraint(name="committee_level_range", condition=Q(max_level__lte=models.F("min_level"))),
            models.CheckConstraint(
                name="external_committee_names_its_system",
                condition=Q(runs_on=RunsOn.THIS_SYSTEM) | ~Q(external_system_name=""),
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def name(self) -> str:
        return self.organisation.name

    @property
    def is_external(self) -> bool:
        return self.runs_on == RunsOn.EXTERNAL

    def covers(self, *, specialty: Specialty, level: int) -> bool:
        if specialty.series_id != self.series_id or not (self.max_level <= level <= self.min_level):
            return False
        ids = {s.pk for s in self.specialties.all()}
        return not ids or specialty.pk in ids


#: The 诚信承诺书 a plan starts with (the committee office may reword it on the plan form). Modelled on
#: the pledges of the provincial 职称评审 guides and 《职称评审管理暂行规定》人社部令第40号 (the applicant
#: answers for the truth of the materials; false materials lead to revocation and an integrity record).
DEFAULT_PLEDGE_TEXT = (
    "诚信承诺书\n"
    "本人郑重承诺：\n"
    "一、本次职称申报所填写的个人信息、学历、资历、业绩成果及提交的全部材料均真实、准确、完整，"
    "不存在伪造、变造、抄袭或冒用他人成果的情形；\n"
    "二、本人遵守职称评审的纪律规定，不以任何方式请托、干扰评审工作；\n"
    "三、如有弄虚作假，本人自愿接受撤销已取得的职称、记入诚信档案并在规定期限内不得申报等处理，"
    "并承担由此产生的一切责任。"
)


#: The most working days ahead a plan may remind (a month of working days).
MAX_REMINDER_WORKING_DAYS = 20
MAX_FEE_PAYMENT_WORKING_DAYS = 60
FEE_FIELDS = (
    "fee_required", "fee_amount", "fee_payee_name", "fee_payee_account", "fee_payee_bank", "fee_payment_working_days",
)


def default_reminder_working_days() -> int:
    """The reminder lead of a new plan: the ``REMINDER_WORKING_DAYS`` setting (``ZHICHENG_REMINDER_WORKING_DAYS``)."""
    from django.conf import settings

    return settings.REMINDER_WORKING_DAYS


class EvaluationPlan(CachedDisplayMixin, models.Model):
    """A committee's annual evaluation plan (评审计划): what it evaluates this year, and when it accepts cases.

    The acceptance window ``opens_at``…``closes_at`` is in dates (Asia/Shanghai), both days inclusive.
    Empty ``specialties`` means every specialty the committee covers; the levels are ``PlanLevel`` rows.
    """

    committee = models.ForeignKey(
        Committee, verbose_name=_("评审委员会"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(
        _("评审年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("计划名称"), max_length=100)
    specialties = models.ManyToManyField(
        Specialty, verbose_name=_("评审专业"), blank=True, related_name="+",
        help_text=_("不选则为本评委会可评审的全部专业"),
    )
    opens_at = models.DateField(_("申报开始日期"))
    closes_at = models.DateField(_("申报截止日期"))
    unit_deadline = models.DateField(_("人事管理单位审核截止日期"), null=True, blank=True)
    supervisor_deadline = models.DateField(_("主管单位审核截止日期"), null=True, blank=True)
    acceptance_deadline = models.DateField(_("评委会受理截止日期"), null=True, blank=True)
    correction_working_days = models.PositiveSmallIntegerField(
        _("退回补正期限（工作日）"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("退回的申报须在此期限内修改后重新提交"),
    )
    #: Reminders of this plan's deadlines (stage deadlines, corrections) go out from this many working
    #: days before the deadline (``zhicheng.cases.reminders``); new plans start from ``REMINDER_WORKING_DAYS``.
    reminder_working_days = models.PositiveSmallIntegerField(
        _("到期提醒（提前工作日）"), default=default_reminder_working_days, db_default=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_REMINDER_WORKING_DAYS)],
        help_text=_("截止日期前第几个工作日起提醒需办理的人（0 为截止当天）"),
    )
    #: 网上须上传的附件: the attachment kinds (``ONLINE_ATTACHMENT_CHOICES`` labels) the record of every
    #: application must carry online when the personnel unit passes it (decision 0032).
    online_attachments_required = models.JSONField(_("网上须上传的附件"), default=list, blank=True)
    #: 先交纸质材料，后补网上信息: the personnel unit may pass a case whose required online attachments are
    #: missing when its paper review (``paper_materials.PaperReview``) lists them as checked (decision 0032).
    paper_first = models.BooleanField(_("先交纸质材料，后补网上信息"), default=False, db_default=False)
    #: 评前公示 (issue 21): the personnel unit publishes each 评审申请's summary for at least
    #: ``MIN_PRE_EVALUATION_NOTICE_WORKING_DAYS`` working days and forwards it only after the notice ended
    #: with no objection standing (``zhicheng.pre_evaluation``). On for new plans; plans made before the
    #: rule existed keep running without it (migration 0007).
    pre_evaluation_notice = models.BooleanField(
        _("评前公示"), default=True,
        help_text=_("人事管理单位报送前须将申报人的申报信息公示不少于 5 个工作日，期满无异议后方可报送"),
    )
    #: 评审费 (issue 21, decision 0035): when on, the committee office's 受理 of a 评审申请 issues a payment
    #: notice (``zhicheng.fees``) for ``fee_amount`` yuan to the payee below, due ``fee_payment_working_days``
    #: working days (official calendar) after the day of 受理; a case unpaid after its deadline is not put
    #: before a meeting. Off for every plan made before the rule existed (migration 0008) and for new plans.
    fee_required = models.BooleanField(_("收取评审费"), default=False, db_default=False)
    fee_amount = models.DecimalField(
        _("评审费金额（元）"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100000"))],
    )
    fee_payee_name = models.CharField(_("收款单位"), max_length=100, blank=True)
    fee_payee_account = models.CharField(_("收款账号"), max_length=40, blank=True)
    fee_payee_bank = models.CharField(_("开户银行"), max_length=100, blank=True)
    fee_payment_working_days = models.PositiveSmallIntegerField(
        _("缴费期限（受理后工作日）"), default=10, db_default=10,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_FEE_PAYMENT_WORKING_DAYS)],
    )
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    notes = models.TextField(_("说明"), blank=True, max_length=2000)
    #: The 诚信承诺书 the applicant signs at submission; a signed copy is kept with each case
    #: (``businesses.SignedPledge``), so a later change here never changes a signed pledge.
    pledge_text = models.TextField(_("诚信承诺书"), max_length=2000, default=DEFAULT_PLEDGE_TEXT)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    # The application window's end, then the stage deadlines in the order of the chain.
    DEADLINE_FIELDS = ("closes_at", "unit_deadline", "supervisor_deadline", "acceptance_deadline")

    kept_pages_scopes = {"all": None}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-opens_at", "-id"]
        verbose_name = _("评审计划")
        verbose_name_plural = _("评审计划")
        constraints = [
            models.CheckConstraint(name="plan_window_in_order", condition=Q(opens_at__lte=models.F("closes_at"))),
            models.CheckConstraint(name="plan_fee_has_amount", condition=Q(fee_required=False) | Q(fee_amount__gt=0),
                                   violation_error_message=_("收取评审费时请填写金额")),
        ]
        indexes = [models.Index(fields=["committee", "status", "opens_at", "closes_at"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.opens_at > self.closes_at:
            raise ValidationError({"closes_at": _("申报截止日期不能早于开始日期")})
        errors = {}
        for i, name in enumerate(self.DEADLINE_FIELDS[1:], start=1):
            value = getattr(self, name)
            # the nearest earlier date that is set: a later stage never ends before an earlier one
            earlier = next((f for f in reversed(self.DEADLINE_FIELDS[:i]) if getattr(self, f)), None)
            if value and earlier and value < getattr(self, earlier):
                errors[name] = _("%(this)s不能早于%(that)s") % {
                    "this": self._meta.get_field(name).verbose_name,
                    "that": self._meta.get_field(earlier).verbose_name,
                }
        if self.fee_required:
            if not self.fee_amount:
                errors["fee_amount"] = _("收取评审费时请填写金额")
            for name in ("fee_payee_name", "fee_payee_account", "fee_payee_bank"):
                if not (getattr(self, name) or "").strip():
                    errors[name] = _("收取评审费时请填写%(field)s") % {"field": self._meta.get_field(name).verbose_name}
        allowed = {v for v, _label in ONLINE_ATTACHMENT_CHOICES}
        if (
            not isinstance(self.online_attachments_required, list)
            or not set(self.online_attachments_required) <= allowed
        ):
            errors["online_attachments_required"] = _("请从列出的附件类别中选择")
        if errors:
            raise ValidationError(errors)

    def deadline_for_step(self, *, label: str, is_final: bool):
        """The stage deadline of a route step of an evaluation under this plan (None when not set)."""
        from zhicheng.cases.constants import StepLabel

        if is_final:
            return self.acceptance_deadline
        if label == StepLabel.PERSONNEL_UNIT.value:
            return self.unit_deadline
        if label == StepLabel.SUPERVISING_UNIT.value:
            return self.supervisor_deadline
        return None

    @property
    def level_values(self) -> list[int]:
        return sorted(pl.level for pl in self.levels.all())

    @property
    def level_labels(self) -> str:
        return "、".join(str(TitleLevel(v).label) for v in self.level_values)

    def is_open_on(self, on_date) -> bool:
        return self.status == PlanStatus.PUBLISHED and self.opens_at <= on_date <= self.closes_at

    @property
    def window_state(self) -> str:
        """For the office's list: 申报中 / 未开始 / 已截止 for a published plan, else its status."""
        if self.status != PlanStatus.PUBLISHED:
            return self.get_status_display()
        today = timezone.localdate()
        if today < self.opens_at:
            return "已发布·未开始"
        if today > self.closes_at:
            return "已发布·已截止"
        return "已发布·申报中"


class PlanLevel(CachedDisplayMixin, models.Model):
    """One level an evaluation plan accepts (a small set per plan; works on SQLite and PostgreSQL alike)."""

    plan = models.ForeignKey(
        EvaluationPlan, verbose_name=_("评审计划"), on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(_("级别"), choices=TitleLevel.choices)

    class Meta:
        ordering = ["plan", "level"]
        verbose_name = _("评审计划级别")
        verbose_name_plural = _("评审计划级别")
        constraints = [
            models.UniqueConstraint(fields=["plan", "level"], name="unique_plan_level"),
            models.CheckConstraint(name="plan_level_is_a_level", condition=Q(level__gte=1, level__lte=5)),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_level_display()}"


class EligibilityRule(CachedDisplayMixin, models.Model):
    """The stated conditions for applying for ``target_level``: any one of its paths suffices.

    Without ``committee`` it is a provincial default (loaded from ``data/catalog/eligibility.json``);
    with one, it overrides the default for that committee. ``series`` narrows a rule to one series.
    Lookup order: committee+series, committee, default+series, default.
    """

    committee = models.ForeignKey(
        Committee, verbose_name=_("评审委员会"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="eligibility_rules", help_text=_("不选为全省默认条件"),
    )
    series = models.ForeignKey(
        Series, verbose_name=_("系列"), null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text=_("不选则适用于所有系列"),
    )
    target_level = models.PositiveSmallIntegerField(_("申报级别"), choices=TitleLevel.choices)
    source = models.CharField(_("依据"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["committee_id", "series_id", "-target_level"]
        verbose_name = _("申报条件")
        verbose_name_plural = _("申报条件")
        constraints = [
            models.UniqueConstraint(
                fields=["target_level"], condition=Q(committee__isnull=True, series__isnull=True),
                name="unique_default_rule",
            ),
            models.UniqueConstraint(
                fields=["series", "target_level"], condition=Q(committee__isnull=True, series__isnull=False),
                name="unique_default_series_rule",
            ),
            models.UniqueConstraint(
                fields=["committee", "target_level"], condition=Q(committee__isnull=False, series__isnull=True),
                name="unique_committee_rule",
            ),
            models.UniqueConstraint(
                fields=["committee", "series", "target_level"],
                condition=Q(committee__isnull=False, series__isnull=False),
                name="unique_committee_series_rule",
            ),
        ]

    def __str__(self) -> str:
        scope = self.committee.name if self.committee_id else "全省默认"
        series = f"{self.series.name}系列" if self.series_id else ""
        return f"{scope}·{series}{self.get_target_level_display()}申报条件"


class EligibilityPath(CachedDisplayMixin, models.Model):
    """One way to meet a rule; every condition that is set must hold. Unset conditions are not checked."""

    rule = models.ForeignKey(
        EligibilityRule, verbose_name=_("申报条件"), on_delete=models.CASCADE, related_name="paths"
    )
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    min_education = models.PositiveSmallIntegerField(
        _("最低学历"), choices=Education.choices, null=True, blank=True
    )
    min_years_since_graduation = models.PositiveSmallIntegerField(
        _("毕业后满（年）"), null=True, blank=True, validators=[MaxValueValidator(50)]
    )
    required_level = models.PositiveSmallIntegerField(
        _("须已取得职称级别"), choices=TitleLevel.choices, null=True, blank=True
    )
    min_years_at_required_level = models.PositiveSmallIntegerField(
        _("取得该级职称后满（年）"), null=True, blank=True, validators=[MaxValueValidator(50)]
    )

    class Meta:
        ordering = ["rule", "sort", "id"]
        verbose_name = _("申报条件路径")
        verbose_name_plural = _("申报条件路径")
        constraints = [
            models.CheckConstraint(
                name="path_years_at_level_need_level",
                condition=Q(min_years_at_required_level__isnull=True) | Q(required_level__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        super().clean()
        if self.min_years_at_required_level is not None and self.required_level is None:
            raise ValidationError({"required_level": _("填写了任职年限，请选择须已取得的职称级别")})

    @property
    def description(self) -> str:
        from .eligibility import path_description

        return path_description(self)
