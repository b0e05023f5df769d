"""Accounts for tests, made through ``accounts.services.user_register`` (validated and audited like a
real registration), never from the demo's cast.

    UserFactory()                          # a 居民身份证 holder born in 龙川县 with a unique phone
    UserFactory(real_name="赵测试", password=...)
"""

from __future__ import annotations

import datetime as dt

import factory

from zhicheng.accounts.models import User
from zhicheng.common.validators import make_id_number

TEST_PASSWORD = "Ceshi#2026-factory"  # noqa: S105 - the tests' own password, not the demo's
GIVEN = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
REGION = "441622"  # 龙川县 (reference data)


def _id_number(n: int) -> str:
    # Birth dates from 1970 on, one per person; sequence 7xx: never a demo person's (< 500).
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=n)
    return make_id_number(REGION, birth.strftime("%Y%m%d"), f"7{n % 100:02d}")


def _name(n: int) -> str:
    return "测试" + GIVEN[n % len(GIVEN)] + GIVEN[(n // len(GIVEN)) % len(GIVEN)]


class UserFactory(factory.Factory):
    class Meta:
        model = User

    id_number = factory.Sequence(_id_number)
    real_name = factory.Sequence(_name)
    phone = factory.Sequence(lambda n: f"159{n:08d}")
    password = TEST_PASSWORD
    email = ""

    @classmethod
    def _create(cls, model_class, **kwargs) -> User:
        from zhicheng.accounts.services import user_register

        return user_register(**kwargs)
