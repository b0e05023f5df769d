"""Personal information (个人基本信息) of the test world: who has which sample profile
(``zhicheng.profiles.samples``, built through the profile services: fill → submit → approve → approve).

* 王建国 (``applicant_c``): the engineer's stored profile at 龙川县城乡建设投资有限公司 (主管单位
  龙川县住房和城乡建设局), 助理工程师 (工程系列) since 2019, with education, work history and achievements,
  approved by ``unit_reviewer_2`` and ``supervisor_reviewer_2``.
* 李雪梅 (``applicant_b``): the nurse's profile submitted and waiting at 龙川县人民医院.

``profiles_load`` is idempotent: a person who already has a profile is left alone. For a profile in a
given state of a new person, use ``zhicheng.profiles.tests.factories.ProfileFactory``.
"""

from __future__ import annotations

from django.db import transaction

from tests.world.cast import user
from zhicheng.profiles.samples import engineer_profile_store, nurse_profile_submit, profile_fill

__all__ = ["profile_fill", "profiles_load"]


@transaction.atomic
def profiles_load() -> None:
    """王建国's stored profile and 李雪梅's submitted one, unless they have one."""
    engineer_profile_store(user=user("applicant_c"), unit_reviewer=user("unit_reviewer_2"),
                           supervisor_reviewer=user("supervisor_reviewer_2"))
    nurse_profile_submit(user=user("applicant_b"))
