"""Eligibility pre-check: every condition's message, the anniversary boundary, and rule lookup."""

import datetime as dt

import pytest

from zhicheng.catalog.constants import Education, TitleLevel
from zhicheng.catalog.eligibility import (
    PathSpec,
    RuleSpec,
    anniversary,
    eligibility_check,
    eligibility_evaluate,
    eligibility_rule_for,
    full_years,
    path_description,
)
from zhicheng.catalog.models import Committee, EligibilityRule, Series
from zhicheng.catalog.services import eligibility_rule_override, eligibility_rule_reset, eligibility_rules_load

D = dt.date
A, MID = TitleLevel.ASSISTANT, TitleLevel.INTERMEDIATE

INTERMEDIATE_RULE = RuleSpec(
    target_level=MID,
    paths=(
        PathSpec(min_education=Education.DOCTOR),
        PathSpec(min_education=Education.BACHELOR, required_level=A, min_years_at_required_level=4),
    ),
)
GRADUATION_RULE = RuleSpec(
    target_level=A, paths=(PathSpec(min_education=Education.BACHELOR, min_years_since_graduation=1),)
)


def check(rule=INTERMEDIATE_RULE, **kw):
    values = {
        "target_level": rule.target_level, "education": Education.BACHELOR, "graduated_on": D(2015, 7, 1),
        "current_level": A, "current_title_obtained_on": D(2020, 7, 1), "on_date": D(2026, 11, 20),
    }
    values.update(kw)
    return eligibility_evaluate(rule=rule, **values)


# -- dates -----------------------------------------------------------------------------------------
def test_anniversary_and_full_years():
    assert anniversary(D(2022, 7, 1), 4) == D(2026, 7, 1)
    assert anniversary(D(2020, 2, 29), 1) == D(2021, 2, 28)  # 民法典 第二百零二条: month's last day
    assert anniversary(D(2020, 2, 29), 4) == D(2024, 2, 29)
    assert full_years(D(2022, 7, 1), D(2026, 7, 1)) == 4
    assert full_years(D(2022, 7, 1), D(2026, 6, 30)) == 3
    assert full_years(D(2022, 7, 1), D(2021, 1, 1)) == 0
    assert full_years(D(2020, 2, 29), D(2021, 2, 28)) == 1
    assert full_years(D(2020, 2, 29), D(2021, 2, 27)) == 0


def test_exactly_four_years_on_the_anniversary_passes_and_one_day_before_fails():
    obtained = D(2022, 7, 1)
    assert check(current_title_obtained_on=obtained, on_date=D(2026, 7, 1)).passed
    result = check(current_title_obtained_on=obtained, on_date=D(2026, 6, 30))
    assert not result.passed
    assert result.paths[1].unmet == ["须取得助理级职称满4年，您于2022年7月取得，至2026年6月满3年"]


def test_graduation_boundary():
    assert check(GRADUATION_RULE, graduated_on=D(2025, 7, 1), on_date=D(2026, 7, 1)).passed
    result = check(GRADUATION_RULE, graduated_on=D(2025, 7, 1), on_date=D(2026, 6, 30))
    assert result.paths[0].unmet == ["须毕业满1年，您于2025年7月毕业，至2026年6月不满1年"]


# -- messages ---------------------------------------------------------------------------------------
def test_education_too_low():
    result = check(education=Education.COLLEGE)
    assert not result.passed
    assert result.paths[0].unmet == ["申报中级须具备博士研究生学历，您的最高学历为大学专科"]
    assert result.paths[1].unmet == ["申报中级须具备大学本科及以上学历，您的最高学历为大学专科"]


def test_education_missing():
    result = check(education=None)
    assert result.paths[1].unmet == ["申报中级须具备大学本科及以上学历，您尚未填写最高学历"]


def test_years_at_level_too_few():
    result = check(current_title_obtained_on=D(2024, 7, 15), on_date=D(2026, 11, 20))
    assert result.paths[1].unmet == ["须取得助理级职称满4年，您于2024年7月取得，至2026年11月满2年"]


def test_years_at_level_under_one_year():
    result = check(current_title_obtained_on=D(2026, 3, 1), on_date=D(2026, 11, 20))
    assert result.paths[1].unmet == ["须取得助理级职称满4年，您于2026年3月取得，至2026年11月不满1年"]


def test_no_title_or_a_lower_title():
    assert check(current_level=None).paths[1].unmet == ["须取得助理级职称满4年，您目前没有职称"]
    assert check(current_level=TitleLevel.JUNIOR).paths[1].unmet == ["须取得助理级职称满4年，您目前的职称为员级"]


def test_title_date_missing():
    assert check(current_title_obtained_on=None).paths[1].unmet == ["须取得助理级职称满4年，您尚未填写取得现职称的时间"]


def test_graduation_date_missing():
    assert check(GRADUATION_RULE, graduated_on=None).paths[0].unmet == ["须毕业满1年，您尚未填写毕业时间"]


def test_level_without_years():
    rule = RuleSpec(target_level=MID, paths=(PathSpec(required_level=A),))
    assert check(rule, current_level=TitleLevel.JUNIOR).paths[0].unmet == ["须已取得助理级职称，您目前的职称为员级"]
    assert check(rule, current_level=A, current_title_obtained_on=None).passed


