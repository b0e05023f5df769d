"""Reads for the businesses: what an applicant may apply for, the eligibility pre-check inputs,
the cascading title choices, and which business object a user may see.

Object-level permission follows the case engine: a business object is visible exactly when its
case is (:func:`zhicheng.cases.selectors.cases_visible_to`); anything else is a 404.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from zhicheng.cases.constants import OPEN_STATUSES, CaseStatus
from zhicheng.cases.deadlines import Deadline, case_deadlines
from zhicheng.cases.models import Case
from zhicheng.cases.registry import RouteStep, application_bar_for, business_type_get
from zhicheng.cases.selectors import case_routes, cases_visible_to
from zhicheng.catalog.constants import TitleLevel
from zhicheng.catalog.eligibility import EligibilityResult, eligibility_check, specialty_fit_warnings
from zhicheng.catalog.models import Qualification, Series, Specialty
from zhicheng.catalog.selectors import CommitteeOffer, committees_open_for
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.orgs.constants import OrgKind, RegionLevel
from zhicheng.orgs.models import Organisation
from zhicheng.profiles.selectors import StoredChain, profile_stored_achievements, profile_stored_chain

from .constants import BUSINESSES, RECOGNITION_LEVELS, BusinessCode
from .models import (
    CertificateReplacementApplication,
    EvaluationApplication,
    ExternalTitleConfirmation,
    RecognitionApplication,
    SignedPledge,
    UnitChangeApplication,
)

MODELS = {
    BusinessCode.EVALUATION: EvaluationApplication,
    BusinessCode.RECOGNITION: RecognitionApplication,
    BusinessCode.UNIT_CHANGE: UnitChangeApplication,
    BusinessCode.REPLACEMENT: CertificateReplacementApplication,
    BusinessCode.EXTERNAL: ExternalTitleConfirmation,
}


def stored_chain_of(*, user) -> StoredChain:
    """The applicant's stored chain 个人—人事管理单位—主管单位—人社部门 (``profiles.selectors.StoredChain``;
    ``is_stored`` False until the profile is 入库). Every business starts from it."""
    return profile_stored_chain(user)


# -- business objects ---------------------------------------------------------------------------
def signed_pledge_of(*, case: Case) -> SignedPledge | None:
    """The 诚信承诺书 signed at the case's last submission (one query), or None if never submitted."""
    return SignedPledge.objects.filter(case=case).order_by("-signed_at", "-id").first()


def pledge_digest(text: str) -> str:
    """SHA-256 (hex) of a pledge text: the submission form carries the digest of the text it showed,
    so the service can tell that the text signed is the text the applicant read."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def pledge_text_for(*, committee, specialty, level, on_date: dt.date | None = None) -> str:
    """The 诚信承诺书 an evaluation applicant signs for this committee, specialty and level today: the
    wording of the accepting plan, or the default wording while no plan is determined."""
    from zhicheng.catalog.models import DEFAULT_PLEDGE_TEXT
    from zhicheng.catalog.selectors import plan_accepting

    if committee is None or specialty is None or not level:
        return DEFAULT_PLEDGE_TEXT
    plan = plan_accepting(committee=committee, specialty=specialty, level=int(level),
                          on_date=on_date or timezone.localdate())
    return plan.pledge_text if plan is not None else DEFAULT_PLEDGE_TEXT


def business_object_of(*, case: Case):
    """The business object (EvaluationApplication, …) of one of this app's cases, or None."""
    model = MODELS.get(case.business_type)
    if model is None:
        return None
    return model.objects.filter(case=case).first()


def business_cases_visible_to(*, user) -> QuerySet[Case]:
    """The cases of the title businesses (``BusinessCode``) that ``user`` may see: as applicant, or as
    staff of a unit the case is at or has passed (``cases.selectors.cases_visible_to``)."""
    return cases_visible_to(user=user).filter(business_type__in=[c.value for c in BusinessCode])


def applicant_case_get(*, user, pk: int) -> Case | None:
    """One of the user's own business cases (the applicant's pages), else None (→ 404)."""
    if not user.is_authenticated:
        return None
    return (
        Case.objects.filter(pk=pk, applicant=user, business_type__in=[c.value for c in BusinessCode])
        .select_related("current_organisation")
        .first()
    )


# -- uploaded files (the rule is zhicheng.cases.files.uploaded_file_visible_to) ----------------------
EXTERNAL_SCAN_KIND = "external_scan"


def _scan_file(obj: ExternalTitleConfirmation, meta: dict):
    from zhicheng.cases.files import CaseFile

    return CaseFile(
        kind=EXTERNAL_SCAN_KIND, pk=obj.pk, name=meta["name"], original_name=meta["original_name"],
        content_type=meta["content_type"], size=meta["size"], sha256=meta["sha256"], storage=obj.file.storage,
    )


