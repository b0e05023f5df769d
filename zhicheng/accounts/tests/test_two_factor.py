"""TOTP second factor for staff and administrators; session lifetime around it."""

import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.world.cast import PASSWORD, person
from zhicheng.accounts import services
from zhicheng.audit.models import AuditEvent
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership

pytestmark = pytest.mark.django_db

ENROL = "/accounts/2fa/enrol/"
VERIFY = "/accounts/2fa/verify/"
ME = "/accounts/me/"
RESET = "/accounts/admin-duties/2fa-reset/"
required = override_settings(ZHICHENG_REQUIRE_2FA=True)


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or ``steps_ahead`` 30-second steps later)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def log_in(client, user, password=PASSWORD):
    response = client.post("/accounts/login/", {"username": user.phone, "password": password})
    assert response.status_code == 302, "password login failed"
    return response


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)


def audits(action, user):
    return AuditEvent.objects.filter(action=action, object_id=str(user.pk))


# -- enrolment ---------------------------------------------------------------------------------


@required
def test_staff_is_sent_to_enrolment_and_enrols_with_a_code(client, cast):
    reviewer = cast["unit_reviewer"]
    log_in(client, reviewer)
    for path in ("/", ME, "/accounts/password/change/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(ENROL + "?next=")
    assert client.get(ME).url == ENROL + "?next=%2Faccounts%2Fme%2F"
    # A POST anywhere else is sent there too (without acting on it).
    assert client.post("/accounts/me/2fa/disable/").url == ENROL

    page = client.get(ENROL + "?next=/accounts/me/")
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=reviewer)
    assert not device.confirmed
    assert "<svg" in html and not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
    groups = page.context["secret_groups"]
    assert "".join(groups) == services.totp_secret_base32(device) and len(groups) == 8
    assert all(g in html for g in groups)
    assert person("unit_reviewer").id_number not in html
    # Reloading shows the same secret (someone may have scanned it already).
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1
    assert audits("account.2fa_enrolment_started", reviewer).count() == 1

    wrong = "000000" if code_for(device) != "000000" else "111111"
    response = client.post(ENROL + "?next=/accounts/me/", {"code": wrong, "next": "/accounts/me/"})
    assert response.status_code == 200
    assert "验证码不正确" in response.context["form"].errors["code"][0]
    assert 'value="' + wrong + '"' in response.content.decode() and "is-invalid" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()  # django-otp's 1-second pause after a wrong code

    before = client.session.session_key
    response = client.post(ENROL, {"code": code_for(device), "next": "/accounts/me/"})
    assert response.status_code == 302 and response.url == "/accounts/me/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != before
    assert client.get(ME).status_code == 200
    assert client.get("/").status_code == 200
    event = audits("account.2fa_enrolled", reviewer).get()
    assert event.actor == reviewer
    assert audits("account.2fa_enrol_failed", reviewer).count() == 1


def test_qr_code_url_names_the_person_not_the_id_number(cast):
    reviewer = cast["unit_reviewer"]
    device = services.two_factor_enrolment_start(user=reviewer)
    url = services.totp_config_url(device)
    assert url.startswith("otpauth://totp/")
    assert f"secret={services.totp_secret_base32(device)}" in url
    assert "issuer=%E5%B9%BF%E4%B8%9C" in url  # 广东省职称系统
    assert reviewer.id_number_digest not in url and person("unit_reviewer").id_number not in url
    assert "digits=6" in url and "period=30" in url


@required
def test_enrolment_is_refused_once_a_device_exists(client, cast):
    """With only the password, nobody can move the second factor to another phone."""
    reviewer = cast["unit_reviewer"]
    device = enrolled(reviewer)
    log_in(client, reviewer)
    response = client.get(ENROL)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    response = client.post(ENROL, {"code": code_for(device)})
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=reviewer)) == [device]


# -- verification ------------------------------------------------------------------------------


