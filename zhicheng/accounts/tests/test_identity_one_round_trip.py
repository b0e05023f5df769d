"""A signed-in request reads its session and the person in one cache round trip (issue 23;
zhicheng.accounts.sessions): the session store reads the hinted identity entry and its generation
with the session (one ``MGET`` in production), and a change to the person is still seen at the very
next request. The settings are production's: sessions in the identity cache (local memory here, Redis
in the last test)."""

from __future__ import annotations

import pickle
import re
import secrets
import socket

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import override_settings

from zhicheng.accounts.identity import HINT_COOKIE, identity_get, identity_hint
from zhicheng.accounts.tests.factories import TEST_PASSWORD
from zhicheng.orgs.models import Membership

pytestmark = [pytest.mark.django_db, pytest.mark.urls("zhicheng.accounts.tests.urls_floor")]

FLOOR = "/bench/floor/"
FOLDED = {"SESSION_ENGINE": "zhicheng.accounts.sessions", "SESSION_CACHE_ALIAS": "identity"}
OPERATIONS = ("get", "get_many", "set", "set_many", "add", "delete", "delete_many", "has_key", "touch", "incr")


@pytest.fixture(autouse=True)
def _folded():
    with override_settings(**FOLDED):
        caches["identity"].clear()
        yield
        caches["identity"].clear()


@pytest.fixture
def cache_calls(monkeypatch):
    """Every call to the identity cache (where the sessions also live), as (operation, keys)."""
    cache = caches["identity"]
    calls: list[tuple[str, object]] = []
    inside = []  # local memory's get_many calls its own get: count the outer call only
    for name in OPERATIONS:
        original = getattr(cache, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            if not inside:
                calls.append((_name, args[0] if args else None))
            inside.append(_name)
            try:
                return _original(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(cache, name, counted)
    return calls


def _signed_in(client, user):
    client.force_login(user)
    response = client.get(FLOOR)  # the first page: reads the person, sets the hint cookie
    assert response.cookies[HINT_COOKIE].value == identity_hint(user.pk)
    return response


def test_signed_in_minimal_request_is_one_cache_read_and_no_query(client, crew, cache_calls, django_assert_num_queries):
    """The exact cost of being signed in: one cache operation (session, entry and generation in one
    ``get_many``, an ``MGET`` on Redis) and no SQL query; the navigation's role checks and the 2FA
    check are answered from what it brought."""
    reviewer = crew.unit_reviewer
    _signed_in(client, reviewer)
    cache_calls.clear()
    with django_assert_num_queries(0):
        response = client.get(FLOOR)
    assert response.status_code == 200
    assert [name for name, _ in cache_calls] == ["get_many"]
    assert len(cache_calls[0][1]) == 3  # the session, the person's entry and its generation
    user = response.wsgi_request.user
    assert user.is_authenticated and user.pk == reviewer.pk and user.is_org_staff
    assert not user.is_verified()  # the 2FA check answered from the kept devices (none)
    assert HINT_COOKIE not in response.cookies  # the browser already holds the right hint


def test_signed_in_request_without_a_second_factor_to_give_reverses_no_address(client, crew, monkeypatch):
    """The 2FA middleware asks what the person must do (kept) before it looks at the path: for someone with no
    authenticator and no duty to enrol, no address is reversed (two ``reverse()`` calls were a fifth of the
    signed-in floor under the profiler, docs/benchmarks.md)."""
    from zhicheng.accounts import middleware

    applicant = crew.applicant
    _signed_in(client, applicant)
    calls = []
    original = middleware.two_factor_paths
    monkeypatch.setattr(middleware, "two_factor_paths", lambda: calls.append(1) or original())
    assert client.get(FLOOR).status_code == 200
    assert calls == []


def test_hint_shows_no_account_number_and_nothing_personal_is_kept_in_clear(client, crew):
    person = crew.applicant
    _signed_in(client, person)
    hint = client.cookies[HINT_COOKIE].value
    # An HMAC of the account id and nothing beside it (the id's digits may occur in a hex digest by chance:
    # "35" did, which failed the old `not in` check about one run in ten).
    assert re.fullmatch(r"[0-9a-f]{32}", hint), hint
    kept = pickle.dumps(identity_get(person.pk))
    for secret in (person.id_number, person.phone):
        assert secret and secret.encode() not in kept and secret not in kept.decode("latin1")


def test_membership_ended_and_account_disabled_take_effect_at_the_next_request(client, crew):
    reviewer = crew.unit_reviewer
    _signed_in(client, reviewer)
    assert client.get(FLOOR).wsgi_request.user.is_org_staff
    membership = Membership.objects.get(user=reviewer, is_active=True)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    assert client.get(FLOOR).wsgi_request.user.is_org_staff is False
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])
    response = client.get(FLOOR)
    assert not response.wsgi_request.user.is_authenticated
    assert response.cookies[HINT_COOKIE].value == ""  # the session ended: the hint goes with it