def external_scan_meta(obj: ExternalTitleConfirmation) -> dict:
    """The scan as it is now (what ``external_submit`` freezes as ``submitted_scan``)."""
    return {"name": obj.file.name, "original_name": obj.original_name, "content_type": obj.content_type,
            "size": obj.size, "sha256": obj.sha256}


def external_scan_owned(pk: int):
    """The scanned certificate of confirmation ``pk`` for ``uploaded_file_visible_to``: the
    applicant's current scan (they may have replaced it since the last submission)."""
    from zhicheng.cases.files import OwnedFile

    obj = ExternalTitleConfirmation.objects.filter(pk=pk).first()
    if obj is None:
        return None
    return OwnedFile(owner_id=obj.applicant_id, current=_scan_file(obj, external_scan_meta(obj)) if obj.file else None)


def business_case_files(case: Case) -> list:
    """``BusinessType.submitted_files`` of the businesses: an evaluation or recognition carries
    the attachments of the stored profile version it was submitted with; an out-of-province
    confirmation the scan recorded at its last submission; the others no files."""
    from zhicheng.profiles.selectors import version_files

    obj = business_object_of(case=case)
    if obj is None:
        return []
    if isinstance(obj, ExternalTitleConfirmation):
        return [_scan_file(obj, obj.submitted_scan)] if obj.submitted_scan else []
    if isinstance(obj, EvaluationApplication | RecognitionApplication) and obj.profile_version_id:
        return version_files(obj.profile_version)
    return []


# -- applicant's overview -----------------------------------------------------------------------
def applicant_status_text(case: Case, *, evaluation_outcome=None) -> str:
    """The status as the applicant should read it. ``evaluation_outcome``: for an accepted 评审申请,
    where its evaluation stands (``zhicheng.committees.selectors.evaluation_outcomes_of``)."""
    business = business_type_get(case.business_type)
    if case.status == CaseStatus.SUBMITTED and case.current_organisation_id:
        if case.taken_in_at is not None and business.final_step_decides:
            return f"已受理（{case.current_organisation.name}），待作出{business.grant_label}决定"
        return f"审核中（当前在{case.current_organisation.name}）"
    if case.status == CaseStatus.ACCEPTED:
        if case.business_type == BusinessCode.EVALUATION and evaluation_outcome is not None:
            return evaluation_outcome.label
        return "已受理，等待评审" if case.business_type == BusinessCode.EVALUATION else "已受理"
    if case.status == CaseStatus.GRANTED:
        return {
            BusinessCode.RECOGNITION: "已认定通过，证书已颁发",
            BusinessCode.REPLACEMENT: "已同意补发，新证书已颁发",
            BusinessCode.EXTERNAL: "已确认",
        }.get(case.business_type, business.status_label(case.status))
    if case.status == CaseStatus.FINISHED and case.business_type == BusinessCode.UNIT_CHANGE:
        return "已变更"
    return business.status_label(case.status)


@dataclass
class CaseItem:
    case: Case
    status_text: str
    route: list
    deadline: Deadline | None = None  # the correction deadline of a returned case, or the current step's

    @property
    def returned_entry(self):
        """The latest return of a returned case (what to correct, why, by when), else None."""
        from zhicheng.cases.selectors import returned_entry_of

        return returned_entry_of(self.route) if self.case.status == CaseStatus.RETURNED else None


BUSINESS_ROWS_LIMIT = 30


def applicant_business_case_queryset(*, user) -> QuerySet[Case]:
    """Every business case of ``user`` (not the personal-information cases), latest change first."""
    return (
        Case.objects.filter(applicant=user, business_type__in=[c.value for c in BusinessCode])
        .select_related("current_organisation")
        .order_by("-updated_at", "-id")
    )


def applicant_business_case_rows(*, user, limit: int = BUSINESS_ROWS_LIMIT) -> list[Case]:
    """The latest ``limit`` business cases of ``user`` (the workbench shows these and links to all
    of them on the business page, which pages through every case)."""
    return list(applicant_business_case_queryset(user=user)[:limit])


