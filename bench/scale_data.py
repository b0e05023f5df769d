"""Province-scale synthetic data for load benchmarks (``python bench/run.py generate --scale 0.01``, run by
``./manage.sh bench``; a benchmark tool, so it lives in ``bench/`` and not in ``zhicheng.common``).

At ``scale=1`` it writes 1,000,000 persons (valid synthetic 居民身份证 numbers, AES-GCM
ciphertexts and keyed digests made with :mod:`zhicheng.common.crypto`), a profile each with one
education and one work record, 50,000 organisations across every Guangdong region, 2,000,000
profile cases (one finished, one in a realistic state per person) with their frozen steps,
history rows and profile versions, and 500,000 certificates with gapless serials.

Rows are built as tuples with explicit ids (each person ``i`` owns a fixed id range in every
table, so chunks can be written by several processes at once) and written with PostgreSQL
``COPY`` (psycopg 3 ``cursor.copy()``), or with ``executemany`` on SQLite (tests). Foreign keys
are deferred to the end of each chunk's transaction, so rows may point forward.

The data is meant for an empty, freshly migrated database with reference data; running it
twice on the same database is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection, connections, transaction
from django.utils import timezone

from zhicheng.common import crypto
from zhicheng.common.validators import iso7064_mod11_2, make_credit_code

# ---------------------------------------------------------------------------------------------
# sizes

FULL = {"persons": 1_000_000, "organisations": 50_000, "certificates": 500_000, "hot_queue": 10_000}
CHUNK = 20_000  # persons per transaction / per worker task
PHONE_PREFIX = "17"  # synthetic mobiles: 17 + 9-digit person index (demo cast uses 13x)
ID_SEQ_BASE = 700  # 3-digit sequence of synthetic ID numbers (demo cast uses < 500)
CREDIT_MARK = "Y"  # first character of the 8-character body of synthetic credit codes
BENCH_PASSWORD_UNUSABLE = "!scale-data"  # noqa: S105 - "!" marks an unusable password


@dataclass
class ScalePlan:
    persons: int
    organisations: int
    certificates: int
    hot_queue: int

    @property
    def cases(self) -> int:
        return 2 * self.persons


def scale_plan(scale: float) -> ScalePlan:
    def n(key: str, minimum: int) -> int:
        return max(minimum, round(FULL[key] * scale))

    plan = ScalePlan(
        persons=n("persons", 60), organisations=n("organisations", 30), certificates=n("certificates", 20),
        hot_queue=n("hot_queue", 10),
    )
    plan.hot_queue = min(plan.hot_queue, plan.persons // 3)
    return plan


@dataclass
class ScaleResult:
    plan: dict
    seconds: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    hot_unit_id: int = 0
    hot_supervising_unit_id: int = 0
    hot_reviewer_id: int = 0
    supervisor_reviewer_id: int = 0
    first_user_id: int = 0
    first_case_id: int = 0


# ---------------------------------------------------------------------------------------------
# synthetic names and numbers

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆"
    "范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国志红梅鹏辉斌宇浩凯健俊帆晨欣怡婷雪琳晓东海波宁飞峰林琴云"
    "莉颖倩慧佳嘉思文博"
)
UNIT_WORDS = [
    ("人民医院", "医院"), ("中医院", "医院"), ("妇幼保健院", "医院"), ("第一中学", "学校"), ("实验小学", "学校"),
    ("职业技术学校", "学校"), ("建筑设计院", "企业"), ("水利水电工程公司", "企业"), ("农业技术推广站", "事业"),
    ("气象局", "事业"), ("疾病预防控制中心", "事业"), ("电子科技有限公司", "企业"), ("交通运输集团", "企业"),
    ("广播电视台", "事业"), ("图书馆", "事业"), ("会计师事务所", "企业"), ("城市规划勘测设计研究院", "事业"),
]
SUPERVISOR_WORDS = [
    "卫生健康局",
    "教育局",
    "住房和城乡建设局",
    "农业农村局",
    "交通运输局",
    "工业和信息化局",
    "文化广电旅游体育局",
    "水务局",
]
SCHOOLS = [
    "中山大学",
    "华南理工大学",
    "暨南大学",
    "华南师范大学",
    "广东工业大学",
    "南方医科大学",
    "广州医科大学",
    "深圳大学",
]
MAJORS = ["临床医学", "土木工程", "会计学", "计算机科学与技术", "汉语言文学", "护理学", "电气工程及其自动化", "农学"]
BASE31 = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def synthetic_id_number(i: int, regions: Sequence[str], days: int = 12_784) -> str:
    """An ID number unique per ``i``: (region, birth date, sequence) is a bijection of ``i``."""
    r = len(regions)
    region = regions[i % r]
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=(i // r) % days)
    seq = ID_SEQ_BASE + i // (r * days)
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + iso7064_mod11_2(first17)


def synthetic_phone(i: int) -> str:
    return f"{PHONE_PREFIX}{i:09d}"


def synthetic_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _base31(n: int, width: int) -> str:
    out = []
    for _ in range(width):
        n, d = divmod(n, 31)
        out.append(BASE31[d])
    return "".join(reversed(out))


def synthetic_credit_code(i: int, region_code: str, kind_prefix: str = "12") -> str:
    return make_credit_code(kind_prefix, region_code, CREDIT_MARK + _base31(i, 7))


# ---------------------------------------------------------------------------------------------
# writing rows


def _is_pg() -> bool:
    return connection.vendor == "postgresql"


def rows_write(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY on PostgreSQL, executemany elsewhere. Returns the number of rows."""
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return 0
    cols = ", ".join(f'"{c}"' for c in columns)
    connection.ensure_connection()
    if _is_pg():
        with connection.connection.cursor() as cur, cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cur:
            cur.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', rows)  # noqa: S608 - fixed names
    return len(rows)


