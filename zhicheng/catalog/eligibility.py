"""Eligibility pre-check (申报条件预审): which stated conditions an applicant does not yet meet.

``eligibility_evaluate`` is a pure function over plain values (it never reads profiles); callers
pass the applicant's highest education, graduation date, current title level and the date it was
obtained. ``eligibility_check`` additionally looks up the rule in force (``EligibilityRule``:
committee override, else the provincial default loaded from ``data/catalog/eligibility.json``).

"满N年" follows 民法典 第二百零二条: the period ends on the corresponding day N years later; if
that month has no corresponding day (29 February), on the last day of the month. So a title obtained
on 2022-07-01 has been held "满4年" on 2026-07-01, and not on 2026-06-30.

The check only helps the applicant see what is missing; a reviewer still decides.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .constants import Education, TitleLevel


@dataclass(frozen=True)
class PathSpec:
    min_education: int | None = None
    min_years_since_graduation: int | None = None
    required_level: int | None = None
    min_years_at_required_level: int | None = None


@dataclass(frozen=True)
class RuleSpec:
    target_level: int
    paths: tuple[PathSpec, ...]
    source: str = ""
    scope_label: str = "全省默认"


@dataclass
class PathResult:
    description: str
    unmet: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.unmet


@dataclass
class EligibilityResult:
    target_level: int
    passed: bool
    paths: list[PathResult]
    rule_found: bool = True
    source: str = ""
    scope_label: str = ""
    #: Why this title may not be applied for at all (held already, or below the current title); "" if it may.
    refusal: str = ""
    #: Things a reviewer will look at that do not stop the application (a specialty unlike the
    #: applicant's studies, another series than the current title): see :func:`specialty_fit_warnings`.
    warnings: list[str] = field(default_factory=list)

    @property
    def target_label(self) -> str:
        return str(TitleLevel(self.target_level).label)

    @property
    def summary(self) -> str:
        if self.refusal:
            return f"不能申报：{self.refusal}"
        if not self.rule_found:
            return f"系统未设置申报{self.target_label}的条件，请对照评审文件自行确认。"
        if self.passed:
            return f"按系统掌握的条件，您符合申报{self.target_label}的学历和资历要求（最终以审核为准）。"
        return f"您暂不符合申报{self.target_label}的条件，满足以下任一种情形即可申报："


# -- dates ------------------------------------------------------------------------------------
def anniversary(start: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` later; 29 February falls back to the month's last day."""
    year = start.year + years
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    return dt.date(year, start.month, day)


def full_years(start: dt.date, end: dt.date) -> int:
    """Whole years completed from ``start`` to ``end`` (0 if ``end`` is before the first anniversary)."""
    if end < start:
        return 0
    years = end.year - start.year
    while years > 0 and anniversary(start, years) > end:
        years -= 1
    return years


def _ym(d: dt.date) -> str:
    return f"{d.year}年{d.month}月"


def _held(years: int) -> str:
    return f"满{years}年" if years >= 1 else "不满1年"


# -- wording ------------------------------------------------------------------------------------
def _level(value: int) -> str:
    return str(TitleLevel(value).label)


def _education(value: int) -> str:
    return str(Education(value).label)


def education_requirement(value: int) -> str:
    if value >= Education.DOCTOR:
        return f"{_education(value)}学历"
    return f"{_education(value)}及以上学历"


def path_description(path) -> str:
    """A path in plain words, e.g. "大学本科及以上学历，取得助理级职称满4年"."""
    parts = []
    if path.min_education is not None:
        parts.append(f"具备{education_requirement(path.min_education)}")
    if path.min_years_since_graduation:
        parts.append(f"毕业满{path.min_years_since_graduation}年")
    if path.required_level is not None:
        if path.min_years_at_required_level:
            parts.append(f"取得{_level(path.required_level)}职称满{path.min_years_at_required_level}年")
        else:
            parts.append(f"已取得{_level(path.required_level)}职称")
    return "，".join(parts) if parts else "无学历和资历要求"