def applicant_business_cases(*, user, limit: int = 30, cases: list[Case] | None = None,
                             routes: dict | None = None) -> list[CaseItem]:
    """The applicant's business cases with status text and route. ``cases``/``routes``: already
    loaded by the caller (``applicant_business_case_rows``, ``case_routes``)."""
    if cases is None:
        cases = applicant_business_case_rows(user=user, limit=limit)
    if routes is None:
        routes = case_routes(cases=cases)
    deadlines = case_deadlines(cases=cases)
    outcomes = _evaluation_outcomes([c for c in cases if c.business_type == BusinessCode.EVALUATION
                                     and c.status == CaseStatus.ACCEPTED])
    return [CaseItem(case=c, status_text=applicant_status_text(c, evaluation_outcome=outcomes.get(c.pk)),
                     route=routes[c.pk], deadline=deadlines.get(c.pk)) for c in cases]


def _evaluation_outcomes(cases: list[Case]) -> dict:
    """Where each accepted 评审申请 stands in its evaluation, by case pk (no query when none)."""
    if not cases:
        return {}
    from zhicheng.committees.selectors import evaluation_outcomes_of

    applications = list(EvaluationApplication.objects.filter(case__in=cases))
    outcomes = evaluation_outcomes_of(applications=applications)
    return {a.case_id: outcomes[a.pk] for a in applications}


def businesses_for(*, user, chain: StoredChain | None = None, all_cases: list[Case] | None = None) -> list[dict]:
    """The businesses with their plain explanation, and whether the applicant may start each now.
    ``chain``: the user's stored chain if the caller already has it (saves its queries).
    ``all_cases``: every business case of the applicant, if the caller has them all: when none is
    a unit change there is no open unit-change application either (each has its case), and the
    query for it is saved."""
    if chain is None:
        chain = profile_stored_chain(user)
    if all_cases is not None and not any(c.business_type == BusinessCode.UNIT_CHANGE for c in all_cases):
        open_unit_change = None
    else:
        open_unit_change = open_unit_change_of(user=user)
    items = []
    for spec in BUSINESSES:
        note = ""
        if spec.code == BusinessCode.UNIT_CHANGE and open_unit_change is not None:
            note = "您已有一件正在办理的人事管理单位变更申请。"
        items.append({"spec": spec, "available": chain.is_stored, "note": note,
                      "open_case": open_unit_change.case if (note and open_unit_change) else None})
    return items


def open_unit_change_of(*, user) -> UnitChangeApplication | None:
    """The applicant's open 人事管理单位变更 application (with its case), or None; there is at most one
    (a unique constraint on ``is_open``)."""
    return UnitChangeApplication.objects.filter(applicant=user, is_open=True).select_related("case").first()


def replaceable_certificates_of(*, user) -> QuerySet[Certificate]:
    """The applicant's valid certificates issued by an HR bureau of this system."""
    return (
        Certificate.objects.filter(holder=user, status=CertificateStatus.VALID, issued_on__isnull=False)
        .select_related("qualification", "issuer")
        .order_by("-issued_on")
    )


def replacement_open_for(*, certificate: Certificate, exclude_case: Case | None = None) -> bool:
    """Whether ``certificate`` already has a 补换发 application whose case is open (draft, submitted or
    returned), other than ``exclude_case`` (the one being edited). One open application per certificate."""
    qs = CertificateReplacementApplication.objects.filter(certificate=certificate, case__status__in=OPEN_STATUSES)
    if exclude_case is not None:
        qs = qs.exclude(case=exclude_case)
    return qs.exists()


# -- routes: which HR bureau ------------------------------------------------------------------------
def hr_bureau_for_region(region_code: str) -> Organisation:
    """The HR bureau (人社部门) of the 6-digit region code ``region_code`` (GB/T 2260). Raises
    ``Organisation.DoesNotExist`` when the region has none."""
    return Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id=region_code)


def recognition_bureau_for(*, unit: Organisation, level: int) -> Organisation:
    """The HR bureau that recognises ``level`` for an applicant of ``unit``.

    * 员级 / 助理级: the HR bureau of the unit's own region (a county bureau for a county unit,
      the city bureau for a city unit, the provincial department for a provincial unit);
    * 中级: the city-level bureau of the unit's city (a county unit goes to its city's bureau);
      a provincial unit goes to the provincial department.
    """
    region = unit.region
    if int(level) == TitleLevel.INTERMEDIATE and region.level == RegionLevel.COUNTY:
        return hr_bureau_for_region(region.city_code)
    return hr_bureau_for_region(region.code)


