"""The applicant's record as a reviewer reads it, and what changed in it (issue 17, findings 1, 4, 8).

A profile snapshot (``ProfileVersion.data``, see :func:`zhicheng.profiles.selectors.profile_snapshot`) is
turned into :class:`RecordSection` rows that one template (``cases/includes/record.html``) shows on the
case page of every business. Given a *base* snapshot — the version stored before (a changed profile) or
the version as it was returned (a resubmission) — every field and every item is marked
``added`` / ``changed`` (with the old value) / ``removed``. Items are matched by their ``id`` (a profile
row keeps its id when edited). Pure functions: no queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
#: Texts longer than this are folded on the page (the first part shown, the rest on demand).
FOLD_AT = 160

# (section key, title, fields in order as (key, label)) — the single-valued sections.
FIELD_SECTIONS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("identity", "基本情况", [
        ("name", "姓名"), ("id_document", "证件类型"), ("id_number_masked", "证件号码"), ("nationality", "国籍"),
        ("gender", "性别"), ("birth_date", "出生日期"), ("ethnicity", "民族"), ("political_status", "政治面貌"),
    ]),
    ("unit", "人事管理单位", [("name", "人事管理单位"), ("region", "所在地区"), ("supervising_unit", "主管单位")]),
    ("title", "现职称与职务", [
        ("series", "系列"), ("qualification", "资格名称"), ("level", "级别"), ("obtained_on", "取得时间"),
        ("certificate_number", "证书编号"), ("position", "现任职务"),
    ]),
]

# (section key, title, compared fields as (key, label), the item's heading, its secondary line, its long text)
ITEM_SECTIONS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "education",
        "学习经历",
        [
            ("school", "学校"),
            ("major", "专业"),
            ("education", "学历"),
            ("degree", "学位"),
            ("start_date", "入学时间"),
            ("end_date", "毕业时间"),
            ("certificate_number", "证书编号"),
        ],
    ),
    (
        "work",
        "工作经历",
        [("unit_name", "单位"), ("post", "岗位"), ("start_date", "开始时间"), ("end_date", "结束时间")],
    ),
    (
        "achievements",
        "业绩成果",
        [
            ("kind_label", "类别"),
            ("title", "名称"),
            ("date", "时间"),
            ("role", "本人角色"),
            ("description", "说明"),
        ],
    ),
    ("continuing_education", "继续教育", [("year", "年度"), ("hours", "学时"), ("content", "内容")]),
    ("appraisals", "年度考核", [("year", "年度"), ("result", "结果")]),
    ("attachments", "附件", [("kind", "材料类别"), ("name", "文件名"), ("sha256", "文件内容")]),
]

#: Section keys and titles, in page order: what a reviewer may tick when returning a case.
SECTION_TITLES: dict[str, str] = {k: t for k, t, _ in FIELD_SECTIONS} | {k: t for k, t, _ in ITEM_SECTIONS}


@dataclass
class RecordField:
    label: str
    value: str
    old: str | None = None  # the base's value when it changed

    @property
    def changed(self) -> bool:
        return self.old is not None


@dataclass
class RecordItem:
    id: int | None
    heading: str
    meta: str = ""
    long_text: str = ""
    status: str = ""  # "" | added | changed | removed
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)
    row: dict = field(default_factory=dict)  # the snapshot row as it is (attachments: id, name, size…)
    view: dict = field(default_factory=dict)  # attachments: how the page shows the file (record_files_attach)

    @property
    def folded(self) -> bool:
        return len(self.long_text) > FOLD_AT

    @property
    def long_text_head(self) -> str:
        return self.long_text[:FOLD_AT]


@dataclass
class RecordSection:
    key: str
    title: str
    fields: list[RecordField] = field(default_factory=list)
    items: list[RecordItem] = field(default_factory=list)

    @property
    def change_count(self) -> int:
        return sum(f.changed for f in self.fields) + sum(bool(i.status) for i in self.items)


def _text(value) -> str:
    return "" if value is None else str(value)


def _heading(key: str, row: dict) -> tuple[str, str, str]:
    """(heading, secondary line, long text) of one item of section ``key``."""
    if key == "education":
        parts = [row.get("school"), row.get("major"), row.get("education"), row.get("degree")]
        meta = f"{_text(row.get('start_date'))} 至 {_text(row.get('end_date'))}"
        if row.get("certificate_number"):
            meta += f" · 证书 {row['certificate_number']}"
        return " · ".join(p for p in parts if p), meta, ""
    if key == "work":
        return (" · ".join(p for p in [row.get("unit_name"), row.get("post")] if p),
                f"{_text(row.get('start_date'))} 至 {_text(row.get('end_date')) or '今'}", "")
    if key in ("achievements", "selected_achievements"):
        meta = " · ".join(p for p in [row.get("kind_label"), row.get("date"), row.get("role")] if p)
        return _text(row.get("title")), meta, _text(row.get("description"))
    if key == "continuing_education":
        return f"{_text(row.get('year'))} 年 · {_text(row.get('hours'))} 学时", "", _text(row.get("content"))
    if key == "appraisals":
        return f"{_text(row.get('year'))} 年度：{_text(row.get('result'))}", "", ""
    if key == "attachments":
        return f"{_text(row.get('kind'))}：{_text(row.get('name'))}", "", ""
    return _text(row.get("id")), "", ""


def _item(key: str, row: dict, status: str = "", changes=None, labels=()) -> RecordItem:
    if key in _HEADED:
        heading, meta, long_text = _heading(key, row)
    else:  # a section of another snapshot: its first field is the heading, the others the line below
        values = [_text(row.get(name)) for name, _ in labels]
        heading, meta, long_text = (
            (values[0] if values else _text(row.get("id"))),
            " · ".join(v for v in values[1:] if v),
            "",
        )
    return RecordItem(id=row.get("id"), heading=heading, meta=meta, long_text=long_text, status=status,
                      changes=changes or [], row=row)


_HEADED = {"education", "work", "achievements", "selected_achievements", "continuing_education", "appraisals",
           "attachments"}


def profile_record(data: dict, base: dict | None = None) -> list[RecordSection]:
    """The sections of a profile snapshot (``ProfileVersion.data``, :class:`~.snapshot.ProfileSnapshot`),
    marked against ``base`` when given: :func:`snapshot_record` with the profile's sections."""
    return snapshot_record(data, base)


