"""Unit search finds what people type (issue 16, finding 3).

220 invented Guangdong unit names — hospitals with 院区 in brackets, schools, 人才市场,
companies' 分公司, 镇 names — each searched the ways people type it. The readings below are
typed by hand here (not taken from the code's own data), so a wrong reading in the code fails.
"""

from __future__ import annotations

import importlib

import pytest

from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation
from zhicheng.orgs.pinyin import name_keys, normalize_text, place_readings
from zhicheng.orgs.selectors import personnel_units_search
from zhicheng.orgs.services import synthetic_credit_code

pytestmark = pytest.mark.django_db

# (name prefix, its pinyin, region code, a town or 院区 of the place, its pinyin, short place name, its pinyin)
PLACES = [
    ("广州市花都区", "guang zhou shi hua du qu", "440114", "新华", "xin hua", "花都", "hua du"),
    ("广州市番禺区", "guang zhou shi pan yu qu", "440113", "沙湾", "sha wan", "番禺", "pan yu"),
    ("广州市黄埔区", "guang zhou shi huang pu qu", "440112", "长洲", "chang zhou", "黄埔", "huang pu"),
    ("东莞市", "dong guan shi", "441900", "长安", "chang an", "东莞", "dong guan"),
    ("东莞市", "dong guan shi", "441900", "麻涌", "ma chong", "东莞", "dong guan"),
    ("东莞市", "dong guan shi", "441900", "塘厦", "tang xia", "东莞", "dong guan"),
    ("中山市", "zhong shan shi", "442000", "大涌", "da chong", "中山", "zhong shan"),
    ("梅州市大埔县", "mei zhou shi da bu xian", "441422", "百侯", "bai hou", "大埔", "da bu"),
    ("清远市佛冈县", "qing yuan shi fo gang xian", "441821", "石角", "shi jiao", "佛冈", "fo gang"),
    ("韶关市乐昌市", "shao guan shi le chang shi", "440281", "坪石", "ping shi", "乐昌", "le chang"),
    ("江门市新会区", "jiang men shi xin hui qu", "440705", "会城", "hui cheng", "新会", "xin hui"),
    ("佛山市顺德区", "fo shan shi shun de qu", "440606", "勒流", "le liu", "顺德", "shun de"),
    ("佛山市南海区", "fo shan shi nan hai qu", "440605", "大沥", "da li", "南海", "nan hai"),
    ("河源市龙川县", "he yuan shi long chuan xian", "441622", "老隆", "lao long", "龙川", "long chuan"),
    ("清远市清城区", "qing yuan shi qing cheng qu", "441802", "横荷", "heng he", "清城", "qing cheng"),
    ("深圳市龙岗区", "shen zhen shi long gang qu", "440307", "布吉", "bu ji", "龙岗", "long gang"),
    ("珠海市香洲区", "zhu hai shi xiang zhou qu", "440402", "拱北", "gong bei", "香洲", "xiang zhou"),
    ("揭阳市普宁市", "jie yang shi pu ning shi", "445281", "流沙", "liu sha", "普宁", "pu ning"),
    ("汕头市潮阳区", "shan tou shi chao yang qu", "440513", "峡山", "xia shan", "潮阳", "chao yang"),
    ("江门市台山市", "jiang men shi tai shan shi", "440781", "都斛", "du hu", "台山", "tai shan"),
    ("梅州市五华县", "mei zhou shi wu hua xian", "441424", "长布", "chang bu", "五华", "wu hua"),
    ("惠州市惠城区", "hui zhou shi hui cheng qu", "441302", "江北", "jiang bei", "惠城", "hui cheng"),
]

# (name template, its pinyin template): {p} place prefix, {t} town, {s} short place name
TEMPLATES = [
    ("{p}人民医院", "{p} ren min yi yuan"),
    ("{p}人民医院（{t}院区）", "{p} ren min yi yuan {t} yuan qu"),
    ("{p}中医院", "{p} zhong yi yuan"),
    ("{p}妇幼保健院", "{p} fu you bao jian yuan"),
    ("{p}第一中学", "{p} di yi zhong xue"),
    ("{p}{t}实验小学", "{p} {t} shi yan xiao xue"),
    ("{p}{t}人才市场", "{p} {t} ren cai shi chang"),
    ("{p}{t}镇卫生院", "{p} {t} zhen wei sheng yuan"),
    ("广东粤华建设工程有限公司{s}分公司", "guang dong yue hua jian she gong cheng you xian gong si {s} fen gong si"),
    ("{p}{t}镇人民政府", "{p} {t} zhen ren min zheng fu"),
]


def _cases():
    seen = set()
    for place, place_py, region, town, town_py, short, short_py in PLACES:
        for template, py_template in TEMPLATES:
            name = template.format(p=place, t=town, s=short)
            if (name, region) in seen:
                continue
            seen.add((name, region))
            syllables = py_template.format(p=place_py, t=town_py, s=short_py).split()
            yield name, region, syllables, town, town_py, short_py


CASES = list(_cases())


