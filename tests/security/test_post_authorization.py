"""POSTs to the businesses, evaluation and documents views by everyone who may not act there.

The matrix requests every URL with GET, so for a POST-only view it sees only 405 and proves
nothing about who may act. Here every cast member except the one(s) the view is for POSTs a
plausible, valid-looking form to each of those views: anonymous is sent to log in, everybody else
gets a 404, and nothing changes (no row counts or states move, no audit event but reads).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from .expectations import LOGIN, USER_KEYS
from .test_csrf import READ_AUDIT, _fingerprint
from .test_matrix import classify

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Post:
    name: str
    kwargs: Callable[[Any], dict]
    data: Callable[[Any], dict]
    allowed: tuple[str, ...]  # who may act (not requested here)
    query: str = ""


OFFICE = ("committee_office",)


def _vote(w) -> dict:
    prefix = f"r{w.result.pk}"
    return {"result": w.result.pk, f"{prefix}-choice": "disagree", f"{prefix}-comment": "x"}


POSTS = [
    Post("businesses:case", lambda w: {"pk": w.recognition_case.pk}, lambda w: {"action": "save"}, ("applicant_a",)),
    Post("businesses:withdraw", lambda w: {"pk": w.recognition_case.pk}, lambda w: {}, ("applicant_a",)),
    Post(
        "evaluation:experts",
        lambda w: {"committee_id": w.building.pk},
        lambda w: {"id_number": w.users["applicant_b"].id_number, "employer": w.unit.pk, "title": "高级工程师"},
        OFFICE,
    ),
    Post(
        "evaluation:meeting_new",
        lambda w: {"committee_id": w.building.pk},
        lambda w: {
            "name": "另一次会议",
            "held_on": "2030-01-15",
            "place": "广州",
            "applications": [w.evaluation_app.pk],
        },
        OFFICE,
        query="plan={plan}",
    ),
    Post("evaluation:expert_deactivate", lambda w: {"pk": w.expert_off_panel_profile.pk}, lambda w: {}, OFFICE),
    Post(
        "evaluation:expert_term",
        lambda w: {"pk": w.expert_off_panel_profile.pk},
        lambda w: {"term_ends_on": "2031-12-31"},
        OFFICE,
    ),
    Post(
        "evaluation:panel_rule_edit",
        lambda w: {"committee_id": w.building.pk, "level": 2},
        lambda w: {"min_pool_size": 3, "min_panel_size": 3, "odd_panel": "on", "source": "x"},
        ("system_admin",),
    ),
    Post("evaluation:meeting_draw", lambda w: {"pk": w.meeting.pk}, lambda w: {"size": 3}, OFFICE),
    Post("evaluation:meeting_recheck", lambda w: {"pk": w.meeting.pk}, lambda w: {}, OFFICE),
    Post(
        "evaluation:meeting_edit",
        lambda w: {"pk": w.meeting.pk},
        lambda w: {"action": "meeting", "name": "改名", "held_on": "2030-01-16", "place": "深圳"},
        OFFICE,
    ),
    Post("evaluation:meeting_cancel", lambda w: {"pk": w.meeting.pk}, lambda w: {"reason": "取消"}, OFFICE),
    Post(
        "evaluation:paper_vote",
        lambda w: {"pk": w.meeting.pk},
        lambda w: {"expert": w.draw.chosen_ids[-1], "result": w.result.pk, "choice": "disagree"},
        OFFICE,
    ),
    Post("evaluation:meeting_close", lambda w: {"pk": w.meeting.pk}, lambda w: {}, OFFICE),
    Post("evaluation:notice_new", lambda w: {"pk": w.meeting.pk}, lambda w: {"working_days": 5}, OFFICE),
    Post("evaluation:meeting_report", lambda w: {"pk": w.meeting.pk}, lambda w: {}, OFFICE),
    Post(
        "evaluation:objection_resolve",
        lambda w: {"pk": w.objection.pk},
        lambda w: {"decision": "upheld", "resolution": "异议成立。"},
        OFFICE,
    ),
    Post("evaluation:vote", lambda w: {"pk": w.meeting.pk}, _vote, ("expert_on_panel",)),
    # 评审费 (issue 21): only the plan's committee office records payments, refunds and bank files
    Post(
        "fees:notice",
        lambda w: {"pk": w.fee_notice.pk},
        lambda w: {
            "action": "payment",
            "payment-amount": "500",
            "payment-paid_on": w.fee_notice.issued_on.isoformat(),
            "payment-channel": "bank_transfer",
            "payment-serial": "POSTAUTH1",
        },
        OFFICE,
    ),
    Post("fees:import", lambda w: {"plan_id": w.fee_plan.pk}, lambda w: {"action": "apply", "sha256": "x"}, OFFICE),
]


def _non_read_events(after_pk: int) -> list[str]:
    from zhicheng.audit.models import AuditEvent

    return [a for a in AuditEvent.objects.filter(pk__gt=after_pk).values_list("action", flat=True)
            if not READ_AUDIT.search(a)]


@override_settings(CERTIFICATE_VERIFY_LIMIT=100_000)
@pytest.mark.parametrize("post", POSTS, ids=[p.name for p in POSTS])
def test_only_the_office_panel_or_applicant_may_post(post, security_world, clients):
    from zhicheng.audit.models import AuditEvent

    w = security_world
    url = reverse(post.name, kwargs=post.kwargs(w))
    if post.query:
        url += "?" + post.query.format(plan=w.building_plan.pk)
    data = post.data(w)
    before = _fingerprint()
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    wrong = []
    for key in USER_KEYS:
        if key in post.allowed:
            continue
        got = classify(clients[key].post(url, data))
        expected = LOGIN if key == "anonymous" else 404
        if got != expected:
            wrong.append(f"  {key:<26} expected {expected!s:<6} got {got}")
    assert not wrong, f"POST {url} ({post.name}):\n" + "\n".join(wrong)
    after = _fingerprint()
    assert after == before, {k: (before.get(k), after.get(k)) for k in before.keys() | after.keys()
                             if before.get(k) != after.get(k)}
    assert not _non_read_events(last)


# Views of these apps that take a POST but are not in POSTS, and why.
NOT_LISTED = {
    "evaluation:objection_new": "anyone logged in may object to a 公示 entry (by name)",
    "evaluation:confirm_queue": "a reviewer of an HR bureau confirms only results of committees it manages "
                                "(results_to_confirm_by); nothing is reported in this world",
    "businesses:start": "each user's own new application",
    "businesses:external_file": "GET only (FileResponse); see the matrix",
}


def test_every_write_of_these_apps_is_listed():
    """Every URL of the businesses and evaluation apps whose view takes a POST is in POSTS or NOT_LISTED."""
    from .urlwalk import all_routes, top_namespace

    get_only = {"businesses:index", "businesses:options", "evaluation:notices", "evaluation:notice_detail",
                "evaluation:office", "evaluation:expert_meetings", "evaluation:mine", "evaluation:meeting",
                "evaluation:panel_rule_committees", "evaluation:panel_rules",
                "evaluation:meeting_summary_pdf", "evaluation:meeting_summary_xlsx"}
    names = {r.name for r in all_routes() if top_namespace(r.name) in ("businesses", "evaluation")}
    assert names - {p.name for p in POSTS} - set(NOT_LISTED) - get_only == set()
