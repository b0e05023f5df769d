"""The tests' cast: a fixed person per role, with the committees they work for (decision 0036).

The keys are what tests read (``cast["unit_reviewer"]``); ``person(key)`` gives the identity a test
needs to type (ID number, phone). The cast is made by ``tests.world.load.world_load`` through
``accounts.services.user_register`` and given its roles as if invited and accepted. It is the tests'
own: the demo (``zhicheng.demo``) has a cast of its own, and editing one does not touch the other.

    person("applicant_a").id_number   # what 张晓明 types to log in
    PASSWORD                          # every cast member's password
"""

from __future__ import annotations

from zhicheng.accounts.samples import Cast, Person, experts_as_people, person_make
from zhicheng.common.validators import make_id_number
from zhicheng.orgs.constants import Role

__all__ = [
    "BUILDING_COMMITTEE", "CAST", "EXPERTS", "HEYUAN_ENG_COMMITTEE", "PASSWORD", "Person", "all_people",
    "expert_people", "make_id_number", "person", "user",
]

PASSWORD = "Ceshi#World-2026"  # noqa: S105 - the test cast's password (not the demo's)

#: The provincial building committee (高级, 工程·建筑工程…): the committee of the expert pool and the meetings.
BUILDING_COMMITTEE = "广东省建筑工程技术人才职称评审委员会"
#: 河源市's 中级 engineering committee: where 王建国's 评审申请 for 工程师 goes.
HEYUAN_ENG_COMMITTEE = "河源市工程技术人才中级职称评审委员会"


_p = person_make


CAST: list[Person] = [
    _p("applicant_a", "张晓明", "441622", "19900315", "013", "13800000001", "申报人A", email="zhangxm@example.com"),
    _p("applicant_b", "李雪梅", "441602", "19880720", "024", "13800000002", "申报人B"),
    _p("applicant_c", "王建国", "440104", "19790512", "035", "13800000003", "申报人C"),
    _p("unit_reviewer", "陈志强", "441622", "19800101", "051", "13900000001", "人事管理单位审核人员", "龙川县人民医院",
       Role.REVIEWER),
    _p("unit_admin", "何静", "441622", "19820202", "062", "13900000002", "人事管理单位管理员", "龙川县人民医院",
       Role.ORG_ADMIN),
    _p("other_unit_reviewer", "刘芳", "441622", "19830303", "072", "13900000003", "另一人事管理单位审核人员",
       "龙川县中医院", Role.REVIEWER),
    _p("supervisor_reviewer", "黄伟", "441622", "19780404", "081", "13900000004", "主管单位审核人员",
       "龙川县卫生健康局", Role.REVIEWER),
    _p("other_supervisor_reviewer", "周敏", "441602", "19790505", "092", "13900000005", "另一主管单位审核人员",
       "河源市卫生健康局", Role.REVIEWER),
    _p("unit_reviewer_2", "罗海", "441622", "19840606", "101", "13900000006", "人事管理单位审核人员（建设）",
       "龙川县城乡建设投资有限公司", Role.REVIEWER),
    _p("supervisor_reviewer_2", "邓彬", "441622", "19770707", "111", "13900000007", "主管单位审核人员（住建）",
       "龙川县住房和城乡建设局", Role.REVIEWER),
    _p("hr_reviewer", "吴刚", "441602", "19750808", "121", "13900000008", "人社部门审核人员（河源市）",
       "河源市人力资源和社会保障局", Role.REVIEWER),
    _p("window_staff", "郑丽", "441602", "19860909", "132", "13900000009", "服务窗口工作人员（河源市）",
       "河源市人力资源和社会保障局", Role.WINDOW_STAFF),
    _p("county_hr_reviewer", "叶青", "441622", "19851010", "142", "13900000010", "人社部门审核人员（龙川县）",
       "河源市龙川县人力资源和社会保障局", Role.REVIEWER),
    _p("other_hr_reviewer", "孙强", "441802", "19761111", "151", "13900000011", "人社部门审核人员（清远市）",
       "清远市人力资源和社会保障局", Role.REVIEWER),
    _p("province_hr_reviewer", "赵磊", "440104", "19731212", "161", "13900000012", "人社部门审核人员（省人社厅）",
       "广东省人力资源和社会保障厅", Role.REVIEWER),
    _p("committee_office", "马琳", "440104", "19810113", "172", "13900000013", "评委会办公室（省建筑）",
       BUILDING_COMMITTEE, Role.COMMITTEE_OFFICE),
    _p("other_committee_office", "林涛", "441602", "19820214", "181", "13900000014", "评委会办公室（河源市工程）",
       HEYUAN_ENG_COMMITTEE, Role.COMMITTEE_OFFICE),
    # 省直 → 广东省建设教育协会 (非公有制单位的建筑类工程技术人员): its reviewer and its supervising unit's.
    _p("point_reviewer", "苏建新", "440104", "19830615", "222", "13900000015",
       "非公申报点审核人员（广东省建设教育协会）", "广东省建设教育协会", Role.REVIEWER),
    _p("province_supervisor_reviewer", "钟晓红", "440104", "19790918", "231", "13900000016",
       "主管单位审核人员（广东省住房和城乡建设厅）", "广东省住房和城乡建设厅", Role.REVIEWER),
    _p("system_admin", "钱进", "440104", "19700315", "191", "13700000001", "系统管理员", duty="system"),
    _p("security_admin", "冯安", "440104", "19710416", "202", "13700000002", "安全管理员", duty="security"),
    _p("audit_admin", "卫审", "440104", "19720517", "211", "13700000003", "审计管理员", duty="audit"),
]

#: The building committee's expert pool (name, employer): ``expert_1`` … ``expert_12``.
EXPERTS: list[tuple[str, str]] = [
    ("高建华", "广东省建筑设计研究院有限公司"), ("梁永康", "广东省建筑工程集团有限公司"),
    ("谢文斌", "广州市市政工程设计研究总院有限公司"), ("韩立新", "广州地铁集团有限公司"),
    ("曾思远", "深圳市建筑科学研究院股份有限公司"), ("彭国栋", "广东省交通规划设计研究院集团股份有限公司"),
    ("邱明亮", "清远市建筑设计院有限公司"), ("蔡志伟", "龙川县城乡建设投资有限公司"),
    ("潘晓东", "广东省建筑设计研究院有限公司"), ("袁丽华", "广东省工业设计研究院"),
    ("许振宇", "佛山市顺德区家电研究院有限公司"), ("傅晓峰", "广东省电子信息产业集团有限公司"),
]


#: The cast and the experts; ``person(key)``, ``user(key)`` (the account, once the world is loaded).
_cast = Cast(CAST, experts_as_people(EXPERTS, BUILDING_COMMITTEE))
all_people, expert_people, person, user = _cast.all_people, _cast.expert_people, _cast.person, _cast.user
