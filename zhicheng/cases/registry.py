"""The registry of business types (业务类型) that run on the case engine.

A business app registers itself once, in its ``AppConfig.ready()``::

    from zhicheng.cases.registry import BusinessType, RouteStep, business_type_register

    business_type_register(BusinessType(
        code="recognition",
        label="考核认定申请",
        route_builder=recognition_route,        # (case) -> list[RouteStep], called at every submit
        on_finish=None, on_grant=recognition_granted, grant_label="认定通过", deny_label="不予认定",
        detail_template="businesses/recognition_detail.html",
        detail_context=recognition_detail_context,   # (case, viewer) -> dict for the template
    ))

* ``route_builder(case)`` returns the ordered steps from the applicant's chain **at submit time**.
  The engine freezes them as :class:`~zhicheng.cases.models.CaseStep` rows. A route is resolved
  again at every (re)submission, because withdrawing is how an applicant corrects their chain
  (e.g. picks another unit); the history keeps each row's own organisation and step label, so
  earlier rounds stay readable. Use :func:`zhicheng.cases.routes.chain_route` for the usual
  人事管理单位 → 主管单位 (→ final step) chain.
* Hooks ``on_submit``, ``on_withdraw``, ``on_return``, ``on_finish``, ``on_accept``, ``on_refuse``,
  ``on_grant``, ``on_deny`` are called as ``hook(case=..., actor=...)`` inside the transition's
  transaction, after the case has been updated and before the history row is written (an
  exception rolls everything back).
* ``submitted_files(case)`` lists the uploaded files the case was submitted with, from what it
  froze at submission: the only files staff on its route may download (zhicheng/cases/files.py).
* The business object is linked generically: ``Case.content_type`` + ``Case.object_id``
  (``Case.business_object``). The profile business links its ``Profile``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zhicheng.orgs.models import Organisation


@dataclass(frozen=True)
class RouteStep:
    organisation: Organisation
    label: str
    role: str = "reviewer"  # zhicheng.orgs.constants.Role value needed to act at this step
    is_final: bool = False  # a 受理 step: accept/refuse instead of approve


Hook = Callable[..., Any]


@dataclass(frozen=True)
class BusinessType:
    code: str
    label: str
    route_builder: Callable[[Any], list[RouteStep]]
    on_submit: Hook | None = None
    on_withdraw: Hook | None = None
    on_return: Hook | None = None
    on_finish: Hook | None = None
    on_accept: Hook | None = None
    on_refuse: Hook | None = None
    on_grant: Hook | None = None
    on_deny: Hook | None = None
    detail_template: str = ""
    detail_context: Callable[..., dict] | None = None
    # (case, viewer) -> dict for ``cases/includes/record.html``: the applicant's record as frozen at
    # submission, marked against the version before (``zhicheng.profiles.selectors.case_record_context``).
    # Shown on the reviewer's case page of every business (issue 17).
    record_of: Callable[..., dict] | None = None
    applicant_url: Callable[[Any], str] | None = None  # (case) -> where the applicant edits it
    finished_label: str = "已办结"  # what "finished" means to the applicant, e.g. "已入库"
    # (case) -> list[zhicheng.cases.files.CaseFile]: the uploaded files the case was submitted with
    # (what staff on its route may download, zhicheng/cases/files.py)
    submitted_files: Callable[[Any], list] | None = None
    # (case ids) -> {case id: plan}: the plan each case runs under, for its stage deadlines. A plan has
    # ``deadline_for_step(label=, is_final=)`` and ``correction_working_days`` (catalog.EvaluationPlan).
    plans_of: Callable[[list[int]], dict[int, Any]] | None = None
    # What the final step's two decisions mean in this business, in the words of its final decider:
    # 受理 / 不予受理 for a committee office that takes a case in, 认定通过 / 不予认定 for an HR bureau
    # that recognises a title. ``accept_note`` says what accepting does (shown beside the choice).
    accept_label: str = "受理"
    refuse_label: str = "不予受理"
    accept_note: str = ""
    # A business whose final decider (an HR bureau) first takes the case in (受理, which issues nothing)
    # and then makes its own named decision: ``grant_label`` / ``deny_label`` (认定通过 / 不予认定), made on
    # a confirmation screen that lists ``grant_preview(case)`` — [(label, value)]: what will be issued.
    # Empty ``grant_label``: 受理 is the final decision (a committee office taking in a 评审申请).
    # (case) -> (key, words): what makes two applications the same, e.g. ("plan:12", "该评审计划"); the
    # engine refuses a second open one at submission, naming the open case (a database constraint too).
    open_key: Callable[[Any], tuple[str, str]] | None = None
    grant_label: str = ""
    deny_label: str = ""
    grant_note: str = ""
    grant_preview: Callable[[Any], list[tuple[str, str]]] | None = None
    # (case) -> [(key, title)]: the sections of the application itself a returning reviewer may tick as
    # "must be corrected" (keys ``application:…``), besides the record's sections and attachments
    # (``zhicheng.cases.selectors.case_return_parts``).
    return_parts: Callable[[Any], list[tuple[str, str]]] | None = None
    extra: dict = field(default_factory=dict)

    def hook(self, name: str) -> Hook | None:
        return getattr(self, f"on_{name}", None)

    @property
    def final_step_decides(self) -> bool:
        """Whether the final step takes the case in (受理) and then decides (``grant``/``deny``)."""
        return bool(self.grant_label)

    def status_label(self, status: str) -> str:
        """A case's status (a ``CaseStatus`` value) in this business's words: finished is its
        ``finished_label`` (e.g. 已入库), accepted and refused follow its final decisions."""
        from .constants import CaseStatus

        if status == CaseStatus.FINISHED:
            return self.finished_label
        if status == CaseStatus.ACCEPTED:
            return f"已{self.accept_label}"
        if status == CaseStatus.REFUSED:
            return self.refuse_label
        if status == CaseStatus.GRANTED:
            return f"已{self.grant_label}" if self.grant_label else str(CaseStatus.GRANTED.label)
        if status == CaseStatus.DENIED:
            return self.deny_label or str(CaseStatus.DENIED.label)
        return str(CaseStatus(status).label) if status in CaseStatus.values else status

    def decision_label(self, decision: str) -> str:
        """The label of ``decision`` (a ``Decision`` value) as this business's deciders and applicants
        read it: the final step's accept/refuse in this business's own words, the others as they are."""
        from .constants import Decision

        if decision == Decision.ACCEPT:
            return self.accept_label
        if decision == Decision.REFUSE:
            return self.refuse_label
        if decision == Decision.GRANT and self.grant_label:
            return self.grant_label
        if decision == Decision.DENY and self.deny_label:
            return self.deny_label
        return str(Decision(decision).label) if decision in Decision.values else decision


_REGISTRY: dict[str, BusinessType] = {}


def business_type_register(business_type: BusinessType) -> BusinessType:
    """Register (or re-register, e.g. on autoreload) a business type by its code."""
    _REGISTRY[business_type.code] = business_type
    return business_type


def business_type_get(code: str) -> BusinessType:
    """The registered business type ``code`` (``BusinessType``: route builder, hooks, labels). Raises
    ``LookupError`` for a code nobody registered (a programming error)."""
    try:
        return _REGISTRY[code]
    except KeyError:
        raise LookupError(f"unknown business type {code!r}") from None


def business_type_choices() -> list[tuple[str, str]]:
    """(code, Chinese label) of every registered business type, in registration order."""
    return [(bt.code, bt.label) for bt in _REGISTRY.values()]


def business_decision_label(code: str, decision: str) -> str:
    """``BusinessType.decision_label`` of the business type ``code`` (the usual label if unknown)."""
    bt = _REGISTRY.get(code)
    if bt is not None:
        return bt.decision_label(decision)
    from .constants import Decision

    return str(Decision(decision).label) if decision in Decision.values else decision


def business_status_label(code: str, status: str) -> str:
    """``BusinessType.status_label`` of the business type ``code`` (the usual label if unknown)."""
    bt = _REGISTRY.get(code)
    if bt is not None:
        return bt.status_label(status)
    from .constants import CaseStatus

    return str(CaseStatus(status).label) if status in CaseStatus.values else status


# Checks a reviewer's approval (转下一环节) must pass besides the transition table: each is called as
# ``check(case=…, step=…)`` (the locked case, its current ``CaseStep``) and returns ``None`` or the
# reason in Chinese why this step may not approve yet — e.g. the unit's 评前公示 has not ended
# (issue 21), or a paper-first plan's paper review is missing (issue 22). Higher apps register them in
# their ``AppConfig.ready()``; the engine (``cases.services._transition``) and the reviewer's page
# (to explain a greyed-out choice) both ask :func:`approval_refusal`, so the rule lives in one place.
ApprovalCheck = Callable[..., "str | None"]
_APPROVAL_CHECKS: dict[str, ApprovalCheck] = {}


def approval_check_register(name: str, check: ApprovalCheck) -> ApprovalCheck:
    """Register (or re-register under the same ``name``, e.g. on autoreload) an approval check.

    Args: name: a stable key (the registering app's label); check: ``(case=, step=) -> str | None``.
    Returns the check, so it can be used as a decorator's result."""
    _APPROVAL_CHECKS[name] = check
    return check


def approval_refusal(*, case, step) -> str | None:
    """Why the reviewers of ``step`` (a ``CaseStep``) may not approve ``case`` now, or ``None``.

    Asks every registered check in registration order and returns the first refusal; the engine raises
    it as ``TransitionNotAllowed`` and the reviewer's page shows it next to the choice."""
    if step is None:
        return None
    for check in _APPROVAL_CHECKS.values():
        refusal = check(case=case, step=step)
        if refusal:
            return str(refusal)
    return None


# -- what follows the route ---------------------------------------------------------------------
#: (cases) -> {case pk: [zhicheng.cases.selectors.RouteEntry]}: the later life of accepted cases of one business,
#: continuing their route on every page that shows it (issue 17: a 评审申请's meeting, vote, 公示, report and
#: 确认备案 after the committee office's 受理; decision 0031). It is also given the submitted cases (not yet
#: 受理), whose route it continues with the same steps, all still ahead. Registered by the app that runs that
#: later life (``zhicheng.committees``, above this one), from its ``AppConfig.ready``.
RouteContinuation = Callable[[list], dict[int, list]]
_CONTINUATIONS: dict[str, RouteContinuation] = {}


def route_continuation_register(code: str, continuation: RouteContinuation) -> None:
    """Continue the route of business ``code``'s accepted cases with ``continuation`` (see above)."""
    _CONTINUATIONS[code] = continuation


def route_continuation_of(code: str) -> RouteContinuation | None:
    """The route continuation registered for business ``code`` (given cases, their route entries after the
    last step: the later life of accepted cases; see above), or None."""
    return _CONTINUATIONS.get(code)


def business_type_label(code: str) -> str:
    """The Chinese label of business ``code``; the code itself when it is not registered."""
    bt = _REGISTRY.get(code)
    return bt.label if bt else code


#: Listeners of every transition, registered by apps above the case engine (decision 0029: they may not be
#: imported from here). Each is called as ``listener(case=..., decision=...)`` inside the transition's
#: transaction, after its history and audit rows are written; an exception rolls the transition back, so a
#: listener only records or queues work (e.g. the documents app renders the paper form ahead on commit).
_TRANSITION_LISTENERS: dict[str, Callable[..., Any]] = {}


def transition_listener_register(name: str, listener: Callable[..., Any]) -> None:
    """Register ``listener`` to be called after every transition (from an ``AppConfig.ready()``).

    Args: name: a stable key (the registering app's label and purpose; the same name again replaces it);
    listener: ``(case=, decision=) -> None``, called inside the transition's transaction."""
    _TRANSITION_LISTENERS[name] = listener


def transition_listeners() -> list[Callable[..., Any]]:
    """The registered transition listeners, in registration order."""
    return list(_TRANSITION_LISTENERS.values())


# -- bars on applying (诚信档案) ----------------------------------------------------------------------
# A bar is a reason a person may not submit an application on a day, kept by an app above the
# businesses (the integrity records, ``zhicheng.integrity``), which registers a provider in its
# ``AppConfig.ready()``. The businesses' submission services and the eligibility pre-check ask
# :func:`application_bar_for`; they never import the app that keeps the bars (decision 0028).


@dataclass(frozen=True)
class ApplicationBar:
    """Why ``user`` may not apply until ``ends_on`` (the first day they may apply again).

    ``message`` is the full Chinese sentence shown at submission and in the pre-check, e.g.
    "因提供虚假材料被记入职称评审诚信档案，2029年12月1日前不得申报。"; ``source`` names the rule."""

    message: str
    ends_on: Any  # datetime.date
    source: str = ""


BarProvider = Callable[..., "ApplicationBar | None"]  # (*, user, on_date, role) -> ApplicationBar | None
_BAR_PROVIDERS: dict[str, BarProvider] = {}


def application_bar_provider_register(name: str, provider: BarProvider) -> BarProvider:
    """Register (or re-register) a provider of bars under ``name``. ``provider(*, user, on_date, role)``
    returns the bar in force for ``user`` on ``on_date`` in ``role`` ("applicant" or "expert"), or None."""
    _BAR_PROVIDERS[name] = provider
    return provider


def application_bar_for(*, user, on_date, role: str = "applicant") -> ApplicationBar | None:
    """The bar in force for ``user`` on ``on_date`` (a ``datetime.date``) in ``role``: the one that ends
    last of every registered provider's, or None. ``role`` "applicant": may not submit a title
    application; "expert": may not be put in an expert pool."""
    if user is None or getattr(user, "pk", None) is None:
        return None
    bars = [bar for provider in _BAR_PROVIDERS.values()
            if (bar := provider(user=user, on_date=on_date, role=role)) is not None]
    return max(bars, key=lambda bar: bar.ends_on) if bars else None
