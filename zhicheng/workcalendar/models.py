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
