"""Demo data: organisations across Guangdong, committees, and a fixed cast of people per role.

The demo's story is data: its organisations and committees (``data/demo/organisations.json``) and its
people (``data/demo/people.json``: the cast, the experts, the holders of external certificates and the
subject of the integrity record). The code that turns them into state is shared with the tests' world
(decision 0036): the ``samples`` modules of the apps (``zhicheng.catalog.samples.organisations_build``,
``zhicheng.accounts.samples``…). The tests have a cast of their own (``tests/world``) and do not read
this one. Loading is idempotent.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from zhicheng.accounts.samples import Cast, Person, experts_as_people, person_make
from zhicheng.catalog.samples import organisations_build
from zhicheng.orgs.models import Membership, Organisation

DEMO_FILE = Path(settings.BASE_DIR) / "data" / "demo" / "organisations.json"
DEMO_PASSWORD = "Zhicheng#2026"  # noqa: S105 - the published demo password
PEOPLE_FILE = Path(settings.BASE_DIR) / "data" / "demo" / "people.json"
PEOPLE = json.loads(PEOPLE_FILE.read_text(encoding="utf-8"))

BUILDING_COMMITTEE = "广东省建筑工程技术人才职称评审委员会"
HEYUAN_ENG_COMMITTEE = "河源市工程技术人才中级职称评审委员会"

#: One person per role (``data/demo/people.json``: ``cast``). The 省直 → 广东省建设教育协会 path
#: (非公有制单位的建筑类工程技术人员) has its reviewer and its supervising unit's, so that a new applicant
#: there reaches 入库 (issue 19).
CAST: list[Person] = [
    person_make(p["key"], p["name"], p["region"], p["birth"], p["seq"], p["phone"], p["label"], p.get("org", ""),
                p.get("role", ""), p.get("duty", ""), p.get("email", ""))
    for p in PEOPLE["cast"]
]

#: The expert pool of the provincial building committee (name, employer).
EXPERTS: list[tuple[str, str]] = [(e["name"], e["employer"]) for e in PEOPLE["experts"]]


#: The demo's cast and experts; ``person(key)``, ``user(key)`` (the account, once the demo is loaded).
_cast = Cast(CAST, experts_as_people(EXPERTS, BUILDING_COMMITTEE))
all_people, expert_people, person, user = _cast.all_people, _cast.expert_people, _cast.person, _cast.user


@transaction.atomic
def demo_organisations_load() -> int:
    """The demo's organisations and committees (``data/demo/organisations.json``), built by
    ``zhicheng.catalog.samples.organisations_build``; returns how many."""
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    return organisations_build(supervising_units=data["supervising_units"], provincial_points=data["provincial_points"],
                               employers=data["employers"], committees=data["committees"])


@transaction.atomic
def demo_people_load(*, password: str = DEMO_PASSWORD) -> list[Person]:
    from zhicheng.accounts.models import User, id_digest

    people = all_people()
    for p in people:
        user = User.objects.filter(id_number_digest=id_digest(p.id_number)).first()
        if user is None:
            user = User(real_name=p.name)
            user.set_id_number(p.id_number)
            user.set_password(password)
        user.real_name = p.name
        user.set_phone(p.phone)
        user.email = p.email
        user.admin_duty = p.admin_duty
        user.is_staff = p.admin_duty == "system"
        user.is_superuser = p.admin_duty == "system"
        user.save()
        if p.org:
            org = Organisation.objects.get(name=p.org)
            Membership.objects.update_or_create(user=user, organisation=org, role=p.role, defaults={"is_active": True})
    return people


def demo_load(*, with_cases: bool = True) -> list[Person]:
    """Everything the demo shows. Tests load it with ``with_cases=False`` so that queues start empty."""
    from zhicheng.demo.announcements import demo_announcements_load
    from zhicheng.demo.catalog import demo_plans_load
    from zhicheng.demo.certificates import demo_certificates_load
    from zhicheng.demo.evaluation import demo_evaluation_load
    from zhicheng.demo.profiles import demo_profiles_load

    demo_organisations_load()
    people = demo_people_load()
    demo_plans_load()
    demo_evaluation_load()
    demo_certificates_load()
    demo_announcements_load(with_notices=with_cases)  # 清远市's FAQ always; the province's notice with the cases
    if with_cases:
        from zhicheng.demo.businesses import demo_businesses_load

        demo_profiles_load()
        demo_businesses_load()
        from zhicheng.demo.fees import demo_fees_load

        demo_fees_load()  # the 河源 plan charges a 评审费: accepting 王建国's case issues his payment notice
        from zhicheng.demo.evaluation import demo_evaluation_stages_load

        demo_evaluation_stages_load()  # 王建国's 评审申请 in three stages after 受理 (decision 0031)
        from zhicheng.demo.integrity import demo_integrity_load

        demo_integrity_load()  # 周德明: a finding that revoked his certificate (诚信档案)
        # Units with cases waiting and nobody to act are flagged to their supervising unit and HR bureau.
        from zhicheng.orgs.services import unattended_units_flag

        unattended_units_flag()
        # Last: 梁嘉欣's 评审申请 at a 清远 unit, her 评前公示 running today (/pre-notices/), with its own people.
        from zhicheng.demo.pre_evaluation import demo_pre_evaluation_load

        people = people + demo_pre_evaluation_load()
    return people
