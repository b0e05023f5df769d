"""The daily deadline job (issue 20): stage deadlines passed, corrections overdue, and reminders.

* **Reminders** go out from N working days (counted on the official calendar,
  :mod:`zhicheng.workcalendar.workdays`) before a deadline, to whoever must act. N is the case's plan's
  ``reminder_working_days`` (edited with the plan; a new plan starts from the ``REMINDER_WORKING_DAYS``
  setting), or that setting for a case without a plan (:func:`reminder_days_of`):

  - the applicant of a returned case, before its correction deadline (one message per case);
  - the reviewers of the organisation and role a submitted case waits at, before the stage deadline of
    its plan — **one digest per person** listing every such case, not one message per case.

  Each reminder is an in-system notification plus SMS and e-mail through the outbox. A reminder is
  recorded per (person, case, kind, deadline) in :class:`~zhicheng.cases.models.CaseReminder`, whose
  unique constraint makes it idempotent: a reminder already sent is not sent again.
* **Stage deadlines passed**: :func:`zhicheng.cases.services.stage_deadlines_check` (the next level sees
  the case flagged, the applicant is told once).
* **Corrections overdue**: a returned case whose correction deadline has passed is closed as 逾期未补正
  (:func:`zhicheng.cases.services.case_lapse`, the ``lapse`` transition of :mod:`zhicheng.cases.workflow`):
  the applicant is told (they were reminded before, above), it is audited (``case.lapse``), its
  one-open-application key is freed, and the organisation that returned it sees it at the top of its
  queue for a while (:func:`corrections_overdue_at`).

* **Apps above the engine** add their own daily deadline work with :func:`daily_deadline_job_register`
  (the 评审费 deadlines: the applicant of a case unpaid at its deadline is told once, decision 0035).

Run once a day by Celery beat (``zhicheng.cases.deadlines_daily``) or ``manage.py run_schedule``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from zhicheng.workcalendar.workdays import WorkCalendar

from .constants import CaseStatus, Decision
from .models import Case, CaseHistory, CaseReminder, CaseStep

DIGEST_LINES = 20


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass
class DailyResult:
    misses: int = 0
    correction_reminders: int = 0
    digests: int = 0
    corrections_overdue: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (f"办理期限：新发现逾期 {self.misses} 件；补正提醒 {self.correction_reminders} 条；"
                f"审核提醒 {self.digests} 人；逾期未补正办结 {self.corrections_overdue} 件"
                + "".join(f"；{line}" for line in self.lines))


#: Daily deadline work of apps above the engine (decision 0029: they may not be imported from here), e.g. the
#: 评审费 deadlines of ``zhicheng.fees`` (decision 0035). Each is called as ``job(today=…)`` by
#: :func:`deadlines_daily`, must be idempotent, and returns one Chinese line for the log.
_DAILY_JOBS: dict[str, Callable[..., str]] = {}


def daily_deadline_job_register(name: str, job: Callable[..., str]) -> None:
    """Run ``job(today=)`` in every daily deadline run (from an ``AppConfig.ready()``; the same ``name``
    again replaces it). ``job`` returns a line such as "评审费：逾期未缴告知 2 人"."""
    _DAILY_JOBS[name] = job


def reminder_claim(*, user, case, kind: str, due_on: dt.date) -> bool:
    """Insert the reminder row (:class:`CaseReminder`) in the caller's transaction.

    Args: ``user`` the person reminded, ``case`` the case, ``kind`` a ``CaseReminder.Kind``, ``due_on`` the
    deadline reminded of. Returns False if that reminder was already sent (the unique constraint), so that a
    daily job run twice, or by two workers at once, reminds once."""
    try:
        with transaction.atomic():
            CaseReminder.objects.create(user=user, case=case, kind=kind, due_on=due_on)
    except IntegrityError:
        return False
    return True


def reminder_days_of(plan) -> int:
    """Working days before a deadline from which reminders go out for a case under ``plan``: the plan's
    ``reminder_working_days`` (``catalog.EvaluationPlan``), else — no plan, or a plan without the field — the
    ``REMINDER_WORKING_DAYS`` setting. 0 means on the deadline day itself."""
    days = getattr(plan, "reminder_working_days", None) if plan is not None else None
    return settings.REMINDER_WORKING_DAYS if days is None else int(days)


def reminder_first_day(calendar: WorkCalendar, due_on: dt.date, days: int) -> dt.date:
    """The first day a reminder of ``due_on`` goes out: ``days`` working days before it (the day itself for 0)."""
    return calendar.add(due_on, -days) if days else due_on


def correction_reminders_send(*, today: dt.date, calendar: WorkCalendar) -> int:
    """Remind each applicant of a returned case whose correction deadline is within its plan's reminder
    days (:func:`reminder_days_of`; once per case and deadline). Returns how many were sent."""
    from .deadlines import plans_of_cases
    from .services import notification_send

    sent = 0
    cases = list(
        Case.objects.filter(status=CaseStatus.RETURNED, correction_due_on__gte=today)
        .select_related("applicant").order_by("correction_due_on", "pk")
    )
    plans = plans_of_cases(cases)
    for case in cases:
        if today < reminder_first_day(calendar, case.correction_due_on, reminder_days_of(plans.get(case.pk))):
            continue
        with transaction.atomic():
            if not reminder_claim(user=case.applicant, case=case, kind=CaseReminder.Kind.CORRECTION,
                                   due_on=case.correction_due_on):
                continue
            left = calendar.between(today, case.correction_due_on)
            notification_send(
                user=case.applicant,
                case=case,
                title=f"请尽快补正您的{case.business_type_label}",
                body=f"补正截止日期为 {_date(case.correction_due_on)}（"
                + ("今天截止" if left == 0 else f"还剩 {left} 个工作日")
                + "），请登录系统按退回意见修改后重新提交；"
                "逾期未重新提交的，该申报将按逾期未补正办结。",
            )
        sent += 1
    return sent


def reviewer_digests_send(*, today: dt.date, calendar: WorkCalendar) -> int:
    """Send each reviewer ONE digest of the cases waiting at their organisation and role whose stage
    deadline is within its plan's reminder days (:func:`reminder_days_of`) and that no earlier digest to them
    covered.
    Returns the number of digests (people) sent."""
    from zhicheng.orgs.models import Membership

    from .deadlines import case_deadlines, plans_of_cases
    from .services import notification_send

    waiting = list(
        Case.objects.filter(status=CaseStatus.SUBMITTED)
        .select_related("applicant", "current_organisation")
        .only("business_type", "status", "current_step_order", "correction_due_on", "applicant__real_name",
              "current_organisation__name")
    )
    deadlines = {pk: d for pk, d in case_deadlines(cases=waiting, today=today).items()
                 if not d.is_correction and today <= d.due_on}
    plans = plans_of_cases([c for c in waiting if c.pk in deadlines]) if deadlines else {}
    due_soon = {
        pk: d for pk, d in deadlines.items()
        if today >= reminder_first_day(calendar, d.due_on, reminder_days_of(plans.get(pk)))
    }
    if not due_soon:
        return 0
    cases = {c.pk: c for c in waiting if c.pk in due_soon}
    roles = dict(
        CaseStep.objects.filter(case_id__in=list(cases), order=Subquery(
            Case.objects.filter(pk=OuterRef("case_id")).values("current_step_order")[:1]
        )).values_list("case_id", "role")
    )
    wanted = {(c.current_organisation_id, roles.get(pk, "reviewer")) for pk, c in cases.items()}
    people: dict[tuple[int, str], list] = defaultdict(list)
    memberships = Membership.objects.filter(
        is_active=True, user__is_active=True, organisation_id__in={o for o, _ in wanted},
    ).select_related("user")
    for m in memberships:
        if (m.organisation_id, m.role) in wanted:
            people[(m.organisation_id, m.role)].append(m.user)
    per_user: dict[int, tuple[object, list]] = {}
    for pk, case in sorted(cases.items(), key=lambda kv: (due_soon[kv[0]].due_on, kv[0])):
        for user in people.get((case.current_organisation_id, roles.get(pk, "reviewer")), []):
            per_user.setdefault(user.pk, (user, []))[1].append(case)
    sent = 0
    for user, user_cases in per_user.values():
        with transaction.atomic():
            new = [c for c in user_cases if reminder_claim(user=user, case=c, kind=CaseReminder.Kind.STAGE,
                                                            due_on=due_soon[c.pk].due_on)]
            if not new:
                continue
            lines = []
            for c in new[:DIGEST_LINES]:
                d = due_soon[c.pk]
                left = calendar.between(today, d.due_on)
                lines.append(
                    f"· {c.applicant.real_name} {c.business_type_label}（{c.current_organisation.name}，"
                    f"{d.label} {_date(d.due_on)}，" + ("今天截止" if left == 0 else f"还剩 {left} 个工作日") + "）"
                )
            if len(new) > DIGEST_LINES:
                lines.append(f"……等共 {len(new)} 件，请到待审核工作台查看。")
            first = min(due_soon[c.pk].due_on for c in new)
            notification_send(
                user=user,
                title=f"您有 {len(new)} 件待审核业务即将到期",
                body="以下业务即将超过办理期限，请及时办理：\n" + "\n".join(lines),
                sms_text=(
                    f"【{settings.SITE_NAME}】您有 {len(new)} 件待审核业务即将到期，最早 {_date(first)} 截止，"
                    "请登录系统及时办理。"
                ),
            )
        sent += 1
    return sent


def corrections_lapse(*, today: dt.date) -> int:
    """Close each returned case whose correction deadline is before ``today`` as 逾期未补正, each in its own
    transaction (one case that cannot be closed does not stop the others). Idempotent: a closed case is
    no longer returned. Returns how many were closed."""
    from .services import case_lapse
    from .workflow import CaseError

    closed = 0
    ids = Case.objects.filter(status=CaseStatus.RETURNED, correction_due_on__lt=today).order_by("pk") \
        .values_list("pk", flat=True)
    for pk in list(ids):
        try:
            case_lapse(case=Case(pk=pk), today=today)
        except CaseError:  # resubmitted meanwhile, or the deadline moved: nothing to close
            continue
        closed += 1
    return closed


#: How long the organisation that returned a case sees it flagged once it was closed as 逾期未补正.
LAPSED_SHOWN_DAYS = 30


def corrections_overdue_at(*, organisation, today: dt.date | None = None, limit: int = 50) -> list[Case]:
    """Cases that ``organisation`` returned last and that were closed as 逾期未补正 in the last
    ``LAPSED_SHOWN_DAYS`` days, the latest first (shown at the top of its queue), each with
    ``lapsed_due_on`` (the correction deadline that passed)."""
    today = today or timezone.localdate()
    last_return_org = Subquery(
        CaseHistory.objects.filter(case_id=OuterRef("pk"), decision=Decision.RETURN)
        .order_by("-id").values("organisation_id")[:1]
    )
    lapsed_due = Subquery(
        CaseHistory.objects.filter(case_id=OuterRef("pk"), decision=Decision.LAPSE)
        .order_by("-id").values("correction_due_on")[:1]
    )
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=LAPSED_SHOWN_DAYS), dt.time.min))
    return list(  # closed_at compared as stored (not its local date): the partial index case_lapsed_closed_at serves it
        Case.objects.filter(status=CaseStatus.LAPSED, closed_at__gte=since)
        .annotate(returned_by=last_return_org, lapsed_due_on=lapsed_due).filter(returned_by=organisation.pk)
        .select_related("applicant").only("business_type", "closed_at", "applicant__real_name", "status")
        .order_by("-closed_at", "-pk")[:limit]
    )
def deadlines_daily(*, today: dt.date | None = None) -> DailyResult:
    """The daily job: stage deadlines passed, correction reminders, reviewer digests, corrections overdue
    closed as 逾期未补正.
    Idempotent (see the module docstring). Returns counts for the log."""
    from .services import stage_deadlines_check

    today = today or timezone.localdate()
    calendar = WorkCalendar()
    result = DailyResult()
    result.misses = len(stage_deadlines_check(today=today))
    result.correction_reminders = correction_reminders_send(today=today, calendar=calendar)
    result.digests = reviewer_digests_send(today=today, calendar=calendar)
    result.corrections_overdue = corrections_lapse(today=today)
    for job in list(_DAILY_JOBS.values()):
        result.lines.append(job(today=today))
    return result
