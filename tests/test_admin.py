import pytest

pytestmark = pytest.mark.django_db


def test_admin_in_chinese_with_reference_data(client, cast):
    client.force_login(cast["system_admin"])
    response = client.get("/admin/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "行政区划" in html and "组织机构" in html and "职称系列" in html
    response = client.get("/admin/orgs/region/?q=龙川")
    assert "441622" in response.content.decode()
    response = client.get("/admin/orgs/organisation/?q=qysrcsc")
    assert "清远市人才市场" in response.content.decode()


def test_admin_closed_to_applicants(client, cast):
    client.force_login(cast["applicant_a"])
    assert client.get("/admin/").status_code == 302
