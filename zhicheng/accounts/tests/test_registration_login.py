"""Registration, one account per ID number, login by ID or phone, lockout, logout, idle sessions."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.world.cast import PASSWORD, person
from zhicheng.accounts.models import User
from zhicheng.audit.models import AuditEvent

from .conftest import make_id

pytestmark = pytest.mark.django_db

REGISTER = "/accounts/register/"
LOGIN = "/accounts/login/"


def test_register_creates_account_and_audits(client, new_person):
    response = client.post(REGISTER, new_person)
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    user = User.objects.get_by_id_number(new_person["id_number"])
    assert user.real_name == "欧阳明"
    assert user.phone == "13812345678"
    assert user.email == "ouyang@example.com"
    assert user.check_password(new_person["password1"])
    assert str(user.birth_date) == "1985-06-12"
    event = AuditEvent.objects.filter(action="account.register", object_id=str(user.pk)).get()
    assert new_person["id_number"] not in str(event.detail) + event.object_label


def test_register_accepts_lower_case_x(client, new_person):
    number = make_id("110105", "19491231", "002")
    assert number.endswith("X")
    new_person["id_number"] = number.lower()
    assert client.post(REGISTER, new_person).status_code == 302
    assert User.objects.get_by_id_number(number)


def test_register_errors_beside_fields_keep_typed_values(client, new_person):
    new_person["id_number"] = new_person["id_number"][:17] + ("1" if new_person["id_number"][17] != "1" else "2")
    new_person["phone"] = "12345"
    new_person["password2"] = "Different#Pass1"
    response = client.post(REGISTER, new_person)
    assert response.status_code == 200
    form = response.context["form"]
    assert "校验位" in form.errors["id_number"][0]
    assert "手机号码" in form.errors["phone"][0]
    assert "不一致" in form.errors["password2"][0]
    html = response.content.decode()
    assert 'value="欧阳明"' in html and 'value="12345"' in html
    assert "Lingnan#Spring8" not in html and "Different#Pass1" not in html  # never re-displayed
    assert "is-invalid" in html


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab#1", "太短"),
        ("password", ""),  # common (and too few classes)
        ("abcdefghij", "3类"),
    ],
)
def test_register_password_rules(client, new_person, password, message):
    new_person["password1"] = new_person["password2"] = password
    response = client.post(REGISTER, new_person)
    errors = response.context["form"].errors["password1"]
    assert errors
    assert message in " ".join(errors)


def test_register_password_may_not_contain_personal_data(client, new_person):
    for piece in (new_person["id_number"][-6:], new_person["phone"], "19850612"):
        new_person["password1"] = new_person["password2"] = f"Ab#{piece}x"
        response = client.post(REGISTER, new_person)
        assert "不能包含身份证号码" in " ".join(response.context["form"].errors["password1"]), piece
    assert not User.objects.filter(real_name="欧阳明").exists()


def test_duplicate_id_number_says_so_and_reveals_nothing(client, new_person, cast):
    existing = cast["applicant_a"]
    new_person["id_number"] = person("applicant_a").id_number
    response = client.post(REGISTER, new_person)
    assert response.status_code == 200
    html = response.content.decode()
    assert "该证件号码已注册" in html
    assert reverse("accounts:login") in html and reverse("accounts:recover") in html
    assert existing.real_name not in html
    assert existing.masked_phone not in html and existing.phone[-4:] not in html
    assert User.objects.filter(id_number_digest=existing.id_number_digest).count() == 1


def test_phone_used_by_another_account_is_refused(client, new_person):
    new_person["phone"] = person("applicant_b").phone
    response = client.post(REGISTER, new_person)
    assert "已被其他账号使用" in response.context["form"].errors["phone"][0]
    assert not User.objects.filter(real_name="欧阳明").exists()


@pytest.mark.parametrize("key", ["id_number", "phone"])
def test_login_by_id_number_or_phone_rotates_session_and_audits(client, cast, key):
    user = cast["applicant_a"]
    client.get(LOGIN)
    before = client.session.session_key
    identifier = getattr(person("applicant_a"), key)
    response = client.post(LOGIN, {"username": identifier, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session.session_key != before
    assert AuditEvent.objects.filter(action="account.login", actor=user).exists()


def test_login_by_lower_case_id(client, db):
    user = User.objects.create_user(make_id("110105", "19491231", "002"), "测试", "Lingnan#Spring8")
    response = client.post(LOGIN, {"username": user.id_number.lower(), "password": "Lingnan#Spring8"})
    assert response.status_code == 302


def test_login_failure_message_and_audit_without_full_identifier(client, cast):
    p = person("applicant_a")
    response = client.post(LOGIN, {"username": p.id_number, "password": "wrong-Password1"})
    assert response.status_code == 200
    assert "账号或密码不正确" in response.content.decode()
    assert f'value="{p.id_number}"' in response.content.decode()  # typed value kept
    event = AuditEvent.objects.filter(action="account.login_failed").latest("id")
    assert event.object_id == str(cast["applicant_a"].pk)
    assert p.id_number not in str(event.detail)
    assert event.detail["identifier"] == cast["applicant_a"].masked_id_number


def test_five_failures_lock_the_account_for_id_and_phone_alike(client, cast):
    p = person("applicant_b")
    # Mix identifiers: they count against the same account.
    for i in range(settings.LOCKOUT_FAILURES - 1):
        identifier = p.id_number if i % 2 else p.phone
        response = client.post(LOGIN, {"username": identifier, "password": f"Wrong#{i}pass"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"username": p.phone, "password": "Wrong#last1"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "暂停登录" in html and "15 分钟" in html
    # Even the right password is refused now, typed either way.
    for identifier in (p.id_number, p.phone):
        response = client.post(LOGIN, {"username": identifier, "password": PASSWORD})
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="account.locked_out", object_id=str(cast["applicant_b"].pk)).exists()
    # Another account is not affected.
    response = client.post(LOGIN, {"username": person("applicant_c").phone, "password": PASSWORD})
    assert response.status_code == 302


def test_lockout_ends_after_cool_off(client, cast, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    p = person("applicant_b")
    for i in range(settings.LOCKOUT_FAILURES):
        client.post(LOGIN, {"username": p.phone, "password": f"Wrong#{i}pass"})
    assert client.post(LOGIN, {"username": p.phone, "password": PASSWORD}).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=settings.LOCKOUT_MINUTES))
    assert client.post(LOGIN, {"username": p.phone, "password": PASSWORD}).status_code == 302


def test_axes_tables_hold_no_id_or_phone(client, cast):
    from django.db import connection

    p = person("applicant_a")
    client.post(LOGIN, {"username": p.id_number, "password": "Wrong#pass1"})
    client.post(LOGIN, {"username": p.phone, "password": "Wrong#pass1"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT username, get_data, post_data FROM axes_accessattempt")
        rows = cursor.fetchall()
    assert rows
    dump = repr(rows)
    assert p.id_number not in dump and p.phone not in dump


def test_logout_is_post_only_and_ends_server_session(client, cast):
    client.force_login(cast["applicant_a"])
    key = client.session.session_key
    assert client.get("/accounts/logout/").status_code == 405
    assert Session.objects.filter(session_key=key).exists()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/accounts/me/").status_code == 302


def test_idle_session_expiry_is_pushed_forward_by_requests(client, cast):
    from django.utils import timezone

    client.force_login(cast["applicant_a"])
    session = Session.objects.get(session_key=client.session.session_key)
    # Pretend the last activity was long ago: the next request pushes the expiry forward again.
    store = client.session
    store["_touched"] = 0
    store.save()
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=2))
    response = client.get("/accounts/me/")
    assert response.status_code == 200
    session.refresh_from_db()
    remaining = (session.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 60 < remaining <= settings.SESSION_COOKIE_AGE
    # Within the touch interval a page view writes nothing (no session save per request).
    before = session.expire_date
    client.get("/accounts/me/")
    session.refresh_from_db()
    assert session.expire_date == before
    # An idle session past its age is gone: expire it and the next request is anonymous.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now())
    response = client.get("/accounts/me/")
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_first_page_after_login_does_not_write_the_session_again(client, cast):
    # The login's own session save records the idle-expiry touch (IdleSessionMiddleware).
    response = client.post(LOGIN, {"username": cast["applicant_a"].phone, "password": PASSWORD})
    assert response.status_code == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    before = Session.objects.get(session_key=key).expire_date
    assert client.get("/accounts/me/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date == before


def test_password_change_ends_other_sessions(client, cast):
    from django.test import Client

    user = cast["applicant_a"]
    other = Client()
    other.post(LOGIN, {"username": user.phone, "password": PASSWORD})
    assert other.get("/accounts/me/").status_code == 200
    client.post(LOGIN, {"username": user.phone, "password": PASSWORD})
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "password1": "Brand#New2027", "password2": "Brand#New2027"},
    )
    assert response.status_code == 302
    assert client.get("/accounts/me/").status_code == 200  # this session stays
    assert other.get("/accounts/me/").status_code == 302  # the other one ended
    user.refresh_from_db()
    assert user.check_password("Brand#New2027")
    assert AuditEvent.objects.filter(action="account.password_change", actor=user).exists()


def test_password_change_wrong_old_password(client, cast):
    client.force_login(cast["applicant_a"])
    response = client.post(
        "/accounts/password/change/",
        {"old_password": "nope", "password1": "Brand#New2027", "password2": "Brand#New2027"},
    )
    assert "当前密码不正确" in response.context["form"].errors["old_password"][0]


def test_account_page_shows_masked_details(client, cast):
    user = cast["applicant_a"]
    client.force_login(user)
    html = client.get("/accounts/me/").content.decode()
    assert user.masked_id_number in html and user.masked_phone in html
    assert user.id_number not in html and user.phone not in html
