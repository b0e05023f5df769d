"""Dates in a person's record checked against the person (issue 16 finding 6, SPEC §11.1).

No date of a person's own study, work, achievement, title, training or appraisal lies before
their birth; study begins at ``MIN_AGE_STUDY`` at the earliest and work at ``MIN_AGE_WORK``
(docs/decisions/0011-input-as-people-type-it.md explains the two ages). One rule, used by the profile
forms (errors next to the field) and by the rows' ``clean()`` that every service runs.
"""

from __future__ import annotations

import datetime as dt

# Primary school starts at 6 (《义务教育法》第十一条), at 5 where a school admits early: a study
# record starting before the 5th birthday is a typing error.
MIN_AGE_STUDY = 5
# 《劳动法》第十五条 forbids employing anyone under 16, except 文艺、体育和特种工艺单位 with approval
# (young athletes, performers): 14 refuses typing errors and keeps those real cases.
MIN_AGE_WORK = 14

# Which date fields of which section are checked, and from what age.
START_AGES: dict[str, dict[str, int]] = {
    "educationrecord": {"start_date": MIN_AGE_STUDY, "end_date": MIN_AGE_STUDY},
    "workrecord": {"start_date": MIN_AGE_WORK, "end_date": MIN_AGE_WORK},
    "achievement": {"date": 0},
}


def birthday_at(birth_date: dt.date, age: int) -> dt.date:
    """The date on which someone born on ``birth_date`` turns ``age`` (29 February → 28 February)."""
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:
        return birth_date.replace(year=birth_date.year + age, day=28)


def person_date_error(*, birth_date: dt.date | None, value: dt.date | None, min_age: int, what: str = "") -> str:
    """The Chinese message for a date that is before birth or before ``min_age``; "" when it is fine
    (or when the birth date or the value is unknown)."""
    if not birth_date or not value:
        return ""
    if value < birth_date:
        return f"该时间早于本人出生日期（{birth_date:%Y年%m月%d日}），请核对。"
    if min_age and value < birthday_at(birth_date, min_age):
        return f"{what or '该时间'}时本人未满{min_age}周岁，请核对。"
    return ""


def profile_row_date_errors(*, birth_date: dt.date | None, section: str, data: dict) -> dict[str, str]:
    """Errors by field for one section row (``section`` is the model name, e.g. "workrecord");
    ``data`` maps field names to values. Years (继续教育, 年度考核) are checked against the birth year."""
    errors: dict[str, str] = {}
    if not birth_date:
        return errors
    labels = {"educationrecord": "入学", "workrecord": "参加工作"}
    for name, min_age in START_AGES.get(section, {}).items():
        message = person_date_error(
            birth_date=birth_date, value=data.get(name), min_age=min_age, what=labels.get(section, "")
        )
        if message:
            errors[name] = message
    year = data.get("year")
    if section in ("continuingeducation", "appraisal") and year and int(year) < birth_date.year + MIN_AGE_WORK:
        errors["year"] = f"该年度本人未满{MIN_AGE_WORK}周岁，请核对。"
    return errors
