"""The test world's organisations, in code (decision 0036): supervising units and employers across
Guangdong, a talent market and a non-public application point in every city, the provincial point for
building engineers, and twelve committees. The HR bureaus and regions come from the reference data.

Names are those the tests assert on; the demo has its own list (``data/demo/organisations.json``).
"""

from __future__ import annotations

from zhicheng.catalog.samples import organisations_build

#: (name, region code, credit-code prefix)
SUPERVISING_UNITS: list[tuple[str, str, str]] = [
    ("广东省卫生健康委员会", "440000", "11"),
    ("广东省教育厅", "440000", "11"),
    ("广东省住房和城乡建设厅", "440000", "11"),
    ("广东省人民政府国有资产监督管理委员会", "440000", "11"),
    ("广东省工业和信息化厅", "440000", "11"),
    ("广州市卫生健康委员会", "440100", "11"),
    ("广州市教育局", "440100", "11"),
    ("广州市人民政府国有资产监督管理委员会", "440100", "11"),
    ("广州市工商业联合会", "440100", "51"),
    ("深圳市卫生健康委员会", "440300", "11"),
    ("深圳市教育局", "440300", "11"),
    ("深圳市工业和信息化局", "440300", "11"),
    ("佛山市卫生健康局", "440600", "11"),
    ("佛山市禅城区教育局", "440604", "11"),
    ("佛山市顺德区经济和科技促进局", "440606", "11"),
    ("梅州市卫生健康局", "441400", "11"),
    ("梅州市教育局", "441400", "11"),
    ("河源市卫生健康局", "441600", "11"),
    ("河源市教育局", "441600", "11"),
    ("龙川县卫生健康局", "441622", "11"),
    ("龙川县教育局", "441622", "11"),
    ("龙川县住房和城乡建设局", "441622", "11"),
    ("清远市卫生健康局", "441800", "11"),
    ("清远市教育局", "441800", "11"),
    ("清远市住房和城乡建设局", "441800", "11"),
]

#: (name, region code, credit-code prefix, supervising unit): units that hold their staff's files.
EMPLOYERS: list[tuple[str, str, str, str]] = [
    ("中山大学附属第一医院", "440104", "12", "广东省卫生健康委员会"),
    ("广东省人民医院", "440104", "12", "广东省卫生健康委员会"),
    ("广州市第一人民医院", "440104", "12", "广州市卫生健康委员会"),
    ("深圳市人民医院", "440303", "12", "深圳市卫生健康委员会"),
    ("佛山市第一人民医院", "440604", "12", "佛山市卫生健康局"),
    ("梅州市人民医院", "441402", "12", "梅州市卫生健康局"),
    ("河源市人民医院", "441602", "12", "河源市卫生健康局"),
    ("龙川县人民医院", "441622", "12", "龙川县卫生健康局"),
    ("龙川县中医院", "441622", "12", "龙川县卫生健康局"),
    ("清远市人民医院", "441802", "12", "清远市卫生健康局"),
    ("广东实验中学", "440104", "12", "广东省教育厅"),
    ("广州市第六中学", "440105", "12", "广州市教育局"),
    ("深圳中学", "440303", "12", "深圳市教育局"),
    ("佛山市禅城区实验小学", "440604", "12", "佛山市禅城区教育局"),
    ("梅州中学", "441402", "12", "梅州市教育局"),
    ("河源中学", "441602", "12", "河源市教育局"),
    ("龙川县第一中学", "441622", "12", "龙川县教育局"),
    ("龙川县实验小学", "441622", "12", "龙川县教育局"),
    ("清远市第一中学", "441802", "12", "清远市教育局"),
    ("广东省建筑设计研究院有限公司", "440104", "91", "广东省人民政府国有资产监督管理委员会"),
    ("广东省建筑工程集团有限公司", "440104", "91", "广东省人民政府国有资产监督管理委员会"),
    ("广东省交通规划设计研究院集团股份有限公司", "440106", "91", "广东省人民政府国有资产监督管理委员会"),
    ("广州地铁集团有限公司", "440104", "91", "广州市人民政府国有资产监督管理委员会"),
    ("广州市市政工程设计研究总院有限公司", "440104", "91", "广州市人民政府国有资产监督管理委员会"),
    ("广州视源电子科技股份有限公司", "440112", "91", "广州市工商业联合会"),
    ("深圳市建筑科学研究院股份有限公司", "440305", "91", "深圳市工业和信息化局"),
    ("深圳市智能电网技术有限公司", "440305", "91", "深圳市工业和信息化局"),
    ("佛山市顺德区家电研究院有限公司", "440606", "91", "佛山市顺德区经济和科技促进局"),
    ("龙川县城乡建设投资有限公司", "441622", "91", "龙川县住房和城乡建设局"),
    ("清远市建筑设计院有限公司", "441802", "91", "清远市住房和城乡建设局"),
    ("广东省工业设计研究院", "440106", "12", "广东省工业和信息化厅"),
    ("广东省电子信息产业集团有限公司", "440106", "91", "广东省工业和信息化厅"),
]

