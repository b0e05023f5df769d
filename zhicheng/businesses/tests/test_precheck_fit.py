"""The pre-check (issue 17): it refuses a title already held or below the current one, for 评审申请 and
考核认定 alike, and warns — without refusing — about a specialty unlike the applicant's studies or a
series other than their current title's; the warning reaches the applicant and the reviewer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhicheng.businesses import services
from zhicheng.businesses.models import EvaluationApplication, RecognitionApplication
from zhicheng.businesses.selectors import precheck
from zhicheng.cases.workflow import CaseError
from zhicheng.catalog.constants import TitleLevel
from zhicheng.catalog.eligibility import major_related, specialty_fit_warnings, specialty_related_words

from .conftest import heyuan_committee, title, title_in_another_series

pytestmark = pytest.mark.django_db


# -- the pure rule ----------------------------------------------------------------------------------
def test_related_majors_from_the_word_list():
    words = specialty_related_words(series_name="工程", specialty_name="建筑工程")
    assert major_related("土木工程", words) and major_related("土木工程（道路与桥梁方向）", words)
    assert not major_related("汉语言文学", words) and not major_related("", words)
    # a short major inside a word ("护理" in "护理学" is the other way round: both match)
    assert major_related("护理学", specialty_related_words(series_name="卫生", specialty_name="护理"))
    # a specialty the list does not name is compared by its own name
    assert specialty_related_words(series_name="工程", specialty_name="核工程") == ["核工程"]


def test_fit_warnings_name_the_studies_and_the_series():
    assert specialty_fit_warnings(series_name="工程", specialty_name="建筑工程", majors=["土木工程"],
                                  current_series="工程", current_qualification="助理工程师") == []
    (studies,) = specialty_fit_warnings(
        series_name="工程", specialty_name="计算机软件", majors=["土木工程", "土木工程"], current_series="工程"
    )
    assert "所学专业（土木工程）与申报专业“计算机软件”不相近" in studies
    (series,) = specialty_fit_warnings(series_name="经济", specialty_name="工商管理", majors=["工商管理"],
                                       current_series="工程", current_qualification="助理工程师")
    assert "现职称为助理工程师（工程系列）" in series and "转系列" in series
    both = specialty_fit_warnings(series_name="经济", specialty_name="金融", majors=["土木工程"], current_series="工程")
    assert len(both) == 2
    # nothing typed: no warning about studies (the pre-check already asks for the education)
    assert specialty_fit_warnings(series_name="工程", specialty_name="计算机软件", majors=[""]) == []


# -- refusal of a title held or below, both businesses ------------------------------------------------
@pytest.mark.parametrize("level", [TitleLevel.ASSISTANT, TitleLevel.JUNIOR])
def test_recognition_precheck_and_submit_refuse_a_title_held_or_below(stored_c, level):
    t = title(level)
    result = precheck(user=stored_c, level=t["level"], series=t["series"], specialty=t["specialty"],
                      qualification=t["qualification"])
    assert result.refusal and result.summary.startswith("不能申报：")
    app = services.recognition_save(actor=stored_c, **t, pledge_confirmed=True)
    with pytest.raises(CaseError) as exc:
        services.recognition_submit(case=app.case, actor=stored_c)
    assert exc.value.message == result.refusal  # one rule, the same words


def test_evaluation_submit_refuses_a_title_held_or_below(stored_c, cast):
    committee = heyuan_committee()
    # 王建国 holds 助理工程师: an evaluation for 助理级 is refused by the same rule
    t = title(TitleLevel.ASSISTANT)
    result = precheck(user=stored_c, level=t["level"], series=t["series"], committee=committee,
                      qualification=t["qualification"])
    assert "“助理工程师”" in result.refusal and result.refusal.endswith("不能重复申报。")
    with pytest.raises(CaseError) as exc:
        services._refuse_held_title(actor=stored_c, qualification=t["qualification"], level=t["level"])
    assert exc.value.message == result.refusal
    # and the submission service applies it: his stored title is made 中级, then 中级 is "held"
    app = services.evaluation_save(actor=stored_c, **title(TitleLevel.INTERMEDIATE), committee=committee,
                                   pledge_confirmed=True)
    _hold(stored_c, TitleLevel.INTERMEDIATE)
    with pytest.raises(CaseError) as exc:
        services.evaluation_submit(case=app.case, actor=stored_c)
    assert "您的现职称已是“工程师”" in exc.value.message
    app.case.refresh_from_db()
    assert app.case.status == "draft"


def _hold(user, level):
    """Make the stored version say the applicant's current title is the 工程 qualification of ``level``."""
    from zhicheng.catalog.models import Qualification
    from zhicheng.profiles.selectors import profile_stored_chain

    version = profile_stored_chain(user).version
    q = Qualification.objects.get(series__code="engineering", level=level, track="")
    data = dict(version.data)
    data["title"] = {**data["title"], "qualification": q.name, "level": str(TitleLevel(level).label)}
    type(version).objects.filter(pk=version.pk).update(data=data)


