"""Panel rules as data (专家库与评审组人数规则, issue 21): the minimum pool and panel sizes per committee
and level, the national defaults, and the one check the draw runs.

National rule (《职称评审管理暂行规定》人社部令第40号 第十一条): a committee's members are an odd number;
a senior (高级) committee set up for a whole series has at least 25 experts, one set up for a specialty
at least 11. The regulation sets no number for 中级 and below: the system default (11, odd panels)
is marked as such and the managing HR bureau sets its own.

A committee's own rows (:class:`~zhicheng.committees.models.PanelRule`) override the default per level.
A meeting evaluates several levels at once: the strictest rule of its applications' levels applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zhicheng.catalog.constants import TitleLevel

SENIOR_LEVELS = (TitleLevel.SENIOR, TitleLevel.DEPUTY_SENIOR)
NATIONAL_SOURCE = "《职称评审管理暂行规定》（人社部令第40号）第十一条"
SYSTEM_DEFAULT_SOURCE = "系统默认值（国家规定未明确中级及以下评委会人数，由主管人社部门按本地规定设置）"
MIN_PANEL_DEFAULT = 3


class CommitteeKind:
    SERIES = "series"
    SPECIALTY = "specialty"
    LABELS = {SERIES: "按系列组建", SPECIALTY: "按专业组建"}


def committee_kind(committee) -> str:
    """``series`` when the committee evaluates its whole series (no specialties chosen), else ``specialty``."""
    return CommitteeKind.SPECIALTY if committee.specialties.exists() else CommitteeKind.SERIES


@dataclass(frozen=True)
class PanelRuleSpec:
    """The rule in force for one (committee, level): sizes are numbers of experts."""

    level: int
    min_pool_size: int
    min_panel_size: int
    odd_panel: bool
    source: str
    is_default: bool = True

    @property
    def level_label(self) -> str:
        return str(TitleLevel(self.level).label)

    def as_json(self) -> dict:
        return {"level": self.level, "min_pool_size": self.min_pool_size, "min_panel_size": self.min_panel_size,
                "odd_panel": self.odd_panel, "source": self.source, "is_default": self.is_default}


def panel_rule_default(*, kind: str, level: int) -> PanelRuleSpec:
    """The national default for a committee of ``kind`` (``CommitteeKind``) at ``level`` (1 正高级 … 5 员级).

    Senior levels: 25 experts (series committee) or 11 (specialty committee), odd panels (人社部令第40号
    第十一条). Other levels: 11 and odd panels, marked as the system's default."""
    if int(level) in SENIOR_LEVELS:
        pool = 25 if kind == CommitteeKind.SERIES else 11
        return PanelRuleSpec(level=int(level), min_pool_size=pool, min_panel_size=MIN_PANEL_DEFAULT, odd_panel=True,
                             source=NATIONAL_SOURCE)
    return PanelRuleSpec(level=int(level), min_pool_size=11, min_panel_size=MIN_PANEL_DEFAULT, odd_panel=True,
                         source=SYSTEM_DEFAULT_SOURCE)


def panel_rules_for(committee) -> list[PanelRuleSpec]:
    """The rule in force for each level the committee evaluates (its own row, else the default), highest first."""
    from .models import PanelRule

    own = {r.level: r for r in PanelRule.objects.filter(committee=committee)}
    kind = committee_kind(committee)
    specs = []
    for level in range(committee.max_level, committee.min_level + 1):
        row = own.get(level)
        if row is None:
            specs.append(panel_rule_default(kind=kind, level=level))
        else:
            specs.append(PanelRuleSpec(level=level, min_pool_size=row.min_pool_size, min_panel_size=row.min_panel_size,
                                       odd_panel=row.odd_panel, source=row.source, is_default=False))
    return specs


def panel_rule_strictest(committee, levels: Iterable[int]) -> PanelRuleSpec:
    """The strictest rule among ``levels`` (a meeting's applications): the largest minimums; odd if any says so.
    The source cited is the one of the rule that sets the pool minimum."""
    wanted = set(int(v) for v in levels)
    specs = [s for s in panel_rules_for(committee) if s.level in wanted] or panel_rules_for(committee)[:1]
    top = max(specs, key=lambda s: (s.min_pool_size, -s.level))
    return PanelRuleSpec(
        level=top.level, min_pool_size=top.min_pool_size, min_panel_size=max(s.min_panel_size for s in specs),
        odd_panel=any(s.odd_panel for s in specs), source=top.source, is_default=top.is_default,
    )


def panel_rule_breach(rule: PanelRuleSpec, *, available: int, size: int) -> str:
    """Why a draw of ``size`` experts from ``available`` eligible ones (in the pool, in term, not barred)
    breaks ``rule``, in Chinese with the rule cited; "" when it does not."""
    cite = f"（依据：{rule.source}）"
    if available < rule.min_pool_size:
        return (f"本评委会可抽取的专家（在库、聘期内）只有 {available} 人，少于{rule.level_label}评审规定的"
                f"专家库最少 {rule.min_pool_size} 人，不能抽取评审组{cite}。请先补充专家库。")
    if size < rule.min_panel_size:
        return f"评审组不得少于 {rule.min_panel_size} 人{cite}。"
    if rule.odd_panel and size % 2 == 0:
        return f"评审组人数须为单数，{size} 人不符合规定{cite}。"
    return ""
