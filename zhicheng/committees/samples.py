"""A sample evaluation meeting, held through the committee services: shared by the demo's evaluation
stages (``zhicheng.demo.evaluation``) and the tests' ``EvaluationResultFactory`` (decision 0036). Nothing
here is imported by the product's pages."""

from __future__ import annotations

import datetime as dt


def meeting_held(*, application, name: str, held_on: dt.date, office, panel_size: int = 5, choice: str = "agree",
                 place: str = "广州市越秀区评审中心"):
    """A meeting of ``application``'s plan named ``name``, held on ``held_on`` at ``place``, created by
    ``office`` (the committee office) for that one accepted application; a panel of ``panel_size`` drawn
    from the pool, every member voting ``choice`` ("agree", "disagree"), the meeting closed. Returns
    ``(meeting, result)``."""
    from zhicheng.committees.services import meeting_close, meeting_create, panel_draw, vote_cast

    meeting = meeting_create(plan=application.plan, name=name, held_on=held_on, place=place,
                             applications=[application], actor=office)
    panel_draw(meeting=meeting, size=panel_size, actor=office)
    result = meeting.results.get()
    for member in meeting.panel.select_related("expert__user"):
        vote_cast(meeting=meeting, result=result, actor=member.expert.user, choice=choice)
    meeting_close(meeting=meeting, actor=office)
    return meeting, result


def meeting_scheduled(*, application, name: str, held_on: dt.date, office, panel_size: int = 5,
                      place: str = "广州市越秀区评审中心"):
    """A meeting of ``application``'s plan named ``name``, to be held on ``held_on`` at ``place``, created by
    ``office`` (the committee office) for that one accepted application (已排会), with a panel of ``panel_size``
    drawn from the pool; nobody has voted yet. Returns the meeting."""
    from zhicheng.committees.services import meeting_create, panel_draw

    meeting = meeting_create(plan=application.plan, name=name, held_on=held_on, place=place,
                             applications=[application], actor=office)
    panel_draw(meeting=meeting, size=panel_size, actor=office)
    return meeting
