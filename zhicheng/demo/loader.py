"""Demo data: organisations across Guangdong, committees, and a fixed cast of people per role.

The same cast is the tests' base set-up (``tests/conftest.py``), so that what a tester sees in the
demo is what the tests exercise. Loading is idempotent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from zhicheng.catalog.constants import RunsOn
from zhicheng.catalog.models import Committee, Series, Specialty
from zhicheng.common.validators import make_id_number  # noqa: F401  (the demo's and older tests' import)
from zhicheng.orgs.constants import OrgKind, RegionLevel, Role
from zhicheng.orgs.models import Membership, Organisation, Region
from zhicheng.orgs.services import organisation_upsert

DEMO_FILE = Path(settings.BASE_DIR) / "data" / "demo" / "organisations.json"
DEMO_PASSWORD = "Zhicheng#2026"  # noqa: S105 - the published demo password


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    id_number: str
    phone: str
    role_label: str
    org: str = ""  # organisation name
    role: str = ""  # Role value
    admin_duty: str = ""
    email: str = ""


def _p(key, name, region, birth, seq, phone, label, org="", role="", duty="", email=""):
    return Person(key, name, make_id_number(region, birth, seq), phone, label, org, role, duty, email)


BUILDING_COMMITTEE = "广东省建筑工程技术人才职称评审委员会"
HEYUAN_ENG_COMMITTEE = "河源市工程技术人才中级职称评审委员会"

CAST: list[Person] = [
    _p("applicant_a", "张晓明", "441622", "19900315", "013", "13800000001", "申报人A", email="zhangxm@example.com"),
    _p("applicant_b", "李雪梅", "441602", "19880720", "024", "13800000002", "申报人B"),
    _p("applicant_c", "王建国", "440104", "19790512", "035", "13800000003", "申报人C"),
    _p("unit_reviewer", "陈志强", "441622", "19800101", "051", "13900000001", "人事管理单位审核人员", "龙川县人民医院", Role.REVIEWER),
    _p("unit_admin", "何静", "441622", "19820202", "062", "13900000002", "人事管理单位管理员", "龙川县人民医院", Role.ORG_ADMIN),
    _p("other_unit_reviewer", "刘芳", "441622", "19830303", "072", "13900000003", "另一人事管理单位审核人员", "龙川县中医院", Role.REVIEWER),
    _p("supervisor_reviewer", "黄伟", "441622", "19780404", "081", "13900000004", "主管单位审核人员", "龙川县卫生健康局", Role.REVIEWER),
    _p("other_supervisor_reviewer", "周敏", "441602", "19790505", "092", "13900000005", "另一主管单位审核人员", "河源市卫生健康局", Role.REVIEWER),
    _p("unit_reviewer_2", "罗海", "441622", "19840606", "101", "13900000006", "人事管理单位审核人员（建设）", "龙川县城乡建设投资有限公司", Role.REVIEWER),
    _p("supervisor_reviewer_2", "邓彬", "441622", "19770707", "111", "13900000007", "主管单位审核人员（住建）", "龙川县住房和城乡建设局", Role.REVIEWER),
    _p("hr_reviewer", "吴刚", "441602", "19750808", "121", "13900000008", "人社部门审核人员（河源市）", "河源市人力资源和社会保障局", Role.REVIEWER),
    _p("window_staff", "郑丽", "441602", "19860909", "132", "13900000009", "服务窗口工作人员（河源市）", "河源市人力资源和社会保障局", Role.WINDOW_STAFF),
    _p("county_hr_reviewer", "叶青", "441622", "19851010", "142", "13900000010", "人社部门审核人员（龙川县）", "河源市龙川县人力资源和社会保障局", Role.REVIEWER),
    _p("other_hr_reviewer", "孙强", "441802", "19761111", "151", "13900000011", "人社部门审核人员（清远市）", "清远市人力资源和社会保障局", Role.REVIEWER),
    _p("province_hr_reviewer", "赵磊", "440104", "19731212", "161", "13900000012", "人社部门审核人员（省人社厅）", "广东省人力资源和社会保障厅", Role.REVIEWER),
    _p("committee_office", "马琳", "440104", "19810113", "172", "13900000013", "评委会办公室（省建筑）", BUILDING_COMMITTEE, Role.COMMITTEE_OFFICE),
    _p("other_committee_office", "林涛", "441602", "19820214", "181", "13900000014", "评委会办公室（河源市工程）", HEYUAN_ENG_COMMITTEE, Role.COMMITTEE_OFFICE),
    # The 省直 → 广东省建设教育协会 path (非公有制单位的建筑类工程技术人员): its reviewer and the reviewer of
    # its supervising unit, so that a new applicant there reaches 入库 (issue 19).
    _p("point_reviewer", "苏建新", "440104", "19830615", "222", "13900000015", "非公申报点审核人员（广东省建设教育协会）", "广东省建设教育协会", Role.REVIEWER),
    _p("province_supervisor_reviewer", "钟晓红", "440104", "19790918", "231", "13900000016", "主管单位审核人员（广东省住房和城乡建设厅）", "广东省住房和城乡建设厅", Role.REVIEWER),
    _p("system_admin", "钱进", "440104", "19700315", "191", "13700000001", "系统管理员", duty="system"),
    _p("security_admin", "冯安", "440104", "19710416", "202", "13700000002", "安全管理员", duty="security"),
    _p("audit_admin", "卫审", "440104", "19720517", "211", "13700000003", "审计管理员", duty="audit"),
]

# The expert pool of the provincial building committee (name, employer).
EXPERTS: list[tuple[str, str]] = [
    ("高建华", "广东省建筑设计研究院有限公司"), ("梁永康", "广东省建筑工程集团有限公司"),
    ("谢文斌", "广州市市政工程设计研究总院有限公司"), ("韩立新", "广州地铁集团有限公司"),
    ("曾思远", "深圳市建筑科学研究院股份有限公司"), ("彭国栋", "广东省交通规划设计研究院集团股份有限公司"),
    ("邱明亮", "清远市建筑设计院有限公司"), ("蔡志伟", "龙川县城乡建设投资有限公司"),
    ("潘晓东", "广东省建筑设计研究院有限公司"), ("袁丽华", "广东省工业设计研究院"),
    ("许振宇", "佛山市顺德区家电研究院有限公司"), ("傅晓峰", "广东省电子信息产业集团有限公司"),
]


def expert_people() -> list[Person]:
    people = []
    for i, (name, employer) in enumerate(EXPERTS, start=1):
        people.append(
            _p(f"expert_{i}", name, "440106", f"1970{(i % 12) + 1:02d}{(i % 27) + 1:02d}", f"{300 + i:03d}",
               f"1360000{i:04d}", f"评审专家{i}（{employer}）", BUILDING_COMMITTEE, Role.EXPERT)
        )
    return people


def all_people() -> list[Person]:
    return CAST + expert_people()


def person(key: str) -> Person:
    return next(p for p in all_people() if p.key == key)


@transaction.atomic
def demo_organisations_load() -> int:
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    count = 0
    by_name: dict[str, Organisation] = {}
    for item in data["supervising_units"]:
        by_name[item["name"]] = organisation_upsert(
            name=item["name"], kind=OrgKind.SUPERVISING_UNIT, region_code=item["region"], prefix=item["prefix"]
        )
        count += 1
    bureaus = {o.region_id: o for o in Organisation.objects.filter(kind=OrgKind.HR_BUREAU)}
    # A talent market and a non-public application point in every city, under its HR bureau.
    for city in Region.objects.filter(level=RegionLevel.CITY):
        organisation_upsert(
            name=f"{city.name}人才市场", kind=OrgKind.PERSONNEL_UNIT, region_code=city.code, prefix="12",
            supervising_unit=bureaus[city.code], is_talent_market=True, holds_personnel_files=True,
            scope_note="人事档案存放在本人才市场的人员",
        )
        organisation_upsert(
            name=f"{city.name}非公有制经济组织职称申报点", kind=OrgKind.PERSONNEL_UNIT, region_code=city.code,
            prefix="12", supervising_unit=bureaus[city.code], is_nonpublic_point=True,
            scope_note="本市非公有制单位、人事档案不在单位的专业技术人员",
        )
        count += 2
    for item in data["provincial_points"]:
        organisation_upsert(
            name=item["name"], kind=OrgKind.PERSONNEL_UNIT, region_code=item["region"], prefix=item["prefix"],
            supervising_unit=by_name[item["supervisor"]], is_nonpublic_point=True, scope_note=item["scope_note"],
        )
        count += 1
    for item in data["employers"]:
        organisation_upsert(
            name=item["name"], kind=OrgKind.PERSONNEL_UNIT, region_code=item["region"], prefix=item["prefix"],
            supervising_unit=by_name[item["supervisor"]], holds_personnel_files=True,
        )
        count += 1
    for item in data["committees"]:
        org = organisation_upsert(name=item["name"], kind=OrgKind.COMMITTEE, region_code=item["region"], prefix="12")
        committee, _ = Committee.objects.update_or_create(
            organisation=org,
            defaults={
                "managing_bureau": bureaus[item["bureau"]],
                "series": Series.objects.get(code=item["series"]),
                "max_level": item["max_level"],
                "min_level": item["min_level"],
                "runs_on": RunsOn.EXTERNAL if item.get("external") else RunsOn.THIS_SYSTEM,
                "external_system_name": item.get("external", ""),
            },
        )
        committee.specialties.set(Specialty.objects.filter(series=committee.series, name__in=item["specialties"]))
        count += 1
    return count


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
