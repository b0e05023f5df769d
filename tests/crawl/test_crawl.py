"""Every member of the cast crawls every page reachable from their home page (tests/crawl/crawler.py):
no 5xx, no broken link, no traceback or template syntax, no English in the Chinese UI, downloads
that are what they say. Every page of the project is reached by someone's crawl. Then every form the
crawl reached (tests/crawl/forms.py) is submitted once empty and once with hostile but plausible input
by the first member of the cast whose crawl reached it: no 5xx, nothing typed lost.

One module: the world and the crawls are built once (module-scoped fixtures) for both."""

from __future__ import annotations

import pytest

from .forms import submit, submittable
from .world import BUSINESS_STATES, CAST, DECIDED_STATES, DECIDING

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", CAST)
def test_pages_of(key, crawls):
    result = crawls[key]
    assert result.pages, f"{key}: the crawl reached nothing"
    assert not result.faults, f"{key}: {len(result.faults)} fault(s):\n" + "\n".join(result.faults)


#: Pages (a GET that answers 200 to someone in tests/security/expectations.py; pages reached only by
#: the redirect after a POST, such as the recovery steps, answer a redirect there and are not counted)
#: that no crawl reaches from a home page by links, and why.
NOT_LINKED: dict[str, str] = {
    "certificates:verify_token": "reached by scanning the QR code printed on the e-certificate (a PDF), not by a link",
    "exchange:api:openapi-json": "the API description, loaded by the API documentation page's script",
    "common:favicon": "/favicon.ico, asked for by browsers on their own (the pages name the static copy)",
}


def _pages() -> set[str]:
    from tests.security.expectations import EXPECTATIONS
    from tests.security.urlwalk import all_routes, top_namespace

    names = {r.name for r in all_routes() if top_namespace(r.name) != "admin"}
    return {n for n in names if n in EXPECTATIONS and 200 in EXPECTATIONS[n].outcomes.values()}


def test_every_page_is_reached_by_some_crawl(crawls):
    reached = set().union(*(c.patterns() for c in crawls.values()))
    missing = sorted(_pages() - reached - set(NOT_LINKED))
    assert not missing, (
        "pages no member of the cast reaches by links from their home page (link them where their users "
        f"start, or add them to NOT_LINKED with the reason): {missing}"
    )
    stale = sorted(n for n in NOT_LINKED if n in reached or n not in _pages())
    assert not stale, f"NOT_LINKED names that are reached after all, or are no pages: {stale}"


def test_the_world_holds_every_business_in_every_state(crawl_world):
    from zhicheng.businesses.constants import BusinessCode
    from zhicheng.cases.constants import CaseStatus

    cases = crawl_world.cases
    for code in BusinessCode.values:
        states = DECIDED_STATES if code in DECIDING else BUSINESS_STATES
        if code == "unit_change":
            states = tuple(s for s in BUSINESS_STATES if s not in ("refused", "lapsed"))
        assert {s for c, s in cases if c == code} == set(states), code
    status = {state: cases[("recognition", state)].status for state in DECIDED_STATES}
    assert status == {"draft": CaseStatus.DRAFT, "withdrawn": CaseStatus.DRAFT, "step0": CaseStatus.SUBMITTED,
                      "step1": CaseStatus.SUBMITTED, "step2": CaseStatus.SUBMITTED, "returned": CaseStatus.RETURNED,
                      "lapsed": CaseStatus.LAPSED,
                      "taken_in": CaseStatus.SUBMITTED, "done": CaseStatus.GRANTED, "denied": CaseStatus.DENIED,
                      "refused": CaseStatus.REFUSED}
    assert cases[("recognition", "taken_in")].taken_in_at and not cases[("recognition", "step2")].taken_in_at
    assert cases[("evaluation", "done")].status == CaseStatus.ACCEPTED
    assert cases[("unit_change", "done")].status == CaseStatus.FINISHED
    assert [cases[("evaluation", f"step{n}")].current_step_order for n in range(3)] == [0, 1, 2]


