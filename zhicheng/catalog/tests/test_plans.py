"""Evaluation plans: services, the selectors applicants' pages use, and the committee office's pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.world.plans import plans_load
from zhicheng.audit.models import AuditEvent
from zhicheng.catalog.constants import PlanStatus, TitleLevel
from zhicheng.catalog.models import EvaluationPlan
from zhicheng.catalog.selectors import (
    committee_serves_region,
    committees_open_for,
    plan_accepting,
    plan_refusal_reason,
    plans_visible_to,
)
from zhicheng.catalog.services import plan_close, plan_create, plan_publish, plan_update

from .conftest import TODAY, committee

pytestmark = pytest.mark.django_db

D = dt.date
SENIOR, DEPUTY, INTERMEDIATE = TitleLevel.SENIOR, TitleLevel.DEPUTY_SENIOR, TitleLevel.INTERMEDIATE


MARCH_1, JUNE_30 = D(2026, 3, 1), D(2026, 6, 30)


def make_plan(c, actor=None, *, publish=True, opens=MARCH_1, closes=JUNE_30, levels=None, specialties=(), year=2026):
    plan = plan_create(
        committee=c, actor=actor, year=year, title=f"{year}年度{c.name}评审", opens_at=opens, closes_at=closes,
        levels=list(range(c.max_level, c.min_level + 1)) if levels is None else levels, specialties=specialties,
    )
    return plan_publish(plan=plan, actor=actor) if publish else plan


# -- services -----------------------------------------------------------------------------------------
def test_create_publish_close_is_audited(building, cast):
    office = cast["committee_office"]
    plan = make_plan(building, office, publish=False)
    assert plan.status == PlanStatus.DRAFT and plan.level_values == [1, 2]
    plan_publish(plan=plan, actor=office)
    plan_close(plan=plan, actor=office)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    actions = list(AuditEvent.objects.filter(object_id=str(plan.pk), object_type="catalog.evaluationplan")
                   .order_by("id").values_list("action", "actor", "organisation"))
    assert actions == [
        ("plan.create", office.pk, building.organisation_id),
        ("plan.publish", office.pk, building.organisation_id),
        ("plan.close", office.pk, building.organisation_id),
    ]
    with pytest.raises(ValidationError, match="不能执行此操作"):
        plan_close(plan=plan, actor=office)
    plan_publish(plan=plan, actor=office)  # re-open
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED


def test_levels_must_be_within_the_committee_range(heyuan):
    with pytest.raises(ValidationError) as e:
        make_plan(heyuan, levels=[DEPUTY, INTERMEDIATE])
    assert e.value.message_dict["levels"] == ["本评委会只能评审中级，不能评审副高级"]
    with pytest.raises(ValidationError) as e:
        make_plan(heyuan, levels=[])
    assert "请至少选择一个评审级别" in e.value.message_dict["levels"]
    assert not EvaluationPlan.objects.filter(committee=heyuan).exists()


def test_specialties_must_be_within_the_committee_scope(building, specialty):
    with pytest.raises(ValidationError) as e:
        make_plan(building, specialties=[specialty("建筑工程"), specialty("通信工程"), specialty("语文", "teacher")])
    assert e.value.message_dict["specialties"] == ["不在本评委会评审范围内的专业：通信工程、语文"]


def test_window_order_is_checked_by_the_model_and_the_database(building):
    with pytest.raises(ValidationError) as e:
        make_plan(building, opens=D(2026, 7, 1), closes=D(2026, 6, 1))
    assert "closes_at" in e.value.message_dict
    plan = make_plan(building)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationPlan.objects.filter(pk=plan.pk).update(opens_at=D(2026, 12, 1))


def test_update_records_what_changed(building, cast, specialty):
    plan = make_plan(building, cast["committee_office"])
    plan_update(plan=plan, actor=cast["committee_office"], year=2026, title=plan.title, opens_at=plan.opens_at,
                closes_at=D(2026, 7, 31), levels=[DEPUTY], specialties=[specialty("建筑工程")], notes="延期")
    plan.refresh_from_db()
    assert plan.closes_at == D(2026, 7, 31) and plan.level_values == [DEPUTY]
    event = AuditEvent.objects.filter(action="plan.update").first()
    assert event.detail["before"]["closes_at"] == "2026-06-30"
    assert event.detail["after"] == {
        "closes_at": "2026-07-31",
        "levels": [2],
        "specialties": ["建筑工程"],
        "notes": "延期",
    }
    assert "title" not in event.detail["before"]
    plan_close(plan=plan, actor=None)
    with pytest.raises(ValidationError, match="已关闭"):
        plan_update(plan=plan, actor=None, year=2026, title="x", opens_at=plan.opens_at, closes_at=plan.closes_at,
                    levels=[DEPUTY])


# -- selectors -------------------------------------------------------------------------------------------
def test_committees_open_for_lists_open_internal_and_external_committees(building, specialty):
    make_plan(building)
    offers = committees_open_for(specialty=specialty("建筑工程"), level=DEPUTY, on_date=TODAY)
    names = [o.name for o in offers]
    assert names[0] == building.name
    assert offers[0].plan is not None and not offers[0].is_external
    # 建筑工程 副高级 is not in the scope of any external committee; 电气工程 is (the power committee).
    assert all(not o.is_external for o in offers)
    offers = committees_open_for(specialty=specialty("电气工程"), level=DEPUTY, on_date=TODAY)
    assert [(o.name, o.is_external, o.external_system_name) for o in offers] == [
        ("广东省电力行业工程技术人才职称评审委员会", True, "广东电网职称评审管理系统"),
    ]
    assert offers[0].note == "该评委会通过广东电网职称评审管理系统受理申报，请到广东电网职称评审管理系统申报"


def test_window_is_inclusive_and_drafts_are_not_offered(building, specialty):
    plan = make_plan(building, publish=False)
    s = specialty("建筑工程")
    assert committees_open_for(specialty=s, level=SENIOR, on_date=TODAY) == []
    plan_publish(plan=plan, actor=None)
    for day, offered in [
        (D(2026, 2, 28), False),
        (D(2026, 3, 1), True),
        (D(2026, 6, 30), True),
        (D(2026, 7, 1), False),
    ]:
        assert bool(committees_open_for(specialty=s, level=SENIOR, on_date=day)) is offered, day
        assert (plan_accepting(committee=building, specialty=s, level=SENIOR, on_date=day) == plan) is offered


def test_plan_specialties_and_levels_narrow_the_offer(building, specialty):
    make_plan(building, levels=[DEPUTY], specialties=[specialty("建筑设计")])
    assert committees_open_for(specialty=specialty("建筑设计"), level=DEPUTY, on_date=TODAY)
    assert not committees_open_for(specialty=specialty("建筑设计"), level=SENIOR, on_date=TODAY)
    assert not committees_open_for(specialty=specialty("建筑工程"), level=DEPUTY, on_date=TODAY)
    assert plan_accepting(committee=building, specialty=specialty("建筑工程"), level=DEPUTY, on_date=TODAY) is None


def test_committees_with_an_empty_scope_cover_the_whole_series(specialty):
    qingyuan = committee("清远市工程技术人才中级职称评审委员会")
    heyuan = committee("河源市工程技术人才中级职称评审委员会")
    make_plan(qingyuan)
    make_plan(heyuan, opens=D(2026, 7, 1), closes=D(2026, 8, 31))
    offers = committees_open_for(specialty=specialty("水利工程"), level=INTERMEDIATE, on_date=TODAY)
    internal = [o.name for o in offers if not o.is_external]
    external = [o.name for o in offers if o.is_external]
    assert internal == [qingyuan.name]
    assert sorted(external) == sorted(["广州市工程技术人才中级职称评审委员会", "深圳市工程技术人才中级职称评审委员会"])


def test_committees_open_for_uses_a_fixed_number_of_queries(django_assert_max_num_queries, specialty):
    for name in ["清远市工程技术人才中级职称评审委员会", "河源市工程技术人才中级职称评审委员会"]:
        make_plan(committee(name))
    s = specialty("水利工程")
    with django_assert_max_num_queries(2):
        offers = committees_open_for(specialty=s, level=INTERMEDIATE, on_date=TODAY)
        notes = [o.note for o in offers]
    assert len(offers) == 4 and all(notes)


def test_refusal_reasons(building, heyuan, specialty):
    s = specialty("建筑工程")
    assert plan_refusal_reason(committee=building, specialty=s, level=SENIOR, on_date=TODAY) == (
        "该评委会尚未发布2026年度建筑工程专业正高级评审计划，当前不受理申报"
    )
    plan = make_plan(building, opens=D(2026, 3, 1), closes=D(2026, 5, 31))
    assert plan_refusal_reason(committee=building, specialty=s, level=SENIOR, on_date=TODAY) == (
        "该评委会2026年度评审申报时间为3月1日至5月31日，当前不在申报时间内"
    )
    assert plan_refusal_reason(committee=building, specialty=s, level=SENIOR, on_date=D(2026, 5, 31)) is None
    plan_close(plan=plan, actor=None)
    assert plan_refusal_reason(committee=building, specialty=s, level=SENIOR, on_date=D(2026, 4, 1)) == (
        "该评委会2026年度评审申报已停止受理（申报时间原为3月1日至5月31日）"
    )
    make_plan(building, opens=D(2026, 9, 1), closes=D(2027, 1, 15))
    assert plan_refusal_reason(committee=building, specialty=s, level=SENIOR, on_date=TODAY) == (
        "该评委会2026年度评审申报时间为9月1日至2027年1月15日，当前不在申报时间内"
    )
    assert plan_refusal_reason(committee=heyuan, specialty=s, level=SENIOR, on_date=TODAY) == (
        "该评委会不评审建筑工程专业正高级职称，请选择其他评委会"
    )
    power = committee("广东省电力行业工程技术人才职称评审委员会")
    assert plan_refusal_reason(committee=power, specialty=specialty("电力工程"), level=SENIOR, on_date=TODAY) == (
        "该评委会通过广东电网职称评审管理系统受理申报，请到广东电网职称评审管理系统申报"
    )


def test_plans_visible_only_to_their_committee_office(building, heyuan, cast):
    mine = make_plan(building)
    theirs = make_plan(heyuan)
    assert list(plans_visible_to(user=cast["committee_office"])) == [mine]
    assert list(plans_visible_to(user=cast["other_committee_office"])) == [theirs]
    assert not plans_visible_to(user=cast["applicant_a"]).exists()
    assert not plans_visible_to(user=cast["province_hr_reviewer"]).exists()


# -- demo -------------------------------------------------------------------------------------------------
def test_demo_plans_are_open_today_and_idempotent(specialty):
    today = timezone.localdate()
    plans_load(today=today)
    plans_load(today=today)
    assert EvaluationPlan.objects.count() == 4
    assert committees_open_for(specialty=specialty("建筑工程"), level=DEPUTY, on_date=today)
    offers = committees_open_for(specialty=specialty("计算机软件"), level=DEPUTY, on_date=today)
    assert not offers
    computing = committee("广东省计算机与通信工程技术人才职称评审委员会")
    reason = plan_refusal_reason(committee=computing, specialty=specialty("计算机软件"), level=DEPUTY, on_date=today)
    assert "当前不在申报时间内" in reason
    river = [o.name for o in committees_open_for(specialty=specialty("水利工程"), level=INTERMEDIATE, on_date=today)
             if not o.is_external]
    assert sorted(river) == sorted(["清远市工程技术人才中级职称评审委员会", "河源市工程技术人才中级职称评审委员会"])


# -- pages ------------------------------------------------------------------------------------------------
@pytest.fixture
def office_client(client, cast):
    client.force_login(cast["committee_office"])
    return client


def test_office_creates_and_publishes_a_plan_through_the_pages(office_client, building, specialty):
    response = office_client.get(reverse("catalog:plans"))
    assert response.status_code == 200 and building.name in response.content.decode()
    url = reverse("catalog:plan_create", args=[building.pk])
    response = office_client.post(url, {
        "year": 2026, "title": "2026年度广东省建筑工程技术人才职称评审", "levels": ["1", "2"],
        "specialties": [str(specialty("建筑工程").pk)], "opens_at": "2026-03-01", "closes_at": "2026-06-30",
        "notes": "", "pledge_text": "本人承诺所报材料真实。\n如有不实，愿承担责任。",
    })
    plan = EvaluationPlan.objects.get(committee=building)
    assert response.status_code == 302 and response.url == reverse("catalog:plan", args=[plan.pk])
    assert plan.pledge_text == "本人承诺所报材料真实。\n如有不实，愿承担责任。"
    assert "如有不实，愿承担责任。" in office_client.get(response.url).content.decode()
    response = office_client.post(reverse("catalog:plan_publish", args=[plan.pk]), follow=True)
    assert "评审计划已发布" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    response = office_client.get(reverse("catalog:plan_edit", args=[plan.pk]))
    assert response.status_code == 200 and 'value="2026-03-01"' in response.content.decode()


def test_bad_input_is_shown_beside_the_field_and_kept(office_client, building):
    url = reverse("catalog:plan_create", args=[building.pk])
    response = office_client.post(url, {
        "year": 2026, "title": "我的计划", "levels": ["3"], "opens_at": "2026-07-01", "closes_at": "2026-06-01",
    })
    body = response.content.decode()
    assert response.status_code == 200
    assert "申报截止日期不能早于开始日期" in body
    assert "3 不在可用的选项中" in body  # 中级 is not offered by this committee
    assert 'value="我的计划"' in body
    assert "请填写诚信承诺书的内容" in body  # the pledge text may be reworded, never emptied
    response = office_client.post(url, {"year": "", "title": "", "opens_at": "x"})
    assert response.status_code == 200 and "请至少选择一个评审级别" in response.content.decode()
    assert not EvaluationPlan.objects.exists()


def test_other_users_get_404(client, cast, building):
    plan = make_plan(building)
    urls_for_plan = [reverse(n, args=[plan.pk]) for n in ("catalog:plan", "catalog:plan_edit")]
    for key in ("other_committee_office", "applicant_a", "province_hr_reviewer"):
        client.force_login(cast[key])
        for url in urls_for_plan + [reverse("catalog:plan_create", args=[building.pk]),
                                    reverse("catalog:eligibility_rules", args=[building.pk])]:
            assert client.get(url).status_code == 404, (key, url)
        assert client.post(reverse("catalog:plan_close", args=[plan.pk])).status_code == 404
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    client.force_login(cast["applicant_a"])
    assert client.get(reverse("catalog:plans")).status_code == 404
    client.logout()
    assert client.get(reverse("catalog:plans")).status_code == 302


def test_office_adjusts_eligibility_rules_through_the_pages(office_client, building):
    url = reverse("catalog:eligibility_rule_edit", args=[building.pk, DEPUTY])
    response = office_client.get(url)
    assert response.status_code == 200
    data = {
        "paths-TOTAL_FORMS": "3", "paths-INITIAL_FORMS": "0", "paths-MIN_NUM_FORMS": "0", "paths-MAX_NUM_FORMS": "8",
        "paths-0-min_education": "4", "paths-0-required_level": "3", "paths-0-min_years_at_required_level": "5",
        "paths-1-min_years_at_required_level": "3",  # years without a level: an error beside the field
        "source": "粤人社规〔2026〕1号",
    }
    response = office_client.post(url, data)
    assert response.status_code == 200 and "请选择须已取得的职称级别" in response.content.decode()
    data["paths-1-min_years_at_required_level"] = ""
    response = office_client.post(url, data, follow=True)
    body = response.content.decode()
    assert "本评委会条件" in body and "具备大学本科及以上学历，取得中级职称满5年" in body
    assert building.eligibility_rules.get(target_level=DEPUTY).paths.count() == 1
    office_client.post(url, {**data, "reset": "1"})
    assert not building.eligibility_rules.exists()
    assert office_client.get(reverse("catalog:eligibility_rule_edit", args=[building.pk, 5])).status_code == 404



def test_city_committees_serve_only_their_own_city(specialty):
    """属地管理: a 河源 applicant is offered provincial and 河源 committees, never 清远's."""
    heyuan_c = committee("河源市工程技术人才中级职称评审委员会")
    qingyuan_c = committee("清远市工程技术人才中级职称评审委员会")
    make_plan(heyuan_c)
    make_plan(qingyuan_c)
    heyuan_unit_region = "441622"  # 河源市龙川县
    names = {o.committee.name for o in committees_open_for(
        specialty=specialty("建筑工程"), level=INTERMEDIATE, on_date=TODAY, region_code=heyuan_unit_region
    )}
    assert heyuan_c.name in names and qingyuan_c.name not in names
    assert not any(n.startswith(("广州市", "深圳市")) for n in names)  # external city committees too
    everyone = {o.committee.name for o in committees_open_for(
        specialty=specialty("建筑工程"), level=INTERMEDIATE, on_date=TODAY
    )}
    assert qingyuan_c.name in everyone  # without a region (e.g. the office's own view) nothing is hidden
    reason = plan_refusal_reason(
        committee=qingyuan_c, specialty=specialty("建筑工程"), level=INTERMEDIATE, on_date=TODAY,
        region_code=heyuan_unit_region,
    )
    assert reason and "只受理清远市的申报人" in reason
    assert plan_refusal_reason(
        committee=qingyuan_c, specialty=specialty("建筑工程"), level=INTERMEDIATE, on_date=TODAY, region_code="441802"
    ) is None
    assert committee_serves_region(committee=qingyuan_c, region_code="441881")  # 英德市, a county of 清远


