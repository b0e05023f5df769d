"""Sample people: the shape of a cast member and the helpers the demo (``zhicheng.demo.loader``) and the
tests' world (``tests.world.cast``) build their own casts with (decision 0036). Who is who (names,
identities, phones, roles) stays with each of them; nothing here is imported by the product's pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhicheng.common.validators import make_id_number
from zhicheng.orgs.constants import Role


@dataclass(frozen=True)
class Person:
    """One member of a cast: ``key`` (what code reads), name, identity, phone, what they are
    (``role_label``), and their role (``role``, an ``orgs.constants.Role``) at ``org`` (an organisation's
    name) or their administrator duty (``admin_duty``: system, security, audit)."""

    key: str
    name: str
    id_number: str
    phone: str
    role_label: str
    org: str = ""
    role: str = ""
    admin_duty: str = ""
    email: str = ""


def person_make(key, name, region, birth, seq, phone, label, org="", role="", duty="", email="") -> Person:
    """A ``Person`` whose ID number is made from ``region`` (6 digits), ``birth`` (YYYYMMDD) and ``seq``
    (3 digits) by ``make_id_number``; the other arguments are ``Person``'s fields in order."""
    return Person(key, name, make_id_number(region, birth, seq), phone, label, org, role, duty, email)


def experts_as_people(experts: list[tuple[str, str]], committee: str) -> list[Person]:
    """``experts`` (name, employer) as cast members ``expert_1`` …, each with the 评审专家 role at the
    committee named ``committee``, born in 1970 in 广州市天河区 (440106), phones 1360000xxxx."""
    return [
        person_make(f"expert_{i}", name, "440106", f"1970{(i % 12) + 1:02d}{(i % 27) + 1:02d}", f"{300 + i:03d}",
                    f"1360000{i:04d}", f"评审专家{i}（{employer}）", committee, Role.EXPERT)
        for i, (name, employer) in enumerate(experts, start=1)
    ]


def person_user(p: Person):
    """The account of ``p`` (by ID number); ``User.DoesNotExist`` before the cast is loaded."""
    from zhicheng.accounts.models import User

    return User.objects.get_by_id_number(p.id_number)


class Cast:
    """A cast: its ``members`` (one per role) and its ``experts``, found by key. A demo or a test world
    makes one and exposes its methods as module functions (``person = cast.person``)."""

    def __init__(self, members: list[Person], experts: list[Person]):
        self.members, self.experts = list(members), list(experts)

    def expert_people(self) -> list[Person]:
        """The experts (``expert_1`` …)."""
        return list(self.experts)

    def all_people(self) -> list[Person]:
        """The members and the experts."""
        return self.members + self.experts

    def person(self, key: str) -> Person:
        """The member or expert ``key``; ``StopIteration`` for an unknown key."""
        return next(p for p in self.all_people() if p.key == key)

    def user(self, key: str):
        """The account of ``person(key)``, once the cast is loaded."""
        return person_user(self.person(key))