def _max_id(table: str) -> int:
    with connection.cursor() as cur:
        cur.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 - fixed table names
        return int(cur.fetchone()[0])


def _sequences_reset(tables: Iterable[str]) -> None:
    if not _is_pg():
        return  # SQLite's AUTOINCREMENT follows the largest explicit id by itself
    with connection.cursor() as cur:
        for table in tables:
            seq = f"pg_get_serial_sequence('\"{table}\"', 'id')"
            top = f'(SELECT GREATEST(COALESCE(MAX(id), 0), 1) FROM "{table}")'  # noqa: S608 - fixed table names
            cur.execute(f"SELECT setval({seq}, {top})")


# ---------------------------------------------------------------------------------------------
# columns (explicit, in the order the tuples are built)

USER_COLS = (
    "id", "password", "last_login", "is_superuser", "real_name", "id_number", "id_number_digest", "phone",
    "phone_digest", "email", "birth_date", "gender", "admin_duty", "is_staff", "is_active", "must_change_password",
    "password_changed_at", "date_joined",
)
ORG_COLS = (
    "id",
    "name",
    "credit_code",
    "kind",
    "is_talent_market",
    "is_nonpublic_point",
    "holds_personnel_files",
    "scope_note",
    "name_key",
    "name_pinyin",
    "name_initials",
    "name_syllables",
    "is_active",
    "supervising_unit_id",
    "region_id",
)
PROFILE_COLS = (
    "id", "gender", "ethnicity", "political_status", "current_position", "title_level", "title_obtained_on",
    "title_certificate_number", "created_at", "updated_at", "draft_personnel_unit_id", "personnel_unit_id",
    "title_qualification_id", "title_series_id", "user_id", "stored_version_id",
)
EDU_COLS = (
    "id",
    "school",
    "major",
    "education",
    "degree",
    "start_date",
    "end_date",
    "certificate_number",
    "profile_id",
)
WORK_COLS = ("id", "unit_name", "post", "start_date", "end_date", "profile_id")
VERSION_COLS = (
    "id", "number", "data", "created_at", "updated_at", "stored_at", "case_id", "personnel_unit_id", "profile_id",
)
CASE_COLS = (
    "id", "business_type", "status", "current_step_order", "object_id", "summary", "created_at", "updated_at",
    "submitted_at", "closed_at", "applicant_id", "content_type_id", "current_organisation_id", "open_key",
)
STEP_COLS = ("id", "order", "label", "role", "is_final", "case_id", "organisation_id")
HISTORY_COLS = (
    "id", "created_at", "decision", "from_status", "to_status", "step_order", "step_label", "opinion", "actor_id",
    "case_id", "organisation_id",
)
CERT_COLS = (
    "id", "number", "year", "serial", "status", "holder_name", "holder_id_number", "holder_id_digest", "level",
    "issued_on", "void_reason", "voided_at", "case_id", "source", "created_at", "committee_id", "holder_id",
    "issuer_id", "qualification_id", "recognising_bureau_id", "replaces_id", "series_id", "specialty_id",
    "voided_by_id",
)
PERSON_TABLES = {
    "accounts_user": USER_COLS,
    "profiles_profile": PROFILE_COLS,
    "profiles_educationrecord": EDU_COLS,
    "profiles_workrecord": WORK_COLS,
    "cases_case": CASE_COLS,
    "profiles_profileversion": VERSION_COLS,
    "cases_casestep": STEP_COLS,
    "cases_casehistory": HISTORY_COLS,
}
# id stride per person in each table
STRIDE = {
    "accounts_user": 1, "profiles_profile": 1, "profiles_educationrecord": 1, "profiles_workrecord": 1,
    "cases_case": 2, "profiles_profileversion": 2, "cases_casestep": 4, "cases_casehistory": 8,
}