# -- the route of an application, one source for its routes and for what the form shows (issue 17, 7) ----
def final_step_for(*, code: str, personnel_unit: Organisation, committee=None, level=None,
                   certificate=None) -> RouteStep | None:
    """The final step of business ``code`` for an applicant of ``personnel_unit``: the committee office of the
    chosen committee (评审申请), the bureau that recognises ``level`` (考核认定), the certificate's issuer
    (补换发) or the unit's HR bureau (省外确认). None while what decides it is not chosen yet (or for a
    business without one). The route builders of :mod:`.services` and :func:`route_preview` both use it."""
    from zhicheng.cases.constants import StepLabel
    from zhicheng.cases.routes import hr_bureau_of
    from zhicheng.orgs.constants import Role

    if code == BusinessCode.EVALUATION and committee is not None:
        return RouteStep(committee.organisation, str(StepLabel.COMMITTEE_OFFICE.label), Role.COMMITTEE_OFFICE,
                         is_final=True)
    if code == BusinessCode.RECOGNITION and level:
        return RouteStep(recognition_bureau_for(unit=personnel_unit, level=level), str(StepLabel.HR_BUREAU.label),
                         Role.REVIEWER, is_final=True)
    if code == BusinessCode.REPLACEMENT and certificate is not None:
        return RouteStep(certificate.issuer, REPLACEMENT_ISSUER_LABEL, Role.REVIEWER, is_final=True)
    if code == BusinessCode.EXTERNAL:
        return RouteStep(hr_bureau_of(personnel_unit), str(StepLabel.HR_BUREAU.label), Role.REVIEWER, is_final=True)
    return None


REPLACEMENT_ISSUER_LABEL = "人社部门（发证机关）"
#: What the form says of a final step not known yet (label, who).
_FINAL_UNKNOWN = {
    BusinessCode.EVALUATION: ("评委会办公室", "所选评审委员会的办公室"),
    BusinessCode.RECOGNITION: ("人社部门", "按申报级别确定的人社部门"),
    BusinessCode.REPLACEMENT: (REPLACEMENT_ISSUER_LABEL, "原证书的发证机关"),
}


@dataclass(frozen=True)
class RoutePreviewStep:
    label: str  # 人事管理单位, 主管单位, 评委会办公室 …
    organisation: str  # its name, or who it will be while not chosen yet


def route_preview(*, code: str, chain: StoredChain, committee=None, level=None, certificate=None,
                  to_unit: Organisation | None = None) -> list[RoutePreviewStep]:
    """The steps an application of ``code`` would take if submitted now, from the applicant's stored
    ``chain`` and what the form has chosen so far — built as the route builders build it (``chain_route``
    + :func:`final_step_for`), so the form's header and its "您的链条" box say the same as the route the case
    will take (issue 17, finding 7: a 评审申请 ends at the committee office, not the HR bureau). Never raises:
    a chain that cannot route yet is shown as far as it is known."""
    from zhicheng.cases.constants import StepLabel
    from zhicheng.cases.routes import chain_route
    from zhicheng.cases.workflow import RouteError

    unit = chain.personnel_unit
    if code == BusinessCode.UNIT_CHANGE:
        supervisor = to_unit.supervising_unit if to_unit is not None else None
        return [
            RoutePreviewStep(str(StepLabel.RELEASING_UNIT.label), unit.name if unit else "原人事管理单位"),
            RoutePreviewStep(str(StepLabel.RECEIVING_UNIT.label), to_unit.name if to_unit else "您选择的新单位"),
            RoutePreviewStep("新主管单位", supervisor.name if supervisor else "新单位的主管单位"),
        ]
    try:
        final = final_step_for(code=code, personnel_unit=unit, committee=committee, level=level,
                               certificate=certificate) if unit is not None else None
        steps = [RoutePreviewStep(s.label, s.organisation.name) for s in chain_route(unit, final=final)]
    except (RouteError, Organisation.DoesNotExist):
        steps = [RoutePreviewStep(str(StepLabel.PERSONNEL_UNIT.label), unit.name if unit else "人事管理单位")]
        if chain.supervising_unit is not None:
            steps.append(RoutePreviewStep(str(StepLabel.SUPERVISING_UNIT.label), chain.supervising_unit.name))
        final = None
    if final is None and code in _FINAL_UNKNOWN:
        steps.append(RoutePreviewStep(*_FINAL_UNKNOWN[code]))
    return steps


# -- cascading title choice -------------------------------------------------------------------------
def series_all() -> QuerySet[Series]:
    """Every title series (职称系列), for the applicant's choice of series."""
    return Series.objects.all()


def specialties_of(*, series_id) -> QuerySet[Specialty]:
    """The specialties of series ``series_id`` (none when no series is chosen yet)."""
    if not series_id:
        return Specialty.objects.none()
    return Specialty.objects.filter(series_id=series_id)