@required
def test_enrolled_staff_must_give_a_code_after_login(client, cast):
    reviewer = cast["unit_reviewer"]
    device = enrolled(reviewer)
    log_in(client, reviewer)
    assert client.get(ME).url == VERIFY + "?next=%2Faccounts%2Fme%2F"
    assert client.get("/audit/").url.startswith(VERIFY)
    page = client.get(VERIFY + "?next=/accounts/me/")
    assert page.status_code == 200 and "两步验证" in page.content.decode()

    before = client.session.session_key
    code = code_for(device)
    response = client.post(VERIFY, {"code": code, "next": "/accounts/me/"})
    assert response.status_code == 302 and response.url == "/accounts/me/"
    assert client.session.session_key != before
    assert client.get(ME).status_code == 200
    assert audits("account.2fa_verified", reviewer).get().actor == reviewer

    # The same code cannot be used again in another session.
    other = Client()
    log_in(other, reviewer)
    response = other.post(VERIFY, {"code": code})
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert other.get(ME).status_code == 302


def test_unsafe_next_is_ignored(client, cast):
    reviewer = cast["unit_reviewer"]
    device = enrolled(reviewer)
    log_in(client, reviewer)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/"


@required
def test_applicants_are_not_forced(client, cast):
    applicant = cast["applicant_a"]
    log_in(client, applicant)
    assert client.get(ME).status_code == 200
    assert client.get("/").status_code == 200
    assert client.get(VERIFY).status_code == 302  # nothing to verify: on to the page
    assert not TOTPDevice.objects.filter(user=applicant).exists()


@required
def test_administrators_are_forced(client, cast):
    admin = cast["audit_admin"]
    assert not Membership.objects.filter(user=admin, is_active=True).exists()
    log_in(client, admin)
    assert client.get(ME).url.startswith(ENROL)


def test_setting_off_nothing_is_enforced_for_staff(client, cast):
    reviewer = cast["unit_reviewer"]
    log_in(client, reviewer)
    assert client.get(ME).status_code == 200
    assert client.get("/").status_code == 200
    # …but enrolment is offered on the account page, and works.
    html = client.get(ME).content.decode()
    assert ENROL in html and "未启用" in html
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=reviewer)
    assert client.post(ENROL, {"code": code_for(device)}).status_code == 302
    # Once enrolled, the next login asks for the code even with the setting off.
    other = Client()
    log_in(other, reviewer)
    assert other.get(ME).url.startswith(VERIFY)
    assert other.post(VERIFY, {"code": code_for(device, steps_ahead=1)}).status_code == 302
    assert other.get(ME).status_code == 200


def test_applicant_opts_in_and_out(client, cast):
    applicant = cast["applicant_a"]
    log_in(client, applicant)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=applicant)
    client.post(ENROL, {"code": code_for(device)})
    html = client.get(ME).content.decode()
    assert "已启用" in html and "关闭两步验证" in html

    other = Client()
    log_in(other, applicant)
    assert other.get(ME).url.startswith(VERIFY)
    # An unverified session cannot turn it off.
    assert other.post("/accounts/me/2fa/disable/").url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=applicant).exists()

    response = client.post("/accounts/me/2fa/disable/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=applicant).exists()
    assert audits("account.2fa_disabled", applicant).count() == 1
    third = Client()
    log_in(third, applicant)
    assert third.get(ME).status_code == 200


@required
def test_staff_cannot_turn_it_off_when_required(client, cast):
    reviewer = cast["unit_reviewer"]
    device = enrolled(reviewer)
    log_in(client, reviewer)
    client.post(VERIFY, {"code": code_for(device)})
    assert "关闭两步验证" not in client.get(ME).content.decode()
    client.post("/accounts/me/2fa/disable/")
    assert TOTPDevice.objects.filter(user=reviewer).exists()


@required
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)  # the per-login limit alone, without django-otp's pauses
def test_wrong_codes_are_limited_then_password_again(client, cast):
    reviewer = cast["unit_reviewer"]
    device = enrolled(reviewer)
    log_in(client, reviewer)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    for left in (4, 3, 2, 1):
        response = client.post(VERIFY, {"code": wrong})
        assert response.status_code == 200
        assert f"还可尝试{left}次" in response.context["form"].errors["code"][0]
    assert audits("account.2fa_failed", reviewer).count() == 4
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert client.get(ME).status_code == 302 and client.get(ME).url.startswith("/accounts/login/")
    event = audits("account.2fa_locked", reviewer).get()
    assert event.result == AuditEvent.Result.DENIED
    # The password again, then a right code works.
    log_in(client, reviewer)
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    assert client.get(ME).status_code == 200


