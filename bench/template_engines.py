"""Django's template engine against Jinja2 on the work queue's row loop (issue 23: measurement only).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/template_engines.py [--rows 20] [--n 500]

The row loop of cases/templates/cases/queue.html (``{% for case in page.object_list %}`` …
``{% endfor %}``, copied verbatim below and checked to be still in the template) is rendered over
``--rows`` rows built in memory, without a database, by Django's engine and by a Jinja2 port of the
same markup (the project's ``status_label``, Django's ``date`` formatting and ``default`` semantics,
``django.urls.reverse`` for the links). The two outputs are asserted to be the same HTML after
whitespace normalisation before anything is timed. Each variant is rendered ``--n`` times per round,
five rounds; the figure is the best of the five per-render medians. The *precomputed href* variants
take ``{% url %}`` out (the link is an attribute of the row), to separate URL reversing from the
engine. Wall-clock numbers belong here and in docs, never in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

QUEUE_TEMPLATE = ROOT / "zhicheng" / "cases" / "templates" / "cases" / "queue.html"

ROW_LOOP_START, ROW_LOOP_END = "  {% for case in page.object_list %}", "{% endfor %}\n"


def django_rows() -> str:
    """The row loop as it is in cases/queue.html today (read from the template, not copied)."""
    html = QUEUE_TEMPLATE.read_text(encoding="utf-8")
    start = html.index(ROW_LOOP_START)
    return html[start:html.index(ROW_LOOP_END, start) + len(ROW_LOOP_END)]

# The same markup for Jinja2 (main() checks it renders what the template's loop renders): function-call
# filters, ``url()`` for ``{% url %}``, ``else`` for ``empty``.
JINJA_ROWS = """\
  {% for case in page.object_list %}
  <tr{% if case.deadline.overdue %} class="table-danger case-overdue"{% endif %}>
    {% if can_batch %}<td class="queue-check"><input type="checkbox" class="form-check-input case-check" name="cases" value="{{ case.pk }}" aria-label="选择 {{ case.applicant.real_name }}"></td>{% endif %}
    <td class="queue-name"><a href="{{ url('cases:detail', case.pk) }}" class="fw-semibold">{{ case.applicant.real_name }}</a>{% if case.deadline.overdue %} <span class="badge text-bg-danger">逾期</span>{% endif %}</td>
    <td class="font-monospace small" data-label="身份证号码">{{ case.applicant.masked_id_number }}</td>
    <td class="queue-wrap" data-label="业务">{{ case.business_type_label }}{% if case.summary and case.summary != case.business_type_label %}<div class="small text-muted">{{ case.summary }}</div>{% endif %}</td>
    <td data-label="状态">{{ case|status_label }}</td>
    <td class="queue-wrap" data-label="当前环节">{{ case.current_organisation.name|default("—") }}</td>
    <td class="small case-deadline" data-label="办理期限">{% if case.deadline %}{% if case.deadline.overdue %}<span class="badge text-bg-danger">已逾期 {{ case.deadline.days_overdue }} 天</span>{% elif case.deadline.days_left <= 3 %}<span class="badge text-bg-warning">剩余 {{ case.deadline.days_left }} 天</span>{% else %}<span class="text-muted">剩余 {{ case.deadline.days_left }} 天</span>{% endif %}<div class="text-muted">{{ case.deadline.label }} {{ case.deadline.due_on|date("Y-m-d") }}</div>{% else %}—{% endif %}</td>
    <td class="text-nowrap small" data-label="提交时间">{{ case.submitted_at|date("Y-m-d H:i")|default("—") }}</td>
    <td class="queue-action"><a class="btn btn-sm btn-outline-danger" href="{{ url('cases:detail', case.pk) }}">{% if case.current_organisation_id == organisation.pk %}审核{% else %}查看{% endif %}</a></td>
  </tr>
  {% else %}
  <tr><td colspan="9" class="text-center text-muted py-4">没有符合条件的业务。</td></tr>
  {% endfor %}