#: (name, region code, prefix, supervising unit, scope note): provincial non-public application points.
PROVINCIAL_POINTS: list[tuple[str, str, str, str, str]] = [
    (
        "广东省建设教育协会",
        "440000",
        "51",
        "广东省住房和城乡建设厅",
        "受理全省非公有制单位建筑类工程技术人员的职称申报",
    ),
]

#: name, region and managing bureau's region, series code, specialties (none: the whole series), highest and
#: lowest level (1 正高 … 5 员级), and the external system's name for a committee that does not work here.
COMMITTEES: list[dict] = [
    {
        "name": "广东省建筑工程技术人才职称评审委员会",
        "region": "440000",
        "bureau": "440000",
        "series": "engineering",
        "specialties": ["建筑工程", "土木工程", "建筑设计", "给排水工程"],
        "max_level": 1,
        "min_level": 2,
    },
    {
        "name": "广东省计算机与通信工程技术人才职称评审委员会",
        "region": "440000",
        "bureau": "440000",
        "series": "engineering",
        "specialties": ["计算机软件", "通信工程"],
        "max_level": 1,
        "min_level": 2,
    },
    {
        "name": "广东省中小学教师高级职称评审委员会",
        "region": "440000",
        "bureau": "440000",
        "series": "teacher",
        "specialties": [],
        "max_level": 1,
        "min_level": 2,
    },
    {
        "name": "广东省经济专业人员高级职称评审委员会",
        "region": "440000",
        "bureau": "440000",
        "series": "economics",
        "specialties": [],
        "max_level": 1,
        "min_level": 2,
    },
    {
        "name": "广东省会计专业人员高级职称评审委员会",
        "region": "440000",
        "bureau": "440000",
        "series": "accounting",
        "specialties": [],
        "max_level": 1,
        "min_level": 2,
    },
    {
        "name": "广东省卫生专业技术人才高级职称评审委员会",
        "region": "440000",
        "bureau": "440000",
        "series": "health",
        "specialties": [],
        "max_level": 1,
        "min_level": 2,
        "external": "广东省卫生健康职称申报系统",
    },
    {
        "name": "广东省电力行业工程技术人才职称评审委员会",
        "region": "440000",
        "bureau": "440000",
        "series": "engineering",
        "specialties": ["电力工程", "电气工程"],
        "max_level": 1,
        "min_level": 3,
        "external": "广东电网职称评审管理系统",
    },
    {
        "name": "广州市工程技术人才中级职称评审委员会",
        "region": "440100",
        "bureau": "440100",
        "series": "engineering",
        "specialties": [],
        "max_level": 3,
        "min_level": 3,
        "external": "广州市职称评审管理服务平台",
    },
    {
        "name": "深圳市工程技术人才中级职称评审委员会",
        "region": "440300",
        "bureau": "440300",
        "series": "engineering",
        "specialties": [],
        "max_level": 3,
        "min_level": 3,
        "external": "深圳市职称评审管理服务平台",
    },
    {
        "name": "清远市工程技术人才中级职称评审委员会",
        "region": "441800",
        "bureau": "441800",
        "series": "engineering",
        "specialties": [],
        "max_level": 3,
        "min_level": 3,
    },
    {
        "name": "河源市中小学教师中级职称评审委员会",
        "region": "441600",
        "bureau": "441600",
        "series": "teacher",
        "specialties": [],
        "max_level": 3,
        "min_level": 3,
    },
    {
        "name": "河源市工程技术人才中级职称评审委员会",
        "region": "441600",
        "bureau": "441600",
        "series": "engineering",
        "specialties": [],
        "max_level": 3,
        "min_level": 3,
    },
]


def organisations_load() -> int:
    """Create (or bring back into line) every organisation and committee above
    (``zhicheng.catalog.samples.organisations_build``); returns how many."""
    return organisations_build(
        supervising_units=[{"name": n, "region": r, "prefix": p} for n, r, p in SUPERVISING_UNITS],
        provincial_points=[{"name": n, "region": r, "prefix": p, "supervisor": s, "scope_note": note}
                           for n, r, p, s, note in PROVINCIAL_POINTS],
        employers=[{"name": n, "region": r, "prefix": p, "supervisor": s} for n, r, p, s in EMPLOYERS],
        committees=COMMITTEES,
    )
