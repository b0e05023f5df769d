"""Changing the phone number or e-mail address (issue 16, finding 4): by the person with the
password and a code sent to the NEW number, and at the service window after the ID card is seen.
The old number stops receiving codes at once; a number belongs to one account."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.world.cast import PASSWORD, person
from zhicheng.accounts import services
from zhicheng.accounts.models import ContactChangeChallenge, RecoveryChallenge, User
from zhicheng.audit.models import AuditEvent
from zhicheng.common.masking import mask_phone
from zhicheng.common.models import OutboxMessage

from .test_window_and_staff import search, window_org, window_url

pytestmark = pytest.mark.django_db

NEW_PHONE = "13912340077"


def last_code() -> str:
    body = OutboxMessage.objects.filter(body__contains="验证码").latest("id").body
    return re.search(r"验证码：(\d{6})", body).group(1)


def start(client, new_value=NEW_PHONE, kind="phone", password=PASSWORD):
    return client.post("/accounts/me/contact/", {"kind": kind, "new_value": new_value, "password": password})


def test_person_changes_phone_with_code_sent_to_the_new_number(client, cast):
    user = cast["applicant_a"]
    old_phone = person("applicant_a").phone
    client.force_login(user)
    assert "更换手机号码" in client.get("/accounts/me/").content.decode()
    # a recovery code sent to the old number before the change
    pending = services.recovery_code_send(user=user, identifier_key="k", identifier_masked="", channel="sms",
                                          client_address="10.0.0.1").challenge
    response = start(client, new_value="139 1234 0077")  # typed with spaces
    assert response.status_code == 302 and response.url == "/accounts/me/contact/confirm/"
    sent = OutboxMessage.objects.latest("id")
    assert sent.recipient_masked == "139****0077" and "验证码" in sent.body
    assert NEW_PHONE not in response.url
    response = client.post("/accounts/me/contact/confirm/", {"code": last_code()})
    assert response.status_code == 302 and response.url == "/accounts/me/"
    user.refresh_from_db()
    assert user.phone == NEW_PHONE
    assert User.objects.get_by_natural_key(user.id_number_digest).phone == NEW_PHONE
    # the old number gets a notice, and the recovery code it holds no longer works
    notices = OutboxMessage.objects.filter(recipient_masked=mask_phone(old_phone))
    assert any("已于" in m.body and "不再接收" in m.body for m in notices)
    pending.refresh_from_db()
    assert pending.used_at is not None
    event = AuditEvent.objects.get(action="account.phone_change", object_id=str(user.pk))
    assert event.detail["method"] == "self" and event.detail["after"] == "139****0077"
    assert NEW_PHONE not in str(event.detail) and old_phone not in str(event.detail)
    # recovery codes now go to the new number; the old one no longer identifies the account
    services.recovery_code_send(user=user, identifier_key="k2", identifier_masked="", channel="sms",
                                client_address="10.0.0.1")
    assert OutboxMessage.objects.latest("id").recipient_masked == "139****0077"
    from zhicheng.accounts.selectors import user_find_by_identifier

    assert user_find_by_identifier(identifier=old_phone) is None
    assert user_find_by_identifier(identifier=NEW_PHONE) == user


def test_wrong_password_taken_number_and_same_number_are_told_beside_the_field(client, cast):
    user = cast["applicant_a"]
    client.force_login(user)
    response = start(client, password="not-my-password")
    assert response.status_code == 200
    assert "当前密码不正确" in str(response.context["form"].errors["password"])
    assert not ContactChangeChallenge.objects.filter(user=user).exists()
    taken = person("applicant_b").phone
    response = start(client, new_value=taken)
    errors = str(response.context["form"].errors["new_value"])
    assert "已被其他账号使用" in errors and "李雪梅" not in response.content.decode()
    response = start(client, new_value=person("applicant_a").phone)
    assert "相同" in str(response.context["form"].errors["new_value"])
    response = start(client, new_value="1234")
    assert "11位" in str(response.context["form"].errors["new_value"])
    assert response.context["form"].data["new_value"] == "1234"  # what was typed is kept
    assert not ContactChangeChallenge.objects.filter(user=user).exists()


def test_number_taken_between_code_and_confirmation_is_refused(client, cast):
    user, other = cast["applicant_a"], cast["applicant_c"]
    client.force_login(user)
    start(client)
    other.set_phone(NEW_PHONE)
    other.save()
    response = client.post("/accounts/me/contact/confirm/", {"code": last_code()})
    assert response.status_code == 200 and "已被其他账号使用" in response.content.decode()
    user.refresh_from_db()
    assert user.phone == person("applicant_a").phone


def test_wrong_expired_and_reused_codes(client, cast):
    user = cast["applicant_a"]
    client.force_login(user)
    start(client)
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    response = client.post("/accounts/me/contact/confirm/", {"code": wrong})
    assert "还可尝试4次" in response.content.decode()
    ContactChangeChallenge.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post("/accounts/me/contact/confirm/", {"code": code})
    assert "已失效" in response.content.decode()
    user.refresh_from_db()
    assert user.phone == person("applicant_a").phone
    # a new code replaces the old one
    start(client)
    first = last_code()
    start(client)
    second = last_code()
    challenge = ContactChangeChallenge.objects.filter(user=user).order_by("id")
    assert challenge.filter(used_at__isnull=True).count() == 1
    if first != second:
        with pytest.raises(ValidationError):
            services.contact_change_confirm(user=user, challenge_id=challenge.first().pk, code=first)


def test_code_sending_is_rate_limited(client, cast, settings):
    settings.CONTACT_CHANGE_CODES_PER_ACCOUNT_PER_HOUR = 2
    client.force_login(cast["applicant_a"])
    assert start(client).status_code == 302
    assert start(client).status_code == 302
    response = start(client)
    assert response.status_code == 200 and "过于频繁" in response.content.decode()
    assert ContactChangeChallenge.objects.filter(user=cast["applicant_a"]).count() == 2


def test_person_changes_email(client, cast):
    user = cast["applicant_a"]
    client.force_login(user)
    old = user.email
    response = start(client, kind="email", new_value="Zhang.XM@Example.COM")
    assert response.status_code == 302
    mail = OutboxMessage.objects.latest("id")
    assert mail.channel == "email" and mail.recipient_masked == "Z***@example.com"
    client.post("/accounts/me/contact/confirm/", {"code": last_code()})
    user.refresh_from_db()
    assert user.email == "Zhang.XM@example.com"
    assert AuditEvent.objects.filter(action="account.email_change", object_id=str(user.pk)).exists()
    if old:
        assert OutboxMessage.objects.filter(channel="email", body__contains="不再接收").exists()
    response = start(client, kind="email", new_value="not-an-address")
    assert "有效的电子邮箱" in str(response.context["form"].errors["new_value"])


def test_confirm_page_without_a_change_under_way_goes_back(client, cast):
    client.force_login(cast["applicant_a"])
    response = client.get("/accounts/me/contact/confirm/")
    assert response.status_code == 302 and response.url == "/accounts/me/contact/"


# -- service window ----------------------------------------------------------------------------


def window_phone(client, url, new_phone=NEW_PHONE, reason="本人手机号码已停用", checked=True):
    data = {"action": "phone", "phone-new_phone": new_phone, "phone-reason": reason}
    if checked:
        data["phone-id_card_checked"] = "on"
    return client.post(url, data)


def test_window_replaces_a_dead_phone(client, cast):
    staff, applicant = cast["window_staff"], cast["applicant_b"]
    p = person("applicant_b")
    pending = services.recovery_code_send(user=applicant, identifier_key="k", identifier_masked="", channel="sms",
                                          client_address="10.0.0.2").challenge
    client.force_login(staff)
    url = window_url(staff)
    html = search(client, url, p.id_number).content.decode()
    assert "更换手机号码" in html
    response = window_phone(client, url)
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.phone == NEW_PHONE
    pending.refresh_from_db()
    assert pending.used_at is not None
    assert RecoveryChallenge.objects.filter(user=applicant, used_at__isnull=True).count() == 0
    event = AuditEvent.objects.get(action="account.phone_change", object_id=str(applicant.pk))
    assert event.actor == staff and event.organisation == window_org(staff)
    assert event.detail["method"] == "window" and event.detail["id_card_checked"] is True
    assert event.detail["reason"] == "本人手机号码已停用" and NEW_PHONE not in str(event.detail)
    # the person logs in with the new number; the old one no longer works
    person_client = type(client)()
    assert person_client.post("/accounts/login/", {"username": p.phone, "password": PASSWORD}).status_code == 200
    assert person_client.post("/accounts/login/", {"username": NEW_PHONE, "password": PASSWORD}).status_code == 302


def test_window_needs_search_card_check_reason_and_a_free_number(client, cast):
    staff, applicant = cast["window_staff"], cast["applicant_b"]
    client.force_login(staff)
    url = window_url(staff)
    response = window_phone(client, url)  # no search first
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.phone == person("applicant_b").phone
    search(client, url, person("applicant_b").id_number)
    response = window_phone(client, url, checked=False, reason="")
    form = response.context["phone_form"]
    assert "核验申请人的证件原件" in str(form.errors["id_card_checked"]) and "事由" in str(form.errors["reason"])
    response = window_phone(client, url, new_phone=person("applicant_a").phone)
    html = response.content.decode()
    assert "已被其他账号使用" in str(response.context["phone_form"].errors["new_phone"])
    assert "张晓明" not in html
    applicant.refresh_from_db()
    assert applicant.phone == person("applicant_b").phone


def test_window_cannot_change_a_staff_account(client, cast):
    staff = cast["window_staff"]
    client.force_login(staff)
    url = window_url(staff)
    search(client, url, person("unit_reviewer").id_number)
    with pytest.raises(ValidationError) as exc:
        services.window_phone_change(staff=staff, organisation=window_org(staff), user=cast["unit_reviewer"],
                                     new_phone=NEW_PHONE, reason="x", id_card_checked=True)
    assert exc.value.code == "protected"
    response = window_phone(client, url)
    assert response.status_code == 200 and "不能在服务窗口" in response.content.decode()
    cast["unit_reviewer"].refresh_from_db()
    assert cast["unit_reviewer"].phone != NEW_PHONE
