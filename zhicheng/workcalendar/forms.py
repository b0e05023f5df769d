"""The system administrator's entry of a year's arrangement: one line per day or range of days."""

from __future__ import annotations

import datetime as dt
import re

from django import forms

from zhicheng.common.forms import StyledForm

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_LINE = re.compile(rf"^{_DATE}(?:\s*(?:~|～|—|–|-|至|到)\s*{_DATE})?\s*[,，、:：]?\s*(.*)$")
MAX_RANGE_DAYS = 15


def parse_days(text: str) -> dict[dt.date, str]:
    """``2027-02-05 至 2027-02-11 春节`` / ``2027年1月1日 元旦`` lines → {date: name}.

    Full-width digits and separators are accepted. Raises ``forms.ValidationError`` naming the line.
    """
    days: dict[dt.date, str] = {}
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip().translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}).replace("　", " ")
        if not line:
            continue
        match = _LINE.match(line)
        if not match:
            raise forms.ValidationError(
                f"第 {number} 行无法识别：“{raw.strip()[:30]}”。请写成“2027-02-05 至 2027-02-11 春节”。"
            )
        g = match.groups()
        try:
            first = dt.date(int(g[0]), int(g[1]), int(g[2]))
            last = dt.date(int(g[3]), int(g[4]), int(g[5])) if g[3] else first
        except ValueError:
            raise forms.ValidationError(f"第 {number} 行的日期不存在：“{raw.strip()[:30]}”。") from None
        if last < first:
            raise forms.ValidationError(f"第 {number} 行的结束日期早于开始日期。")
        if (last - first).days >= MAX_RANGE_DAYS:
            raise forms.ValidationError(f"第 {number} 行的日期范围超过 {MAX_RANGE_DAYS} 天，请检查。")
        name = g[6].strip()[:40]
        day = first
        while day <= last:
            days[day] = name
            day += dt.timedelta(days=1)
    return days


def format_days(days: dict[dt.date, str]) -> str:
    """The inverse of :func:`parse_days`: consecutive days of one name as one range line."""
    lines: list[str] = []
    run: list[dt.date] = []
    items = sorted(days.items())
    for i, (day, name) in enumerate(items):
        run.append(day)
        nxt = items[i + 1] if i + 1 < len(items) else None
        if nxt and nxt[0] == day + dt.timedelta(days=1) and nxt[1] == name:
            continue
        span = f"{run[0]:%Y-%m-%d}" if len(run) == 1 else f"{run[0]:%Y-%m-%d} 至 {run[-1]:%Y-%m-%d}"
        lines.append(f"{span} {name}".strip())
        run = []
    return "\n".join(lines)


class ArrangementForm(StyledForm):
    document = forms.CharField(label="通知文号", max_length=100, required=False,
                               help_text="如：国办发明电〔2026〕7号")
    holidays = forms.CharField(
        label="放假日期", widget=forms.Textarea(attrs={"rows": 9}),
        help_text="每行一个日期或日期范围，后接节日名称，如“2027-02-05 至 2027-02-11 春节”。含调休形成的周末连休。",
    )
    working_days = forms.CharField(
        label="调休上班日期", widget=forms.Textarea(attrs={"rows": 5}), required=False,
        help_text="放假调休需要上班的星期六、星期日，每行一个，如“2027-02-14 春节”。",
    )

    def clean_holidays(self):
        return parse_days(self.cleaned_data["holidays"])

    def clean_working_days(self):
        return parse_days(self.cleaned_data["working_days"])
