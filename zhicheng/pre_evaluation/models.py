"""评前公示 (pre-evaluation notice, issue 21): before a personnel unit forwards a 评审申请 of a plan
that requires it, the unit publishes the applicant's application summary — name, unit, the
qualification applied for and the titles of the achievements presented, nothing else personal — for
at least ``MIN_NOTICE_WORKING_DAYS`` working days (the official calendar, ``workcalendar``). Objections
are lodged and resolved like the committee's (``evaluation.Objection``); the unit forwards only once the
period has ended with no objection pending or upheld (``services.forwarding_refusal``), and the
reviewers after it see the notice and its outcome on the case page.

The summary is copied when the notice is published, so the notice reads the same whatever the
applicant edits later; a case resubmitted after a return keeps its notice (the notice is about the
application, which a return does not replace), unless an objection to it was upheld: then the unit
publishes the corrected application again.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhicheng.committees.models import ObjectionRecord, objection_resolved_fields
from zhicheng.workcalendar.models import NoticeChangeRecord, WorkingDayNotice, notice_period_constraints


class PreEvaluationNotice(WorkingDayNotice):
    """The 评前公示 of one 评审申请 case, published by its personnel unit."""

    #: A case has at most one notice in force: a new one may be published only after an objection to the
    #: last one was upheld and the case came back corrected (``services.notice_publish``).
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="pre_evaluation_notices"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("公示单位"), on_delete=models.PROTECT, related_name="+"
    )
    #: The published summary, copied at publication: {"name", "unit", "qualification", "series",
    #: "specialty", "level", "committee", "plan", "achievements": [title, …]}. Nothing else personal.
    summary = models.JSONField(_("公示内容"))

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("评前公示")
        verbose_name_plural = _("评前公示")
        indexes = [models.Index(fields=["organisation", "ends_on"]), models.Index(fields=["ends_on"])]
        constraints = notice_period_constraints("pre_notice")

    def __str__(self) -> str:
        return f"{self.summary.get('name', '')} 评前公示"


class PreEvaluationNoticeChange(NoticeChangeRecord):
    """Append-only: the end of a 评前公示 moved because a year's holiday arrangement was entered."""

    notice = models.ForeignKey(
        PreEvaluationNotice, verbose_name=_("评前公示"), on_delete=models.CASCADE, related_name="changes"
    )

    class Meta:
        ordering = ["notice", "id"]
        verbose_name = _("评前公示期调整记录")
        verbose_name_plural = _("评前公示期调整记录")


class PreEvaluationObjection(ObjectionRecord):
    """异议 lodged against a 评前公示, resolved by the publishing unit."""

    notice = models.ForeignKey(
        PreEvaluationNotice, verbose_name=_("评前公示"), on_delete=models.PROTECT, related_name="objections"
    )

    class Meta:
        ordering = ["notice", "id"]
        verbose_name = _("评前公示异议")
        verbose_name_plural = _("评前公示异议")
        constraints = [objection_resolved_fields("pre_objection_resolved_fields")]

    def __str__(self) -> str:
        return f"对{self.notice}的异议（{self.get_status_display()}）"