# ---------------------------------------------------------------------------------------------
# the person chunk: users, profiles, rows, cases with steps, versions and history


@dataclass
class PersonContext:
    """Everything a worker needs to build the rows of persons ``lo … hi-1`` (picklable)."""

    persons: int
    hot_queue: int
    regions: list[str]
    units: list[tuple[int, int, str, str]]  # (unit id, supervising unit id, unit name, supervisor name)
    hot_unit: int  # index into units
    reviewer_ids: list[int]  # actors of approvals/returns (synthetic staff accounts)
    base: dict[str, int]
    content_type_id: int
    seed: int = 2026


def _aware(d: dt.datetime) -> dt.datetime:
    return timezone.make_aware(d, dt.timezone(dt.timedelta(hours=8)))


def _open_kind(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.30:
        return "draft"
    if r < 0.50:
        return "step0"
    if r < 0.70:
        return "step1"
    if r < 0.90:
        return "returned"
    return "finished"


def person_rows(ctx: PersonContext, lo: int, hi: int) -> dict[str, list[tuple]]:
    rng = random.Random(ctx.seed * 1_000_003 + lo)
    out: dict[str, list[tuple]] = {t: [] for t in PERSON_TABLES}
    users, profiles, edus, works = (out["accounts_user"], out["profiles_profile"], out["profiles_educationrecord"],
                                    out["profiles_workrecord"])
    cases, versions, steps, history = (out["cases_case"], out["profiles_profileversion"], out["cases_casestep"],
                                       out["cases_casehistory"])
    b = ctx.base
    n_units = len(ctx.units)
    n_rev = len(ctx.reviewer_ids)
    epoch = dt.datetime(2020, 1, 1, 8, 30)  # noqa: DTZ001 -- local wall time, made aware by _aware()
    for i in range(lo, hi):
        uid = b["accounts_user"] + i + 1
        pid = b["profiles_profile"] + i + 1
        id_number = synthetic_id_number(i, ctx.regions)
        phone = synthetic_phone(i)
        gender = "M" if int(id_number[16]) % 2 else "F"
        birth = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
        name = synthetic_name(rng)
        joined = _aware(epoch + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 4)))
        users.append((
            uid, BENCH_PASSWORD_UNUSABLE, None, False, name, crypto.encrypt(id_number),
            crypto.lookup_hash("id:" + id_number), crypto.encrypt(phone), crypto.lookup_hash("phone:" + phone), "",
            birth, gender, "", False, True, False, None, joined,
        ))
        hot = i < ctx.hot_queue
        u = ctx.hot_unit if hot else rng.randrange(n_units)
        unit_id, sup_id, unit_name, sup_name = ctx.units[u]
        kind = "step0" if hot else _open_kind(rng)
        # two cases: A finished (profile stored), B open (or a second finished one)
        case_a, case_b = b["cases_case"] + 2 * i + 1, b["cases_case"] + 2 * i + 2
        ver_a, ver_b = b["profiles_profileversion"] + 2 * i + 1, b["profiles_profileversion"] + 2 * i + 2
        stored_version = ver_b if kind == "finished" else ver_a
        profiles.append((
            pid, gender, "汉族" if rng.random() < 0.95 else "壮族", rng.choice(["cpc", "masses", "cyl", "democratic"]),
            "专业技术岗位", None, None, "", joined, joined, unit_id, unit_id, None, None, uid, stored_version,
        ))
        grad = birth.year + 22
        edus.append((
            b["profiles_educationrecord"] + i + 1, rng.choice(SCHOOLS), rng.choice(MAJORS), 6, "bachelor",
            dt.date(grad - 4, 9, 1), dt.date(grad, 7, 1), "", pid,
        ))
        works.append((b["profiles_workrecord"] + i + 1, unit_name, "专业技术人员", dt.date(grad, 8, 1), None, pid))
        data = json.dumps({
            "identity": {"name": name, "id_number_masked": id_number[:6] + "********" + id_number[-4:],
                         "gender": "男" if gender == "M" else "女", "birth_date": birth.isoformat()},
            "unit": {"id": unit_id, "name": unit_name},
        }, ensure_ascii=False)
        hid = b["cases_casehistory"] + 8 * i
        sid = b["cases_casestep"] + 4 * i
        reviewer = ctx.reviewer_ids[i % n_rev]
        t0 = joined + dt.timedelta(days=1)

        def case_with(case_id: int, state: str, start: dt.datetime, version_id: int, number: int | None,
                      hid: int, sid: int, *, uid=uid, pid=pid, unit_id=unit_id, sup_id=sup_id, reviewer=reviewer,
                      data=data) -> None:
            t_submit = start + dt.timedelta(hours=2)
            t_a0 = t_submit + dt.timedelta(days=rng.randrange(1, 10))
            t_a1 = t_a0 + dt.timedelta(days=rng.randrange(1, 10))
            status, cur_step, cur_org, closed, last = "draft", None, None, None, start
            h = [(hid + 1, start, "save", "draft", "draft", None, "", "", uid, case_id, None)]
            if state != "draft":
                steps.append((sid + 1, 0, "人事管理单位", "reviewer", False, case_id, unit_id))
                steps.append((sid + 2, 1, "主管单位", "reviewer", False, case_id, sup_id))
                h.append(
                    (hid + 2, t_submit, "submit", "draft", "submitted", 0, "人事管理单位", "", uid, case_id, unit_id)
                )
                last = t_submit
                if state == "step0":
                    status, cur_step, cur_org = "submitted", 0, unit_id
                elif state == "returned" and rng.random() < 0.5:
                    status, last = "returned", t_a0
                    h.append((hid + 3, t_a0, "return", "submitted", "returned", 0, "人事管理单位",
                              "工作经历与档案记载不一致，请核对后重新提交。", reviewer, case_id, unit_id))
                else:
                    h.append((hid + 3, t_a0, "approve", "submitted", "submitted", 0, "人事管理单位", "同意。",
                              reviewer, case_id, unit_id))
                    last = t_a0
                    if state == "step1":
                        status, cur_step, cur_org = "submitted", 1, sup_id
                    elif state == "returned":
                        status, last = "returned", t_a1
                        h.append((hid + 4, t_a1, "return", "submitted", "returned", 1, "主管单位",
                                  "学历证书信息不完整，请补充。", reviewer, case_id, sup_id))
                    else:
                        status, closed, last = "finished", t_a1, t_a1
                        h.append((hid + 4, t_a1, "approve", "submitted", "finished", 1, "主管单位", "同意入库。",
                                  reviewer, case_id, sup_id))
                stored_at = closed if status == "finished" else None
                versions.append((version_id, number if stored_at else None, data, t_submit, last, stored_at, case_id,
                                 unit_id, pid))
            history.extend(h)
            cases.append(
                (
                    case_id,
                    "profile",
                    status,
                    cur_step,
                    pid,
                    "个人基本信息" if number == 1 else "个人基本信息变更",
                    start,
                    last,
                    t_submit if state != "draft" else None,
                    closed,
                    uid,
                    ctx.content_type_id,
                    cur_org,
                    "",  # open_key: profile cases have none (one open application per key: 评审 and 考核认定)
                )
            )

        case_with(case_a, "finished", t0, ver_a, 1, hid, sid)
        t1 = t0 + dt.timedelta(days=60 + rng.randrange(0, 600))
        case_with(case_b, kind, t1, ver_b, 2, hid + 4, sid + 2)
    return out


