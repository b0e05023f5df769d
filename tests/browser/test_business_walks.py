"""The five businesses walked in a real browser, start to end, the way their users reach them.

Each walk starts at the applicant's workbench (an applicant whose personal information was stored
through the services), fills the form, submits, then logs in as every reviewer on the route, who
finds the case in their work queue from the home page and decides on the case page; then the
applicant sees what the business produced. Nothing is reached by typing a URL except the home and
login pages. Screenshots at 1366 px (and 390 px for the applicant's pages) go to ``screenshot_dir``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import login_in_browser

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


# -- the world: applicants whose personal information is stored ----------------------------------
def stored_applicant(world, key: str, *, unit: str, rows: dict, **basic):
    """``key``'s profile filled, submitted and approved by both reviewers of ``unit``'s chain,
    through the services (the profile's own pages are walked in test_profile_chain)."""
    from tests.world.profiles import profile_fill
    from zhicheng.cases.services import case_approve
    from zhicheng.orgs.constants import Role
    from zhicheng.orgs.models import Membership, Organisation
    from zhicheng.profiles.services import profile_submit

    user = world[key]
    organisation = Organisation.objects.get(name=unit)
    profile = profile_fill(user=user, unit=organisation, rows=rows, **basic)
    case = profile_submit(profile=profile, actor=user)
    for org in (organisation, organisation.supervising_unit):
        reviewer = Membership.objects.filter(organisation=org, role=Role.REVIEWER, is_active=True).first().user
        case_approve(case=case, actor=reviewer, opinion="信息属实，同意入库。")
    return user


def engineer_rows(*, since: int, unit: str) -> dict:
    from zhicheng.catalog.constants import Education
    from zhicheng.profiles.constants import AchievementKind, AppraisalResult, Degree
    from zhicheng.profiles.models import Achievement, Appraisal, EducationRecord, WorkRecord

    return {
        EducationRecord: [{"school": "华南理工大学", "major": "土木工程", "education": Education.BACHELOR,
                           "degree": Degree.BACHELOR, "start_date": dt.date(since - 4, 9, 1),
                           "end_date": dt.date(since, 7, 1)}],
        WorkRecord: [{"unit_name": unit, "post": "工程部技术员", "start_date": dt.date(since, 7, 15)}],
        Achievement: [
            {"kind": AchievementKind.PROJECT, "title": "龙川县城区供水管网改造工程", "date": dt.date(2021, 11, 30),
             "role": "技术负责人", "description": "负责管网迁改的施工技术方案和现场质量管理。"},
            {"kind": AchievementKind.PAPER, "title": "山区县城市政道路软基处理的实践", "date": dt.date(2022, 6, 15),
             "role": "第一作者", "description": "发表于《广东土木与建筑》2022年第6期。"},
        ],
        Appraisal: [{"year": y, "result": AppraisalResult.QUALIFIED} for y in (2022, 2023, 2024)],
    }


def title_basic(qualification_name: str, level, obtained: dt.date, **extra) -> dict:
    from zhicheng.catalog.models import Qualification, Series

    series = Series.objects.get(code="engineering")
    return {"title_series": series, "title_level": level,
            "title_qualification": Qualification.objects.get(series=series, name=qualification_name),
            "title_obtained_on": obtained, **extra}


# -- the browser ----------------------------------------------------------------------------------
class Walk:
    """One walk: a page, the live server, numbered screenshots."""

    def __init__(self, page, live_url: str, screenshot_dir: str, name: str):
        self.page, self.live_url, self.name = page, live_url, name
        self.dir = Path(screenshot_dir)
        self.n = 0
        page.set_viewport_size(WIDE)

    def shot(self, label: str, *, phone: bool = False) -> None:
        """A 1366 px screenshot; with ``phone`` also a 390 px one, which must not scroll sideways."""
        self.n += 1
        stem = f"walk-{self.name}-{self.n:02d}-{label}"
        self.page.screenshot(path=str(self.dir / f"{stem}.png"), full_page=True)
        if phone:
            self.page.set_viewport_size(PHONE)
            width = self.page.evaluate("document.scrollingElement.scrollWidth")
            self.page.screenshot(path=str(self.dir / f"{stem}-phone.png"), full_page=True)
            self.page.set_viewport_size(WIDE)
            assert width <= PHONE["width"], f"{label}: {width} px wide on a 390 px phone"

    def login(self, user) -> None:
        self.page.context.clear_cookies()
        login_in_browser(self.page, self.live_url, user)
        self.page.goto(f"{self.live_url}/")

    def home(self) -> None:
        self.page.goto(f"{self.live_url}/")

    def click(self, name: str, *, role: str = "link", exact: bool = False, within=None) -> None:
        scope = within if within is not None else self.page
        scope.get_by_role(role, name=name, exact=exact).first.click()
        self.page.wait_for_load_state()

    def text(self, selector: str = "main") -> str:
        return self.page.inner_text(selector)

    def message(self) -> str:
        return self.text(".alert-success, .alert-info")

    # -- applicant
    def start_business(self, label: str) -> None:
        """From the home page: the workbench, then 申请 on the business's card."""
        self.click("进入个人工作台")
        card = self.page.locator(".business-item", has_text=label).first
        card.get_by_role("link", name="申请").click()
        self.page.wait_for_load_state()
        assert label in self.text("h1")

    def open_my_case(self, label: str) -> None:
        """From the home page: the workbench, then the business in 我的职称业务."""
        self.home()
        self.click("进入个人工作台")
        item = self.page.locator("#business-cases .business-case", has_text=label).first
        if item.get_attribute("open") is None:
            item.locator("summary").click()
        item.get_by_role("link", name="查看详情").click()
        self.page.wait_for_load_state()

    def submit(self) -> None:
        """Submit the form on the page: the case is 审核中 (screenshot ``submitted``)."""
        self.click("提交", role="button", exact=True)
        assert "审核中" in self.text("#case-status")
        self.shot("submitted", phone=True)

    # -- reviewers
    def review_to_bureau_take_in(self, world, unit: str, unit_opinion: str) -> None:
        """王建国's case through his unit (``unit``, 罗海 writes ``unit_opinion``), 龙川县住房和城乡建设局 (邓彬)
        and 河源市人社局's 受理 (吴刚)."""
        self.review(world["unit_reviewer_2"], unit, "王建国", "审核通过", unit_opinion, label="unit")
        self.review(world["supervisor_reviewer_2"], "龙川县住房和城乡建设局", "王建国", "审核通过", "同意。",
                    label="supervisor")
        self.review(world["hr_reviewer"], "河源市人力资源和社会保障局", "王建国", "受理（收件审查，不颁发证书）",
                    "材料齐全。", label="bureau-take-in")

    def review(self, reviewer, organisation: str, applicant_name: str, decision: str, opinion: str,
               *, label: str, then=None) -> None:
        """``reviewer`` logs in, opens ``organisation``'s work queue from the home page, finds the
        applicant's case there and decides it (after ``then()``, if given)."""
        self.login(reviewer)
        card = self.page.locator(".staff-card", has_text=organisation).first
        assert card.locator(".waiting-count").inner_text() != "0", f"{organisation}: nothing waiting on the home page"
        card.get_by_role("link", name="进入单位工作台").click()
        self.page.wait_for_load_state()
        row = self.page.locator("table.table-queue tbody tr", has_text=applicant_name).first
        row.get_by_role("link", name="审核").click()
        self.page.wait_for_load_state()
        assert applicant_name in self.text("h1")
        if then is not None:  # what the reviewer looks at before deciding
            then()
        self.page.locator("#decision").get_by_label(decision, exact=True).check()
        self.page.fill("#id_opinion", opinion)
        self.shot(label)
        self.click("确定", role="button")
        if self.page.locator("#grant-confirm").count():  # the named decision's confirmation screen
            self.shot(f"{label}-confirm", phone=True)
            self.page.click("#confirm-grant")
            self.page.wait_for_load_state()
        assert applicant_name in self.text("#decision-result")


def level(name: str):
    from zhicheng.catalog.constants import TitleLevel

    return next(v for v in TitleLevel if v.label == name)


def select_and_wait(page, selector: str, label: str):
    """Choose an option; htmx re-renders the title choice (wait for that answer)."""
    with page.expect_response(lambda r: "/businesses/options/" in r.url):
        page.select_option(selector, label=label)
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def choose_title(page, *, series: str, specialty: str, level: str):
    select_and_wait(page, "#id_series", series)
    select_and_wait(page, "#id_specialty", specialty)
    select_and_wait(page, "#id_level", level)
    page.wait_for_selector("#id_qualification option:checked:not([value=''])", state="attached")


def download_certificate(walk: Walk, number: str) -> None:
    """On the applicant's case page: the e-certificate link downloads the PDF of ``number``."""
    with walk.page.expect_download() as info:
        walk.page.locator(".certificate-links").get_by_role("link", name="下载电子证书").click()
    path = walk.dir / f"walk-{walk.name}-{number}.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")


