"""The official calendar as data: per year, the public holidays and adjusted working days (调休上班日).

* ``CalendarYear`` — one row per year whose State Council arrangement (国务院办公厅关于部分节假日安排的通知)
  is known: seeded from the ``chinesecalendar`` package for the years it ships, or entered by the
  system administrator. A year with no row is *provisional*: the statutory holidays of
  《全国年节及纪念日放假办法》 are counted (see :mod:`zhicheng.workcalendar.workdays`).
* ``CalendarDay`` — the days of a year's arrangement that differ from an ordinary Monday–Friday week:
  a holiday (``is_working=False``) or an adjusted working day (``is_working=True``).

Only :mod:`zhicheng.workcalendar.services` writes these models.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhicheng.common.models import TimeStampedModel


class CalendarSource(models.TextChoices):
    PACKAGE = "package", _("内置节假日数据包")
    OFFICIAL = "official", _("系统管理员录入")


class CalendarYear(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(_("来源"), max_length=10, choices=CalendarSource.choices)
    document = models.CharField(_("通知文号"), max_length=100, blank=True,
                                help_text=_("如：国办发明电〔2026〕7号"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度放假安排")
        verbose_name_plural = _("年度放假安排")

    def __str__(self) -> str:
        return f"{self.year}年放假安排"


class CalendarDay(models.Model):
    calendar = models.ForeignKey(CalendarYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"), unique=True)
    is_working = models.BooleanField(_("调休上班"), default=False)
    name = models.CharField(_("节日"), max_length=40, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("放假或调休日")
        verbose_name_plural = _("放假或调休日")

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_working else '放假'} {self.name}"


#: The least 公示 period, in working days: the committee's 公示 of a passed list (SPEC §6) and a unit's
#: 评前公示 (SPEC §11.5) alike.
MIN_NOTICE_WORKING_DAYS = 5


def notice_period_constraints(prefix: str) -> list[models.CheckConstraint]:
    """The database's rules for every working-day notice: it ends after it is published, and it lasts at
    least ``MIN_NOTICE_WORKING_DAYS``. ``prefix`` names them (``"notice"`` →
    ``notice_ends_after_publication``, ``notice_at_least_five_days``), so each concrete notice keeps its own."""
    return [
        models.CheckConstraint(
            name=f"{prefix}_ends_after_publication", condition=models.Q(ends_on__gt=models.F("published_on"))
        ),
        models.CheckConstraint(
            name=f"{prefix}_at_least_five_days", condition=models.Q(working_days__gte=MIN_NOTICE_WORKING_DAYS)
        ),
    ]


class WorkingDayNotice(models.Model):
    """What every 公示 counted in working days holds: published on ``published_on`` and running for
    ``working_days`` working days counted from the next day (the official calendar), to ``ends_on``
    inclusive. The committee's 公示 (``evaluation.PublicNotice``) and a unit's 评前公示
    (``pre_evaluation.PreEvaluationNotice``) are such notices; their ends move together when a year's
    holiday arrangement is entered (``services.notice_ends_recompute``).

    A concrete notice adds what it is about and its own ``Meta`` with
    ``constraints = notice_period_constraints(prefix)``.
    """

    working_days = models.PositiveSmallIntegerField(
        _("公示期（工作日）"), default=MIN_NOTICE_WORKING_DAYS, validators=[MinValueValidator(MIN_NOTICE_WORKING_DAYS)]
    )
    published_on = models.DateField(_("发布日期"))
    ends_on = models.DateField(_("公示截止日期"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def is_current_on(self, day) -> bool:
        """Whether ``day`` falls in the notice's period, publication day to ``ends_on`` inclusive."""
        return self.published_on <= day <= self.ends_on

    def has_ended_on(self, day) -> bool:
        return day > self.ends_on

    @property
    def provisional_years(self) -> list[int]:
        """Years of the period whose holiday arrangement is not yet known (counted on the statutory floor)."""
        from zhicheng.workcalendar.workdays import provisional_years

        return provisional_years(self.published_on, self.ends_on)

    @property
    def provisional_note(self) -> str:
        """"按法定节假日推算，待国务院办公厅公布 2027 年安排后核定", or "" when every year is known."""
        from zhicheng.workcalendar.workdays import provisional_note

        return provisional_note(self.provisional_years)


class NoticeChangeRecord(models.Model):
    """Append-only: the end of a working-day notice moved because a year's holiday arrangement was entered.
    A concrete record adds ``notice``, a foreign key to its notice with ``related_name="changes"``."""

    previous_ends_on = models.DateField(_("原截止日期"))
    ends_on = models.DateField(_("新截止日期"))
    reason = models.CharField(_("原因"), max_length=200)
    created_at = models.DateTimeField(_("调整时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.previous_ends_on} → {self.ends_on}"
