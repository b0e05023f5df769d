"""What every URL answers to a GET from every member of the cast: the authorization matrix.

One row per URL name: ``"namespace:name": Expect(<outcomes>, <how to fill the URL>)``.
Outcomes are ``200`` (the page), ``404``, ``LOGIN`` (redirect to a login page), ``REDIRECT`` (any
other redirect), ``405`` (GET not allowed: a POST-only view), ``401`` (API without a token).
Build them from a default plus exceptions::

    only(200, "applicant_a")                      # A gets the page, everyone else a 404
    LOGIN_ONLY                                    # anonymous → login, everyone else 200
    outcomes(404, anonymous=LOGIN, system_admin=200)

Adding a row for a new URL is one line, e.g.::

    "evaluation:meeting": Expect(only(200, "committee_office"), pk=lambda w: w.meeting.pk),

(values in the URL are constants or functions of the ``World`` of ``world.py``; add the object
to ``world_build`` if the URL needs one that is not there yet). ``test_matrix.py`` fails, naming
them, for URL names without a row here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .world import USERS

LOGIN = "login"
REDIRECT = "redirect"
USER_KEYS = tuple(USERS)
STAFF = (
    "unit_reviewer", "unit_admin", "other_unit_reviewer", "supervisor_reviewer", "other_supervisor_reviewer",
    "hr_reviewer", "other_hr_reviewer", "window_staff", "committee_office", "other_committee_office",
    "expert_on_panel", "expert_off_panel",
)
ADMINS = ("system_admin", "security_admin", "audit_admin")


def outcomes(default: Any, **overrides: Any) -> dict[str, Any]:
    unknown = set(overrides) - set(USER_KEYS)
    assert not unknown, f"unknown cast members {unknown}; the cast is {USER_KEYS}"
    return {key: overrides.get(key, default) for key in USER_KEYS}


def only(answer: Any, *keys: str, others: Any = 404, anonymous: Any = LOGIN, **exceptions: Any) -> dict[str, Any]:
    """``answer`` for the named users, ``others`` for every other logged-in user, ``anonymous`` for
    anonymous; ``exceptions`` name single users' answers."""
    return outcomes(others, anonymous=anonymous, **{k: answer for k in keys}, **exceptions)


PUBLIC = outcomes(200)
LOGIN_ONLY = outcomes(200, anonymous=LOGIN)
POST_ONLY = outcomes(405)  # require_POST runs before the login check
POST_ONLY_LOGIN = outcomes(405, anonymous=LOGIN)  # login_required runs first
API_OPERATION_POST = outcomes(405)  # a session is no API credential; GET on a POST operation → JSON 405
API_OPERATION_GET = outcomes(401)  # no bearer token → JSON 401


@dataclass(frozen=True)
class Expect:
    outcomes: dict[str, Any]
    kwargs: dict[str, Callable[[Any], Any] | Any] = field(default_factory=dict)
    query: str = ""
    path: str = ""  # a literal path, for patterns that cannot be reversed (regexes)

    def __init__(self, outcomes: dict[str, Any], *, query: str = "", path: str = "", **kwargs: Any):
        object.__setattr__(self, "outcomes", outcomes)
        object.__setattr__(self, "kwargs", kwargs)
        object.__setattr__(self, "query", query)
        object.__setattr__(self, "path", path)

    def url(self, name: str, world) -> str:
        from django.urls import reverse

        if self.path:
            return self.path
        kwargs = {k: (v(world) if callable(v) else v) for k, v in self.kwargs.items()}
        url = reverse(name, kwargs=kwargs or None)
        return f"{url}?{self.query}" if self.query else url


# Namespaces not covered row by row, with the reason. Representative rows below still cover them.
EXCLUDED_NAMESPACES: dict[str, str] = {
    "admin": (
        "Django admin: one family. Every admin page is guarded by AdminSite.admin_view (is_active and "
        "is_staff, which only the system administrator has); the representative rows below check it, "
        "and test_admin_family_guarded checks that every admin pattern is behind that guard."
    ),
}

A_CHAIN = ("unit_reviewer", "supervisor_reviewer")
# A's 评审申请 went A_CHAIN → the building committee's office, which accepted it; her 考核认定 waits
# at (and her 省外来粤资格确认 was confirmed by) the HR bureau of her county.
A_EVALUATION_ROUTE = (*A_CHAIN, "committee_office")
A_BUREAU_ROUTE = (*A_CHAIN, "hr_reviewer")

