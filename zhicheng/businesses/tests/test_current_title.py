"""The applicant's current title (现职称) for the application rules is the highest title they hold: a
certificate issued in this system and in force counts beside the title recorded in the profile (a
newcomer's walk: 王建国, holding a 高级工程师 certificate, was told "您目前的职称为助理级")."""

from __future__ import annotations

import datetime as dt

import pytest

from zhicheng.businesses.selectors import current_title_of, precheck
from zhicheng.catalog.constants import TitleLevel
from zhicheng.catalog.models import Qualification, Series
from zhicheng.certificates.services import certificate_revoke
from zhicheng.certificates.tests.factories import CertificateFactory
from zhicheng.profiles.constants import PoliticalStatus
from zhicheng.profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def person_with_intermediate_title():
    series = Series.objects.get(code="engineering")
    basic = {"ethnicity": "汉族", "political_status": PoliticalStatus.MASSES, "title_series": series,
             "title_level": TitleLevel.INTERMEDIATE, "title_obtained_on": dt.date(2015, 12, 1),
             "title_qualification": Qualification.objects.get(series=series, name="工程师")}
    return ProfileFactory(stored=True, basic=basic).user


def senior_certificate(holder):
    senior = Qualification.objects.get(series__code="engineering", name="高级工程师")
    return CertificateFactory(holder=holder, qualification=senior, issued_on=dt.date(2021, 12, 20))


def test_an_in_force_certificate_above_the_recorded_title_is_the_current_title():
    user = person_with_intermediate_title()
    assert current_title_of(user=user).level == TitleLevel.INTERMEDIATE
    senior_certificate(user)
    title = current_title_of(user=user)
    assert (title.level, title.obtained_on, title.qualification) == (TitleLevel.DEPUTY_SENIOR, dt.date(2021, 12, 20),
                                                                     "高级工程师")
    result = precheck(user=user, level=TitleLevel.SENIOR)
    unmet = [u for p in result.paths for u in p.unmet]
    assert unmet and not any("您目前的职称为中级" in u for u in unmet)


def test_a_revoked_certificate_does_not_count(cast):
    user = person_with_intermediate_title()
    certificate_revoke(certificate=senior_certificate(user), reason="以伪造业绩取得，依法撤销",
                       actor=cast["hr_reviewer"])
    assert current_title_of(user=user).level == TitleLevel.INTERMEDIATE