@required
@override_settings(OTP_TOTP_THROTTLE_FACTOR=1000)  # a long pause, so the test does not race the clock
def test_django_otp_pauses_after_a_wrong_code(client, cast):
    reviewer = cast["unit_reviewer"]
    device = enrolled(reviewer)
    log_in(client, reviewer)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    client.post(VERIFY, {"code": wrong})
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 200
    assert "秒后再输入" in response.context["form"].errors["code"][0]
    assert client.get(ME).status_code == 302


def test_code_form_needs_six_digits(client, cast):
    reviewer = cast["unit_reviewer"]
    enrolled(reviewer)
    log_in(client, reviewer)
    response = client.post(VERIFY, {"code": "12a"})
    assert response.context["form"].errors["code"] == ["验证码为6位数字。"]
    assert not audits("account.2fa_failed", reviewer).exists()


@required
def test_htmx_requests_get_a_client_redirect(client, cast):
    reviewer = cast["unit_reviewer"]
    enrolled(reviewer)
    log_in(client, reviewer)
    response = client.get(ME, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == VERIFY


@required
def test_code_comes_before_the_forced_password_change(client, cast):
    reviewer = cast["unit_reviewer"]
    device = enrolled(reviewer)
    reviewer.must_change_password = True
    reviewer.save(update_fields=["must_change_password"])
    log_in(client, reviewer)
    assert client.get(ME).url == "/accounts/password/change/"
    assert client.get("/accounts/password/change/").url.startswith(VERIFY)
    response = client.post(VERIFY, {"code": code_for(device), "next": "/accounts/password/change/"})
    assert response.url == "/accounts/password/change/"
    assert client.get("/accounts/password/change/").status_code == 200
    assert client.get(ME).url == "/accounts/password/change/"


# -- reset by the security administrator -------------------------------------------------------


@required
def test_security_admin_resets_a_lost_authenticator(client, cast):
    security, reviewer = cast["security_admin"], cast["unit_reviewer"]
    enrolled(reviewer)
    admin_device = enrolled(security)
    log_in(client, security)
    client.post(VERIFY, {"code": code_for(admin_device)})
    page = client.get(RESET)
    assert page.status_code == 200
    html = page.content.decode()
    assert reviewer.real_name in html and reviewer.masked_id_number in html
    assert person("unit_reviewer").id_number not in html

    response = client.post(RESET, {"id_number": person("unit_reviewer").id_number, "reason": ""})
    assert "请填写" in response.context["form"].errors["reason"][0]
    assert TOTPDevice.objects.filter(user=reviewer).exists()

    response = client.post(RESET, {"id_number": person("unit_reviewer").id_number, "reason": "手机丢失，已电话核实"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    event = audits("account.2fa_reset", reviewer).get()
    assert event.actor == security and event.detail["reason"] == "手机丢失，已电话核实"
    assert person("unit_reviewer").id_number not in str(event.detail)

    # Nothing left to reset; and never their own.
    response = client.post(RESET, {"id_number": person("unit_reviewer").id_number, "reason": "再次"})
    assert "无需重置" in response.content.decode()
    response = client.post(RESET, {"id_number": person("security_admin").id_number, "reason": "自己"})
    assert "不能重置自己" in response.content.decode()
    assert TOTPDevice.objects.filter(user=security).exists()

    # The reviewer enrols again at the next login.
    other = Client()
    log_in(other, reviewer)
    assert other.get(ME).url.startswith(ENROL)


@pytest.mark.parametrize("key", ["system_admin", "audit_admin", "unit_admin", "unit_reviewer", "applicant_a"])
def test_only_the_security_admin_may_reset(client, cast, key):
    client.force_login(cast[key])
    assert client.get(RESET).status_code == 404
    assert client.post(RESET, {"id_number": person("unit_reviewer").id_number, "reason": "x"}).status_code == 404


def test_reset_needs_a_verified_session(client, cast):
    security, reviewer = cast["security_admin"], cast["unit_reviewer"]
    enrolled(reviewer)
    enrolled(security)
    log_in(client, security)
    response = client.post(RESET, {"id_number": person("unit_reviewer").id_number, "reason": "手机丢失"})
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=reviewer).exists()


def test_account_and_duty_pages_link_to_the_reset(client, cast):
    client.force_login(cast["security_admin"])
    assert RESET in client.get(ME).content.decode()
    assert RESET in client.get("/accounts/admin-duties/").content.decode()


def test_system_admin_cannot_manage_authenticators_in_django_admin(client, cast):
    enrolled(cast["unit_reviewer"])
    client.force_login(cast["system_admin"])
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_window_recovery_removes_an_applicants_authenticator(client, cast):
    staff, applicant = cast["window_staff"], cast["applicant_b"]
    enrolled(applicant)
    client.force_login(staff)
    org = Membership.objects.get(user=staff, role=Role.WINDOW_STAFF, is_active=True).organisation
    url = f"/accounts/window/{org.pk}/"
    client.post(url, {"action": "search", "search-id_number": person("applicant_b").id_number})
    response = client.post(url, {"action": "issue", "recovery-reason": "手机丢失", "recovery-id_card_checked": "on"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=applicant).exists()
    event = AuditEvent.objects.get(action="account.window_recovery", object_id=str(applicant.pk))
    assert event.detail["two_factor_removed"] == 1


# -- sessions ----------------------------------------------------------------------------------


def test_session_key_rotates_at_login(client, cast):
    client.get("/accounts/login/")
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    log_in(client, cast["applicant_a"])
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_window_recovery_ends_the_persons_sessions(client, cast):
    applicant, staff = cast["applicant_b"], cast["window_staff"]
    elsewhere = Client()
    log_in(elsewhere, applicant)
    assert elsewhere.get(ME).status_code == 200
    client.force_login(staff)
    org = Membership.objects.get(user=staff, role=Role.WINDOW_STAFF, is_active=True).organisation
    url = f"/accounts/window/{org.pk}/"
    client.post(url, {"action": "search", "search-id_number": person("applicant_b").id_number})
    client.post(url, {"action": "issue", "recovery-reason": "忘记密码", "recovery-id_card_checked": "on"})
    response = elsewhere.get(ME)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_disabled_account_is_anonymous_on_its_next_request(client, cast):
    reviewer = cast["unit_reviewer"]
    log_in(client, reviewer)
    assert client.get(ME).status_code == 200
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])
    response = client.get(ME)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    # And cannot log in again.
    response = client.post("/accounts/login/", {"username": reviewer.phone, "password": PASSWORD})
    assert response.status_code == 200


def test_password_change_ends_other_verified_sessions(client, cast):
    reviewer = cast["unit_reviewer"]
    device = enrolled(reviewer)
    elsewhere = Client()
    log_in(elsewhere, reviewer)
    elsewhere.post(VERIFY, {"code": code_for(device)})
    assert elsewhere.get(ME).status_code == 200
    log_in(client, reviewer)
    client.post(VERIFY, {"code": code_for(device, steps_ahead=1)})
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "password1": "Dragon#Boat2026", "password2": "Dragon#Boat2026"},
    )
    assert response.status_code == 302
    assert client.get(ME).status_code == 200  # this session stays, still verified
    assert elsewhere.get(ME).url.startswith("/accounts/login/")


def test_shared_settings_install_the_2fa_middleware_in_order():
    """Fails until config/settings/base.py lists the middleware (the lead applies it)."""
    from config.settings import base

    middleware = base.MIDDLEWARE
    order = [
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "zhicheng.accounts.middleware.OTPMiddleware",  # django-otp's, device from the kept identity
        "zhicheng.accounts.middleware.PasswordChangeRequiredMiddleware",
        "zhicheng.accounts.middleware.TwoFactorMiddleware",
    ]
    assert all(name in middleware for name in order), "add TwoFactorMiddleware to MIDDLEWARE"
    assert [middleware.index(n) for n in order] == sorted(middleware.index(n) for n in order)
    assert base.ZHICHENG_REQUIRE_2FA is False
