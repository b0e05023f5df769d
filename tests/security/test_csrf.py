"""CSRF and safe methods.

* Every view that takes POST refuses a POST without the CSRF token (403), whoever sends it; the only
  exempt views are the exchange API's, which authenticate by bearer token and grant nothing to a
  session cookie (``test_api.py`` checks that a logged-in browser gets 401 there).
* No GET changes state: for every URL, a GET by each user the matrix lets in changes no row counts
  of the main tables and writes no audit event other than a documented read-audit.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db.models import Count, Q
from django.test import Client, override_settings

from .expectations import EXCLUDED_NAMESPACES, EXPECTATIONS, REDIRECT, USER_KEYS
from .urlwalk import all_routes, top_namespace

# Bearer-token API: no cookie authenticates there, so a forged cross-site POST carries no authority.
CSRF_EXEMPT_ALLOWED = re.compile(r"^exchange:(api:.+|api_not_found)$")

# Audit events a GET may write: reads of personal data or of the audit log, and refusals.
READ_AUDIT = re.compile(r"\.([a-z_]*view[a-z_]*|exported|downloaded|access_denied)$")
# Documented exception: opening the enrolment page creates the pending (unconfirmed) authenticator
# whose secret the QR code shows; it authenticates nothing until confirmed by a POST with a code.
GET_AUDIT_EXCEPTIONS = {"account.2fa_enrolment_started"}


def _fingerprint() -> dict[str, int]:
    """Row counts of the main tables, and the counts of the states a GET must not move."""
    m = apps.get_model
    counts = {}
    for label in (
        "accounts.User", "accounts.AccountRecovery", "orgs.Membership", "orgs.Organisation", "profiles.Profile",
        "profiles.ProfileVersion", "profiles.Attachment", "profiles.EducationRecord", "cases.Case",
        "cases.CaseHistory", "cases.CaseStep", "cases.Notification", "certificates.Certificate",
        "catalog.EvaluationPlan", "catalog.EligibilityRule", "exchange.ExternalSystem", "exchange.ApiToken",
        "businesses.EvaluationApplication", "businesses.RecognitionApplication",
        "businesses.ExternalTitleConfirmation", "evaluation.ExpertProfile", "evaluation.Meeting",
        "evaluation.PanelDraw", "evaluation.PanelMember", "evaluation.EvaluationResult", "evaluation.Ballot",
        "evaluation.PublicNotice", "evaluation.Objection", "fees.FeeNotice", "fees.FeePayment", "fees.FeeRefund",
        "fees.FeeImport",
    ):
        counts[label] = m(label).objects.count()
    for label, field in (
        ("cases.Case", "status"),
        ("certificates.Certificate", "status"),
        ("catalog.EvaluationPlan", "status"),
        ("evaluation.Meeting", "status"),
        ("evaluation.EvaluationResult", "outcome"),
        ("evaluation.Objection", "status"),
        ("evaluation.ExpertProfile", "is_active"),
    ):
        for row in m(label).objects.values(field).annotate(n=Count("pk")):
            counts[f"{label}.{row[field]}"] = row["n"]
    counts["unread notifications"] = m("cases.Notification").objects.filter(read_at__isnull=True).count()
    counts["reported results"] = m("evaluation.EvaluationResult").objects.filter(reported_at__isnull=False).count()
    counts["revoked tokens"] = m("exchange.ApiToken").objects.filter(revoked_at__isnull=False).count()
    counts["active memberships"] = m("orgs.Membership").objects.filter(is_active=True).count()
    counts["users to change password"] = m("accounts.User").objects.filter(
        Q(must_change_password=True) | Q(is_active=False)
    ).count()
    return counts


def _post_routes() -> list[str]:
    return sorted(n for n in EXPECTATIONS if top_namespace(n) not in EXCLUDED_NAMESPACES)


def test_only_the_bearer_api_is_csrf_exempt():
    exempt = sorted({r.name for r in all_routes() if r.csrf_exempt})
    wrong = [n for n in exempt if not CSRF_EXEMPT_ALLOWED.match(n)]
    assert not wrong, f"views exempt from CSRF outside the bearer-token API: {wrong}"


def _authorised(name: str) -> str:
    """A cast member who gets past the view's permission check (else anonymous)."""
    wanted = EXPECTATIONS[name].outcomes
    for answer in (200, 405, REDIRECT):
        for key in USER_KEYS:
            if key != "anonymous" and wanted[key] == answer:
                return key
    return "anonymous"


@pytest.mark.django_db
def test_every_post_without_token_is_refused(security_world):
    users = {}
    refused, problems = 0, []
    for name in _post_routes():
        if CSRF_EXEMPT_ALLOWED.match(name):
            continue
        key = _authorised(name)
        if key not in users:
            client = Client(enforce_csrf_checks=True)
            if security_world.user(key) is not None:
                client.force_login(security_world.user(key))
            users[key] = client
        url = EXPECTATIONS[name].url(name, security_world)
        response = users[key].post(url, {"reason": "x", "opinion": "x", "decision": "approve"})
        if response.status_code != 403 or b"CSRF" not in response.content:
            problems.append(f"  {name} as {key}: POST {url} → {response.status_code}")
        else:
            refused += 1
    assert not problems, "POST without a CSRF token was not refused:\n" + "\n".join(problems)
    assert refused > 30


@pytest.mark.django_db
@override_settings(CERTIFICATE_VERIFY_LIMIT=100_000)
@pytest.mark.parametrize("namespace", sorted({top_namespace(n) for n in EXPECTATIONS}))
def test_no_get_changes_state(namespace, security_world, clients):
    from zhicheng.audit.models import AuditEvent

    problems = []
    for name in sorted(n for n in EXPECTATIONS if top_namespace(n) == namespace):
        expect = EXPECTATIONS[name]
        url = expect.url(name, security_world)
        for key in USER_KEYS:
            if expect.outcomes[key] not in (200, REDIRECT):
                continue
            before = _fingerprint()
            last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            clients[key].get(url)
            after = _fingerprint()
            changed = {
                k: (before.get(k), after.get(k)) for k in before.keys() | after.keys() if before.get(k) != after.get(k)
            }
            actions = [
                a for a in AuditEvent.objects.filter(pk__gt=last_event).values_list("action", flat=True)
                if not READ_AUDIT.search(a) and a not in GET_AUDIT_EXCEPTIONS
            ]
            if changed or actions:
                problems.append(f"  GET {url} ({name}) as {key}: rows {changed or '-'}; audit {actions or '-'}")
    assert not problems, "GET changed state:\n" + "\n".join(problems)