def test_password_changed_elsewhere_ends_the_session(client, crew):
    person = crew.applicant
    _signed_in(client, person)
    person.set_password("Lingnan#Winter7")
    person.save(update_fields=["password"])
    assert not client.get(FLOOR).wsgi_request.user.is_authenticated


def test_a_hint_is_never_trusted(client, crew, cache_calls):
    """Another person's hint (or garbage) brings their entry along, but the session decides who is
    signed in: the request reads its own person (a second round trip) and the hint is corrected."""
    person, other = crew.applicant, crew.unit_reviewer
    _signed_in(client, other)
    _signed_in(client, person)
    client.cookies[HINT_COOKIE] = identity_hint(other.pk)
    cache_calls.clear()
    response = client.get(FLOOR)
    user = response.wsgi_request.user
    assert user.pk == person.pk and not user.is_org_staff
    assert response.cookies[HINT_COOKIE].value == identity_hint(person.pk)
    assert [name for name, _ in cache_calls] == ["get_many", "get_many"]
    client.cookies[HINT_COOKIE] = "x' OR 1=1; identity:gen:*"
    user = client.get(FLOOR).wsgi_request.user
    assert user.pk == person.pk


def test_login_rotates_the_session_and_logout_drops_the_hint(client, crew):
    person = crew.applicant
    client.get("/accounts/login/")
    before = client.session.session_key
    response = client.post("/accounts/login/", {"username": person.id_number, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert response.cookies[HINT_COOKIE].value == identity_hint(person.pk)
    assert client.get(FLOOR).wsgi_request.user.pk == person.pk
    key = client.session.session_key
    response = client.post("/accounts/logout/")
    assert response.cookies[HINT_COOKIE].value == ""
    assert not Session.objects.filter(session_key=key).exists()
    assert not client.get(FLOOR).wsgi_request.user.is_authenticated


def test_session_lost_from_the_cache_is_read_from_the_database(client, crew):
    """Sessions are written through (cached_db): emptying the cache signs nobody out."""
    person = crew.applicant
    _signed_in(client, person)
    caches["identity"].clear()
    assert client.get(FLOOR).wsgi_request.user.pk == person.pk


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_on_redis_a_signed_in_request_is_one_command(client, crew, monkeypatch, django_assert_num_queries):
    """The same on Redis, counted as commands sent: one ``MGET`` per signed-in request."""
    import redis

    prefix = f"test-identity-{secrets.token_hex(6)}"
    location = "redis://127.0.0.1:6379/12"
    redis_caches = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"},
        "identity": {"BACKEND": "zhicheng.common.cache.RedisCache", "LOCATION": location, "KEY_PREFIX": prefix},
    }
    commands: list[str] = []
    original = redis.Redis.execute_command

    def counted(self, *args, **kwargs):
        commands.append(args[0])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)
    try:
        with override_settings(CACHES=redis_caches):
            _signed_in(client, crew.unit_reviewer)
            commands.clear()
            with django_assert_num_queries(0):
                response = client.get(FLOOR)
            assert response.wsgi_request.user.is_org_staff
            assert commands == ["MGET"]
    finally:
        server = redis.Redis.from_url(location)
        keys = list(server.scan_iter(f"{prefix}:*"))
        if keys:
            server.delete(*keys)