# -- the check ----------------------------------------------------------------------------------
def _path_unmet(
    path, *, target_level: int, education: int | None, graduated_on: dt.date | None,
    current_level: int | None, current_title_obtained_on: dt.date | None, on_date: dt.date,
) -> list[str]:
    unmet: list[str] = []
    if path.min_education is not None:
        need = f"申报{_level(target_level)}须具备{education_requirement(path.min_education)}"
        if education is None:
            unmet.append(f"{need}，您尚未填写最高学历")
        elif education < path.min_education:
            unmet.append(f"{need}，您的最高学历为{_education(education)}")
    if path.min_years_since_graduation:
        n = path.min_years_since_graduation
        need = f"须毕业满{n}年"
        if graduated_on is None:
            unmet.append(f"{need}，您尚未填写毕业时间")
        else:
            years = full_years(graduated_on, on_date)
            if years < n:
                unmet.append(f"{need}，您于{_ym(graduated_on)}毕业，至{_ym(on_date)}{_held(years)}")
    if path.required_level is not None:
        n = path.min_years_at_required_level or 0
        need = f"须取得{_level(path.required_level)}职称满{n}年" if n else f"须已取得{_level(path.required_level)}职称"
        if current_level is None:
            unmet.append(f"{need}，您目前没有职称")
        elif current_level > path.required_level:  # a larger digit is a lower level
            unmet.append(f"{need}，您目前的职称为{_level(current_level)}")
        elif n:
            if current_title_obtained_on is None:
                unmet.append(f"{need}，您尚未填写取得现职称的时间")
            else:
                years = full_years(current_title_obtained_on, on_date)
                if years < n:
                    unmet.append(
                        f"{need}，您于{_ym(current_title_obtained_on)}取得，至{_ym(on_date)}{_held(years)}"
                    )
    return unmet


def eligibility_evaluate(
    *, rule: RuleSpec | None, target_level: int, education: int | None, graduated_on: dt.date | None,
    current_level: int | None, current_title_obtained_on: dt.date | None, on_date: dt.date,
) -> EligibilityResult:
    """Pure: apply ``rule`` to the applicant's plain values. Passing any one path passes."""
    target_level = int(target_level)
    if rule is None or not rule.paths:
        return EligibilityResult(target_level=target_level, passed=True, paths=[], rule_found=False)
    results = [
        PathResult(
            description=path_description(p),
            unmet=_path_unmet(
                p, target_level=target_level, education=education, graduated_on=graduated_on,
                current_level=current_level, current_title_obtained_on=current_title_obtained_on, on_date=on_date,
            ),
        )
        for p in rule.paths
    ]
    return EligibilityResult(
        target_level=target_level, passed=any(r.passed for r in results), paths=results,
        source=rule.source, scope_label=rule.scope_label,
    )


def _id(obj) -> int | None:
    return getattr(obj, "pk", obj)


def eligibility_rule_for(*, target_level: int, series=None, committee=None) -> RuleSpec | None:
    """The rule in force: committee+series, committee, default+series, default (two queries at most)."""
    from django.db.models import Q

    from .models import Committee, EligibilityRule

    committee_id = _id(committee)
    series_id = _id(series)
    if series_id is None and committee_id is not None:
        series_id = committee.series_id if isinstance(committee, Committee) else (
            Committee.objects.filter(pk=committee_id).values_list("series_id", flat=True).first()
        )
    scope = Q(committee__isnull=True)
    if committee_id is not None:
        scope |= Q(committee_id=committee_id)
    series_q = Q(series__isnull=True)
    if series_id is not None:
        series_q |= Q(series_id=series_id)
    rules = list(
        EligibilityRule.objects.filter(scope, series_q, target_level=target_level)
        .select_related("committee__organisation")
        .prefetch_related("paths")
    )
    if not rules:
        return None

    def rank(r: EligibilityRule) -> tuple[int, int]:
        return (0 if r.committee_id else 1, 0 if r.series_id else 1)

    rule = min(rules, key=rank)
    return RuleSpec(
        target_level=rule.target_level,
        paths=tuple(
            PathSpec(p.min_education, p.min_years_since_graduation, p.required_level, p.min_years_at_required_level)
            for p in rule.paths.all()
        ),
        source=rule.source,
        scope_label=rule.committee.name if rule.committee_id else "全省默认",
    )