"""  # noqa: E501

DJANGO_URL = "{% url 'cases:detail' case.pk %}"
JINJA_URL = "{{ url('cases:detail', case.pk) }}"
HREF = "{{ case.href }}"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁宋郑谢韩唐冯"
GIVEN = ["建国", "秀英", "志强", "丽娟", "海涛", "晓燕", "文华", "明辉", "婷婷", "国栋", "雪梅", "俊杰", "慧敏", "振宇"]
SUMMARIES = {
    "evaluation": ["工程系列 · 高级工程师 · 电力工程", "工程系列 · 工程师 · 建筑工程", "卫生系列 · 主治医师 · 内科"],
    "recognition": ["工程系列 · 助理工程师 · 机械工程", "经济系列 · 中级经济师 · 人力资源管理"],
    "unit_change": ["由 广州市越秀区建设工程质量检测站 变更为 广州珠江电力工程有限公司"],
    "certificate_replacement": ["证书遗失补发"],
    "external_title_confirmation": ["湖南省 · 高级工程师"],
}
OTHER_UNITS = ["广州市天河区人力资源和社会保障局", "广州珠江电力工程有限公司", "广东省工程系列高级职称评审委员会办公室"]


def _rows(count: int, *, organisation, today: dt.date, seed: int = 23) -> list[SimpleNamespace]:
    """``count`` queue rows as the view hands them to the template (``deadlines_attach`` done)."""
    from django.urls import reverse
    from django.utils import timezone

    from zhicheng.cases.deadlines import Deadline
    from zhicheng.cases.registry import business_type_label
    from zhicheng.common.masking import mask_id_number

    rng = random.Random(seed)
    codes = list(SUMMARIES)
    here = SimpleNamespace(pk=organisation.pk, name=organisation.name)
    rows = []
    for i in range(count):
        code = codes[i % len(codes)]
        label = business_type_label(code)
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(12_000))
        id_number = f"4401{rng.randrange(10, 99)}{birth:%Y%m%d}{rng.randrange(100, 999)}{rng.choice('0123456789X')}"
        # Most rows wait at this organisation; every seventh is elsewhere, every eleventh closed (no step).
        if i % 11 == 10:
            org = None
        elif i % 7 == 6:
            org = SimpleNamespace(pk=900 + i, name=rng.choice(OTHER_UNITS))
        else:
            org = here
        # Deadlines: overdue, due within 3 days, further away, or none (a closed case, or a route without one).
        shift = (-5, -1, 0, 2, 3, 6, 12, None)[i % 8]
        deadline = (
            None
            if shift is None or org is None
            else Deadline(
                due_on=today + dt.timedelta(days=shift), label="受理截止" if i % 3 else "主管单位审核截止", today=today
            )
        )
        submitted = timezone.now() - dt.timedelta(days=rng.randrange(1, 40), minutes=rng.randrange(1440))
        pk = 10_000 + 37 * i
        rows.append(
            SimpleNamespace(
                pk=pk,
                applicant=SimpleNamespace(
                    real_name=SURNAMES[rng.randrange(len(SURNAMES))] + rng.choice(GIVEN),
                    masked_id_number=mask_id_number(id_number),
                ),
                business_type=code,
                business_type_label=label,
                summary=("" if i % 5 == 4 else label if i % 5 == 3 else rng.choice(SUMMARIES[code])),
                status="finished" if org is None else ("returned" if i % 9 == 8 else "submitted"),
                taken_in_at=submitted + dt.timedelta(days=1) if i % 4 == 1 and org is not None else None,
                current_organisation=org,
                current_organisation_id=None if org is None else org.pk,
                deadline=deadline,
                submitted_at=None if i % 13 == 12 else submitted,
                href=reverse("cases:detail", args=[pk]),
            )
        )
    return rows


def _jinja_env():
    """A Jinja2 environment with the row loop's helpers, same semantics as the Django filters it uses."""
    import jinja2
    from django.urls import reverse
    from django.utils import dateformat, timezone

    from zhicheng.cases.templatetags.cases_tags import status_label

    def url(name, *args):
        return reverse(name, args=args)

    def date(value, arg):
        # django.template.defaultfilters.date: the value in local time (expects_localtime), "" for None/"".
        if value is None or value == "" or isinstance(value, jinja2.Undefined):
            return ""
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return dateformat.format(value, arg)

    def default(value, arg):
        # Django's ``default``: the argument for any false value (Jinja's own only for undefined).
        return value or arg

    env = jinja2.Environment(autoescape=True)  # noqa: S701 (autoescape is on)
    env.globals["url"] = url
    env.filters["status_label"] = lambda case: str(status_label(case))
    env.filters["date"] = date
    env.filters["default"] = default
    return env


