"""Template contexts of the paper forms, built only from stored data.

* Personal details come from the **stored profile version** the application was submitted with
  (``ProfileVersion.data``, see :func:`zhicheng.profiles.selectors.profile_snapshot`), so the form
  shows exactly what the reviewers approved, not the applicant's later draft.
* The full ID number comes from the applicant's account: on the paper form it is customary and
  the applicant and the reviewers on the route are entitled to it; every download is audited.
* Opinions come from the case history (:class:`~zhicheng.cases.models.CaseHistory`): one block per
  step of the route, filled where the step has decided in the current round.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from django.utils import timezone

from zhicheng.cases.constants import REVIEWER_DECISIONS, Decision
from zhicheng.cases.models import Case, CaseHistory
from zhicheng.catalog.constants import Education, TitleLevel
from zhicheng.profiles.models import Attachment, ProfileVersion

ISSUER = "广东省人力资源和社会保障厅制"

#: What the applicant promises (申报人承诺); printed above the signature line.
PLEDGE_TEXT = (
    "本人承诺：所填写的个人信息、学历资历、业绩成果及提交的全部材料真实、准确、完整，"
    "不存在弄虚作假、剽窃他人成果等行为。如有不实，本人愿意承担取消申报资格、撤销已取得的职称"
    "及记入职称评审失信黑名单等一切后果。"
)

#: Photos larger than this are not embedded (the form keeps its photo slot): keeps PDFs lean.
MAX_PHOTO_BYTES = 1_500_000


# -- small helpers ---------------------------------------------------------------------------
def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _ym(value: str | None) -> str:
    d = _date(value)
    return f"{d.year}.{d.month:02d}" if d else ""


def _cn_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def period(start: str | None, end: str | None) -> str:
    """``2001.07—2012.12`` (``至今`` for an open end)."""
    return f"{_ym(start)}—{_ym(end) or '至今'}"


def level_label(level: int | None) -> str:
    return str(TitleLevel(level).label) if level else ""


def highest_education(data: dict) -> dict | None:
    rows = [r for r in data.get("education", []) if r.get("education_value")]
    return max(rows, key=lambda r: (r["education_value"], r.get("end_date") or "")) if rows else None


def education_label(data: dict) -> str:
    row = highest_education(data)
    if row is None:
        return ""
    return str(Education(row["education_value"]).label) if row.get("education_value") else row.get("education", "")


@dataclass
class CoverField:
    """A label on the cover, spread to the width of six characters (the customary justified labels)."""

    label: str
    value: str

    @property
    def spacing(self) -> str:
        n = len(self.label)
        return f"{(6 - n) / (n - 1):.3f}em" if 1 < n < 6 else "0"


# -- opinions ---------------------------------------------------------------------------------
@dataclass
class OpinionBlock:
    """One step of the route on the paper form (人事管理单位意见, 主管单位意见, …)."""

    title: str
    organisation: str
    acted: bool = False
    decision: str = ""
    opinion: str = ""
    actor: str = ""
    at: dt.datetime | None = None

    @property
    def date(self) -> dt.date | None:
        return timezone.localtime(self.at).date() if self.at else None


def opinion_blocks(*, case: Case, titles: dict[str, str] | None = None) -> list[OpinionBlock]:
    """One block per step of the case's route (the route frozen at the latest submission).

    Only decisions of the current round count (after the latest 提交): an opinion given before the
    case was returned and resubmitted is superseded and is not printed.
    """
    titles = titles or {}
    history = list(case.history.select_related("organisation", "actor").order_by("id"))
    last_submit = max((i for i, h in enumerate(history) if h.decision == Decision.SUBMIT), default=-1)
    decided: dict[int, CaseHistory] = {}
    for h in history[last_submit + 1:]:
        if h.decision in REVIEWER_DECISIONS and h.step_order is not None:
            decided[h.step_order] = h
    blocks = []
    for step in case.steps.select_related("organisation").order_by("order"):
        title = titles.get(step.label, f"{step.label}意见")
        row = decided.get(step.order)
        if row is None:
            blocks.append(OpinionBlock(title=title, organisation=step.organisation.name))
        else:
            blocks.append(OpinionBlock(
                title=title,
                organisation=row.organisation.name if row.organisation else step.organisation.name,
                acted=True, decision=row.get_decision_display(), opinion=row.opinion,
                actor=row.actor.real_name, at=row.created_at,
            ))
    return blocks


def submitted_on(case: Case) -> dt.date | None:
    return timezone.localtime(case.submitted_at).date() if case.submitted_at else None


# -- profile data -----------------------------------------------------------------------------
def photo_data_uri(version: ProfileVersion | None) -> str:
    """The applicant's photo as a data URI, if the stored version has an image attachment of a
    ``photo`` kind (profiles has no such kind yet: then the form shows an empty photo slot)."""
    if version is None:
        return ""
    ids = [a.get("id") for a in version.data.get("attachments", []) if a.get("id")]
    photo = (
        Attachment.objects.filter(pk__in=ids, kind="photo", content_type__in=("image/jpeg", "image/png"),
                                  size__lte=MAX_PHOTO_BYTES)
        .order_by("-id")
        .first()
    )
    if photo is None:
        return ""
    try:
        with photo.file.open("rb") as fh:
            raw = fh.read(MAX_PHOTO_BYTES + 1)
    except OSError:
        return ""
    return f"data:{photo.content_type};base64,{base64.b64encode(raw).decode()}"


def stored_version_of(*, applicant, version: ProfileVersion | None) -> ProfileVersion | None:
    """The version an application names, else the applicant's stored version in force."""
    if version is not None:
        return version
    from zhicheng.profiles.models import Profile

    profile = Profile.objects.filter(user=applicant).select_related("stored_version").first()
    return profile.stored_version if profile else None


