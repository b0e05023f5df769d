"""Issue 17, finding 7: the 评审申请 form's 办理流程 line and its 您的链条 box come from one source
(``route_preview``, built like the route builders) and say where the case will really go: a 评审申请 ends at
the committee office, a 考核认定 at the bureau that recognises its level."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.urls import reverse

from zhicheng.businesses import services
from zhicheng.businesses.tests.conftest import heyuan_committee, title
from zhicheng.businesses.tests.test_businesses import SUPERVISOR, UNIT, steps_of, submit_evaluation

pytestmark = pytest.mark.django_db


def _preview(page: str) -> tuple[str, list[str]]:
    labels = re.search(r'<span id="route-labels">(.*?)</span>', page, re.S).group(1)
    box = re.search(r'<ol class="small mb-0 ps-3" id="route-preview">(.*?)</ol>', page, re.S).group(1)
    items = [htmllib.unescape(re.sub(r"<[^>]+>", "", li)).strip() for li in re.findall(r"<li[^>]*>(.*?)</li>", box)]
    return htmllib.unescape(labels), items


def test_evaluation_form_shows_the_route_ending_at_the_committee_office_in_both_places(stored_c, client):
    client.force_login(stored_c)
    url = reverse("businesses:start", args=["evaluation"])
    labels, items = _preview(client.get(url).content.decode())
    # Before a committee is chosen: the committee office all the same, never the HR bureau.
    assert labels == "办理流程：人事管理单位 → 主管单位 → 评委会办公室"
    assert items == [f"人事管理单位：{UNIT}", f"主管单位：{SUPERVISOR}", "评委会办公室：所选评审委员会的办公室"]
    t = title()
    office = heyuan_committee().organisation.name
    page = client.post(url, {"action": "refresh", "series": t["series"].pk, "specialty": t["specialty"].pk,
                             "level": 3, "committee": heyuan_committee().pk}).content.decode()
    labels, items = _preview(page)
    assert labels == "办理流程：人事管理单位 → 主管单位 → 评委会办公室"
    assert items[-1] == f"评委会办公室：{office}" and "人力资源和社会保障局" not in " ".join(items)
    # … and it is the route the submitted case takes.
    case = submit_evaluation(stored_c)
    assert [f"{label}：{org}" for org, label, _, _ in steps_of(case)] == items


def test_recognition_form_names_the_bureau_of_its_level_as_the_case_will(stored_c, client):
    client.force_login(stored_c)
    t = title()
    url = reverse("businesses:start", args=["recognition"])
    page = client.post(url, {"action": "refresh", "series": t["series"].pk, "specialty": t["specialty"].pk,
                             "level": 3}).content.decode()
    labels, items = _preview(page)
    assert labels == "办理流程：人事管理单位 → 主管单位 → 人社部门"
    app = services.recognition_save(actor=stored_c, **t, materials="学历证书", pledge_confirmed=True)
    case = services.recognition_submit(case=app.case, actor=stored_c)
    assert [f"{label}：{org}" for org, label, _, _ in steps_of(case)] == items
    assert items[-1] == "人社部门：河源市人力资源和社会保障局"  # 中级 of a county unit: the city's bureau