@pytest.fixture
def units(db):
    bureaus = {o.region_id: o for o in Organisation.objects.filter(kind=OrgKind.HR_BUREAU)}
    created = {}
    for name, region, *_ in CASES:
        org = Organisation(
            name=name, kind=OrgKind.PERSONNEL_UNIT, region_id=region, supervising_unit=bureaus[region],
            credit_code=synthetic_credit_code(prefix="12", region_code=region, name=name),
        )
        org.save()
        created[(name, region)] = org
    return created


def _found(region: str, q: str) -> list[str]:
    return [u.name for u in personnel_units_search(region_code=region, q=q)]


def test_at_least_200_realistic_names():
    assert len(CASES) >= 200
    assert sum("院区）" in c[0] for c in CASES) >= 20
    assert sum("分公司" in c[0] for c in CASES) >= 20
    assert sum("镇" in c[0] for c in CASES) >= 40


def test_every_unit_is_found_by_what_people_type(units):
    misses = []
    for name, region, syllables, town, town_py, short_py in CASES:
        full = "".join(syllables)
        initials = "".join(s[0] for s in syllables)
        typed_name = name.replace("（", "(").replace("）", ")")
        first = {  # queries that name this unit exactly: it comes first
            "name": name, "half-width brackets": typed_name, "spaced full pinyin": " ".join(syllables).upper(),
            "full pinyin": full, "initials": initials, "full-width initials": initials.translate(
                {ord(c): ord(c) + 0xFEE0 for c in "abcdefghijklmnopqrstuvwxyz"}),
        }
        anywhere = {  # partial queries: the unit is among the results
            "typed up to the bracket": typed_name.split(")")[0],
            "short place": short_py.replace(" ", ""),
            "prefixes of each word": "".join(s[:2] for s in syllables[-4:]),
            "last words' initials": "".join(s[0] for s in syllables[-5:]),
            "apostrophe and capitals": "'".join(syllables[-3:]).title(),
        }
        if town in name:
            anywhere.update({"town": town_py.replace(" ", ""), "town in characters": town})
        for label, q in first.items():
            got = _found(region, q)
            if not got or got[0] != name:
                misses.append((name, label, q, got[:3]))
        for label, q in anywhere.items():
            if name not in _found(region, q):
                misses.append((name, label, q))
    assert misses == [], "\n".join(map(str, misses))


def test_reported_queries(units):
    hospital = "东莞市人民医院（长安院区）"
    for q in ["东莞市人民医院(长安", "renminyiyuanchangan", "dgsrmyyca", "东莞市人民医院（长安", "dgs rmyy ca",
              "DGSRMYYCA", "chang'an"]:
        assert hospital in _found("441900", q), q
    assert "广州市花都区人民医院" in _found("440114", "huadu")
    assert "广州市花都区人民医院" in _found("440114", "hdqrmyy")


def test_wrong_readings_do_not_match(units):
    assert _found("440114", "huadou") == []
    assert _found("441821", "fugang") == []
    assert _found("441900", "mayong") == []


def test_other_regions_stay_out(units):
    assert all(n.startswith(("广州市花都区", "广东粤华")) for n in _found("440114", "rmyy"))
    assert "广州市花都区人民医院" not in _found("440113", "huadu")


def test_relevance_exact_then_prefix_then_contains(units):
    bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id="440114")
    for name in ["花都人民医院", "花都人民医院（新华院区）", "广州花都人民医院集团"]:
        Organisation.objects.create(
            name=name, kind=OrgKind.PERSONNEL_UNIT, region_id="440114", supervising_unit=bureau,
            credit_code=synthetic_credit_code(prefix="12", region_code="440114", name=name),
        )
    expected = ["花都人民医院", "花都人民医院（新华院区）", "广州花都人民医院集团"]
    for q in ["花都人民医院", "huadurenminyiyuan", "hdrmyy"]:
        got = _found("440114", q)
        assert [n for n in got if n in expected] == expected, q
        assert got.index("花都人民医院") == 0


def test_search_is_one_query_whatever_the_query(units, django_assert_num_queries):
    for q in ["", "huadu", "花都", "hdrmyy", "东莞市人民医院(长安"]:
        with django_assert_num_queries(1):
            personnel_units_search(region_code="440114", q=q)


def test_keys_drop_brackets_punctuation_and_unreadable_characters():
    keys = name_keys("东莞市人民医院（万江院区）")
    assert keys.name_key == "东莞市人民医院万江院区"
    assert keys.pinyin == "dongguanshirenminyiyuanwanjiangyuanqu"
    assert keys.initials == "dgsrmyywjyq"
    keys = name_keys("𠮷祥·TCL 科技（广州）分公司")
    assert keys.pinyin == "xiangtclkejiguangzhoufengongsi"
    assert "𠮷" not in keys.pinyin and "（" not in keys.name_key and "·" not in keys.name_key
    assert normalize_text("  ＨＵＡ　ＤＵ ") == "huadu"


