"""Dates against the person (issue 16 finding 6): nothing before birth, study from 5, work from 14."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhicheng.profiles.dates import MIN_AGE_STUDY, MIN_AGE_WORK, birthday_at, profile_row_date_errors
from zhicheng.profiles.models import EducationRecord, WorkRecord
from zhicheng.profiles.services import profile_get_or_create, profile_row_save

pytestmark = pytest.mark.django_db

BORN = dt.date(1990, 3, 15)


def test_birthday_at_handles_leap_day():
    assert birthday_at(dt.date(2000, 2, 29), 5) == dt.date(2005, 2, 28)
    assert birthday_at(BORN, 14) == dt.date(2004, 3, 15)


@pytest.mark.parametrize(
    ("section", "data", "field"),
    [
        (
            "educationrecord",
            {"start_date": dt.date(1985, 9, 1), "end_date": dt.date(1989, 7, 1)},
            "start_date",
        ),  # the report
        (
            "educationrecord",
            {"start_date": dt.date(1994, 9, 1), "end_date": dt.date(2000, 7, 1)},
            "start_date",
        ),  # aged 4
        ("workrecord", {"start_date": dt.date(2003, 8, 1)}, "start_date"),  # aged 13
        ("workrecord", {"start_date": dt.date(1989, 8, 1)}, "start_date"),
        ("achievement", {"date": dt.date(1989, 1, 1)}, "date"),
        ("appraisal", {"year": 2001}, "year"),
        ("continuingeducation", {"year": 1988}, "year"),
    ],
)
def test_refused(section, data, field):
    assert field in profile_row_date_errors(birth_date=BORN, section=section, data=data)


@pytest.mark.parametrize(
    ("section", "data"),
    [
        ("educationrecord", {"start_date": birthday_at(BORN, MIN_AGE_STUDY), "end_date": dt.date(2001, 7, 1)}),
        ("workrecord", {"start_date": birthday_at(BORN, MIN_AGE_WORK)}),
        ("achievement", {"date": dt.date(2012, 1, 1)}),
        ("appraisal", {"year": 2015}),
    ],
)
def test_accepted(section, data):
    assert profile_row_date_errors(birth_date=BORN, section=section, data=data) == {}


def test_no_birth_date_no_check():
    assert (
        profile_row_date_errors(birth_date=None, section="workrecord", data={"start_date": dt.date(1900, 1, 1)}) == {}
    )


def test_education_before_birth_is_refused_next_to_the_field(cast, client):
    user = cast["applicant_a"]
    client.force_login(user)
    born = user.birth_date
    start = dt.date(born.year - 5, 9, 1)
    response = client.post(
        reverse("profiles:section", args=["education"]),
        {"school": "嘉应学院", "major": "临床医学", "education": 4, "start_date": start.isoformat(),
         "end_date": dt.date(born.year + 22, 7, 1).isoformat()},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "早于本人出生日期" in response.context["form"].errors["start_date"][0]
    assert "嘉应学院" in html  # what was typed is kept
    assert not EducationRecord.objects.filter(profile__user=user).exists()


def test_work_before_fourteen_is_refused_next_to_the_field(cast, client):
    user = cast["applicant_a"]
    client.force_login(user)
    start = birthday_at(user.birth_date, MIN_AGE_WORK) - dt.timedelta(days=1)
    response = client.post(
        reverse("profiles:section", args=["work"]),
        {"unit_name": "龙川县人民医院", "post": "医师", "start_date": start.isoformat()},
    )
    assert "未满14周岁" in response.context["form"].errors["start_date"][0]


def test_title_obtained_before_birth_is_refused(cast, client):
    user = cast["applicant_a"]
    client.force_login(user)
    from zhicheng.catalog.models import Qualification

    qual = Qualification.objects.get(name="助理工程师")
    response = client.post(reverse("profiles:basic"), {
        "gender": user.gender, "ethnicity": "汉族", "political_status": "masses", "title_series": qual.series_id,
        "title_qualification": qual.pk, "title_obtained_on": dt.date(user.birth_date.year - 1, 1, 1).isoformat(),
    })
    assert "早于本人出生日期" in response.context["form"].errors["title_obtained_on"][0]


def test_the_service_refuses_too(cast):
    user = cast["applicant_a"]
    profile = profile_get_or_create(user=user)
    row = WorkRecord(unit_name="龙川县人民医院", post="医师", start_date=user.birth_date - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        profile_row_save(profile=profile, actor=user, row=row)
    assert "start_date" in exc.value.message_dict
