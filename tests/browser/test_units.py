"""Units and the people who act for them, walked in a real browser by their users from their home
pages (issue 19): a unit registers by credit code, its supervising unit approves, its new
administrator invites a reviewer who accepts, an applicant picks the new unit and that reviewer
approves her; an HR bureau sets up a 非公申报点 and merges the new unit into it, and the people and
cases of the merged unit are found under the point. Screenshots at 1366 px and 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_business_walks import Walk

pytestmark = pytest.mark.browser

UNIT = "佛山市禅城区示例精密科技有限公司"
POINT = "佛山市禅城区非公有制经济组织职称申报点"


def _pdf(tmp_path):
    path = tmp_path / "单位授权委托书.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return str(path)


def test_unit_registration_staff_and_merge(page, live_url, world, screenshot_dir, tmp_path):
    from tests.world.cast import person
    from zhicheng.cases.constants import CaseStatus
    from zhicheng.cases.models import Case
    from zhicheng.common.validators import make_credit_code
    from zhicheng.orgs.constants import Role
    from zhicheng.orgs.models import Membership, Organisation
    from zhicheng.profiles.models import Profile
    from zhicheng.profiles.services import profile_submit
    from zhicheng.profiles.tests.conftest import fill_profile

    cast = world
    education_bureau = Organisation.objects.get(name="佛山市禅城区教育局")
    bureau_reviewer = cast["applicant_b"]  # 李雪梅 reviews for 佛山市禅城区教育局 in this story
    Membership.objects.create(user=bureau_reviewer, organisation=education_bureau, role=Role.REVIEWER)
    founder, new_reviewer, applicant = cast["applicant_c"], cast["unit_reviewer_2"], cast["applicant_a"]
    walk = Walk(page, live_url, screenshot_dir, "units")
    code = make_credit_code("91", "440604", "MA51PX0K")

    # -- 王建国 registers his company from his home page ------------------------------------------
    walk.login(founder)
    walk.click("单位注册")
    walk.click("申请单位注册")
    page.fill("#id_name", UNIT)
    page.fill("#id_credit_code", make_credit_code("91", "440606", "MA51PX0K"))  # licensed in 顺德区: refused
    page.select_option("#id_region", "440604")
    page.select_option("#id_supervising_unit", str(education_bureau.pk))
    page.check("#id_holds_personnel_files")
    page.fill("#id_contact_name", "王建国")
    page.fill("#id_contact_phone", "138 0000 0003")
    page.set_input_files("#id_file", _pdf(tmp_path))
    walk.click("提交审核", role="button")
    assert "企业应在颁发营业执照的市场监督管理部门所在区划注册" in walk.text()
    assert page.input_value("#id_name") == UNIT  # nothing typed is lost
    walk.shot("register-region-refused", phone=True)
    page.fill("#id_credit_code", code)
    page.set_input_files("#id_file", _pdf(tmp_path))
    walk.click("提交审核", role="button")
    assert "注册申请已提交" in walk.message()
    assert "佛山市禅城区教育局" in walk.text("#registration-status, main")
    walk.shot("register-submitted", phone=True)

    # -- 佛山市禅城区教育局 approves it from its ordinary work queue --------------------------------
    walk.review(
        bureau_reviewer, "佛山市禅城区教育局", "王建国", "审核通过", "材料齐全，同意注册。", label="register-approve"
    )
    unit = Organisation.objects.get(credit_code=code)
    assert unit.supervising_unit == education_bureau

    # -- 王建国, now its administrator, invites 罗海 as reviewer ------------------------------------
    walk.login(founder)
    walk.click("人员管理")
    page.fill("#id_id_number", person("unit_reviewer_2").id_number)
    page.select_option("#id_role", Role.REVIEWER.value)
    walk.click("发出邀请", role="button")
    assert "本人接受后生效" in walk.message()
    # He cannot make himself reviewer.
    page.fill("#id_id_number", person("applicant_c").id_number)
    page.select_option("#id_role", Role.REVIEWER.value)
    walk.click("发出邀请", role="button")
    assert "不能为自己设置角色" in walk.text()
    walk.shot("staff-invite", phone=True)

    # -- 罗海 accepts from his home page -------------------------------------------------------------
    walk.login(new_reviewer)
    assert UNIT in walk.text("#invitations-alert")
    walk.shot("invitation-home", phone=True)
    walk.click("查看并接受")
    walk.click("接受", role="button")
    assert f"您已成为{UNIT}的审核人员" in walk.message()
    walk.shot("invitation-accepted", phone=True)

    # -- 张晓明 picks the new unit (region, then search) and submits ------------------------------------
    fill_profile(applicant, "龙川县人民医院")  # her information, with another unit chosen so far
    walk.login(applicant)
    walk.click("进入个人工作台")
    page.goto(f"{live_url}/profile/unit/")
    page.select_option("#unit-city", "440600")
    page.locator("#unit-county option[value='440604']").wait_for(state="attached")
    with page.expect_response(lambda r: "/orgs/units/search/" in r.url):
        page.select_option("#unit-county", "440604")
    page.fill("#unit-q", "jingmi")
    expect(page.locator("#unit-results label", has_text=UNIT)).to_have_count(1)
    page.locator(f"input[name=unit][value='{unit.pk}']").check()
    assert page.locator("#supervisor-display").inner_text() == "佛山市禅城区教育局"
    walk.shot("applicant-picks-unit", phone=True)
    page.get_by_role("button", name="确定选择").click()
    page.wait_for_load_state()
    page.goto(f"{live_url}/profile/review/")
    page.locator("#submit-profile").click()
    page.wait_for_load_state()
    assert f"已提交至{UNIT}审核" in page.content()

    # -- 罗海 approves her; 李雪梅 (supervising unit) stores her --------------------------------------
    walk.review(new_reviewer, UNIT, "张晓明", "审核通过", "同意。", label="new-reviewer-approves")
    walk.review(bureau_reviewer, "佛山市禅城区教育局", "张晓明", "审核通过", "同意入库。", label="stored")
    assert Profile.objects.get(user=applicant).personnel_unit == unit

    # Another person's information waits at the new unit when it is merged.
    other = cast["unit_reviewer"]
    waiting = profile_submit(profile=fill_profile(other, UNIT), actor=other)
    assert waiting.current_organisation == unit

    # -- 赵磊 (省人社厅) sets up a 非公申报点 and merges the company's unit into it -------------------------
    walk.login(cast["province_hr_reviewer"])
    walk.click("辖区单位管理")
    walk.shot("bureau-units")
    walk.click("设立人才市场 / 非公申报点")
    page.fill("#id_name", POINT)
    page.check("input[name=unit_type][value=nonpublic_point]")
    page.fill("#id_credit_code", make_credit_code("52", "440604", "MA51PX1L"))
    page.select_option("#id_region", "440604")
    page.fill("#id_scope_note", "禅城区非公有制单位、人事档案不在单位的专业技术人员")
    walk.click("设立", role="button")
    assert f"已设立{POINT}" in walk.message()
    walk.shot("point-created", phone=True)
    walk.click("返回辖区单位")
    walk.click(UNIT)
    page.select_option("#id_merge-target", label=POINT)
    page.fill("#id_merge-reason", "企业人事档案转由申报点管理")
    walk.click("并入所选单位", role="button")
    assert f"已将{UNIT}并入{POINT}" in walk.message()
    walk.shot("merged", phone=True)

    point = Organisation.objects.get(name=POINT)
    unit.refresh_from_db()
    assert not unit.is_active and unit.merged_into == point
    assert Profile.objects.get(user=applicant).personnel_unit == point
    waiting = Case.objects.get(pk=waiting.pk)
    assert waiting.status == CaseStatus.SUBMITTED and waiting.current_organisation == point
    walk.click("返回辖区单位")
    row = page.locator("#region-units tr.unit-row", has_text=POINT).first
    assert "无人审核" in row.inner_text()  # the point has a case waiting and nobody yet
    walk.shot("point-unattended", phone=True)

    # -- 张晓明 is told where her file is now ---------------------------------------------------------
    walk.login(applicant)
    walk.click("进入个人工作台")
    assert f"转为{POINT}" in walk.text()
    walk.shot("applicant-told", phone=True)