def test_the_world_holds_an_evaluation_in_every_stage(crawl_world):
    from zhicheng.certificates.models import CertificateStatus
    from zhicheng.committees.models import Ballot, Outcome, PublicNotice

    w = crawl_world
    assert w.meeting_drawn.is_open and not Ballot.objects.filter(meeting=w.meeting_drawn).exists()
    assert w.meeting_voting.is_open and Ballot.objects.filter(meeting=w.meeting_voting).exists()
    assert w.meeting_cancelled.is_cancelled and w.meeting_cancelled.cancel_reason
    assert not w.meeting_closed.is_open and not PublicNotice.objects.filter(meeting=w.meeting_closed).exists()
    assert not w.meeting.is_open and w.objection.status == "pending"  # 公示 running, an objection pending
    assert PublicNotice.objects.get(meeting=w.meeting).is_current_on(w.notice.published_on)
    reported, confirmed, voided, revoked = w.meeting_done.results.order_by("pk")
    assert reported.reported_at and not reported.confirmed_at
    assert confirmed.certificate.status == CertificateStatus.VALID
    assert voided.certificate.status == CertificateStatus.VOIDED
    assert revoked.outcome == Outcome.WITHDRAWN


# -- forms ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def forms_by_key(crawls):
    """{cast key: [Form]}: each distinct form once, with the first member who reached it."""
    assigned, seen = {key: [] for key in CAST}, set()
    for key in CAST:
        for form_key, form in crawls[key].forms.items():
            if form_key not in seen and submittable(form):
                seen.add(form_key)
                assigned[key].append(form)
    return assigned


def test_the_crawl_reached_forms(forms_by_key):
    assert sum(len(forms) for forms in forms_by_key.values()) >= 40, "the crawl reached too few forms to mean anything"


@pytest.mark.parametrize("key", CAST)
def test_forms_of(key, forms_by_key, crawl_clients):
    faults = []
    for form in forms_by_key[key]:
        for hostile in (False, True):
            faults.extend(submit(crawl_clients[key], form, hostile=hostile).faults)
    assert not faults, f"{key}: {len(faults)} fault(s):\n" + "\n".join(faults)


# -- phone width -----------------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize("key", CAST)
def test_phone_width_of(key, crawls, crawl_clients, browser, django_db_blocker):
    """Every whole page the member's crawl reached, opened in Chromium 390 px wide (tests/crawl/phone.py):
    none is wider than the screen, and no table cell is squeezed to a character a line."""
    import os
    import time

    from .phone import phone_faults

    # A folder where too wide pages are saved as PNGs, and the pages of the patterns in
    # ZHICHENG_CRAWL_SHOTS_OF (comma-separated, e.g. common:dev_outbox), for looking at them.
    shots = os.environ.get("ZHICHENG_CRAWL_SHOTS")
    if shots:
        shots = os.path.join(shots, key)
        os.makedirs(shots, exist_ok=True)
    shots_of = frozenset(filter(None, os.environ.get("ZHICHENG_CRAWL_SHOTS_OF", "").split(",")))
    assert crawls[key].documents, f"{key}: the crawl reached no page"
    t = time.monotonic()
    with django_db_blocker.unblock():
        faults = phone_faults(browser, crawl_clients[key], crawls[key], shots=shots, shots_of=shots_of)
    print(f"{key}: {len(crawls[key].documents)} pages in {time.monotonic() - t:.1f}s")
    assert not faults, f"{key}: {len(faults)} fault(s) (too wide, squeezed cells):\n" + "\n".join(faults)


def test_the_world_holds_evaluations_in_every_later_stage(crawl_world):
    """The crawl opens an accepted 评审申请 in each stage of its later life (decision 0031), on the applicant's
    case page and the committee office's (applicant A owns all but the ``("evaluation", "done")`` one, 待上会)."""
    from zhicheng.businesses.models import EvaluationApplication
    from zhicheng.committees.lifecycle import stages_of
    from zhicheng.committees.models import Stage

    accepted = EvaluationApplication.objects.filter(case__status="accepted")
    assert set(stages_of(applications=accepted).values()) >= {
        Stage.AWAITING, Stage.SCHEDULED, Stage.PASSED, Stage.FAILED, Stage.OBJECTED, Stage.REPORTED, Stage.CONFIRMED,
        Stage.WITHDRAWN,
    }