def test_evaluation_below_the_current_title_is_refused(stored_c):
    _hold(stored_c, TitleLevel.INTERMEDIATE)
    app = services.evaluation_save(actor=stored_c, **title(TitleLevel.INTERMEDIATE), committee=heyuan_committee(),
                                   pledge_confirmed=True)
    _hold(stored_c, TitleLevel.DEPUTY_SENIOR)
    with pytest.raises(CaseError) as exc:
        services.evaluation_submit(case=app.case, actor=stored_c)
    assert "不能申报更低级别（中级）" in exc.value.message


def test_another_series_at_the_same_level_is_not_refused_but_warned(stored_c):
    t = title_in_another_series(TitleLevel.ASSISTANT)
    result = precheck(user=stored_c, level=t["level"], series=t["series"], specialty=t["specialty"],
                      qualification=t["qualification"])
    assert result.refusal == ""
    assert any("转系列" in w for w in result.warnings)


# -- the warning: stored at submission, shown to applicant and reviewer ------------------------------
def test_specialty_unlike_the_studies_is_warned_not_refused(stored_c, cast, client):
    app = services.evaluation_save(actor=stored_c, **title(TitleLevel.INTERMEDIATE, specialty="计算机软件"),
                                   committee=heyuan_committee(), pledge_confirmed=True)
    case = services.evaluation_submit(case=app.case, actor=stored_c)
    assert case.status == "submitted"  # a warning, not a refusal
    stored = EvaluationApplication.objects.get(case=case).eligibility
    assert stored["refusal"] == "" and len(stored["warnings"]) == 1
    assert "所学专业（土木工程）与申报专业“计算机软件”不相近" in stored["warnings"][0]
    # the applicant saw it on the form before submitting
    client.force_login(stored_c)
    t = title(TitleLevel.INTERMEDIATE, specialty="计算机软件")
    html = client.get(reverse("businesses:options", args=["evaluation"]), {
        "series": t["series"].pk, "specialty": t["specialty"].pk, "level": 3,
        "qualification": t["qualification"].pk}).content.decode()
    assert "precheck-warning" in html and "与申报专业“计算机软件”不相近" in html
    # the reviewer sees it next to the pre-check, at submission and now
    client.force_login(cast["unit_reviewer_2"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    detail = page[page.index('id="eligibility-detail"'):]
    assert detail.count("与申报专业“计算机软件”不相近") == 2
    assert "提示（不影响提交，审核人员可见）" in detail


def test_related_specialty_has_no_warning(stored_c, cast):
    app = services.recognition_save(actor=stored_c, **title(TitleLevel.INTERMEDIATE), pledge_confirmed=True)
    case = services.recognition_submit(case=app.case, actor=stored_c)
    assert RecognitionApplication.objects.get(case=case).eligibility["warnings"] == []


def test_refusal_shown_on_the_form_before_submitting(stored_c, client):
    client.force_login(stored_c)
    t = title(TitleLevel.ASSISTANT)
    html = client.get(reverse("businesses:options", args=["recognition"]), {
        "series": t["series"].pk, "specialty": t["specialty"].pk, "level": int(TitleLevel.ASSISTANT),
        "qualification": t["qualification"].pk}).content.decode()
    assert "申报条件预审：不能申报" in html and "“助理工程师”" in html and "不能重复申报。" in html