def test_a_higher_title_counts_for_the_required_level():
    assert check(current_level=TitleLevel.INTERMEDIATE, current_title_obtained_on=D(2020, 1, 1)).passed


def test_several_unmet_conditions_in_one_path_and_any_path_passes():
    result = check(education=Education.COLLEGE, current_level=TitleLevel.JUNIOR)
    assert result.paths[1].unmet == [
        "申报中级须具备大学本科及以上学历，您的最高学历为大学专科",
        "须取得助理级职称满4年，您目前的职称为员级",
    ]
    assert check(education=Education.DOCTOR, current_level=None).passed  # 博士 directly
    assert "暂不符合申报中级" in result.summary


def test_no_rule_passes_with_a_note():
    result = eligibility_evaluate(
        rule=None, target_level=MID, education=None, graduated_on=None, current_level=None,
        current_title_obtained_on=None, on_date=D(2026, 1, 1),
    )
    assert result.passed and not result.rule_found
    assert "未设置申报中级的条件" in result.summary


def test_path_descriptions():
    assert path_description(INTERMEDIATE_RULE.paths[0]) == "具备博士研究生学历"
    assert path_description(INTERMEDIATE_RULE.paths[1]) == "具备大学本科及以上学历，取得助理级职称满4年"
    assert path_description(GRADUATION_RULE.paths[0]) == "具备大学本科及以上学历，毕业满1年"
    assert path_description(PathSpec()) == "无学历和资历要求"


# -- rules kept as data ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_defaults_are_loaded_idempotently_from_the_json():
    assert EligibilityRule.objects.filter(committee=None).count() == 5
    assert eligibility_rules_load() == 5
    assert eligibility_rules_load() == 5
    assert EligibilityRule.objects.filter(committee=None).count() == 5
    rule = eligibility_rule_for(target_level=MID)
    assert [path_description(p) for p in rule.paths] == [
        "具备博士研究生学历",
        "具备硕士研究生及以上学历，取得助理级职称满2年",
        "具备大学本科及以上学历，取得助理级职称满4年",
        "具备大学专科及以上学历，取得助理级职称满4年",
    ]
    assert "人社部发〔2019〕16号" in rule.source


@pytest.mark.django_db
def test_default_check_for_intermediate_through_the_database():
    common = {"graduated_on": D(2016, 7, 1), "current_level": A, "on_date": D(2026, 11, 20)}
    ok = eligibility_check(
        target_level=MID, education=Education.BACHELOR, current_title_obtained_on=D(2022, 11, 20), **common
    )
    assert ok.passed
    ko = eligibility_check(
        target_level=MID, education=Education.SECONDARY, current_title_obtained_on=D(2024, 7, 1), **common
    )
    assert not ko.passed
    assert "须取得助理级职称满4年，您于2024年7月取得，至2026年11月满2年" in ko.paths[2].unmet


@pytest.mark.django_db
def test_committee_override_wins_for_its_committee_only(cast):
    heyuan = Committee.objects.get(organisation__name="河源市工程技术人才中级职称评审委员会")
    qingyuan = Committee.objects.get(organisation__name="清远市工程技术人才中级职称评审委员会")
    eligibility_rule_override(
        committee=heyuan, target_level=MID, actor=cast["other_committee_office"], source="河源市试行",
        paths=[{"min_education": Education.COLLEGE, "required_level": A, "min_years_at_required_level": 3}],
    )
    applicant = {
        "target_level": MID, "education": Education.COLLEGE, "graduated_on": D(2015, 7, 1), "current_level": A,
        "current_title_obtained_on": D(2023, 7, 1), "on_date": D(2026, 8, 1),
    }
    assert eligibility_check(committee=heyuan, **applicant).passed
    assert eligibility_check(committee=heyuan, **applicant).scope_label == heyuan.name
    assert not eligibility_check(committee=qingyuan, **applicant).passed
    assert not eligibility_check(**applicant).passed
    from zhicheng.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action="eligibility_rule.override").first()
    assert event.organisation == heyuan.organisation and event.detail["after"][0]["min_years_at_required_level"] == 3
    assert eligibility_rule_reset(committee=heyuan, target_level=MID, actor=cast["other_committee_office"])
    assert not eligibility_check(committee=heyuan, **applicant).passed
    assert AuditEvent.objects.filter(action="eligibility_rule.reset").exists()


@pytest.mark.django_db
def test_series_specific_default_beats_the_general_default(cast):
    teacher = Series.objects.get(code="teacher")
    rule = EligibilityRule.objects.create(series=teacher, target_level=MID, source="教师系列")
    rule.paths.create(min_education=Education.MASTER)
    assert eligibility_rule_for(target_level=MID, series=teacher).paths == (PathSpec(min_education=Education.MASTER),)
    assert len(eligibility_rule_for(target_level=MID).paths) == 4


@pytest.mark.django_db
def test_override_rejects_levels_outside_the_committee_and_empty_paths(cast):
    from django.core.exceptions import ValidationError

    heyuan = Committee.objects.get(organisation__name="河源市工程技术人才中级职称评审委员会")
    with pytest.raises(ValidationError):
        eligibility_rule_override(
            committee=heyuan, target_level=TitleLevel.SENIOR, actor=None, paths=[{"min_education": 4}]
        )
    with pytest.raises(ValidationError):
        eligibility_rule_override(committee=heyuan, target_level=MID, actor=None, paths=[{}])
