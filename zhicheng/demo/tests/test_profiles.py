"""The demo's profiles: 王建国 stored, 李雪梅 waiting at her unit; loading twice changes nothing."""

import pytest

from zhicheng.cases.models import Case
from zhicheng.demo.profiles import demo_profiles_load
from zhicheng.profiles.models import Profile
from zhicheng.profiles.selectors import profile_stored_achievements, profile_stored_chain

pytestmark = pytest.mark.django_db


def test_demo_profiles_load(cast):
    demo_profiles_load()
    demo_profiles_load()  # idempotent
    chain = profile_stored_chain(cast["applicant_c"])
    assert chain.is_stored and chain.personnel_unit.name == "龙川县城乡建设投资有限公司"
    assert chain.supervising_unit.name == "龙川县住房和城乡建设局"
    assert len(profile_stored_achievements(cast["applicant_c"])) == 3
    b = Profile.objects.get(user=cast["applicant_b"])
    assert b.stored_version is None
    assert Case.objects.get(applicant=cast["applicant_b"]).current_organisation.name == "龙川县人民医院"