def certificate_kept(walk: Walk, number: str) -> None:
    """On the applicant's case page: the e-certificate ``number`` downloads, and it is listed in 我的证书
    (screenshot ``my-certificates``)."""
    download_certificate(walk, number)
    walk.home()
    walk.click("我的证书")
    assert number in walk.text("main")
    walk.shot("my-certificates", phone=True)


def verify_certificate(walk: Walk, number: str, name: str) -> str:
    """The public verification page, reached from the public home page; returns the status shown."""
    walk.page.context.clear_cookies()
    walk.page.goto(f"{walk.live_url}/")
    walk.click("证书查询")
    walk.page.fill("input[name=number]", number)
    walk.page.fill("input[name=holder_name]", name)
    walk.click("查询", role="button")
    walk.page.wait_for_selector("#verify-result")
    return walk.text("#verify-status")


# -- 评审申请 -------------------------------------------------------------------------------------
def test_evaluation_walk(page, live_url, world, screenshot_dir):
    from tests.world.evaluation import expert_pool_load
    from zhicheng.cases.models import Case
    from zhicheng.certificates.models import Certificate
    from zhicheng.committees.models import Meeting, PublicNotice

    expert_pool_load()  # the committee's expert pool
    unit = "龙川县城乡建设投资有限公司"
    applicant = stored_applicant(
        world, "applicant_a", unit=unit, rows=engineer_rows(since=2010, unit=unit),
        **title_basic("工程师", level("中级"), dt.date(2018, 12, 20), current_position="工程部副经理"),
    )
    walk = Walk(page, live_url, screenshot_dir, "evaluation")

    # -- the applicant applies
    walk.login(applicant)
    walk.shot("home", phone=True)
    walk.start_business("评审申请")
    choose_title(page, series="工程", specialty="建筑工程", level="副高级")
    offer = page.locator(".committee-offer", has_text="广东省建筑工程技术人才职称评审委员会")
    offer.locator("input").check()
    page.locator("#achievement-choice input").first.check()
    page.fill("#id_materials", "学历证书复印件\n工程师资格证书复印件\n业绩证明材料")
    page.check("#id_pledge")
    walk.shot("form", phone=True)
    walk.click("提交", role="button", exact=True)
    assert "已提交至龙川县城乡建设投资有限公司审核" in walk.message()
    assert "审核中" in walk.text("#case-status")
    walk.shot("submitted", phone=True)
    case = Case.objects.get(applicant=applicant, business_type="evaluation")

    # -- the chain reviews; the committee office takes it in
    walk.review(world["unit_reviewer_2"], unit, "张晓明", "审核通过", "情况属实，同意推荐。", label="unit")
    walk.review(world["supervisor_reviewer_2"], "龙川县住房和城乡建设局", "张晓明", "审核通过", "同意推荐。",
                label="supervisor")
    walk.review(
        world["committee_office"],
        "广东省建筑工程技术人才职称评审委员会",
        "张晓明",
        "受理（进入评委会评审）",
        "材料齐全，予以受理。",
        label="office-accept",
    )
    case.refresh_from_db()
    assert case.status == "accepted"

    # -- the committee office: meeting, panel drawn
    office = world["committee_office"]
    walk.home()
    walk.click("评审工作")
    walk.click("新建评审会议")
    plan_select = page.locator("select[name=plan]")
    if plan_select.count():
        plan_select.select_option(index=1 if plan_select.locator("option").count() > 1 else 0)
        walk.click("选择计划", role="button")
    page.fill("input[name=name]", "建筑工程高级职称评审会议")
    page.fill("input[name=held_on]", timezone.localdate().isoformat())
    page.fill("input[name=place]", "广州市越秀区评审中心")
    assert "张晓明" in walk.text("main")
    page.check("#select-all")
    walk.shot("meeting-new")
    walk.click("创建会议", role="button")
    page.fill("input[name=size]", "5")
    walk.click("随机抽取", role="button")
    page.wait_for_selector("#draw-record")
    assert "回避：与申报人张晓明同单位（龙川县城乡建设投资有限公司）" in walk.text("#draw-record")
    walk.shot("panel-drawn")
    meeting = Meeting.objects.get(name="建筑工程高级职称评审会议")
    panel = list(meeting.panel.select_related("expert__user").order_by("position"))
    (result,) = meeting.results.all()

    # -- every panel member votes from their own page
    for i, member in enumerate(panel):
        walk.login(member.expert.user)
        assert page.inner_text("#expert-open-meetings") == "1"
        if i == 0:
            walk.shot("expert-home")
        walk.click("评审表决")
        walk.click("建筑工程高级职称评审会议")
        card = page.locator(f"#vote-{result.pk}")
        assert "张晓明" in card.inner_text()
        if i == 0:
            walk.shot("expert-ballot", phone=True)
        card.get_by_label("同意" if i < 4 else "弃权", exact=True).check()
        card.locator("textarea").fill("业绩突出，同意。" if i < 4 else "")
        card.get_by_role("button", name="投票").click()
        page.wait_for_selector(f"#vote-{result.pk} .alert-success")
        if i == 0:
            walk.shot("expert-vote")

    # -- the office closes the meeting, publishes the 公示
    walk.login(office)
    walk.click("评审工作")
    walk.click("建筑工程高级职称评审会议")
    walk.click("结束会议并计算结果", role="button")
    assert "通过" in walk.text(f"#result-{result.pk} .result-outcome")
    walk.shot("meeting-closed")
    walk.click("发布评审通过人员公示")
    page.fill("input[name=working_days]", "5")
    walk.shot("notice-form")
    walk.click("发布公示", role="button")
    assert "公示已发布" in walk.text("main")

    # -- the public reads the notice
    page.context.clear_cookies()
    page.goto(f"{live_url}/")
    walk.click("评审结果公示")
    page.locator("#current-notices a").first.click()
    page.wait_for_load_state()
    assert "张晓明" in walk.text("#notice-entries")
    walk.shot("notice-public", phone=True)

    # -- the notice period ends; the office reports
    today = timezone.localdate()
    PublicNotice.objects.filter(meeting=meeting).update(published_on=today - dt.timedelta(days=14),
                                                        ends_on=today - dt.timedelta(days=1))
    walk.login(office)
    walk.click("评审工作")
    walk.click("建筑工程高级职称评审会议")
    walk.click("上报评审结果", role="button")
    assert "已向广东省人力资源和社会保障厅上报 1 名" in walk.text("main")
    walk.shot("reported")

    # -- the HR bureau confirms (确认备案): the certificate is issued
    walk.login(world["province_hr_reviewer"])
    walk.click("评审结果确认备案")
    assert "张晓明" in walk.text("#confirm-queue")
    walk.shot("confirm-queue")
    page.check("input[data-select-all=results]")
    walk.click("批量确认备案所选人员", role="button")
    assert "已确认备案 1 人" in walk.text("main")
    certificate = Certificate.objects.get(holder=applicant)

    # -- the applicant sees the certificate and the public verifies it
    walk.login(applicant)
    walk.click("进入个人工作台")
    assert "评审通过，人社部门已确认备案并发放证书" in walk.text("#business-cases .case-status")
    walk.open_my_case("评审申请")
    assert walk.text("#case-status") == "评审通过，人社部门已确认备案并发放证书"
    assert certificate.number in walk.text("main")
    walk.shot("case-done", phone=True)
    certificate_kept(walk, certificate.number)
    assert verify_certificate(walk, certificate.number, "张晓明") == "有效"
    assert "高级工程师" in walk.text("#verify-result")
    walk.shot("verify", phone=True)