def person_context(*, case: Case, version: ProfileVersion | None) -> dict[str, Any]:
    data = version.data if version else {}
    identity = data.get("identity", {})
    unit = data.get("unit", {})
    title = data.get("title", {})
    applicant = case.applicant
    return {
        "data": data,
        "name": identity.get("name") or applicant.real_name,
        "gender": identity.get("gender") or applicant.get_gender_display(),
        "birth_date": _date(identity.get("birth_date")) or applicant.birth_date,
        "ethnicity": identity.get("ethnicity", ""),
        "political_status": identity.get("political_status", ""),
        "id_number": applicant.id_number,  # full on the paper form; downloads are audited
        "id_label": applicant.id_document_label + "号码",
        "unit": unit,
        "title": title,
        "title_obtained_on": _date(title.get("obtained_on")),
        "education": [
            dict(r, period=period(r.get("start_date"), r.get("end_date"))) for r in data.get("education", [])
        ],
        "work": [dict(r, period=period(r.get("start_date"), r.get("end_date"))) for r in data.get("work", [])],
        "appraisals": data.get("appraisals", []),
        "continuing_education": data.get("continuing_education", []),
        "appraisal_rows": list(zip_longest(data.get("appraisals", []), data.get("continuing_education", []))),
        "education_label": education_label(data),
        "photo": photo_data_uri(version),
        "version": version,
    }