def eligibility_check(
    *, target_level: int, series=None, committee=None, education: int | None, graduated_on: dt.date | None,
    current_level: int | None, current_title_obtained_on: dt.date | None, on_date: dt.date,
) -> EligibilityResult:
    """Look up the rule in force for the level (and series/committee) and evaluate the applicant against it."""
    rule = eligibility_rule_for(target_level=target_level, series=series, committee=committee)
    return eligibility_evaluate(
        rule=rule, target_level=target_level, education=education, graduated_on=graduated_on,
        current_level=current_level, current_title_obtained_on=current_title_obtained_on, on_date=on_date,
    )


# -- specialty against studies and current series (issue 17) -------------------------------------
MAJORS_FILE = Path(__file__).resolve().parents[2] / "data" / "catalog" / "majors.json"


@lru_cache(maxsize=1)
def _related_words() -> dict[str, dict[str, list[str]]]:
    with MAJORS_FILE.open(encoding="utf-8") as fh:
        return json.load(fh)["series"]


def specialty_related_words(*, series_name: str, specialty_name: str) -> list[str]:
    """Words that a major related to specialty ``specialty_name`` of series ``series_name`` contains
    (``data/catalog/majors.json``); the specialty's own name when the file lists none."""
    words = _related_words().get(series_name, {}).get(specialty_name)
    return list(words) if words else [specialty_name]


def major_related(major: str, words: list[str]) -> bool:
    """Whether the major (as typed, e.g. "土木工程（道路与桥梁方向）") contains one of ``words``, or is
    contained in one of them (a short major like "护理" against "护理学")."""
    major = "".join((major or "").split())
    if not major:
        return False
    return any(w in major or (len(major) >= 2 and major in w) for w in words)


def specialty_fit_warnings(
    *, series_name: str, specialty_name: str, majors: list[str], current_series: str = "",
    current_qualification: str = "", related: list[str] | None = None,
) -> list[str]:
    """Warnings (never a refusal) about the specialty chosen, in the applicant's words.

    Args: ``series_name``/``specialty_name`` — the title applied for (catalogue names);
    ``majors`` — 所学专业 of every education row of the stored profile; ``current_series`` /
    ``current_qualification`` — the stored current title (empty without one); ``related`` — the
    words of a related major (default :func:`specialty_related_words`).
    Returns up to two sentences: no major related to the specialty (跨专业申报), and a series other
    than the current title's (转系列申报). Both are allowed by 人社部令第40号 and the series' rules
    under conditions a reviewer checks; the pre-check only makes them visible to both sides.
    Pure (reads only the static word list).
    """
    warnings: list[str] = []
    majors = [m.strip() for m in majors if m and m.strip()]
    words = related if related is not None else specialty_related_words(
        series_name=series_name, specialty_name=specialty_name)
    if majors and not any(major_related(m, words) for m in majors):
        warnings.append(
            f"所学专业（{'、'.join(dict.fromkeys(majors))}）与申报专业“{specialty_name}”不相近，属跨专业申报："
            "请对照评审文件确认对所学专业的要求，审核人员会核实。")
    if current_series and series_name and current_series != series_name:
        held = (
            f"{current_qualification}（{current_series}系列）" if current_qualification else f"{current_series}系列职称"
        )
        warnings.append(
            f"您的现职称为{held}，本次申报{series_name}系列，属转系列申报：须符合转系列评审的规定，审核人员会核实。")
    return warnings