# -- 考核认定申请 ---------------------------------------------------------------------------------
def test_recognition_walk(page, live_url, world, screenshot_dir):
    from zhicheng.certificates.models import Certificate

    unit = "龙川县城乡建设投资有限公司"
    applicant = stored_applicant(
        world, "applicant_c", unit=unit, rows=engineer_rows(since=2001, unit=unit),
        **title_basic("助理工程师", level("助理级"), dt.date(2019, 12, 20), current_position="工程部技术员"),
    )
    walk = Walk(page, live_url, screenshot_dir, "recognition")
    walk.login(applicant)
    walk.start_business("考核认定申请")
    choose_title(page, series="工程", specialty="建筑工程", level="中级")
    page.fill("#id_materials", "学历证书复印件\n助理工程师证书复印件")
    page.check("#id_pledge")
    walk.shot("form", phone=True)
    walk.submit()

    walk.review_to_bureau_take_in(world, unit, "情况属实，同意。")
    # 受理 issues nothing
    assert not Certificate.objects.filter(holder=applicant, qualification__name="工程师").exists()
    walk.review(
        world["hr_reviewer"],
        "河源市人力资源和社会保障局",
        "王建国",
        "认定通过（颁发证书）",
        "符合条件，予以认定。",
        label="bureau",
    )

    walk.login(applicant)
    walk.open_my_case("考核认定申请")
    assert "已认定" in walk.text("#case-status")
    assert "受理" in walk.text(".zc-route") and "认定通过" in walk.text(".zc-route")
    certificate = Certificate.objects.get(holder=applicant, qualification__name="工程师")
    assert certificate.number in walk.text("main")
    walk.shot("done", phone=True)
    download_certificate(walk, certificate.number)
    assert verify_certificate(walk, certificate.number, "王建国") == "有效"
    walk.shot("verify", phone=True)