def qualifications_for(*, series_id, level, specialty: Specialty | None) -> QuerySet[Qualification]:
    """Qualifications of the series and level; where the series has tracks (卫生: 医疗、护理…),
    only those of the specialty's track (or untracked ones)."""
    if not series_id or not level:
        return Qualification.objects.none()
    qs = Qualification.objects.filter(series_id=series_id, level=level)
    if specialty is not None and specialty.track:
        tracked = qs.filter(track=specialty.track)
        if tracked.exists():
            return tracked
        return qs.filter(track="")
    return qs


def levels_for(code: str) -> list[tuple[int, str]]:
    """The title levels business ``code`` may be applied for, as (level, Chinese label) pairs from 正高级 (1)
    down: 考核认定 only 中级, 助理级 and 员级 (``RECOGNITION_LEVELS``); every level otherwise."""
    values = RECOGNITION_LEVELS if code == BusinessCode.RECOGNITION else [lv.value for lv in TitleLevel]
    return [(v, str(TitleLevel(v).label)) for v in sorted(values)]


def committee_offers(
    *, specialty: Specialty | None, level, on_date: dt.date | None = None, region_code: str | None = None
) -> list[CommitteeOffer]:
    """The committees the applicant may choose for ``specialty`` at ``level`` on ``on_date`` (default today),
    serving ``region_code`` (the region of the applicant's personnel unit) when given
    (``catalog.selectors.committees_open_for``). Empty until a specialty and a level are chosen."""
    if specialty is None or not level:
        return []
    return committees_open_for(
        specialty=specialty, level=int(level), on_date=on_date or timezone.localdate(), region_code=region_code
    )


# -- eligibility pre-check --------------------------------------------------------------------------
@dataclass(frozen=True)
class PrecheckInputs:
    education: int | None
    graduated_on: dt.date | None
    current_level: int | None
    current_title_obtained_on: dt.date | None
    majors: tuple[str, ...] = ()  # 所学专业 of every education row
    current_series: str = ""  # the stored current title's series and qualification names
    current_qualification: str = ""


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


LEVEL_BY_LABEL = {str(label): value for value, label in TitleLevel.choices}


def precheck_inputs(*, user) -> PrecheckInputs:
    """From the stored profile: the highest education and its graduation date (education history),
    every 所学专业, the current title (level, series, qualification) and the date it was obtained."""
    chain = profile_stored_chain(user)
    data = chain.version.data if chain.is_stored else {}
    best = None
    for row in data.get("education", []):
        value = row.get("education_value")
        end = _date(row.get("end_date"))
        if value is None:
            continue
        key = (int(value), end or dt.date.min)
        if best is None or key > best:
            best = key
    title = current_title_of(user=user, stored_title=data.get("title", {}))
    return PrecheckInputs(
        education=best[0] if best else None,
        graduated_on=(best[1] if best and best[1] != dt.date.min else None),
        current_level=title.level if title else None,
        current_title_obtained_on=title.obtained_on if title else None,
        majors=tuple(row.get("major") or "" for row in data.get("education", [])),
        current_series=title.series if title else "",
        current_qualification=title.qualification if title else "",
    )


@dataclass(frozen=True)
class HeldTitle:
    level: int  # TitleLevel: 1 正高级 … 5 员级 (a smaller digit is a higher level)
    obtained_on: dt.date | None
    series: str = ""
    qualification: str = ""
    source: str = ""  # "profile", "certificate" or "external"


def current_title_of(*, user, stored_title: dict | None = None) -> HeldTitle | None:
    """The applicant's current title (现职称) for the application rules: the highest level among the
    titles ``user`` actually holds, namely

    * the current title recorded in their stored profile (``stored_title``: its ``title`` section, read
      from the profile when None);
    * every certificate issued to them that is in force (status 有效; 已作废, 已补换发, 已撤销 and a number
      only allocated do not count), obtained on its 发证日期;
    * every 省外来粤资格确认 the bureau has confirmed (``confirmed_at`` set), obtained on its 取得时间.

    At the highest level the earliest date is the date it was obtained (years held count from it).
    None when they hold no title. The one rule read by :func:`precheck_inputs` (and so by the 申报条件
    预审, the level refusal of :func:`held_title_refusal` and the submission services).
    """
    if stored_title is None:
        chain = profile_stored_chain(user)
        stored_title = (chain.version.data if chain.is_stored else {}).get("title", {})
    held: list[HeldTitle] = []
    level = LEVEL_BY_LABEL.get(stored_title.get("level") or "")
    if level is not None:
        held.append(HeldTitle(level, _date(stored_title.get("obtained_on")), stored_title.get("series") or "",
                              stored_title.get("qualification") or "", "profile"))
    certificates = Certificate.objects.filter(holder=user, status=CertificateStatus.VALID) \
        .select_related("series", "qualification")
    held += [HeldTitle(c.level, c.issued_on, c.series.name, c.qualification.name, "certificate") for c in certificates]
    external = ExternalTitleConfirmation.objects.filter(applicant=user, confirmed_at__isnull=False) \
        .select_related("series", "qualification")
    held += [HeldTitle(e.level, e.obtained_on, e.series.name, e.qualification.name, "external") for e in external]
    if not held:
        return None
    top = min(t.level for t in held)
    return min((t for t in held if t.level == top), key=lambda t: t.obtained_on or dt.date.max)