def snapshot_record(
    data: dict, base: dict | None = None, *, field_sections=FIELD_SECTIONS, item_sections=ITEM_SECTIONS,
) -> list[RecordSection]:
    """The one diff of the system (issue 17): the sections of snapshot ``data``; with ``base``, each
    field and item marked against it. Every page that shows what changed uses it.

    ``data``/``base``: JSON dicts of one shape — a profile snapshot (the defaults) or a business
    application's content (``zhicheng.businesses.selectors.application_snapshot``). ``field_sections``:
    [(key, title, [(field, label)])] — ``data[key]`` is a dict of single values (nested fields);
    ``item_sections``: the same for ``data[key]``, a list of dicts with an ``id``.
    Returns one :class:`RecordSection` per section, in the order given. Without ``base`` nothing is
    marked. With it: a field whose value differs carries ``old`` ("（空）" when it was empty); an item
    is ``added`` (no item of its id in ``base``), ``changed`` (``changes``: (label, old, new) of each
    differing field) or ``removed`` (in ``base`` only; listed after the others). An item field named
    ``sha256`` (a file's content) is shown as 文件内容 已更换, never as the digest. Pure: no queries.
    """
    data = data or {}
    sections: list[RecordSection] = []
    for key, title, labels in field_sections:
        now, then = data.get(key) or {}, (base or {}).get(key) or {}
        fields = []
        for name, label in labels:
            value = _text(now.get(name))
            if not value and name in ("nationality",):
                continue
            old = None
            if base is not None and _text(then.get(name)) != value:
                old = _text(then.get(name)) or "（空）"
            fields.append(RecordField(label=label, value=value or "—", old=old))
        sections.append(RecordSection(key=key, title=title, fields=fields))
    for key, title, labels in item_sections:
        rows = data.get(key) or []
        items: list[RecordItem] = []
        if base is None:
            items = [_item(key, row, labels=labels) for row in rows]
        else:
            before = {row.get("id"): row for row in (base.get(key) or [])}
            for row in rows:
                old = before.pop(row.get("id"), None)
                if old is None:
                    items.append(_item(key, row, ADDED, labels=labels))
                    continue
                changes = []
                for name, label in labels:
                    a, b = _text(old.get(name)), _text(row.get(name))
                    if a != b:
                        changes.append((label, "已更换" if name == "sha256" else (a or "（空）"),
                                        "" if name == "sha256" else (b or "（空）")))
                items.append(_item(key, row, CHANGED if changes else "", changes, labels=labels))
            items.extend(_item(key, row, REMOVED, labels=labels) for row in before.values())
        sections.append(RecordSection(key=key, title=title, items=items))
    return sections


def record_change_count(sections: list[RecordSection]) -> int:
    """How many fields and items are marked in ``sections`` (0 without a base)."""
    return sum(s.change_count for s in sections)


def record_files_attach(sections: list[RecordSection], files: dict) -> None:
    """Tell each attachment item how the case page shows its file. ``files``: {attachment id: CaseFile}
    of the files the case was submitted with (``zhicheng.cases.files.case_submitted_files``); an item
    without one (removed by the applicant, or changed since) is listed without a file."""
    from zhicheng.cases.files import INLINE_PDF_PAGES, file_inline_kind, pdf_page_count

    for section in sections:
        if section.key != "attachments":
            continue
        for item in section.items:
            file = files.get(item.id) if item.status != REMOVED else None
            if file is None:
                item.view = {"available": False}
                continue
            shown = file_inline_kind(file)
            pages = pdf_page_count(file) if shown == "pdf" else (1 if shown == "image" else 0)
            item.view = {"available": True, "kind": shown, "pages": list(range(1, min(pages, INLINE_PDF_PAGES) + 1)),
                         "more": max(0, pages - INLINE_PDF_PAGES), "total": pages, "content_type": file.content_type}