def test_a_new_plan_form_offers_the_default_pledge(office_client, building):
    from zhicheng.catalog.models import DEFAULT_PLEDGE_TEXT

    body = office_client.get(reverse("catalog:plan_create", args=[building.pk])).content.decode()
    assert "诚信承诺书" in body and DEFAULT_PLEDGE_TEXT.splitlines()[2] in body


def test_reminder_days_start_from_the_setting_and_are_edited_with_the_plan(office_client, building, settings):
    """Per-plan reminder lead (issue 20): a new plan takes ``REMINDER_WORKING_DAYS``; the office changes it on
    the plan form (audited, shown on the plan page); out-of-range input is refused beside the field and kept."""
    settings.REMINDER_WORKING_DAYS = 3
    url = reverse("catalog:plan_create", args=[building.pk])
    assert 'name="reminder_working_days" value="3"' in office_client.get(url).content.decode()
    plan = make_plan(building, publish=False)
    assert plan.reminder_working_days == 3
    data = {
        "year": 2026, "title": plan.title, "levels": [str(v) for v in plan.level_values], "opens_at": "2026-03-01",
        "closes_at": "2026-06-30", "notes": "", "pledge_text": plan.pledge_text, "reminder_working_days": "21",
        "pre_evaluation_notice": "on",
    }
    edit = reverse("catalog:plan_edit", args=[plan.pk])
    body = office_client.post(edit, data).content.decode()
    assert "确保该值小于或等于20" in body and 'name="reminder_working_days" value="21"' in body
    plan.refresh_from_db()
    assert plan.reminder_working_days == 3
    response = office_client.post(edit, {**data, "reminder_working_days": "5"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.reminder_working_days == 5
    event = AuditEvent.objects.filter(action="plan.update").latest("id")
    assert event.detail["before"] == {"reminder_working_days": 3} and event.detail["after"] == {
        "reminder_working_days": 5
    }
    assert (
        "各截止日期前 5 个工作日起提醒" in office_client.get(reverse("catalog:plan", args=[plan.pk])).content.decode()
    )
    # Left empty on the edit form: unchanged.
    office_client.post(edit, {**data, "reminder_working_days": ""})
    plan.refresh_from_db()
    assert plan.reminder_working_days == 5


def test_the_office_marks_a_plan_paper_first_on_the_plan_form(office_client, building):
    """先交纸质材料，后补网上信息 (issue 22, decision 0032): set on the plan form with the attachments required
    online, audited, shown on the plan page; a choice outside the list is refused beside the field."""
    plan = make_plan(building, publish=False)
    assert plan.paper_first is False and plan.online_attachments_required == []
    data = {
        "year": 2026, "title": plan.title, "levels": [str(v) for v in plan.level_values], "opens_at": "2026-03-01",
        "closes_at": "2026-06-30", "notes": "", "pledge_text": plan.pledge_text, "reminder_working_days": "2",
        "online_attachments_required": ["居民身份证", "户口本"], "paper_first": "on",
    }
    edit = reverse("catalog:plan_edit", args=[plan.pk])
    body = office_client.post(edit, data).content.decode()
    assert "请从列出的附件类别中选择" in body
    response = office_client.post(edit, {**data, "online_attachments_required": ["学历学位证书", "居民身份证"]})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.paper_first and plan.online_attachments_required == ["居民身份证", "学历学位证书"]
    event = AuditEvent.objects.filter(action="plan.update").latest("id")
    assert event.detail["after"]["paper_first"] is True
    page = office_client.get(reverse("catalog:plan", args=[plan.pk])).content.decode()
    assert "先交纸质材料，后补网上信息" in page and "居民身份证、学历学位证书" in page
    assert (
        'name="paper_first" id="id_paper_first" class="form-check-input" checked'
        in office_client.get(edit).content.decode()
    )
    office_client.post(edit, {k: v for k, v in data.items() if k not in ("paper_first", "online_attachments_required")})
    plan.refresh_from_db()
    assert not plan.paper_first and plan.online_attachments_required == []