# -- 人事管理单位变更申请 -------------------------------------------------------------------------
def test_unit_change_walk(page, live_url, world, screenshot_dir):
    old, new = "龙川县城乡建设投资有限公司", "龙川县人民医院"
    applicant = stored_applicant(
        world, "applicant_c", unit=old, rows=engineer_rows(since=2001, unit=old),
        **title_basic("助理工程师", level("助理级"), dt.date(2019, 12, 20)),
    )
    walk = Walk(page, live_url, screenshot_dir, "unit-change")
    walk.login(applicant)
    walk.start_business("人事管理单位变更申请")
    page.select_option("#unit-city", label="河源市")
    page.wait_for_selector("#unit-county option:has-text('龙川县')", state="attached")
    page.select_option("#unit-county", label="龙川县")
    page.fill("#unit-q", "人民医院")
    page.locator("#unit-results label", has_text=new).wait_for()
    page.locator("#unit-results label", has_text=new).locator("input").check()
    assert page.inner_text("#supervisor-display") == "龙川县卫生健康局"
    page.fill("#id_reason", "2025年调入龙川县人民医院，人事档案已转入。")
    walk.shot("form", phone=True)
    walk.submit()

    walk.review(world["unit_reviewer_2"], old, "王建国", "审核通过", "同意调出。", label="releasing")
    walk.review(world["unit_reviewer"], new, "王建国", "审核通过", "同意接收。", label="receiving")
    walk.review(world["supervisor_reviewer"], "龙川县卫生健康局", "王建国", "审核通过", "同意。", label="supervisor")

    walk.login(applicant)
    walk.open_my_case("人事管理单位变更申请")
    assert "已变更" in walk.text("#case-status")
    walk.shot("done", phone=True)
    walk.home()
    walk.click("进入个人工作台")
    assert new in walk.text("#stored-chain") and "龙川县卫生健康局" in walk.text("#stored-chain")
    walk.shot("chain", phone=True)