def person_chunk_write(ctx: PersonContext, lo: int, hi: int) -> dict[str, int]:
    rows = person_rows(ctx, lo, hi)
    counts = {}
    with transaction.atomic():
        for table, cols in PERSON_TABLES.items():
            counts[table] = rows_write(table, cols, rows[table])
    return counts


def _worker_init() -> None:
    connections.close_all()  # never share the parent's connection after fork


def _worker_run(args: tuple[PersonContext, int, int]) -> dict[str, int]:
    ctx, lo, hi = args
    return person_chunk_write(ctx, lo, hi)


# ---------------------------------------------------------------------------------------------
# organisations


def organisations_generate(*, count: int, seed: int = 2026) -> tuple[list[tuple[int, int, str, str]], list[int], dict]:
    """Supervising units (1 in 20) and personnel units (with talent markets and non-public
    points) in every city and county. Returns the personnel units as (id, supervisor id, name,
    supervisor name), the supervising unit ids, and the HR bureau per region."""
    from zhicheng.orgs.constants import OrgKind, RegionLevel
    from zhicheng.orgs.models import Organisation, Region
    from zhicheng.orgs.pinyin import name_keys

    rng = random.Random(seed)
    regions = list(
        Region.objects.exclude(level=RegionLevel.PROVINCE)
        .order_by("code")
        .values_list("code", "name", "level", "parent__name")
    )
    bureaus = dict(Organisation.objects.filter(kind=OrgKind.HR_BUREAU).values_list("region_id", "id"))
    base = _max_id("orgs_organisation")
    n_sup = max(len(regions), count // 20)
    n_unit = max(1, count - n_sup)
    rows, supervisors, units = [], [], []
    by_region: dict[str, list[tuple[int, str]]] = {}
    seq = 0

    def full(region) -> str:
        code, name, level, parent = region
        return f"{parent}{name}" if level == RegionLevel.COUNTY and parent else name

    def add(name, kind, region_code, sup, talent=False, nonpublic=False) -> int:
        nonlocal seq
        seq += 1
        oid = base + seq
        keys = name_keys(name)  # the keys Organisation.save() would store
        rows.append((
            oid, name, synthetic_credit_code(seq, region_code), kind, talent, nonpublic,
            kind == OrgKind.PERSONNEL_UNIT and (talent or nonpublic or rng.random() < 0.3), "",
            keys.name_key, keys.pinyin, keys.initials, keys.syllables,
            True, sup, region_code,
        ))
        return oid

    for k in range(n_sup):
        region = regions[k % len(regions)]
        word = SUPERVISOR_WORDS[(k // len(regions)) % len(SUPERVISOR_WORDS)]
        round_ = k // (len(regions) * len(SUPERVISOR_WORDS))
        name = f"{full(region)}{word}" + (f"（第{round_ + 1}分局）" if round_ else "")
        oid = add(name, OrgKind.SUPERVISING_UNIT, region[0], None)
        supervisors.append(oid)
        by_region.setdefault(region[0], []).append((oid, name))
    for k in range(n_unit):
        region = regions[k % len(regions)]
        code = region[0]
        nth = k // len(regions)
        if nth == 0 and code in bureaus:
            name, talent, nonpublic = f"{full(region)}人才市场", True, False
            sup_id, sup_name = bureaus[code], f"{full(region)}人力资源和社会保障局"
        elif nth == 1 and code in bureaus:
            name, talent, nonpublic = f"{full(region)}非公有制经济组织职称申报点", False, True
            sup_id, sup_name = bureaus[code], f"{full(region)}人力资源和社会保障局"
        else:
            word, _ = UNIT_WORDS[nth % len(UNIT_WORDS)]
            number = nth // len(UNIT_WORDS)
            name = f"{full(region)}{'第' + str(number + 1) if number else ''}{word}"
            talent = nonpublic = False
            sup_id, sup_name = rng.choice(by_region[code])
        oid = add(name, OrgKind.PERSONNEL_UNIT, code, sup_id, talent, nonpublic)
        units.append((oid, sup_id, name, sup_name))
    with transaction.atomic():
        rows_write("orgs_organisation", ORG_COLS, rows)
    return units, supervisors, bureaus


# ---------------------------------------------------------------------------------------------
# certificates


def certificates_generate(*, count: int, persons: int, base_user: int, regions: list[str], seed: int = 2026) -> int:
    """``count`` certificates held by generated persons: valid serials per (year, issuer, level),
    counters moved past them, a few voided."""
    from zhicheng.catalog.models import Committee, Qualification
    from zhicheng.certificates.models import CertificateCounter
    from zhicheng.certificates.numbering import certificate_number_build
    from zhicheng.orgs.constants import OrgKind, RegionLevel
    from zhicheng.orgs.models import Organisation

    if count <= 0:
        return 0
    rng = random.Random(seed + 7)
    issuers = list(
        Organisation.objects.filter(kind=OrgKind.HR_BUREAU, region__level__in=[RegionLevel.PROVINCE, RegionLevel.CITY])
        .values_list("id", "region_id")
    )
    committees = list(Committee.objects.values("id", "series_id", "max_level", "min_level"))
    awards = []  # (qualification id, series id, level, committee id | None)
    for q in Qualification.objects.values("id", "series_id", "level"):
        fits = [
            c["id"]
            for c in committees
            if c["series_id"] == q["series_id"] and c["max_level"] <= q["level"] <= c["min_level"]
        ]
        awards.append((q["id"], q["series_id"], q["level"], fits))
    if not awards or not issuers:
        return 0
    counters = {
        (c.year, c.issuer_id, c.level): c.last_serial for c in CertificateCounter.objects.all()
    }
    names = dict(  # holder names as generated (same rng as the persons is not needed: read them)
        __import__("zhicheng.accounts.models", fromlist=["User"]).User.objects.filter(
            pk__gt=base_user, pk__lte=base_user + persons
        ).values_list("pk", "real_name")
    )
    base = _max_id("certificates_certificate")
    now = timezone.now()
    rows = []
    step = max(1, persons // count) if count <= persons else 1
    for k in range(count):
        i = (k * step) % persons
        holder = base_user + i + 1
        id_number = synthetic_id_number(i, regions)
        qid, series_id, level, fits = awards[rng.randrange(len(awards))]
        committee = rng.choice(fits) if fits else None
        issuer_id, region = issuers[rng.randrange(len(issuers))]
        year = rng.randrange(2012, 2026)
        key = (year, issuer_id, level)
        serial = counters.get(key, 0) + 1
        counters[key] = serial
        number = certificate_number_build(year=year, region_code=region, level=level, serial=serial)
        issued = dt.date(year, rng.randrange(1, 13), rng.randrange(1, 29))
        voided = rng.random() < 0.01
        rows.append((
            base + k + 1, number, year, serial, "voided" if voided else "valid", names.get(holder, "某某"),
            crypto.encrypt(id_number), crypto.lookup_hash("id:" + id_number), level, issued,
            "证书信息有误，予以作废。" if voided else "", now if voided else None, None, "", now, committee,
            holder, issuer_id, qid, None, None, series_id, None, None,
        ))
    counter_rows = []
    with transaction.atomic():
        rows_write("certificates_certificate", CERT_COLS, rows)
        existing = {(c.year, c.issuer_id, c.level): c for c in CertificateCounter.objects.all()}
        for key, last in counters.items():
            if key in existing:
                if existing[key].last_serial != last:
                    CertificateCounter.objects.filter(pk=existing[key].pk).update(last_serial=last)
            else:
                counter_rows.append(CertificateCounter(year=key[0], issuer_id=key[1], level=key[2], last_serial=last))
        CertificateCounter.objects.bulk_create(counter_rows, batch_size=1000)
    return len(rows)


# ---------------------------------------------------------------------------------------------
# the whole run


def scale_data_exists() -> bool:
    from zhicheng.accounts.models import User, phone_digest

    return User.objects.filter(phone_digest=phone_digest(synthetic_phone(0))).exists()


def _staff(name: str, id_number: str, phone: str, organisation_id: int) -> int:
    from zhicheng.accounts.models import User
    from zhicheng.orgs.constants import Role
    from zhicheng.orgs.models import Membership

    user = User.objects.create_user(id_number, name, None, phone=phone)
    Membership.objects.create(user=user, organisation_id=organisation_id, role=Role.REVIEWER)
    return user.pk


def scale_data_generate(
    *, scale: float = 1.0, workers: int = 2, chunk: int = CHUNK, log: Callable[[str], None] = lambda s: None
) -> ScaleResult:
    """Fill the database (see the module docstring). Requires reference data (regions, HR bureaus, catalogue)."""
    from django.contrib.contenttypes.models import ContentType

    from zhicheng.orgs.constants import RegionLevel
    from zhicheng.orgs.models import Region
    from zhicheng.profiles.models import Profile

    if scale_data_exists():
        raise RuntimeError("scale data already present in this database; use a fresh database")
    plan = scale_plan(scale)
    result = ScaleResult(plan=asdict(plan))
    started = time.perf_counter()
    regions = list(Region.objects.exclude(level=RegionLevel.PROVINCE).order_by("code").values_list("code", flat=True))
    if not regions:
        raise RuntimeError("no regions: run load_reference_data first")

    t = time.perf_counter()
    units, supervisors, _bureaus = organisations_generate(count=plan.organisations)
    result.seconds["organisations"] = round(time.perf_counter() - t, 1)
    result.counts["organisations"] = len(units) + len(supervisors)
    log(f"organisations: {result.counts['organisations']} in {result.seconds['organisations']}s")

    # staff accounts: the hot unit's and its supervising unit's reviewers act in the benchmarks
    hot = 0
    hot_unit_id, hot_sup_id = units[hot][0], units[hot][1]
    hot_reviewer = _staff(
        "梁志远", synthetic_id_number(plan.persons + 1, regions), synthetic_phone(plan.persons + 1), hot_unit_id
    )
    sup_reviewer = _staff(
        "邓慧敏", synthetic_id_number(plan.persons + 2, regions), synthetic_phone(plan.persons + 2), hot_sup_id
    )
    result.hot_unit_id, result.hot_supervising_unit_id = hot_unit_id, hot_sup_id
    result.hot_reviewer_id, result.supervisor_reviewer_id = hot_reviewer, sup_reviewer

    base = {table: _max_id(table) for table in PERSON_TABLES}
    ctx = PersonContext(
        persons=plan.persons, hot_queue=plan.hot_queue, regions=regions, units=units, hot_unit=hot,
        reviewer_ids=[hot_reviewer, sup_reviewer], base=base,
        content_type_id=ContentType.objects.get_for_model(Profile).pk,
    )
    result.first_user_id = base["accounts_user"] + 1
    result.first_case_id = base["cases_case"] + 1
    tasks = [(ctx, lo, min(lo + chunk, plan.persons)) for lo in range(0, plan.persons, chunk)]
    t = time.perf_counter()
    totals: dict[str, int] = {}

    def add(counts: dict[str, int]) -> None:
        for k, v in counts.items():
            totals[k] = totals.get(k, 0) + v

    if workers > 1 and _is_pg() and len(tasks) > 1:
        connections.close_all()
        with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init) as pool:
            for n, counts in enumerate(pool.imap_unordered(_worker_run, tasks), start=1):
                add(counts)
                if n % 5 == 0 or n == len(tasks):
                    log(f"persons: {n}/{len(tasks)} chunks, {time.perf_counter() - t:.0f}s")
    else:
        for lo_hi in tasks:
            add(person_chunk_write(*lo_hi))
    _sequences_reset(PERSON_TABLES)
    result.seconds["persons_and_cases"] = round(time.perf_counter() - t, 1)
    result.counts.update(totals)
    log(f"persons and cases: {totals} in {result.seconds['persons_and_cases']}s")

    t = time.perf_counter()
    result.counts["certificates_certificate"] = certificates_generate(
        count=plan.certificates, persons=plan.persons, base_user=base["accounts_user"], regions=regions
    )
    _sequences_reset(["orgs_organisation", "certificates_certificate"])
    result.seconds["certificates"] = round(time.perf_counter() - t, 1)
    log(f"certificates: {result.counts['certificates_certificate']} in {result.seconds['certificates']}s")

    if _is_pg():
        # VACUUM as well as ANALYZE: a live database's autovacuum keeps the visibility map current, so counts
        # are answered from the index alone; just after a bulk load none is (the work queue's COUNT of 10,000
        # waiting cases read 358 heap pages: 5.9 ms, 1.6 ms after VACUUM). VACUUM cannot run in a transaction:
        # inside one (the tests of this generator) the statistics alone.
        t = time.perf_counter()
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cur:
            for table in [*PERSON_TABLES, "orgs_organisation", "certificates_certificate"]:
                cur.execute(f'{command} "{table}"')
        result.seconds["analyze"] = round(time.perf_counter() - t, 1)
    result.seconds["total"] = round(time.perf_counter() - started, 1)
    return result


# ---------------------------------------------------------------------------------------------
# entry point: ``python bench/run.py generate`` (Django set up by bench/run.py)


def generate_main(argv: Sequence[str]) -> None:
    """``bench/run.py generate [--scale 1] [--workers 2] [--chunk N] [--manifest FILE]``: reference data,
    then :func:`scale_data_generate`; prints the plan and the result (JSON), and writes the result to
    ``--manifest``. Exits with a message for a scale outside (0, 10] or a database that already holds
    scale data."""
    import argparse
    import sys

    from django.core.management import call_command

    parser = argparse.ArgumentParser(prog="bench/run.py generate", description=(
        "生成省级规模的合成数据（用于性能测试）：--scale 1 为 100万申报人、5万单位、200万业务、50万证书。"
        "只能在新建的数据库上执行一次。"))
    parser.add_argument("--scale", type=float, default=1.0, help="规模系数，1 为全省规模（默认），0.01 用于快速试跑")
    parser.add_argument("--workers", type=int, default=2, help="并行写入的进程数（仅 PostgreSQL，默认 2）")
    parser.add_argument("--chunk", type=int, default=CHUNK, help="每个事务写入的申报人数")
    parser.add_argument("--manifest", default="", help="把生成结果（用于压测的账号和单位编号）写入此 JSON 文件")
    args = parser.parse_args(list(argv))
    if not 0 < args.scale <= 10:
        sys.exit("--scale 应在 0 到 10 之间。")
    print(f"plan: {scale_plan(args.scale)}", flush=True)
    call_command("load_reference_data", verbosity=0)
    try:
        result = scale_data_generate(scale=args.scale, workers=args.workers, chunk=args.chunk,
                                     log=lambda line: print(line, flush=True))
    except RuntimeError as exc:
        sys.exit(str(exc))
    data = json.dumps(result.__dict__, ensure_ascii=False, indent=2)
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as fh:
            fh.write(data)
    print(data, flush=True)
