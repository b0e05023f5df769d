"""Service-window recovery, staff management by organisation administrators, administrator duties."""

import pytest
from django.db import connection

from tests.world.cast import PASSWORD, person
from zhicheng.accounts.models import AccountRecovery, User
from zhicheng.audit.models import AuditEvent
from zhicheng.orgs import memberships
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership, Organisation

from .conftest import make_id

pytestmark = pytest.mark.django_db


def window_org(user):
    return Membership.objects.get(user=user, role=Role.WINDOW_STAFF, is_active=True).organisation


def window_url(staff):
    return f"/accounts/window/{window_org(staff).pk}/"


def search(client, url, id_number):
    return client.post(url, {"action": "search", "search-id_number": id_number})


def issue(client, url, reason="本人忘记密码，预留手机号码已停用", checked=True):
    data = {"action": "issue", "recovery-reason": reason}
    if checked:
        data["recovery-id_card_checked"] = "on"
    return client.post(url, data)


# -- window ------------------------------------------------------------------------------------


def test_window_recovery_issues_temporary_password_and_forces_change(client, cast):
    staff, applicant = cast["window_staff"], cast["applicant_b"]
    p = person("applicant_b")
    client.force_login(staff)
    url = window_url(staff)
    assert client.get("/accounts/window/").url == url
    response = search(client, url, p.id_number)
    html = response.content.decode()
    assert applicant.real_name in html and applicant.masked_id_number in html
    assert p.id_number not in html and p.phone not in html and applicant.masked_phone not in html

    response = issue(client, url)
    assert response.status_code == 200
    password = response.context["password"]
    assert password in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    applicant.refresh_from_db()
    assert applicant.must_change_password and applicant.check_password(password)

    recovery = AccountRecovery.objects.get(user=applicant)
    assert recovery.method == "window" and recovery.staff == staff
    assert recovery.organisation == window_org(staff) and recovery.id_card_checked
    assert "停用" in recovery.reason
    event = AuditEvent.objects.get(action="account.window_recovery", object_id=str(applicant.pk))
    assert event.actor == staff and event.organisation == window_org(staff)
    assert event.detail["reason"] == recovery.reason and password not in str(event.detail)

    # The person logs in with it and is sent to change it before anything else.
    person_client = type(client)()
    response = person_client.post("/accounts/login/", {"username": p.phone, "password": password})
    assert response.status_code == 302
    response = person_client.get("/accounts/me/")
    assert response.status_code == 302 and response.url == "/accounts/password/change/"
    page = person_client.get("/accounts/password/change/").content.decode()
    assert "临时密码" in page
    response = person_client.post(
        "/accounts/password/change/",
        {"old_password": password, "password1": "Dragon#Boat2026", "password2": "Dragon#Boat2026"},
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert not applicant.must_change_password
    page = person_client.get("/accounts/me/").content.decode()
    assert "服务窗口找回" in page and window_org(staff).name in page


def test_window_needs_id_card_check_and_reason(client, cast):
    staff = cast["window_staff"]
    client.force_login(staff)
    url = window_url(staff)
    search(client, url, person("applicant_b").id_number)
    response = issue(client, url, reason="", checked=False)
    form = response.context["recovery_form"]
    assert "证件原件" in form.errors["id_card_checked"][0]
    assert form.errors["reason"]
    assert not AccountRecovery.objects.exists()


@pytest.mark.parametrize("key", ["unit_reviewer", "system_admin", "security_admin", "expert_1"])
def test_window_refuses_staff_and_administrator_accounts(client, cast, key):
    staff, target = cast["window_staff"], cast[key]
    client.force_login(staff)
    url = window_url(staff)
    response = search(client, url, person(key).id_number)
    assert "不能在服务窗口找回" in response.content.decode()
    response = issue(client, url)
    assert "不能在服务窗口找回" in response.content.decode()
    target.refresh_from_db()
    assert target.check_password(PASSWORD) and not target.must_change_password
    assert not AccountRecovery.objects.filter(user=target).exists()


def test_window_is_404_for_others(client, cast):
    client.force_login(cast["hr_reviewer"])  # same bureau, but not at the window
    assert client.get(window_url(cast["window_staff"])).status_code == 404
    assert client.get("/accounts/window/").status_code == 404
    client.force_login(cast["applicant_a"])
    assert client.post(window_url(cast["window_staff"]), {"action": "search"}).status_code == 404


def test_window_unknown_id_number(client, cast):
    client.force_login(cast["window_staff"])
    response = search(client, window_url(cast["window_staff"]), make_id("440106", "19800101", "123"))
    assert "未找到使用该证件注册的账号" in response.content.decode()


def test_window_issue_without_search_does_nothing(client, cast):
    client.force_login(cast["window_staff"])
    response = issue(client, window_url(cast["window_staff"]))
    assert response.status_code == 302
    assert not AccountRecovery.objects.exists()


# -- staff management --------------------------------------------------------------------------


def staff_url(admin):
    org = Membership.objects.get(user=admin, role=Role.ORG_ADMIN).organisation
    return org, f"/accounts/staff/{org.pk}/"


def test_org_admin_lists_grants_and_revokes(client, cast):
    admin, newcomer = cast["unit_admin"], cast["applicant_c"]
    org, url = staff_url(admin)
    client.force_login(admin)
    html = client.get(url).content.decode()
    assert cast["unit_reviewer"].real_name in html and cast["unit_reviewer"].masked_id_number in html
    assert person("unit_reviewer").id_number not in html

    response = client.post(url, {"id_number": person("applicant_c").id_number, "role": Role.REVIEWER})
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer, organisation=org, role=Role.REVIEWER)
    assert membership.is_pending and not membership.is_active  # in force once the person accepts
    grant = AuditEvent.objects.get(action="membership.invite", object_id=str(membership.pk))
    assert grant.actor == admin and grant.organisation == org
    response = client.post(url, {"id_number": person("applicant_c").id_number, "role": Role.REVIEWER})
    assert "正等待本人接受" in response.content.decode()
    memberships.membership_accept(user=newcomer, membership=membership)
    membership.refresh_from_db()
    assert membership.is_active

    # Granting the same role twice is refused with a message.
    response = client.post(url, {"id_number": person("applicant_c").id_number, "role": Role.REVIEWER})
    assert "已是本单位的审核人员" in response.content.decode()

    response = client.post(f"{url}{membership.pk}/revoke/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert AuditEvent.objects.filter(action="membership.revoke", object_id=str(membership.pk)).exists()

    # Inviting again reuses the same row, in force once accepted.
    client.post(url, {"id_number": person("applicant_c").id_number, "role": Role.REVIEWER})
    membership.refresh_from_db()
    assert membership.is_pending
    memberships.membership_accept(user=newcomer, membership=membership)
    membership.refresh_from_db()
    assert membership.is_active


def test_roles_follow_the_organisation_kind(client, cast):
    admin = cast["unit_admin"]
    _org, url = staff_url(admin)
    client.force_login(admin)
    response = client.post(url, {"id_number": person("applicant_c").id_number, "role": Role.WINDOW_STAFF})
    assert response.context["form"].errors["role"]
    response = client.post(url, {"id_number": person("applicant_c").id_number, "role": Role.EXPERT})
    assert response.context["form"].errors["role"]
    assert not Membership.objects.filter(user=cast["applicant_c"]).exists()


def test_window_staff_only_at_hr_bureau(cast):

    bureau = window_org(cast["window_staff"])
    Membership.objects.create(user=cast["applicant_c"], organisation=bureau, role=Role.ORG_ADMIN)
    m = memberships.membership_grant(
        actor=cast["applicant_c"], organisation=bureau, user=cast["applicant_a"], role=Role.WINDOW_STAFF
    )
    m = memberships.membership_accept(user=cast["applicant_a"], membership=m)
    assert m.is_active
    committee = Organisation.objects.get(name="广东省建筑工程技术人才职称评审委员会")
    Membership.objects.create(user=cast["applicant_c"], organisation=committee, role=Role.ORG_ADMIN)
    m = memberships.membership_grant(
        actor=cast["applicant_c"], organisation=committee, user=cast["applicant_a"], role=Role.EXPERT
    )
    m = memberships.membership_accept(user=cast["applicant_a"], membership=m)
    assert m.is_active
    # A person may hold several memberships.
    assert cast["applicant_a"].active_memberships().count() == 2


def test_unregistered_person_cannot_be_granted(client, cast):
    admin = cast["unit_admin"]
    _org, url = staff_url(admin)
    client.force_login(admin)
    response = client.post(url, {"id_number": make_id("440106", "19800101", "123"), "role": Role.REVIEWER})
    assert "未找到" in response.context["form"].errors["id_number"][0]


def test_org_admin_cannot_touch_other_organisations(client, cast):
    admin = cast["unit_admin"]
    client.force_login(admin)
    other = Membership.objects.get(user=cast["other_unit_reviewer"], role=Role.REVIEWER)
    assert client.get(f"/accounts/staff/{other.organisation.pk}/").status_code == 404
    response = client.post(
        f"/accounts/staff/{other.organisation.pk}/",
        {"id_number": person("applicant_c").id_number, "role": Role.REVIEWER},
    )
    assert response.status_code == 404
    own_org, _ = staff_url(admin)
    assert client.post(f"/accounts/staff/{other.organisation.pk}/{other.pk}/revoke/").status_code == 404
    assert client.post(f"/accounts/staff/{own_org.pk}/{other.pk}/revoke/").status_code == 404
    other.refresh_from_db()
    assert other.is_active
    assert not Membership.objects.filter(user=cast["applicant_c"]).exists()


def test_reviewer_is_not_an_org_admin(client, cast):
    client.force_login(cast["unit_reviewer"])
    org, url = staff_url(cast["unit_admin"])
    assert client.get(url).status_code == 404
    assert client.get("/accounts/staff/").status_code == 404


def test_org_admin_cannot_revoke_own_admin_role(client, cast):
    admin = cast["unit_admin"]
    org, url = staff_url(admin)
    client.force_login(admin)
    own = Membership.objects.get(user=admin, organisation=org, role=Role.ORG_ADMIN)
    client.post(f"{url}{own.pk}/revoke/")
    own.refresh_from_db()
    assert own.is_active


# -- administrator duties ----------------------------------------------------------------------


def test_security_admin_sets_and_clears_duties(client, cast):
    sec = cast["security_admin"]
    client.force_login(sec)
    html = client.get("/accounts/admin-duties/").content.decode()
    assert cast["audit_admin"].real_name in html
    response = client.post("/accounts/admin-duties/", {"id_number": person("applicant_c").id_number, "duty": "audit"})
    assert response.status_code == 302
    target = cast["applicant_c"]
    target.refresh_from_db()
    assert target.admin_duty == "audit"
    event = AuditEvent.objects.get(action="account.admin_duty_change", object_id=str(target.pk))
    assert event.detail == {"before": "", "after": "audit"} and event.actor == sec
    # Switching duty replaces it (one field: never two duties).
    client.post("/accounts/admin-duties/", {"id_number": person("applicant_c").id_number, "duty": "system"})
    target.refresh_from_db()
    assert target.admin_duty == "system" and target.is_staff
    client.post("/accounts/admin-duties/", {"id_number": person("applicant_c").id_number, "duty": ""})
    target.refresh_from_db()
    assert target.admin_duty == "" and not target.is_staff and not target.is_superuser


def test_security_admin_cannot_change_own_duty(client, cast):
    sec = cast["security_admin"]
    client.force_login(sec)
    response = client.post("/accounts/admin-duties/", {"id_number": person("security_admin").id_number, "duty": ""})
    assert "不能修改自己的管理员职责" in response.content.decode()
    sec.refresh_from_db()
    assert sec.admin_duty == "security"


@pytest.mark.parametrize("key", ["system_admin", "audit_admin", "unit_admin", "applicant_a"])
def test_only_the_security_admin_sets_duties(client, cast, key):
    client.force_login(cast[key])
    assert client.get("/accounts/admin-duties/").status_code == 404
    assert (
        client.post(
            "/accounts/admin-duties/", {"id_number": person("applicant_c").id_number, "duty": "system"}
        ).status_code
        == 404
    )
    cast["applicant_c"].refresh_from_db()
    assert cast["applicant_c"].admin_duty == ""


def test_system_admin_cannot_set_duty_in_django_admin(client, cast):
    client.force_login(cast["system_admin"])
    target = cast["applicant_c"]
    response = client.get(f"/admin/accounts/user/{target.pk}/change/")
    assert response.status_code == 200
    assert 'name="admin_duty"' not in response.content.decode()


# -- storage -----------------------------------------------------------------------------------


def test_user_table_holds_no_plaintext_id_or_phone(cast):
    p = person("applicant_a")
    table = User._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - table name from the model
        rows = cursor.fetchall()
    dump = repr(rows)
    assert len(rows) >= 20
    assert p.id_number not in dump and p.phone not in dump
    assert p.id_number[-8:] not in dump  # not even the tail
    for other in ("applicant_b", "window_staff", "security_admin"):
        assert person(other).id_number not in dump and person(other).phone not in dump
    assert cast["applicant_a"].id_number == p.id_number  # Python code sees the plaintext