# -- 证书补换发 -----------------------------------------------------------------------------------
def test_certificate_replacement_walk(page, live_url, world, screenshot_dir):
    from zhicheng.certificates.models import Certificate

    unit = "龙川县城乡建设投资有限公司"
    applicant = stored_applicant(
        world, "applicant_c", unit=unit, rows=engineer_rows(since=2001, unit=unit),
        **title_basic("助理工程师", level("助理级"), dt.date(2019, 12, 20)),
    )
    old = Certificate.objects.get(holder=applicant)  # 助理工程师, issued by 河源市人社局 in 2019
    walk = Walk(page, live_url, screenshot_dir, "replacement")
    walk.login(applicant)
    walk.start_business("证书补换发")
    walk.shot("form-empty", phone=True)
    page.locator("#id_certificate").select_option(index=1)
    page.get_by_label("遗失").check()
    page.fill("#id_explanation", "2025年3月搬家时遗失，已登报声明作废。")
    walk.shot("form", phone=True)
    walk.submit()

    walk.review_to_bureau_take_in(world, unit, "情况属实。")
    walk.review(
        world["hr_reviewer"],
        "河源市人力资源和社会保障局",
        "王建国",
        "同意补发（颁发新证书，原证书失效）",
        "证书遗失属实，同意补发。",
        label="bureau",
    )

    old.refresh_from_db()
    new = Certificate.objects.get(holder=applicant, status="valid")
    assert new.pk != old.pk
    walk.login(applicant)
    walk.open_my_case("证书补换发")
    assert walk.text("#case-status") == "已同意补发，新证书已颁发"
    assert "同意补发" in walk.text(".zc-route")
    assert new.number in walk.text("main")
    walk.shot("done", phone=True)
    certificate_kept(walk, new.number)
    assert verify_certificate(walk, old.number, "王建国") == "已补换发"
    walk.shot("verify-old", phone=True)
    assert verify_certificate(walk, new.number, "王建国") == "有效"
    walk.shot("verify-new", phone=True)


