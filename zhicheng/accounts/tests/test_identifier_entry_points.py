"""Every entry point takes identifiers in their one normal form (issue 16 finding 1): registration,
login, recovery, the service window, staff forms, certificate verification, the API, the stored-data
command and migration."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.world.cast import PASSWORD, person
from zhicheng.accounts.identifiers import identifier_collisions, stored_identifiers_normalise
from zhicheng.accounts.models import User
from zhicheng.accounts.services import user_register
from zhicheng.audit.models import AuditEvent
from zhicheng.common import crypto
from zhicheng.common.tests.test_identifiers import full_width, id_numbers, typed_variant

from .conftest import make_id

pytestmark = pytest.mark.django_db

REGISTER = "/accounts/register/"
LOGIN = "/accounts/login/"
REPORTED_ID = "11010519491231002X"
REPORTED_TYPED = "11０１０５１９４９１２３１００２X"


def test_full_width_id_of_an_existing_account_is_told_registered(client, new_person):
    User.objects.create_user(REPORTED_ID, "张三", "Lingnan#Spring8", phone="13500000102")
    new_person["id_number"] = REPORTED_TYPED
    response = client.post(REGISTER, new_person)
    assert response.status_code == 200
    assert response.context["form"].id_number_registered
    assert "该证件号码已注册" in response.content.decode()
    assert User.objects.count() == 1 + User.objects.exclude(real_name__in=["张三", "欧阳明"]).count()
    assert not User.objects.filter(real_name="欧阳明").exists()


def test_full_width_phone_of_an_existing_account_is_taken(client, new_person):
    User.objects.create_user(REPORTED_ID, "张三", "Lingnan#Spring8", phone="13500000101")
    new_person["phone"] = "13５０００００１０1"
    response = client.post(REGISTER, new_person)
    assert "已被其他账号使用" in response.context["form"].errors["phone"][0]


def test_full_width_registration_stores_the_normal_form(client, new_person):
    number = new_person["id_number"]
    new_person["id_number"] = full_width(number.lower())
    new_person["phone"] = full_width("138 1234 5678")
    assert client.post(REGISTER, new_person).status_code == 302
    user = User.objects.get(real_name="欧阳明")
    assert user.id_number == number and user.phone == "13812345678"
    assert User.objects.get_by_id_number(number) == user


@pytest.mark.parametrize("key", ["id_number", "phone"])
def test_login_with_full_width_identifier(client, cast, key):
    typed = full_width(getattr(person("applicant_a"), key))
    response = client.post(LOGIN, {"username": typed, "password": PASSWORD})
    assert response.status_code == 302


def test_window_search_with_full_width_id(client, cast):
    from .test_window_and_staff import search, window_url

    staff = cast["window_staff"]
    client.force_login(staff)
    html = search(client, window_url(staff), full_width(person("applicant_b").id_number)).content.decode()
    assert cast["applicant_b"].masked_id_number in html


def test_recovery_code_typed_full_width_is_accepted(cast):
    from zhicheng.accounts.services import recovery_code_send, recovery_code_verify

    user = cast["applicant_a"]
    result = recovery_code_send(
        user=user, identifier_key="k", identifier_masked="", channel="sms", client_address="1.2.3.4"
    )
    # The code is only kept hashed: find it by trying (the hash is keyed per user).
    from zhicheng.accounts.services.recovery import _code_hash

    code = next(f"{n:06d}" for n in range(10**6) if _code_hash(user.pk, f"{n:06d}") == result.challenge.code_hash)
    challenge = recovery_code_verify(challenge_id=result.challenge.pk, code=full_width(code[:3] + " " + code[3:]))
    assert challenge.verified_at


def test_full_width_certificate_number_is_found_on_verification(client, cast):
    from zhicheng.certificates.tests.conftest import issue

    cert = issue(cast["applicant_c"])
    html = client.post(
        "/certificates/verify/", {"number": full_width(cert.number), "holder_name": "王建国"}
    ).content.decode()
    assert 'id="verify-status"' in html


# -- API ---------------------------------------------------------------------------------------


def test_api_holder_typed_full_width_is_stored_normalised_and_found(client):
    from tests.world.exchange import API_TOKEN, exchange_system_load
    from zhicheng.exchange.tests.conftest import Api, holder

    exchange_system_load()
    api = Api(client, API_TOKEN)
    typed = holder(0, id_number=REPORTED_TYPED, name="张三")
    plain = holder(1, id_number=REPORTED_ID, name="张三")
    assert api.post("/numbers/allocate", {"holders": [typed]}).status_code == 200
    assert api.post("/numbers/allocate", {"holders": [plain]}).status_code == 200
    # Search by any form of the number finds both (before: only the one stored in that form).
    body = api.post("/certificates/search", {"id_number": full_width(REPORTED_ID.lower())}).json()
    assert body["count"] == 2
    from zhicheng.certificates.models import Certificate

    assert {c.holder_id_number for c in Certificate.objects.filter(holder_name="张三")} == {REPORTED_ID}


# -- registration collides for every variant (hypothesis) ---------------------------------------


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_any_variant_of_a_registered_id_collides_on_registration(data):
    number = data.draw(id_numbers())
    typed = data.draw(typed_variant(number))
    phone = "139" + data.draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    with transaction.atomic():
        User.objects.create_user(number, "张三", phone=phone)
        with pytest.raises(ValidationError) as exc:
            user_register(id_number=typed, real_name="张三", phone="13700009999", password="Lingnan#Spring8")
        assert exc.value.error_dict["id_number"][0].code == "id_registered"
        with pytest.raises(ValidationError) as exc:
            user_register(
                id_number=make_id("440113", "19850612", "457"), real_name="李四",
                phone=data.draw(typed_variant(phone)), password="Lingnan#Spring8",
            )
        assert exc.value.error_dict["phone"][0].code == "phone_taken"
        transaction.set_rollback(True)


# -- stored data ---------------------------------------------------------------------------------


def _raw_user(number: str, phone: str, name: str) -> User:
    """An account as the old code stored it: the typed text, hashed as typed."""
    user = User(real_name=name, id_number=number, phone=phone)
    user.id_number_digest = crypto.lookup_hash("id:" + number)
    user.phone_digest = crypto.lookup_hash("phone:" + phone)
    user.set_unusable_password()
    user.save()
    return user


def test_collisions_are_reported_and_the_rest_normalised(db, capsys):
    first = _raw_user(REPORTED_ID, "13500000101", "张三")
    second = _raw_user(REPORTED_TYPED, "13５０００００１０1", "张三")
    alone = _raw_user(full_width("440113198506124574"), full_width("13812345678"), "欧阳明")
    found = identifier_collisions()
    kinds = {c.kind: c for c in found}
    assert {"id_number", "phone"} <= set(kinds)
    assert {pk for pk, _ in kinds["id_number"].accounts} == {first.pk, second.pk}
    assert "11010519491231002X" not in kinds["id_number"].describe()  # masked

    report = stored_identifiers_normalise()
    assert report.accounts == 1 and len(report.left) == 2
    alone.refresh_from_db()
    assert alone.id_number == "440113198506124574" and alone.phone == "13812345678"
    assert User.objects.get_by_id_number("440113198506124574") == alone
    event = AuditEvent.objects.get(action="identifier.normalised", object_id=str(alone.pk))
    assert crypto.decrypt(event.detail["original_encrypted"]["id_number"]) == full_width("440113198506124574")
    second.refresh_from_db()
    assert second.id_number == REPORTED_TYPED  # left for the window

    call_command("identifier_collisions")
    out = capsys.readouterr().out
    assert f"账号#{first.pk}" in out and f"账号#{second.pk}" in out and "规范化后重复" in out