EXPECTATIONS: dict[str, Expect] = {
    # -- common ---------------------------------------------------------------------------------------
    "common:home": Expect(PUBLIC),
    "common:about": Expect(PUBLIC),
    "common:favicon": Expect(PUBLIC),
    # Development only (never in production): everyone gets a page, but only the system administrator
    # (or a session that entered ./manage.sh run's token) sees messages; tests/security/test_safe_defaults.py.
    "common:dev_outbox": Expect(PUBLIC),
    # -- accounts -------------------------------------------------------------------------------------
    "accounts:login": Expect(outcomes(REDIRECT, anonymous=200)),
    "accounts:logout": Expect(POST_ONLY),
    "accounts:register": Expect(outcomes(REDIRECT, anonymous=200)),
    "accounts:password_change": Expect(LOGIN_ONLY),
    "accounts:account": Expect(LOGIN_ONLY),
    "accounts:contact_change": Expect(LOGIN_ONLY),
    "accounts:contact_confirm": Expect(outcomes(REDIRECT, anonymous=LOGIN)),  # nothing under way → the start
    "accounts:recover": Expect(PUBLIC),
    "accounts:recover_channel": Expect(outcomes(REDIRECT)),  # no recovery under way → back to the start
    "accounts:recover_code": Expect(outcomes(REDIRECT)),
    "accounts:recover_password": Expect(outcomes(REDIRECT)),
    "accounts:window_index": Expect(only(REDIRECT, "window_staff")),
    "accounts:window": Expect(only(200, "window_staff"), org_id=lambda w: w.window_org.pk),
    "accounts:staff_index": Expect(only(REDIRECT, "unit_admin")),
    "accounts:staff": Expect(only(200, "unit_admin"), org_id=lambda w: w.unit.pk),
    "accounts:staff_revoke": Expect(
        POST_ONLY, org_id=lambda w: w.unit.pk, membership_id=lambda w: w.reviewer_membership.pk
    ),
    "accounts:staff_ends_on": Expect(
        POST_ONLY, org_id=lambda w: w.unit.pk, membership_id=lambda w: w.reviewer_membership.pk
    ),
    "accounts:invitations": Expect(LOGIN_ONLY),  # each person's own invitations
    "accounts:admin_duties": Expect(only(200, "security_admin")),
    "accounts:login_attacks": Expect(only(200, "security_admin")),
    "accounts:two_factor_enrol": Expect(LOGIN_ONLY),
    "accounts:two_factor_verify": Expect(outcomes(REDIRECT, anonymous=LOGIN)),  # nothing to verify → onwards
    "accounts:two_factor_disable": Expect(POST_ONLY),
    "accounts:two_factor_reset": Expect(only(200, "security_admin")),
    # -- orgs (htmx fragments for choosing a unit) ----------------------------------------------------
    "orgs:region_counties": Expect(LOGIN_ONLY, query="city=441600"),
    "orgs:unit_search": Expect(LOGIN_ONLY, query="city=441600&county=441622&q=rmyy"),
    # 单位注册: anyone signed in may apply for a unit; a registration and its letter are the applicant's
    # (and the reviewers' on its route, tests in orgs/tests/test_units.py). A's profile case is no registration.
    "orgs:registrations": Expect(LOGIN_ONLY),
    "orgs:registration_new": Expect(LOGIN_ONLY),
    "orgs:registration": Expect(outcomes(404, anonymous=LOGIN), pk=lambda w: w.case.pk),
    "orgs:registration_letter": Expect(outcomes(404, anonymous=LOGIN), pk=lambda w: w.case.pk),
    # the units of an HR bureau's region: its reviewers and administrators (A's county bureau here)
    "orgs:bureau_index": Expect(only(REDIRECT, "hr_reviewer", "other_hr_reviewer")),
    "orgs:bureau_units": Expect(only(200, "hr_reviewer"), bureau_id=lambda w: w.bureau.pk),
    "orgs:bureau_unit_new": Expect(only(200, "hr_reviewer"), bureau_id=lambda w: w.bureau.pk),
    "orgs:bureau_unit": Expect(only(200, "hr_reviewer"), bureau_id=lambda w: w.bureau.pk, unit_id=lambda w: w.unit.pk),
    # -- catalog (committee offices) ------------------------------------------------------------------
    "catalog:plans": Expect(only(200, "committee_office", "other_committee_office")),
    "catalog:plan_create": Expect(only(200, "committee_office"), committee_pk=lambda w: w.building.pk),
    "catalog:plan": Expect(only(200, "committee_office"), pk=lambda w: w.plan.pk),
    "catalog:plan_edit": Expect(only(200, "committee_office"), pk=lambda w: w.plan.pk),
    "catalog:plan_publish": Expect(POST_ONLY_LOGIN, pk=lambda w: w.plan.pk),
    "catalog:plan_close": Expect(POST_ONLY_LOGIN, pk=lambda w: w.plan.pk),
    "catalog:eligibility_rules": Expect(only(200, "committee_office"), committee_pk=lambda w: w.building.pk),
    "catalog:eligibility_rule_edit": Expect(
        only(200, "committee_office"), committee_pk=lambda w: w.building.pk, level=lambda w: w.building.min_level
    ),
    # -- profiles (each user's own; nothing of A's is reachable by id except the attachment) -------
    "profiles:dashboard": Expect(LOGIN_ONLY),
    "profiles:basic": Expect(LOGIN_ONLY),
    "profiles:unit": Expect(LOGIN_ONLY),
    "profiles:section": Expect(LOGIN_ONLY, key="education"),
    "profiles:section_delete": Expect(POST_ONLY_LOGIN, key="education", pk=lambda w: w.education_row.pk),
    "profiles:attachments": Expect(LOGIN_ONLY),
    "profiles:attachment_remove": Expect(POST_ONLY_LOGIN, pk=lambda w: w.attachment.pk),
    # staff of every organisation one of A's cases reached (her 评审申请 and 考核认定 included)
    "profiles:attachment_download": Expect(
        only(200, "applicant_a", *A_EVALUATION_ROUTE, "hr_reviewer"), pk=lambda w: w.attachment.pk
    ),
    "profiles:review": Expect(outcomes(REDIRECT, anonymous=LOGIN, applicant_a=200)),  # no profile → dashboard
    "profiles:submit": Expect(POST_ONLY_LOGIN),
    "profiles:withdraw": Expect(POST_ONLY_LOGIN),
    "profiles:versions": Expect(outcomes(REDIRECT, anonymous=LOGIN, applicant_a=200)),  # no profile → dashboard
    "profiles:version_detail": Expect(only(200, "applicant_a"), number=1),
    "profiles:notifications": Expect(LOGIN_ONLY),
    "profiles:notifications_read": Expect(POST_ONLY_LOGIN),
    # -- cases ------------------------------------------------------------------------------------------
    # the queue is the reviewers' (CASE_ROLES); the unit's organisation administrator manages staff only
    "cases:queue": Expect(only(200, "unit_reviewer"), org_id=lambda w: w.unit.pk),
    "cases:batch_approve": Expect(POST_ONLY_LOGIN, org_id=lambda w: w.unit.pk),
    # A's case waiting at the supervising unit: A is sent to her dashboard; staff of the route see it.
    "cases:detail": Expect(only(200, *A_CHAIN, applicant_a=REDIRECT), pk=lambda w: w.case.pk),
    # A's attachment (an image) shown inside the case page: the same rule as its download
    "cases:file_inline": Expect(
        only(200, "applicant_a", *A_EVALUATION_ROUTE, "hr_reviewer"),
        kind="profile_attachment",
        pk=lambda w: w.attachment.pk,
    ),
    # -- businesses -----------------------------------------------------------------------------------
    "businesses:index": Expect(LOGIN_ONLY),
    "businesses:start": Expect(LOGIN_ONLY, code="evaluation"),
    "businesses:options": Expect(LOGIN_ONLY, code="evaluation"),
    # the applicant's own page of her accepted 评审申请; staff work it on cases:detail
    "businesses:case": Expect(only(200, "applicant_a"), pk=lambda w: w.evaluation_case.pk),
    "businesses:withdraw": Expect(POST_ONLY_LOGIN, pk=lambda w: w.evaluation_case.pk),
    # the scanned certificate of A's 省外来粤资格确认: A and the organisations it went through
    "businesses:external_file": Expect(only(200, "applicant_a", *A_BUREAU_ROUTE), pk=lambda w: w.external.pk),
    # -- evaluation -------------------------------------------------------------------------------------
    "evaluation:notices": Expect(PUBLIC),
    "evaluation:notice_detail": Expect(PUBLIC, pk=lambda w: w.notice.pk),  # 公示 is public
    "evaluation:objection_new": Expect(LOGIN_ONLY, pk=lambda w: w.result.pk),  # anyone may object, by name
    "evaluation:office": Expect(only(200, "committee_office", "other_committee_office")),
    "evaluation:experts": Expect(only(200, "committee_office"), committee_id=lambda w: w.building.pk),
    "evaluation:expert_deactivate": Expect(POST_ONLY_LOGIN, pk=lambda w: w.expert_off_panel_profile.pk),
    "evaluation:expert_term": Expect(POST_ONLY_LOGIN, pk=lambda w: w.expert_off_panel_profile.pk),
    # panel rules (issue 21): read by committee offices and the managing bureaus (清远市人社局 manages the
    # 清远 committee), set by the managing bureau (the province's, not in this cast) or the system administrator
    "evaluation:panel_rule_committees": Expect(
        only(200, "committee_office", "other_committee_office", "other_hr_reviewer", "system_admin")
    ),
    "evaluation:panel_rules": Expect(
        only(200, "committee_office", "system_admin"), committee_id=lambda w: w.building.pk
    ),
    "evaluation:panel_rule_edit": Expect(only(200, "system_admin"), committee_id=lambda w: w.building.pk, level=2),
    "evaluation:meeting_new": Expect(only(200, "committee_office"), committee_id=lambda w: w.building.pk),
    # the meeting is the committee office's; the panel votes on evaluation:vote, nobody else sees it
    "evaluation:meeting": Expect(only(200, "committee_office"), pk=lambda w: w.meeting.pk),
    # issue 21: the meeting is closed, so editing and cancelling send the office back to the meeting page
    "evaluation:meeting_edit": Expect(only(REDIRECT, "committee_office"), pk=lambda w: w.meeting.pk),
    "evaluation:meeting_cancel": Expect(only(REDIRECT, "committee_office"), pk=lambda w: w.meeting.pk),
    "evaluation:meeting_summary_pdf": Expect(only(200, "committee_office"), pk=lambda w: w.meeting.pk),
    "evaluation:meeting_summary_xlsx": Expect(only(200, "committee_office"), pk=lambda w: w.meeting.pk),
    "evaluation:meeting_draw": Expect(POST_ONLY_LOGIN, pk=lambda w: w.meeting.pk),
    "evaluation:meeting_recheck": Expect(POST_ONLY_LOGIN, pk=lambda w: w.meeting.pk),
    # the meeting is closed: the office is sent back to the meeting page
    "evaluation:paper_vote": Expect(only(REDIRECT, "committee_office"), pk=lambda w: w.meeting.pk),
    "evaluation:meeting_close": Expect(POST_ONLY_LOGIN, pk=lambda w: w.meeting.pk),
    "evaluation:notice_new": Expect(only(200, "committee_office"), pk=lambda w: w.meeting.pk),
    "evaluation:meeting_report": Expect(POST_ONLY_LOGIN, pk=lambda w: w.meeting.pk),
    "evaluation:objection_resolve": Expect(only(200, "committee_office"), pk=lambda w: w.objection.pk),
    "evaluation:expert_meetings": Expect(only(200, "expert_on_panel", "expert_off_panel")),
    "evaluation:vote": Expect(only(200, "expert_on_panel"), pk=lambda w: w.meeting.pk),
    "evaluation:confirm_queue": Expect(only(200, "hr_reviewer", "other_hr_reviewer")),
    "evaluation:mine": Expect(LOGIN_ONLY),
    # -- documents (they carry the full ID number: the applicant and the organisations on the route) --
    "documents:evaluation_form": Expect(
        only(200, "applicant_a", *A_EVALUATION_ROUTE), case_id=lambda w: w.evaluation_case.pk
    ),
    "documents:recognition_form": Expect(
        only(200, "applicant_a", *A_BUREAU_ROUTE), case_id=lambda w: w.recognition_case.pk
    ),
    # blank forms hold nothing of anyone: public
    "documents:blank_form_pdf": Expect(PUBLIC, code="evaluation_form"),
    "documents:blank_form_docx": Expect(PUBLIC, code="recognition_form"),
    "documents:summary_sheets": Expect(only(200, "committee_office", "other_committee_office")),
    "documents:summary_sheet_pdf": Expect(only(200, "committee_office"), plan_id=lambda w: w.building_plan.pk),
    "documents:summary_sheet_xlsx": Expect(only(200, "committee_office"), plan_id=lambda w: w.building_plan.pk),
    # -- certificates -------------------------------------------------------------------------------------
    "certificates:verify": Expect(PUBLIC),
    "certificates:verify_token": Expect(PUBLIC, token=lambda w: w.verify_token),
    "certificates:mine": Expect(LOGIN_ONLY),
    "certificates:e_certificate": Expect(only(200, "applicant_a"), pk=lambda w: w.certificate.pk),
    "certificates:manage": Expect(only(200, "hr_reviewer", "other_hr_reviewer")),
    "certificates:void": Expect(only(200, "hr_reviewer"), pk=lambda w: w.certificate.pk),
    "integrity:mine": Expect(LOGIN_ONLY),
    "integrity:objection": Expect(only(200, "applicant_b"), pk=lambda w: w.integrity_finding.pk),
    "integrity:manage": Expect(
        only(200, "hr_reviewer", "other_hr_reviewer", "committee_office", "other_committee_office")
    ),
    "integrity:finding": Expect(only(200, "hr_reviewer"), pk=lambda w: w.integrity_finding.pk),
    "integrity:record": Expect(only(200, "hr_reviewer"), source="certificate", pk=lambda w: w.certificate.pk),
    "integrity:evidence": Expect(only(200, "applicant_b", "hr_reviewer"), pk=lambda w: w.integrity_finding.pk),
    # -- audit (audit administrator only) -----------------------------------------------------------------
    "audit:events": Expect(only(200, "audit_admin")),
    "audit:event_detail": Expect(only(200, "audit_admin"), pk=lambda w: w.audit_event.pk),
    "audit:export": Expect(only(200, "audit_admin")),
    "audit:verify": Expect(POST_ONLY),
    # -- exchange: the API (bearer tokens; see test_api.py) and the system administrator's pages --------
    "exchange:api:openapi-json": Expect(PUBLIC),
    "exchange:api:openapi-view": Expect(PUBLIC),
    "exchange:api_docs_slash": Expect(outcomes(REDIRECT)),  # → /api/v1/docs
    "exchange:api:api-root": Expect(outcomes(404)),
    "exchange:api:numbers.allocate": Expect(API_OPERATION_POST),
    "exchange:api:certificates.report": Expect(API_OPERATION_POST),
    "exchange:api:certificates.void": Expect(API_OPERATION_POST),
    "exchange:api:certificates.search": Expect(API_OPERATION_POST),
    "exchange:api:certificates.get": Expect(API_OPERATION_GET, number=lambda w: w.certificate.number),
    "exchange:api_not_found": Expect(outcomes(404), path="/api/v1/no-such-operation"),
    "exchange:system_list": Expect(only(200, "system_admin")),
    "exchange:system_create": Expect(only(200, "system_admin")),
    "exchange:system_detail": Expect(only(200, "system_admin"), pk=lambda w: w.gz.pk),
    "exchange:system_edit": Expect(only(200, "system_admin"), pk=lambda w: w.gz.pk),
    "exchange:token_issue": Expect(POST_ONLY_LOGIN, pk=lambda w: w.gz.pk),
    "exchange:token_revoke": Expect(only(200, "system_admin"), pk=lambda w: w.gz.pk, token_pk=lambda w: w.gz_token.pk),
    "workcalendar:years": Expect(only(200, "system_admin")),
    "workcalendar:year": Expect(only(200, "system_admin"), year=2027),
    # -- announcements: 通知公告 and 常见问题 are public; A's county HR bureau (hr_reviewer) keeps its own --
    "announcements:list": Expect(PUBLIC, query="region=441600&q=通知"),
    "announcements:detail": Expect(PUBLIC, pk=lambda w: w.announcement.pk),
    "announcements:attachment": Expect(PUBLIC, pk=lambda w: w.announcement_attachment.pk),
    "announcements:faq": Expect(PUBLIC, query="region=441600"),
    "announcements:blank_forms": Expect(PUBLIC),
    # one bureau each: sent on to it
    "announcements:manage_index": Expect(only(REDIRECT, "hr_reviewer", "other_hr_reviewer")),
    "announcements:manage": Expect(only(200, "hr_reviewer"), org_id=lambda w: w.bureau.pk),
    "announcements:new": Expect(only(200, "hr_reviewer"), org_id=lambda w: w.bureau.pk),
    "announcements:edit": Expect(
        only(200, "hr_reviewer"), org_id=lambda w: w.bureau.pk, pk=lambda w: w.announcement.pk
    ),
    "announcements:withdraw": Expect(POST_ONLY_LOGIN, org_id=lambda w: w.bureau.pk, pk=lambda w: w.announcement.pk),
    "announcements:manage_attachment": Expect(
        only(200, "hr_reviewer"), org_id=lambda w: w.bureau.pk, pk=lambda w: w.announcement_attachment.pk
    ),
    "announcements:attachment_remove": Expect(
        POST_ONLY_LOGIN, org_id=lambda w: w.bureau.pk, pk=lambda w: w.announcement_attachment.pk
    ),
    "announcements:faq_new": Expect(only(200, "hr_reviewer"), org_id=lambda w: w.bureau.pk),
    "announcements:faq_edit": Expect(
        only(200, "hr_reviewer"), org_id=lambda w: w.bureau.pk, pk=lambda w: w.faq_entry.pk
    ),
    # -- paper materials: whoever sees the case (A and the organisations of its route); POSTs only by its current one
    # -- 评前公示 (issue 21): public list; objections by name; the unit's list and its objections ---------
    "pre_evaluation:notices": Expect(PUBLIC),
    "pre_evaluation:objection_new": Expect(LOGIN_ONLY, pk=lambda w: w.pre_notice.pk),
    "pre_evaluation:unit_notices": Expect(only(200, "unit_reviewer", "other_unit_reviewer")),
    "pre_evaluation:publish": Expect(POST_ONLY_LOGIN, case_id=lambda w: w.pre_notice_case.pk),
    "pre_evaluation:objection_resolve": Expect(only(200, "unit_reviewer"), pk=lambda w: w.pre_objection.pk),
    # 评审费 (issue 21): the building committee's office manages its plan's fees; the other office sees its list
    "fees:index": Expect(only(200, "committee_office", "other_committee_office")),
    "fees:plan": Expect(only(200, "committee_office"), plan_id=lambda w: w.fee_plan.pk),
    "fees:import": Expect(only(200, "committee_office"), plan_id=lambda w: w.fee_plan.pk),
    "fees:plan_export": Expect(only(200, "committee_office"), plan_id=lambda w: w.fee_plan.pk),
    "fees:notice": Expect(only(200, "committee_office"), pk=lambda w: w.fee_notice.pk),
    "paper_materials:case": Expect(
        only(200, "applicant_a", *A_EVALUATION_ROUTE), case_id=lambda w: w.evaluation_case.pk
    ),
    # -- stats: HR bureaus (their region), supervising units (their units), committee offices ------------
    "stats:index": Expect(
        only(
            REDIRECT,
            "hr_reviewer",
            "other_hr_reviewer",
            "supervisor_reviewer",
            "other_supervisor_reviewer",
            "committee_office",
            "other_committee_office",
        )
    ),
    "stats:report": Expect(only(200, "hr_reviewer"), org_id=lambda w: w.bureau.pk),
    "stats:export": Expect(only(200, "hr_reviewer"), org_id=lambda w: w.bureau.pk),
    "outbox:failed": Expect(only(200, "system_admin")),
    "outbox:resend": Expect(POST_ONLY_LOGIN, pk=1),
    # -- admin: representative pages (see EXCLUDED_NAMESPACES) ---------------------------------------------
    "admin:login": Expect(outcomes(200, system_admin=REDIRECT)),
    "admin:index": Expect(outcomes(LOGIN, system_admin=200)),
    "admin:accounts_user_changelist": Expect(outcomes(LOGIN, system_admin=200)),
    "admin:accounts_user_change": Expect(
        outcomes(LOGIN, system_admin=200), object_id=lambda w: w.users["applicant_a"].pk
    ),
    "admin:orgs_membership_changelist": Expect(outcomes(LOGIN, system_admin=200)),
    "admin:cases_case_changelist": Expect(outcomes(LOGIN, system_admin=200)),
    "admin:certificates_certificate_changelist": Expect(outcomes(LOGIN, system_admin=200)),
    # the audit log is the audit administrator's (on /audit/), not the system administrator's
    "admin:audit_auditevent_changelist": Expect(outcomes(LOGIN, system_admin=403)),
}