def open_scan(walk: Walk, scan: Path) -> None:
    """A reviewer downloads the applicant's scan from the case page: the same bytes come back."""
    with walk.page.expect_download() as info:
        walk.page.locator("#business-detail").get_by_role("link", name=scan.name).click()
    path = walk.dir / f"walk-{walk.name}-scan.pdf"
    info.value.save_as(path)
    assert path.read_bytes() == scan.read_bytes()


# -- 省外来粤资格确认 -----------------------------------------------------------------------------
def test_external_title_confirmation_walk(page, live_url, world, screenshot_dir, tmp_path):
    unit = "龙川县城乡建设投资有限公司"
    applicant = stored_applicant(
        world, "applicant_a", unit=unit, rows=engineer_rows(since=2010, unit=unit),
        **title_basic("助理工程师", level("助理级"), dt.date(2013, 12, 20)),
    )
    scan = tmp_path / "证书扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    walk = Walk(page, live_url, screenshot_dir, "external")
    walk.login(applicant)
    walk.start_business("省外来粤资格确认")
    walk.shot("form-empty", phone=True)
    page.select_option("#id_province", label="湖南省")
    page.fill("#id_issuing_authority", "湖南省人力资源和社会保障厅")
    page.select_option("#id_qualification", label="工程系列 · 中级 · 工程师")
    page.fill("#id_document_number", "湘职改〔2020〕18号")
    page.fill("#id_obtained_on", "2020-12-18")
    page.set_input_files("#id_file", str(scan))
    walk.shot("form", phone=True)
    walk.submit()

    walk.review(world["unit_reviewer_2"], unit, "张晓明", "审核通过", "情况属实。", label="unit")
    walk.review(
        world["supervisor_reviewer_2"],
        "龙川县住房和城乡建设局",
        "张晓明",
        "审核通过",
        "同意。",
        label="supervisor",
        then=lambda: open_scan(walk, scan),
    )
    walk.review(
        world["county_hr_reviewer"],
        "河源市龙川县人力资源和社会保障局",
        "张晓明",
        "受理（收件审查）",
        "材料齐全。",
        label="bureau-take-in",
    )
    walk.review(
        world["county_hr_reviewer"],
        "河源市龙川县人力资源和社会保障局",
        "张晓明",
        "确认（在本省有效）",
        "证书真实有效，予以确认。",
        label="bureau",
    )

    walk.login(applicant)
    walk.open_my_case("省外来粤资格确认")
    assert "已确认" in walk.text("#case-status")
    assert "河源市龙川县人力资源和社会保障局" in walk.text("#confirmed")
    assert "受理" in walk.text(".zc-route") and "确认" in walk.text(".zc-route")
    walk.shot("done", phone=True)
