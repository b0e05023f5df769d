"""The title catalogue (series, specialties, levels, qualifications) and evaluation committees."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constants import RunsOn, TitleLevel


class Series(models.Model):
    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("系列"), max_length=50, unique=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("职称系列")
        verbose_name_plural = _("职称系列")

    def __str__(self) -> str:
        return self.name


class Specialty(models.Model):
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


class Qualification(models.Model):
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


class Committee(models.Model):
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