def held_title_refusal(*, user, qualification: Qualification, level: int, inputs: PrecheckInputs | None = None) -> str:
    """Why ``user`` may not apply for ``qualification`` at ``level``: "" when they may.

    Refused (issue 17, finding 3): a qualification of which they hold a valid certificate, or which is
    their stored current title; a level below their current title (a larger ``TitleLevel`` digit).
    The same level in another series (转系列) stays possible. ``inputs``: :func:`precheck_inputs` if
    already read. The submission services raise it as ``CaseError``; the pre-check shows it first.
    """
    held = Certificate.objects.filter(holder=user, status=CertificateStatus.VALID, qualification=qualification) \
        .values_list("number", flat=True).first()
    if held:
        return f"您已持有“{qualification.name}”的有效证书（证书编号 {held}），不能重复申报。"
    inputs = inputs or precheck_inputs(user=user)
    if inputs.current_qualification and inputs.current_qualification == qualification.name:
        return f"您的现职称已是“{qualification.name}”，不能重复申报。"
    current = inputs.current_level
    if current is not None and int(level) > current:
        return f"您的现职称为{TitleLevel(current).label}，不能申报更低级别（{TitleLevel(int(level)).label}）的职称。"
    return ""


def application_bar_of(*, user, on_date: dt.date | None = None) -> str:
    """Why ``user`` may not submit any title application on ``on_date`` (default today): the message of
    the bar in force (an integrity record, 诚信档案: "因…记入职称评审诚信档案，YYYY年M月D日前不得申报。"),
    or "" when none. Read through :func:`zhicheng.cases.registry.application_bar_for` (the app that keeps
    the records registers it); the submission services raise it, the pre-check shows it first."""
    bar = application_bar_for(user=user, on_date=on_date or timezone.localdate())
    return bar.message if bar else ""


def precheck(
    *, user, level, series=None, committee=None, specialty: Specialty | None = None,
    qualification: Qualification | None = None, on_date: dt.date | None = None,
) -> EligibilityResult | None:
    """申报条件预审 of ``user`` (their stored profile) for a title of ``level``: the conditions of the rule
    in force (:func:`zhicheng.catalog.eligibility.eligibility_check`); with ``qualification``, whether it
    may be applied for at all (``refusal``, :func:`held_title_refusal`); a bar in force (诚信档案,
    :func:`application_bar_of`) is the refusal whatever the title; with ``specialty``, the
    warnings about a specialty unlike the applicant's studies or series
    (:func:`zhicheng.catalog.eligibility.specialty_fit_warnings`). None without a level.
    """
    if not level:
        return None
    inputs = precheck_inputs(user=user)
    result = eligibility_check(
        target_level=int(level), series=series, committee=committee, education=inputs.education,
        graduated_on=inputs.graduated_on, current_level=inputs.current_level,
        current_title_obtained_on=inputs.current_title_obtained_on, on_date=on_date or timezone.localdate(),
    )
    if qualification is not None:
        result.refusal = held_title_refusal(user=user, qualification=qualification, level=level, inputs=inputs)
    bar = application_bar_of(user=user, on_date=on_date)
    if bar:
        result.refusal = bar
    if specialty is not None:
        result.warnings = specialty_fit_warnings(
            series_name=specialty.series.name, specialty_name=specialty.name, majors=list(inputs.majors),
            current_series=inputs.current_series, current_qualification=inputs.current_qualification,
        )
    return result


def precheck_as_json(result: EligibilityResult, *, on_date: dt.date | None = None) -> dict:
    """What is stored on the application and shown to reviewers."""
    return {
        "checked_on": (on_date or timezone.localdate()).isoformat(),
        "target_level": result.target_level,
        "target_label": result.target_label,
        "passed": result.passed,
        "rule_found": result.rule_found,
        "summary": result.summary,
        "source": result.source,
        "scope_label": result.scope_label,
        "paths": [{"description": p.description, "unmet": list(p.unmet), "passed": p.passed} for p in result.paths],
        "refusal": result.refusal,
        "warnings": list(result.warnings),
    }