def _normalised(html: str) -> str:
    return " ".join(html.split())


def _best_median(render, n: int, rounds: int = 5) -> float:
    """The best of ``rounds`` per-render medians (ms) over ``n`` renders each."""
    medians = []
    for _ in range(rounds):
        times = []
        for _ in range(n):
            start = time.perf_counter()
            render()
            times.append(time.perf_counter() - start)
        medians.append(statistics.median(times) * 1000)
    return min(medians)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20, help="rows in the loop (the queue's page size is 20)")
    ap.add_argument("--n", type=int, default=500, help="renders per round (5 rounds)")
    args = ap.parse_args()

    import django

    django.setup()
    import jinja2
    from django.template import engines
    from django.utils import timezone

    DJANGO_ROWS = django_rows()  # noqa: N806 - the template's loop; the Jinja2 port must render the same page
    assert DJANGO_ROWS.count(DJANGO_URL) == 2 and JINJA_ROWS.count(JINJA_URL) == 2

    organisation = SimpleNamespace(pk=42, name="广州市越秀区人力资源和社会保障局")
    rows = _rows(args.rows, organisation=organisation, today=timezone.localdate())
    context = {"page": SimpleNamespace(object_list=rows), "can_batch": True, "organisation": organisation}

    django_engine = engines["django"]
    env = _jinja_env()
    load = "{% load cases_tags %}"
    variants = [
        ("Django", django_engine.from_string(load + DJANGO_ROWS)),
        ("Django, precomputed href", django_engine.from_string(load + DJANGO_ROWS.replace(DJANGO_URL, HREF))),
        ("Jinja2", env.from_string(JINJA_ROWS)),
        ("Jinja2, precomputed href", env.from_string(JINJA_ROWS.replace(JINJA_URL, HREF))),
    ]

    # A fair comparison only if every variant writes the same page.
    expected = _normalised(variants[0][1].render(context))
    for name, template in variants[1:]:
        got = _normalised(template.render(context))
        if got != expected:  # the template changed: port the change to JINJA_ROWS
            at = next(i for i, (x, y) in enumerate(zip(got + "\0", expected + "\0", strict=False)) if x != y)
            sys.exit(f"{name} renders differently from the template's loop from here:\n"
                     f"  {name}: {got[max(0, at - 60):at + 60]}\n  Django: {expected[max(0, at - 60):at + 60]}")
    assert expected.count("<tr") == max(args.rows, 1)

    results = [(name, _best_median(lambda t=template: t.render(context), args.n)) for name, template in variants]
    base = results[0][1]
    print(
        f"{args.rows} rows, {args.n} renders × 5 rounds, best per-render median; "
        f"Django {django.get_version()}, Jinja2 {jinja2.__version__}, template debug={django_engine.engine.debug}, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n"
    )
    print(f"| engine | ms per {args.rows}-row render | ratio to Django |")
    print("|---|---:|---:|")
    for name, ms in results:
        print(f"| {name} | {ms:.3f} | {ms / base:.2f} |")


if __name__ == "__main__":
    main()
