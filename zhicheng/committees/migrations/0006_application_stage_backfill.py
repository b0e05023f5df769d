"""The stage of every accepted 评审申请 of before decision 0031, computed from the rows that exist.

For each application its results are replayed in order (a meeting entry, the meeting's close, the 公示,
the objections lodged and resolved in time order, the report, the confirmation), writing the
``StageChange`` rows the services would have written, with the dates and people of those rows, and the
stage reached. An accepted application without a result is 待上会. Not audited (the services audited the
facts themselves when they happened); reversing deletes what this wrote.
"""

from __future__ import annotations

from django.db import migrations

PENDING, PASSED, FAILED, INVALID, WITHDRAWN = "pending", "passed", "failed", "invalid", "withdrawn"


def _result_moves(result, notice, objections) -> list[tuple]:
    """(at, move, actor_id, others_pending) of one meeting entry, in the order the services make them."""
    meeting = result.meeting
    moves = [(meeting.created_at, "schedule", meeting.created_by_id, False)]
    if result.outcome == PENDING or meeting.closed_at is None:
        return moves
    close = {PASSED: "pass", WITHDRAWN: "pass", FAILED: "fail", INVALID: "invalidate"}[result.outcome]
    moves.append((meeting.closed_at, close, meeting.closed_by_id, False))
    if close != "pass" or notice is None:
        return moves
    moves.append((notice.created_at, "publish", notice.published_by_id, False))
    events = [(o.lodged_at, 0, o) for o in objections]
    events += [(o.resolved_at, 1, o) for o in objections if o.resolved_at is not None]
    pending: set[int] = set()
    for at, kind, objection in sorted(events, key=lambda e: (e[0], e[1], e[2].pk)):
        if kind == 0:
            pending.add(objection.pk)
            moves.append((at, "object", objection.lodged_by_id, False))
        else:
            pending.discard(objection.pk)
            upheld = objection.status == "upheld"
            moves.append((at, "uphold" if upheld else "dismiss", objection.resolved_by_id, bool(pending)))
    if result.reported_at:
        moves.append((result.reported_at, "report", result.reported_by_id, False))
    if result.confirmed_at:
        moves.append((result.confirmed_at, "confirm", result.confirmed_by_id, False))
    return moves


_TARGET = {"schedule": "scheduled", "pass": "passed", "fail": "failed", "invalidate": "awaiting",
           "publish": "in_notice", "object": "objected", "uphold": "withdrawn", "report": "reported",
           "confirm": "confirmed"}
_FINAL = {"failed", "withdrawn", "confirmed"}


def stages_backfill(apps, schema_editor) -> None:
    EvaluationApplication = apps.get_model("businesses", "EvaluationApplication")
    EvaluationResult = apps.get_model("evaluation", "EvaluationResult")
    PublicNotice = apps.get_model("evaluation", "PublicNotice")
    Objection = apps.get_model("evaluation", "Objection")
    ApplicationStage = apps.get_model("evaluation", "ApplicationStage")
    StageChange = apps.get_model("evaluation", "StageChange")

    results: dict[int, list] = {}
    for result in EvaluationResult.objects.select_related("meeting").order_by("id"):
        results.setdefault(result.application_id, []).append(result)
    notices = {n.meeting_id: n for n in PublicNotice.objects.all()}
    objections: dict[int, list] = {}
    for objection in Objection.objects.order_by("id"):
        objections.setdefault(objection.result_id, []).append(objection)
    done = set(ApplicationStage.objects.values_list("pk", flat=True))
    for application in EvaluationApplication.objects.select_related("case").order_by("id"):
        mine = results.get(application.pk, [])
        if application.pk in done or (application.case.status != "accepted" and not mine):
            continue
        state, changed_at, last = "awaiting", application.case.closed_at or application.case.created_at, None
        changes = []
        for result in mine:
            for at, move, actor_id, others_pending in _result_moves(
                result, notices.get(result.meeting_id), objections.get(result.pk, [])
            ):
                if state in _FINAL:
                    break  # e.g. an objection resolved after another was upheld: no move
                target = ("objected" if others_pending else "in_notice") if move == "dismiss" else _TARGET[move]
                changes.append(StageChange(application_id=application.pk, move=move, from_state=state,
                                           to_state=target, result_id=result.pk, actor_id=actor_id, at=at))
                state, changed_at, last = target, at, result.pk
        ApplicationStage.objects.create(application_id=application.pk, state=state, result_id=last,
                                        changed_at=changed_at)
        StageChange.objects.bulk_create(changes)


def stages_forget(apps, schema_editor) -> None:
    apps.get_model("evaluation", "StageChange").objects.all().delete()
    apps.get_model("evaluation", "ApplicationStage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0005_application_stage"),
        ("businesses", "0005_returned_content"),
        ("cases", "0007_return_parts_and_lapse"),
    ]

    operations = [migrations.RunPython(stages_backfill, stages_forget)]
