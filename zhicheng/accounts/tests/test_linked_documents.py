"""Every identity document at every staff entry, a second document linked at the window, log-in by
document type, and the window's e-mail change (issue 16: the rest of finding 5 and finding 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from tests.world.cast import person
from zhicheng.accounts import services
from zhicheng.accounts.models import LinkedDocument, User
from zhicheng.audit.models import AuditEvent
from zhicheng.common.id_documents import IdDocumentType
from zhicheng.common.models import OutboxMessage

from .conftest import make_id
from .test_window_and_staff import window_org, window_url

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
REGISTER = "/accounts/register/"
PERMIT = "H12345678"
RESIDENCE_PERMIT = make_id("810000", "19800229", "457")  # 港澳居民居住证: the 居民身份证 format
PASSPORT = "C01X00T47"
PASSWORD = "Lingnan#Spring8"


@pytest.fixture
def hk_resident(db):
    """陈大文 registered with his 港澳居民来往内地通行证."""
    return services.user_register(
        id_number="h 1234 5678 01", id_document_type=IdDocumentType.HK_MACAO, real_name="陈大文",
        phone="13812340001", password=PASSWORD, birth_date=dt.date(1980, 2, 29), gender="M",
    )


@pytest.fixture
def passport_holder(db):
    return services.user_register(
        id_number=PASSPORT, id_document_type=IdDocumentType.PASSPORT, nationality="DEU", real_name="Anna Müller",
        phone="13812340002", password=PASSWORD, birth_date=dt.date(1979, 5, 1), gender="F",
    )


def search(client, url, number, document_type="", nationality=""):
    return client.post(url, {"action": "search", "search-id_document_type": document_type,
                             "search-id_number": number, "search-nationality": nationality})


def link(client, url, number, document_type=IdDocumentType.RESIDENT, checked=True, reason="本人已领取港澳居民居住证"):
    data = {"action": "link", "link-document_type": document_type, "link-number": number, "link-reason": reason}
    if checked:
        data["link-id_card_checked"] = "on"
    return client.post(url, data)


# -- linking a second document at the window ---------------------------------------------------


def test_window_links_a_residence_permit_then_either_document_logs_in(client, cast, hk_resident):
    staff = cast["window_staff"]
    client.force_login(staff)
    url = window_url(staff)
    # Found by the document he shows (any type); the number is normalised as typed.
    response = search(client, url, "ｈ１２３４５６７８", IdDocumentType.HK_MACAO)
    assert response.context["target"] == hk_resident
    assert "H1*****78" in response.content.decode() and PERMIT not in response.content.decode()

    response = link(client, url, RESIDENCE_PERMIT, checked=False, reason="")
    errors = response.context["link_form"].errors
    assert "证件原件" in errors["id_card_checked"][0] and "事由" in errors["reason"][0]
    assert not LinkedDocument.objects.exists()

    response = link(client, url, RESIDENCE_PERMIT.lower())
    assert response.status_code == 302
    linked = LinkedDocument.objects.get(user=hk_resident)
    assert linked.document_type == IdDocumentType.RESIDENT and linked.number == RESIDENCE_PERMIT
    assert linked.staff == staff and linked.organisation == window_org(staff) and linked.card_checked
    event = AuditEvent.objects.get(action="account.document_linked", object_id=str(hk_resident.pk))
    assert event.actor == staff and event.detail["number"] == "810000********" + RESIDENCE_PERMIT[-4:]
    assert RESIDENCE_PERMIT not in str(event.detail) and event.detail["reason"] == "本人已领取港澳居民居住证"

    # Either document logs in; the window finds him by either.
    for number in (PERMIT, RESIDENCE_PERMIT):
        person_client = type(client)()
        assert person_client.post(LOGIN, {"username": number, "password": PASSWORD}).status_code == 302
    assert search(client, url, RESIDENCE_PERMIT).context["target"] == hk_resident
    # His account page lists both, masked.
    person_client = type(client)()
    person_client.force_login(hk_resident)
    page = person_client.get("/accounts/me/").content.decode()
    assert "810000********" + RESIDENCE_PERMIT[-4:] in page and RESIDENCE_PERMIT not in page
    # The linked number cannot be registered as a new account.
    response = type(client)().post(REGISTER, {
        "id_document_type": IdDocumentType.RESIDENT, "id_number": RESIDENCE_PERMIT, "real_name": "陈大文",
        "phone": "13812340009", "password1": PASSWORD, "password2": PASSWORD,
    })
    assert response.context["form"].id_number_registered
    with pytest.raises(ValidationError) as exc:
        services.user_register(id_number=RESIDENCE_PERMIT, real_name="陈大文", phone="13812340009", password=PASSWORD)
    assert exc.value.error_dict["id_number"][0].code == "id_registered"


def test_a_document_of_another_account_or_its_own_is_not_linked(client, cast, hk_resident):
    staff = cast["window_staff"]
    client.force_login(staff)
    url = window_url(staff)
    search(client, url, PERMIT, IdDocumentType.HK_MACAO)
    response = link(client, url, person("applicant_b").id_number)  # someone else's account
    message = response.context["link_form"].errors["number"][0]
    assert "已注册或已关联其他账号" in message and cast["applicant_b"].real_name not in response.content.decode()
    response = link(client, url, PERMIT, document_type=IdDocumentType.HK_MACAO)
    assert "已是此申请人的证件" in response.context["link_form"].errors["number"][0]
    response = link(client, url, "123")  # the document's own rules
    assert "18位" in response.context["link_form"].errors["number"][0]
    assert not LinkedDocument.objects.exists()
    # Linked once, the number cannot go to a second account either.
    services.window_document_link(
        staff=staff, organisation=window_org(staff), user=hk_resident, document_type=IdDocumentType.RESIDENT,
        number=RESIDENCE_PERMIT, reason="本人已领取居住证", id_card_checked=True,
    )
    with pytest.raises(ValidationError) as exc:
        services.window_document_link(
            staff=staff,
            organisation=window_org(staff),
            user=cast["applicant_c"],
            document_type=IdDocumentType.RESIDENT,
            number=RESIDENCE_PERMIT,
            reason="误操作",
            id_card_checked=True,
        )
    assert exc.value.error_dict["number"][0].code == "taken"


def test_staff_accounts_get_no_link_at_the_window(cast):
    staff = cast["window_staff"]
    with pytest.raises(ValidationError) as exc:
        services.window_document_link(
            staff=staff,
            organisation=window_org(staff),
            user=cast["unit_reviewer"],
            document_type=IdDocumentType.TAIWAN,
            number="12345678",
            reason="测试",
            id_card_checked=True,
        )
    assert exc.value.code == "protected"


def test_api_finds_certificates_under_either_document(client, cast, hk_resident):
    from tests.world.exchange import API_TOKEN, exchange_system_load
    from zhicheng.exchange.tests.conftest import Api, holder

    exchange_system_load()
    api = Api(client, API_TOKEN)
    # Issued by the external system under his 通行证, before the 居住证 existed.
    body = api.post("/numbers/allocate", {"holders": [
        holder(0, document_type="hk_macao_permit", id_number=PERMIT, name="陈大文"),
    ]}).json()
    number = body["items"][0]["number"]
    staff = cast["window_staff"]
    services.window_document_link(
        staff=staff, organisation=window_org(staff), user=hk_resident, document_type=IdDocumentType.RESIDENT,
        number=RESIDENCE_PERMIT, reason="本人已领取居住证", id_card_checked=True,
    )
    found = api.post("/certificates/search", {"id_number": RESIDENCE_PERMIT}).json()
    assert [c["number"] for c in found["certificates"]] == [number]
    found = api.post("/certificates/search", {"document_type": "hk_macao_permit", "id_number": PERMIT}).json()
    assert [c["number"] for c in found["certificates"]] == [number]
    # A number allocated later under the 居住证 is bound to his account.
    body = api.post("/numbers/allocate", {"holders": [holder(1, id_number=RESIDENCE_PERMIT, name="陈大文")]}).json()
    from zhicheng.certificates.models import Certificate

    assert Certificate.objects.get(number=body["items"][0]["number"]).holder == hk_resident
    assert api.post("/certificates/search", {"id_number": RESIDENCE_PERMIT}).json()["count"] == 2


# -- every staff form takes every document type ------------------------------------------------


def test_window_finds_a_passport_holder_by_type_number_and_nationality(client, cast, passport_holder):
    staff = cast["window_staff"]
    client.force_login(staff)
    url = window_url(staff)
    response = search(client, url, PASSPORT, IdDocumentType.PASSPORT)
    assert "国籍" in response.context["search_form"].errors["nationality"][0]
    assert search(client, url, PASSPORT, IdDocumentType.PASSPORT, "FRA").context["not_found"]
    response = search(client, url, PASSPORT.lower(), IdDocumentType.PASSPORT, "DEU")
    assert response.context["target"] == passport_holder
    event = AuditEvent.objects.filter(action="account.window_lookup").latest("id")
    assert event.detail["document_type"] == "passport" and PASSPORT not in str(event.detail)


def test_a_passport_or_permit_holder_gets_a_role_an_admin_duty_and_a_place_in_an_expert_pool(
    client, cast, passport_holder, hk_resident,
):
    from zhicheng.orgs.models import Membership

    org_admin = (
        Membership.objects.filter(role="org_admin", is_active=True).select_related("user", "organisation").first()
    )
    client.force_login(org_admin.user)
    response = client.post(f"/accounts/staff/{org_admin.organisation_id}/", {
        "id_document_type": "passport", "id_number": PASSPORT, "nationality": "DEU", "role": "reviewer",
    })
    assert response.status_code == 302, response.context["form"].errors
    invited = Membership.objects.get(user=passport_holder, organisation=org_admin.organisation, role="reviewer")
    assert invited.is_pending  # the invitation reached the passport holder's account

    client.force_login(cast["security_admin"])
    response = client.post("/accounts/admin-duties/", {
        "id_document_type": "hk_macao_permit", "id_number": PERMIT, "duty": "audit",
    })
    assert response.status_code == 302, response.context["form"].errors
    hk_resident.refresh_from_db()
    assert hk_resident.admin_duty == "audit"
    response = client.post("/accounts/admin-duties/", {"id_document_type": "taiwan_permit", "id_number": "87654321"})
    assert "未找到使用该证件注册的账号" in response.context["form"].errors["id_number"][0]


def test_expert_added_by_a_foreign_permanent_resident_id(client, cast, new_person):
    from zhicheng.committees.models import ExpertProfile
    from zhicheng.orgs.models import Membership

    number = "944840198503150014"
    data = dict(new_person, id_document_type="foreign_permanent_id", id_number=number, real_name="John Smith",
                phone="13812340003")
    assert client.post(REGISTER, data).status_code == 302
    office = Membership.objects.filter(role="committee_office", is_active=True).select_related("organisation").first()
    committee = office.organisation.committee
    client.force_login(office.user)
    employer = Membership.objects.filter(role="reviewer", organisation__kind="personnel_unit").first().organisation
    response = client.post(
        f"/evaluation/office/{committee.pk}/experts/",
        {
            "id_document_type": "foreign_permanent_id",
            "id_number": number,
            "employer": employer.pk,
            "title": "正高级工程师",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert ExpertProfile.objects.filter(committee=committee, user__real_name="John Smith").exists()


def test_queue_and_certificate_searches_take_any_document_number(client, cast, passport_holder):
    from zhicheng.accounts.models import typed_document_digests, users_holding_documents

    # A passport number alone (no nationality) finds its holder in staff searches.
    assert list(users_holding_documents(typed_document_digests(PASSPORT.lower()))) == [passport_holder]
    assert list(users_holding_documents(typed_document_digests(PERMIT))) == []
    assert typed_document_digests("张三") == []


# -- log-in by document type (passports) --------------------------------------------------------


def test_passport_holder_logs_in_with_type_nationality_and_number(client, passport_holder):
    data = {"username": PASSPORT, "password": PASSWORD}
    # Without a type a passport number is not recognised (it needs its nationality).
    assert client.post(LOGIN, data).status_code == 200
    response = client.post(LOGIN, dict(data, id_document_type="passport"))
    assert "国籍" in response.context["form"].errors["nationality"][0]
    assert client.post(LOGIN, dict(data, id_document_type="passport", nationality="FRA")).status_code == 200
    response = client.post(LOGIN, dict(data, username="c01x 00t47", id_document_type="passport", nationality="DEU"))
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(passport_holder.pk)
    assert AuditEvent.objects.filter(action="account.login", object_id=str(passport_holder.pk)).exists()


def test_passport_failures_count_against_the_account_however_it_is_named(client, passport_holder):
    doc = {"username": PASSPORT, "id_document_type": "passport", "nationality": "DEU"}
    for i in range(settings.LOCKOUT_FAILURES - 1):
        data = dict(doc) if i % 2 else {"username": passport_holder.phone}
        assert client.post(LOGIN, dict(data, password=f"Wrong#{i}pass")).status_code == 200
    assert client.post(LOGIN, dict(doc, password="Wrong#last1")).status_code == 429
    # Paused from this address whichever way the account is named, even with the right password.
    assert client.post(LOGIN, dict(doc, password=PASSWORD)).status_code == 429
    assert client.post(LOGIN, {"username": passport_holder.phone, "password": PASSWORD}).status_code == 429
    failed = AuditEvent.objects.filter(action="account.login_failed", object_id=str(passport_holder.pk))
    assert failed.count() >= 2 and all(PASSPORT not in str(e.detail) for e in failed)
    assert any("外国护照" in e.detail["identifier"] for e in failed)


# -- the window changes an e-mail address ---------------------------------------------------------


def test_window_changes_an_email_address(client, cast):
    staff, applicant = cast["window_staff"], cast["applicant_b"]
    client.force_login(staff)
    url = window_url(staff)
    old = applicant.email
    search(client, url, person("applicant_b").id_number)
    response = client.post(
        url, {"action": "email", "email-new_email": "not-an-address", "email-reason": "原邮箱已注销"}
    )
    errors = response.context["email_form"].errors
    assert "证件原件" in errors["id_card_checked"][0] and "有效的电子邮箱" in errors["new_email"][0]
    assert response.context["email_form"]["new_email"].value() == "not-an-address"  # kept
    response = client.post(
        url,
        {
            "action": "email",
            "email-id_card_checked": "on",
            "email-new_email": "Li.XM@Example.COM",
            "email-reason": "原邮箱已注销",
        },
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.email == "Li.XM@example.com"
    event = AuditEvent.objects.get(action="account.email_change", object_id=str(applicant.pk))
    assert event.actor == staff and event.detail["method"] == "window" and event.detail["reason"] == "原邮箱已注销"
    assert event.detail["after"] == "L***@example.com"
    notices = OutboxMessage.objects.filter(channel="email")
    assert notices.filter(recipient_masked="L***@example.com").exists()
    if old:
        assert notices.filter(body__contains="不再接收").exists()
    # Staff accounts are not changed at the window.
    with pytest.raises(ValidationError) as exc:
        services.window_email_change(staff=staff, organisation=window_org(staff), user=cast["unit_reviewer"],
                                     new_email="x@example.com", reason="测试", id_card_checked=True)
    assert exc.value.code == "protected"
    assert User.objects.get(pk=cast["unit_reviewer"].pk).email != "x@example.com"