def achievements_of(*, user) -> list[dict]:
    """The achievements of the applicant's stored profile version, each a dict with its ``id`` (the shape
    of ``ProfileVersion.data["achievements"]``), for a 评审申请 to pick; empty while nothing is stored."""
    return profile_stored_achievements(user)


# -- what a final decision will issue (the confirmation screen, issue 17) ---------------------------
def _final_bureau(case: Case) -> Organisation | None:
    step = case.steps.select_related("organisation").order_by("-order").first()
    return step.organisation if step else None


def _issue_date_text(day: dt.date) -> str:
    return f"{day:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月")


def grant_preview_recognition(case: Case) -> list[tuple[str, str]]:
    """认定通过 of a 考核认定申请: the certificate it will issue — holder, qualification, level, issuer,
    date and the number the allocation will give (expected: read before the issuing lock)."""
    from zhicheng.certificates.numbering import certificate_number_grouped
    from zhicheng.certificates.selectors import certificate_number_next

    app = RecognitionApplication.objects.select_related("qualification", "series", "specialty").get(case=case)
    bureau = _final_bureau(case)
    today = timezone.localdate()
    number = certificate_number_next(issuer=bureau, level=app.qualification.level, year=today.year)
    return [
        ("持证人", f"{case.applicant.real_name}（{case.applicant.masked_id_number}）"),
        ("资格名称", app.qualification.name),
        ("系列 · 专业", f"{app.series.name}系列 · {app.specialty.name}"),
        ("级别", str(TitleLevel(app.qualification.level).label)),
        ("认定及发证机关", bureau.name),
        ("发证日期", _issue_date_text(today)),
        ("证书编号", f"{certificate_number_grouped(number) if number[:1].isdigit() else number}"
                   "（预计；确认时分配，同时有其他证书颁发时顺延）"),
    ]


def grant_preview_replacement(case: Case) -> list[tuple[str, str]]:
    """同意补发: the new certificate (same holder, qualification, issuer) and the original it voids."""
    from zhicheng.certificates.numbering import certificate_number_grouped
    from zhicheng.certificates.selectors import certificate_number_next

    app = CertificateReplacementApplication.objects.select_related(
        "certificate__qualification", "certificate__issuer").get(case=case)
    original = app.certificate
    today = timezone.localdate()
    number = certificate_number_next(issuer=original.issuer, level=original.level, year=today.year)
    return [
        ("持证人", f"{case.applicant.real_name}（{case.applicant.masked_id_number}）"),
        ("资格名称", original.qualification.name),
        ("级别", str(TitleLevel(original.level).label)),
        ("发证机关", original.issuer.name),
        ("发证日期", _issue_date_text(today)),
        ("新证书编号", f"{certificate_number_grouped(number) if number[:1].isdigit() else number}"
                     "（预计；确认时分配，同时有其他证书颁发时顺延）"),
        ("原证书", f"{certificate_number_grouped(original.number)}，确认后状态变为“已补换发”，不再有效"),
    ]


def grant_preview_external(case: Case) -> list[tuple[str, str]]:
    """确认 of an out-of-province title: what is recorded (no new certificate number is issued)."""
    app = ExternalTitleConfirmation.objects.select_related("qualification", "series").get(case=case)
    bureau = _final_bureau(case)
    return [
        ("申报人", f"{case.applicant.real_name}（{case.applicant.masked_id_number}）"),
        ("资格名称", f"{app.qualification.name}（{app.series.name}系列 · {TitleLevel(app.level).label}）"),
        (
            "原发证",
            f"{app.province} {app.issuing_authority}，编号 {app.document_number}，{app.obtained_on:%Y-%m-%d} 取得",
        ),
        ("确认部门", bureau.name),
        ("确认日期", _issue_date_text(timezone.localdate())),
        ("证书编号", "不另发新证书，原证书经确认后在本省有效"),
    ]


# -- what a resubmission changed (issue 17) ----------------------------------------------------------
_TITLE_FIELDS = [("series", "系列"), ("specialty", "专业"), ("level", "级别"), ("qualification", "申报资格")]
#: The fields of each business's application, in page order: (key in ``application_snapshot``, label).
APPLICATION_FIELDS: dict[str, list[tuple[str, str]]] = {
    BusinessCode.EVALUATION: [*_TITLE_FIELDS, ("committee", "评审委员会"), ("plan", "评审计划"),
                              ("materials", "提交资料清单")],
    BusinessCode.RECOGNITION: [*_TITLE_FIELDS, ("materials", "提交资料清单")],
    BusinessCode.UNIT_CHANGE: [("from_unit", "原人事管理单位"), ("to_unit", "新人事管理单位"), ("reason", "变更原因")],
    BusinessCode.REPLACEMENT: [("certificate", "原证书"), ("reason", "补换发原因"), ("explanation", "情况说明")],
    BusinessCode.EXTERNAL: [("province", "取得职称的省份"), ("issuing_authority", "发证机关"), ("series", "系列"),
                            ("level", "级别"), ("qualification", "资格名称"), ("document_number", "证书（文件）编号"),
                            ("obtained_on", "取得时间"), ("scan", "证书扫描件")],
}
#: The item section of a 评审申请: the achievements chosen for presentation (compared by their id).
SELECTED_ACHIEVEMENTS = ("selected_achievements", "选定的业绩成果", [
    ("title", "名称"), ("kind_label", "类别"), ("date", "时间"), ("role", "本人角色"), ("description", "说明"),
])