@pytest.mark.parametrize(
    "name,pinyin",
    [
        ("广州市花都区人民医院", "guangzhoushihuaduqurenminyiyuan"),
        ("广州市番禺区中心医院", "guangzhoushipanyuquzhongxinyiyuan"),
        ("梅州市大埔县人民医院", "meizhoushidabuxianrenminyiyuan"),
        ("东莞市长安镇人民政府", "dongguanshichanganzhenrenminzhengfu"),
        ("乐昌市人民医院", "lechangshirenminyiyuan"),
        ("新会区会城街道社区卫生服务中心", "xinhuiquhuichengjiedaoshequweishengfuwuzhongxin"),
        ("厦门大学附属医院", "xiamendaxuefushuyiyuan"),
        ("清远市佛冈县人民医院", "qingyuanshifogangxianrenminyiyuan"),
        ("东莞市麻涌镇卫生院", "dongguanshimachongzhenweishengyuan"),
        ("东莞市塘厦医院", "dongguanshitangxiayiyuan"),
        ("佛山市顺德区勒流医院", "foshanshishundequleliuyiyuan"),
        ("台山市都斛镇中学", "taishanshiduhuzhenzhongxue"),
        ("五华县长布镇卫生院", "wuhuaxianchangbuzhenweishengyuan"),
        ("河源市源城区埔前镇人民政府", "heyuanshiyuanchengqubuqianzhenrenminzhengfu"),
        ("广州市黄埔区人民医院", "guangzhoushihuangpuqurenminyiyuan"),
    ],
)
def test_place_names_read_right(name, pinyin):
    assert name_keys(name).pinyin == pinyin


def test_every_shipped_region_has_a_reading():
    import csv

    from zhicheng.orgs.services import REGIONS_FILE

    readings = place_readings()
    with REGIONS_FILE.open(encoding="utf-8") as f:
        names = [row["name"] for row in csv.DictReader(f)]
    assert [n for n in names if n not in readings] == []
    assert readings["花都区"] == ("hua", "du", "qu")


def test_keys_are_kept_however_a_unit_is_created_or_renamed(db):
    bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id="440114")

    def new(name):
        return Organisation(
            name=name, kind=OrgKind.PERSONNEL_UNIT, region_id="440114", supervising_unit=bureau,
            credit_code=synthetic_credit_code(prefix="12", region_code="440114", name=name),
        )

    a = Organisation.objects.create(name="花都区甲医院", kind=OrgKind.PERSONNEL_UNIT, region_id="440114",
                                    supervising_unit=bureau,
                                    credit_code=synthetic_credit_code(prefix="12", region_code="440114", name="甲"))
    assert a.name_initials == "hdqjyy"
    a.name = "花都区乙医院"
    a.save(update_fields=["name"])
    a.refresh_from_db()
    assert a.name_initials == "hdqyyy" and a.name_key == "花都区乙医院"
    [b] = Organisation.objects.bulk_create([new("花都区丙医院")])
    b = Organisation.objects.get(pk=b.pk)
    assert b.name_syllables == " hua du qu bing yi yuan"
    b.name = "花都区丁医院"
    Organisation.objects.bulk_update([b], ["name"])
    assert Organisation.objects.get(pk=b.pk).name_pinyin == "huaduqudingyiyuan"
    Organisation.objects.filter(pk=b.pk).update(name="花都区戊医院（新华院区）")
    assert Organisation.objects.get(pk=b.pk).name_key == "花都区戊医院新华院区"
    Organisation.objects.update_or_create(pk=a.pk, defaults={"name": "花都区己医院"})
    assert Organisation.objects.get(pk=a.pk).name_initials == "hdqjyy"
    assert "花都区己医院" in _found("440114", "hdqjyy")


def test_data_migration_recomputes_existing_keys(transactional_db):
    bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id="440114")
    org = Organisation.objects.create(
        name="广州市花都区人民医院（新华院区）", kind=OrgKind.PERSONNEL_UNIT, region_id="440114",
        supervising_unit=bureau, credit_code=synthetic_credit_code(prefix="12", region_code="440114", name="x"),
    )
    # stale keys as the old code stored them
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "UPDATE orgs_organisation SET name_pinyin = %s, name_initials = %s, name_key = '', name_syllables = '' "
            "WHERE id = %s",
            ["guangzhoushihuadouqurenminyiyuan（xinhuayuanqu）", "gzshdqrmyy（xhyq）", org.pk],
        )
    # Run the data migration's function itself: migrating orgs back to 0001 and forward again would
    # also unapply every later migration of other apps that depends on orgs (their tables dropped),
    # which broke the tests that ran after this one on the same worker.
    from django.apps import apps

    migration = importlib.import_module("zhicheng.orgs.migrations.0002_unit_search_keys")
    with connection.schema_editor() as schema_editor:
        migration.recompute_search_keys(apps, schema_editor)
    org.refresh_from_db()
    assert org.name_pinyin == "guangzhoushihuaduqurenminyiyuanxinhuayuanqu"
    assert org.name_initials == "gzshdqrmyyxhyq"
    assert "广州市花都区人民医院（新华院区）" in _found("440114", "huadu")
