"""What a signed-in request costs (issue 23): the person's account, roles and authenticators are
read once and kept per user (zhicheng.accounts.identity); the services that change them make the
kept copy stale, so a role granted or ended is seen at the very next request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhicheng.accounts import services
from zhicheng.accounts.identity import identity_get
from zhicheng.orgs import memberships
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership

pytestmark = [pytest.mark.django_db, pytest.mark.urls("zhicheng.accounts.tests.urls_floor")]

FLOOR = "/bench/floor/"


def _is_staff_on_next_page(client) -> bool:
    response = client.get(FLOOR)
    assert response.status_code == 200
    return response.wsgi_request.user.is_org_staff


def test_signed_in_floor_costs_the_session_read_only(client, cast, django_assert_num_queries):
    """After the first request, a signed-in request to the minimal page runs exactly one query:
    the session row (Redis in production: none). No account row, no 2FA-device check, no roles."""
    client.force_login(cast["applicant_a"])
    client.get(FLOOR)  # first request: reads and keeps the identity
    with django_assert_num_queries(1) as ctx:
        response = client.get(FLOOR)
    assert response.status_code == 200
    assert "django_session" in ctx.captured_queries[0]["sql"]
    user = response.wsgi_request.user
    assert user.is_authenticated and user.pk == cast["applicant_a"].pk
    assert user.is_org_staff is False  # roles answered from the kept copy


def test_staff_navigation_needs_no_membership_query(client, cast, django_assert_num_queries):
    """A reviewer's page: the navigation's role checks and the 2FA check come from the kept copy."""
    client.force_login(cast["hr_reviewer"])
    client.get("/about/")
    with django_assert_num_queries(1):
        response = client.get("/about/")
    assert response.status_code == 200
    assert response.wsgi_request.user.is_org_staff


def test_secrets_are_not_kept_and_load_together_when_touched(client, cast, django_assert_num_queries):
    client.force_login(cast["applicant_a"])
    client.get(FLOOR)
    kept = identity_get(cast["applicant_a"].pk)
    assert not {"password", "id_number", "phone", "email"} & set(kept["row"])
    user = client.get(FLOOR).wsgi_request.user
    with django_assert_num_queries(1):  # all deferred secrets in one query
        assert user.id_number == cast["applicant_a"].id_number
        assert user.phone == cast["applicant_a"].phone
        assert user.email == cast["applicant_a"].email


def test_role_granted_and_ended_is_seen_at_the_next_request(client, cast):
    admin = cast["unit_admin"]
    unit = Membership.objects.get(user=admin, role=Role.ORG_ADMIN).organisation
    person = cast["applicant_c"]
    client.force_login(person)
    assert _is_staff_on_next_page(client) is False
    invitation = memberships.membership_grant(actor=admin, organisation=unit, user=person, role=Role.REVIEWER)
    assert _is_staff_on_next_page(client) is False  # invited, not yet accepted: not in force
    membership = memberships.membership_accept(user=person, membership=invitation)
    assert _is_staff_on_next_page(client) is True
    memberships.membership_revoke(actor=admin, membership=membership)
    assert _is_staff_on_next_page(client) is False


def test_role_past_its_end_date_is_out_of_force_at_midnight(client, cast, monkeypatch):
    """The kept copy holds the end date and judges it at every request (no service runs at midnight)."""
    reviewer = cast["hr_reviewer"]
    membership = Membership.objects.get(user=reviewer, role=Role.REVIEWER)
    today = timezone.localdate()
    membership.ends_on = today
    membership.save(update_fields=["ends_on"])
    client.force_login(reviewer)
    assert _is_staff_on_next_page(client) is True
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + dt.timedelta(days=1))
    assert _is_staff_on_next_page(client) is False


def test_expert_taken_out_of_the_pool_by_an_update_is_seen(client, cast):
    """``expert_deactivate`` ends the membership with ``QuerySet.update()`` (no signal): it makes the
    kept copy stale by hand."""
    from zhicheng.committees.models import ExpertProfile
    from zhicheng.committees.services import expert_deactivate

    expert = ExpertProfile.objects.filter(is_active=True).select_related("user", "committee").first()
    if expert is None:
        pytest.skip("the demo world has no expert")
    manager = (Membership.objects.filter(organisation_id=expert.committee.organisation_id, is_active=True)
               .exclude(role=Role.EXPERT).select_related("user").first())
    client.force_login(expert.user)
    assert client.get(FLOOR).wsgi_request.user.is_expert is True
    expert_deactivate(expert=expert, actor=manager.user)
    assert client.get(FLOOR).wsgi_request.user.is_expert is False


def test_disabled_account_is_signed_out_at_the_next_request(client, cast):
    person = cast["applicant_a"]
    client.force_login(person)
    assert client.get(FLOOR).wsgi_request.user.is_authenticated
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert not client.get(FLOOR).wsgi_request.user.is_authenticated


def test_password_change_elsewhere_ends_this_session(client, cast):
    person = cast["applicant_a"]
    client.force_login(person)
    assert client.get(FLOOR).wsgi_request.user.is_authenticated
    services.user_password_change(user=person, new_password="Lingnan#Autumn9")
    assert not client.get(FLOOR).wsgi_request.user.is_authenticated


def test_authenticator_added_and_removed_is_seen(client, cast, settings):
    """The 2FA check reads the kept devices: a confirmed device sends the unverified session to the
    code page at the next request; a verified session's device comes from the kept copy."""
    settings.MIDDLEWARE = [*settings.MIDDLEWARE]
    person = cast["applicant_a"]
    client.force_login(person)
    assert client.get(FLOOR).status_code == 200
    device = TOTPDevice.objects.create(user=person, name="手机", confirmed=True)
    assert client.get(FLOOR).status_code == 302  # to the code page
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    response = client.get(FLOOR)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_verified()
    assert response.wsgi_request.user.otp_device.pk == device.pk
    services.two_factor_disable(user=person)
    response = client.get(FLOOR)
    assert response.status_code == 200 and not response.wsgi_request.user.is_verified()