def selected_achievements(data: dict, ids: list | None) -> list[dict]:
    """The chosen achievements in the order the applicant chose them (None: all of them)."""
    rows = data.get("achievements", [])
    if ids is None:
        return list(rows)
    by_id = {r.get("id"): r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def _with_month(rows: list[dict]) -> list[dict]:
    return [dict(r, month=_ym(r.get("date"))) for r in rows]


# -- 职称评审表 --------------------------------------------------------------------------------
def evaluation_form_context(*, case: Case) -> dict[str, Any]:
    application = case.evaluation_application
    version = stored_version_of(applicant=case.applicant, version=application.profile_version)
    person = person_context(case=case, version=version)
    return {
        "doc_title": "专业技术资格评审表",
        "case": case,
        "application": application,
        "series": application.series.name,
        "specialty": application.specialty.name,
        "level": level_label(application.level),
        "qualification": application.qualification.name,
        "committee": application.committee.name,
        "plan": application.plan,
        "submitted_on": submitted_on(case),
        "cover": [
            CoverField("姓名", person["name"]),
            CoverField("工作单位", person["unit"].get("name", "")),
            CoverField("系列专业", f"{application.series.name}（{application.specialty.name}）"),
            CoverField("申报资格", f"{application.qualification.name}（{level_label(application.level)}）"),
            CoverField("申报日期", _cn_date(submitted_on(case))),
            CoverField("评审委员会", application.committee.name),
        ],
        "achievements": _with_month(
            selected_achievements(person["data"], list(application.selected_achievement_ids or []))
        ),
        "materials": [line.strip() for line in (application.materials or "").splitlines() if line.strip()],
        **_signed_pledge_context(case, application),
        "opinions": opinion_blocks(case=case),
        "issuer": ISSUER,
        **person,
    }


def _signed_pledge_context(case: Case, application) -> dict[str, Any]:
    """The 诚信承诺书 block of the 评审表: the text as signed at the last submission with its
    signature time (``businesses.SignedPledge``), else the plan's current wording, unsigned."""
    from zhicheng.businesses.selectors import signed_pledge_of

    signed = signed_pledge_of(case=case)
    if signed is not None:
        return {"pledge_text": signed.text, "pledge_confirmed": True, "pledge_signed_at": signed.signed_at}
    plan = getattr(application, "plan", None)
    return {"pledge_text": plan.pledge_text if plan is not None else PLEDGE_TEXT, "pledge_confirmed": False}


# -- 考核认定表 --------------------------------------------------------------------------------
@dataclass
class RecognitionSource:
    """What the 考核认定表 needs from a 考核认定申请, whatever model holds it."""

    series: str
    specialty: str
    level: int | None
    qualification: str
    profile_version: ProfileVersion | None = None
    achievement_ids: list | None = None  # None: all achievements of the stored version
    materials: str = ""
    pledge_confirmed: bool = False
    extra: dict = field(default_factory=dict)


def _name(value) -> str:
    return getattr(value, "name", value) or ""


def recognition_source(case: Case) -> RecognitionSource | None:
    """The adapter between the businesses app's recognition model and this form.

    It reads the case's business object by duck typing (``series``, ``specialty``, ``level``,
    ``qualification``, ``profile_version``, and if present ``selected_achievement_ids``,
    ``materials``, ``pledge_confirmed``), so it works with the model once it exists without
    importing it. None when the case has no such object (→ 404).
    """
    obj = case.business_object if case.object_id else None
    if obj is None or not hasattr(obj, "qualification"):
        return None
    qualification = obj.qualification
    level = getattr(obj, "level", None) or getattr(qualification, "level", None)
    series = getattr(obj, "series", None) or getattr(qualification, "series", None)
    ids = getattr(obj, "selected_achievement_ids", None)
    return RecognitionSource(
        series=_name(series), specialty=_name(getattr(obj, "specialty", None)), level=level,
        qualification=_name(qualification), profile_version=getattr(obj, "profile_version", None),
        achievement_ids=list(ids) if ids else None, materials=getattr(obj, "materials", "") or "",
        pledge_confirmed=bool(getattr(obj, "pledge_confirmed", False)),
    )


def recognition_form_context(*, case: Case, source: RecognitionSource) -> dict[str, Any]:
    version = stored_version_of(applicant=case.applicant, version=source.profile_version)
    person = person_context(case=case, version=version)
    blocks = opinion_blocks(case=case, titles={"人社部门": "人社部门认定意见"})
    work = person["data"].get("work", [])
    first_work = min((_date(w.get("start_date")) for w in work if _date(w.get("start_date"))), default=None)
    end = submitted_on(case) or timezone.localdate()
    years = (
        (end.year - first_work.year - ((end.month, end.day) < (first_work.month, first_work.day)))
        if first_work
        else None
    )
    edu = highest_education(person["data"])
    edu = dict(edu, end_ym=_ym(edu.get("end_date"))) if edu else None
    return {
        "doc_title": "专业技术资格考核认定表",
        "case": case,
        "series": source.series,
        "specialty": source.specialty,
        "level": level_label(source.level),
        "qualification": source.qualification,
        "authority": blocks[-1].organisation if blocks else "",
        "submitted_on": submitted_on(case),
        "cover": [
            CoverField("姓名", person["name"]),
            CoverField("工作单位", person["unit"].get("name", "")),
            CoverField("系列专业", source.series + (f"（{source.specialty}）" if source.specialty else "")),
            CoverField("认定资格", source.qualification + (f"（{level_label(source.level)}）" if source.level else "")),
            CoverField("申报日期", _cn_date(submitted_on(case))),
            CoverField("认定机关", blocks[-1].organisation if blocks else ""),
        ],
        "years_of_service": years,
        "highest_education": edu,
        "achievements": _with_month(selected_achievements(person["data"], source.achievement_ids)),
        "materials": [line.strip() for line in source.materials.splitlines() if line.strip()],
        "pledge_text": PLEDGE_TEXT,
        "pledge_confirmed": source.pledge_confirmed,
        "opinions": blocks,
        "issuer": ISSUER,
        **person,
    }
