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


def test_admin_sections_and_models_are_named_in_chinese(client, cast):
    """Issue 19: /admin/ showed AXES, Access attempts, Access failures… Every app section and model
    the system administrator sees is named in Chinese, and so are the columns of the axes lists."""
    import re

    from django.contrib import admin

    client.force_login(cast["system_admin"])
    response = client.get("/admin/")
    app_list = response.context["app_list"]
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for app in app_list:
        assert cjk.search(str(app["name"])), f"app section {app['name']!r} is not in Chinese"
        for model in app["models"]:
            assert cjk.search(str(model["name"])), f"model {model['name']!r} of {app['name']} is not in Chinese"
    html = response.content.decode()
    for english in ("Axes", "AXES", "Access attempts", "Access failures", "Access logs"):
        assert english not in html
    for model in admin.site._registry:
        if model._meta.app_label == "axes":
            page = client.get(f"/admin/axes/{model._meta.model_name}/")
            assert page.status_code == 200
            text = page.content.decode()
            for english in ("Attempt Time", "IP Address", "User Agent", "Path", "Failed Logins"):
                assert f">{english}<" not in text and f"{english}</a>" not in text, (model, english)


def test_system_admin_home_links_to_administration(client, cast):
    client.force_login(cast["system_admin"])
    html = client.get("/").content.decode()
    assert 'href="/admin/"' in html and "管理后台" in html
    client.force_login(cast["applicant_a"])
    assert 'href="/admin/"' not in client.get("/").content.decode()