def application_sections(code: str) -> tuple[list, list]:
    """(field sections, item sections) of the application content of business ``code``, in the shape
    :func:`zhicheng.profiles.record.snapshot_record` reads."""
    fields = [("application", "申请内容", APPLICATION_FIELDS.get(code, []))]
    items = [SELECTED_ACHIEVEMENTS] if code == BusinessCode.EVALUATION else []
    return fields, items


def _scan_text(meta: dict) -> str:
    if not meta:
        return ""
    return (
        f"{meta.get('original_name', '')}（{max(1, round((meta.get('size') or 0) / 1024))} KB，校验值 "
        f"{str(meta.get('sha256', ''))[:8]}）"
    )


def application_snapshot(case: Case) -> dict:
    """The content of a business case as its reviewers read it, as plain JSON values::

        {"application": {field: text, …},              # APPLICATION_FIELDS[case.business_type]
         "selected_achievements": [{id, title, kind_label, date, role, description}, …],  # 评审申请
         "profile_version": id | None}                 # the profile version the record shows

    Labels, not ids, so that a stored copy reads the same after the catalogue changes. The profile
    version is the one frozen at submission (评审, 考核认定) or the applicant's stored one (others).
    A few queries; used at a return (``services.application_returned``) and on the case page.
    """
    obj = business_object_of(case=case)
    if obj is None:
        return {}
    fields: dict[str, str] = {}
    items: list[dict] = []
    version_id = getattr(obj, "profile_version_id", None)
    if isinstance(obj, EvaluationApplication | RecognitionApplication):
        fields = {"series": obj.series.name, "specialty": obj.specialty.name,
                  "level": str(TitleLevel(obj.level).label), "qualification": obj.qualification.name,
                  "materials": obj.materials}
        if isinstance(obj, EvaluationApplication):
            fields["committee"] = obj.committee.name
            fields["plan"] = obj.plan.title if obj.plan_id else ""
            data = obj.profile_version.data if obj.profile_version_id else {}
            if not data:
                chain = profile_stored_chain(case.applicant)
                data = chain.version.data if chain.is_stored else {}
            chosen = set(obj.selected_achievement_ids or [])
            items = [{k: a.get(k) for k in ("id", "title", "kind_label", "date", "role", "description")}
                     for a in data.get("achievements", []) if a.get("id") in chosen]
    elif isinstance(obj, UnitChangeApplication):
        fields = {"from_unit": obj.from_unit.name, "to_unit": obj.to_unit.name, "reason": obj.reason}
    elif isinstance(obj, CertificateReplacementApplication):
        cert = obj.certificate
        fields = {"certificate": f"{cert.qualification.name}（证书编号 {cert.number}）",
                  "reason": obj.get_reason_display(), "explanation": obj.explanation}
    elif isinstance(obj, ExternalTitleConfirmation):
        scan = obj.submitted_scan if case.status != CaseStatus.DRAFT and obj.submitted_scan else external_scan_meta(obj)
        fields = {"province": obj.province, "issuing_authority": obj.issuing_authority, "series": obj.series.name,
                  "level": str(TitleLevel(obj.level).label), "qualification": obj.qualification.name,
                  "document_number": obj.document_number, "obtained_on": obj.obtained_on.isoformat(),
                  "scan": _scan_text(scan)}
    if version_id is None:
        chain = profile_stored_chain(case.applicant)
        version_id = chain.version.pk if chain.is_stored else None
    return {"application": fields, "selected_achievements": items, "profile_version": version_id}


def returned_content_of(case: Case):
    """The content as last returned (``ReturnedContent``) when the case has been resubmitted since,
    else None: the base a reviewer's page marks the resubmission against."""
    from .models import ReturnedContent

    if case.status in (CaseStatus.DRAFT, CaseStatus.RETURNED):
        return None
    return ReturnedContent.objects.filter(case=case).first()
