"""Accounts keyed by (document type, number): registration, log-in, uniqueness, the API (issue 16 finding 5)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhicheng.accounts.models import User
from zhicheng.common.id_documents import IdDocumentType

pytestmark = pytest.mark.django_db

REGISTER = "/accounts/register/"
LOGIN = "/accounts/login/"
FPR_NUMBER = "944840198503150014"


@pytest.fixture
def foreigner(new_person):
    return dict(new_person, id_document_type=IdDocumentType.FOREIGN_PERMANENT, id_number=FPR_NUMBER,
                real_name="John Smith", phone="13812345679")


def test_foreign_permanent_resident_registers_and_logs_in(client, foreigner):
    response = client.post(REGISTER, foreigner)
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(real_name="John Smith")
    assert user.id_document_type == IdDocumentType.FOREIGN_PERMANENT and user.nationality == "USA"
    assert user.birth_date == dt.date(1985, 3, 15) and user.gender == "M"  # from the number
    assert user.masked_id_number == "944840********0014"
    assert client.post(LOGIN, {"username": FPR_NUMBER, "password": foreigner["password1"]}).status_code == 302


def test_one_account_per_type_and_number(client, foreigner):
    assert client.post(REGISTER, foreigner).status_code == 302
    again = dict(foreigner, phone="13812345670", id_number="９４４８４０１９８５０３１５００１４", real_name="Jane Doe")
    response = client.post(REGISTER, again)
    assert response.context["form"].id_number_registered
    assert "该证件号码已注册" in response.content.decode() and "John Smith" not in response.content.decode()


def test_permit_holders_enter_birth_date_and_sex(client, new_person):
    data = dict(new_person, id_document_type=IdDocumentType.HK_MACAO, id_number="H1234567801", real_name="陈大文")
    response = client.post(REGISTER, data)
    errors = response.context["form"].errors
    assert "出生日期" in errors["birth_date"][0] and "性别" in errors["gender"][0]
    data.update(birth_date="1980-02-29", gender="M")
    assert client.post(REGISTER, data).status_code == 302
    user = User.objects.get(real_name="陈大文")
    assert user.id_number == "H12345678" and user.birth_date == dt.date(1980, 2, 29)


def test_passport_needs_nationality_and_allows_latin_names(client, new_person):
    data = dict(new_person, id_document_type=IdDocumentType.PASSPORT, id_number="C01X00T47", real_name="Anna Müller",
                birth_date="1979-05-01", gender="F")
    response = client.post(REGISTER, data)
    assert "国籍" in response.context["form"].errors["nationality"][0]
    data["nationality"] = "DEU"
    assert client.post(REGISTER, data).status_code == 302
    assert User.objects.get(real_name="Anna Müller").nationality == "DEU"


def test_latin_name_is_refused_for_a_resident_id(client, new_person):
    response = client.post(REGISTER, dict(new_person, real_name="John Smith"))
    assert "居民身份证" in response.context["form"].errors["real_name"][0]


def test_api_document_type_defaults_to_resident_id_and_takes_others(client):
    from tests.world.exchange import API_TOKEN, exchange_system_load
    from zhicheng.certificates.models import Certificate
    from zhicheng.exchange.tests.conftest import Api, holder

    exchange_system_load()
    api = Api(client, API_TOKEN)
    body = api.post("/numbers/allocate", {"holders": [holder(0)]}).json()
    assert body["items"][0]["document_type"] == "resident_id"
    response = api.post("/numbers/allocate", {"holders": [
        holder(1, document_type="foreign_permanent_id", id_number=FPR_NUMBER, name="John Smith"),
    ]})
    assert response.status_code == 200, response.content
    assert response.json()["items"][0]["id_number_masked"] == "944840********0014"
    cert = Certificate.objects.get(holder_name="John Smith")
    assert cert.holder_id_type == "foreign_permanent_id" and cert.holder_nationality == "USA"
    # Search needs the type: the same digits as a 居民身份证 are another person.
    found = api.post("/certificates/search", {"document_type": "foreign_permanent_id", "id_number": FPR_NUMBER}).json()
    assert found["count"] == 1 and found["certificates"][0]["holder_document_type"] == "foreign_permanent_id"
    refused = api.post("/certificates/search", {"id_number": FPR_NUMBER})
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_id_number"
    passport = api.post("/numbers/allocate", {"holders": [holder(2, document_type="passport", id_number="C01X00T47")]})
    assert passport.status_code == 422 and passport.json()["code"] == "invalid_nationality"
