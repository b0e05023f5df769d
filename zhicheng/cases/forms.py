from __future__ import annotations

from django import forms

from zhicheng.common.forms import StyledForm

from .constants import DEFAULT_CORRECTION_WORKING_DAYS, MAX_CORRECTION_WORKING_DAYS, CaseStatus, Decision
from .registry import business_type_choices
from .selectors import QueueFilters


class QueueFilterForm(StyledForm):
    scope = forms.ChoiceField(
        label="范围", required=False, choices=[("waiting", "待本单位审核"), ("all", "经本单位办理的全部业务")]
    )
    business_type = forms.ChoiceField(label="业务类型", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *CaseStatus.choices])
    submitted_from = forms.DateField(label="提交日期自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    submitted_to = forms.DateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(
        label="姓名或证件号码",
        required=False,
        max_length=50,
        widget=forms.TextInput(
            attrs={"placeholder": "姓名，或完整的证件号码（身份证、通行证、护照等）", "autocomplete": "off"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_type"].choices = [("", "全部业务"), *business_type_choices()]

    def clean(self):
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", "结束日期不能早于开始日期。")
        return data

    def filters(self) -> QueueFilters:
        if not self.is_bound or not self.is_valid():
            return QueueFilters()
        d = self.cleaned_data
        return QueueFilters(
            scope=d.get("scope") or "waiting", business_type=d.get("business_type") or "", status=d.get("status") or "",
            submitted_from=d.get("submitted_from"), submitted_to=d.get("submitted_to"), q=d.get("q") or "",
        )


class DecisionForm(StyledForm):
    """审核通过 / 审核不通过 at an ordinary step.

    Returning (退回) also needs the parts that must be corrected (``parts``: ticked among
    ``return_groups``, :func:`zhicheng.cases.selectors.case_return_parts`) and the correction period in
    working days (``correction_days``, offered as ``days_initial``: the plan's, else
    ``DEFAULT_CORRECTION_WORKING_DAYS``). ``correction()`` gives them to the service."""

    decision = forms.ChoiceField(
        label="审核结论", widget=forms.RadioSelect,
        choices=[(Decision.APPROVE.value, "审核通过"), (Decision.RETURN.value, "审核不通过（退回申报人）")],
    )
    opinion = forms.CharField(
        label="审核意见", required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "审核不通过时须写明原因，申报人将看到此意见"}),
    )
    expected_step = forms.IntegerField(widget=forms.HiddenInput)
    #: Set by the confirmation screen of a named final decision (认定通过 …): only then is it made.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    parts = forms.MultipleChoiceField(label="须补正的部分", required=False, widget=forms.CheckboxSelectMultiple)
    correction_days = forms.IntegerField(
        label="补正期限（工作日）", required=False, min_value=1, max_value=MAX_CORRECTION_WORKING_DAYS,
        help_text="按国家法定节假日安排计算工作日，自退回之日起算",
        error_messages={"min_value": f"补正期限须为 1 至 {MAX_CORRECTION_WORKING_DAYS} 个工作日。",
                        "max_value": f"补正期限须为 1 至 {MAX_CORRECTION_WORKING_DAYS} 个工作日。",
                        "invalid": "请填写工作日天数（整数）。"},
    )

    def __init__(self, *args, return_groups=None, days_initial: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.return_groups = list(return_groups or [])
        self.fields["parts"].choices = [c for g in self.return_groups for c in g.choices]
        self.fields["correction_days"].initial = days_initial or DEFAULT_CORRECTION_WORKING_DAYS
        self.fields["correction_days"].widget.attrs["inputmode"] = "numeric"

    def part_groups(self):
        """``[(group title, [bound checkbox, …])]`` for the template, in the order of ``return_groups``."""
        boxes = {str(b.data["value"]): b for b in self["parts"]}
        return [(g.title, [boxes[k] for k, _ in g.choices if k in boxes]) for g in self.return_groups]

    def clean(self):
        data = super().clean()
        if data.get("decision") in (Decision.RETURN, Decision.REFUSE, Decision.DENY) \
                and not (data.get("opinion") or "").strip():
            self.add_error("opinion", "请填写原因：退回、不予受理或作出否定决定时，申报人将看到此原因。")
        if data.get("decision") == Decision.RETURN:
            if self.fields["parts"].choices and not data.get("parts"):
                self.add_error("parts", "请勾选须补正的部分，申报人将按此修改。")
            if data.get("correction_days") is None and "correction_days" not in self.errors:
                self.add_error("correction_days", "请填写补正期限（工作日）。")
        return data

    def correction(self):
        """The :class:`~zhicheng.cases.services.Correction` of a valid return (ticked parts in page order)."""
        from .services import Correction

        titles = dict(self.fields["parts"].choices)
        chosen = set(self.cleaned_data.get("parts") or [])
        return Correction(parts=tuple((k, titles[k]) for k in titles if k in chosen),
                          days=self.cleaned_data.get("correction_days"))


class FinalDecisionForm(DecisionForm):
    """The final step's choices, in the words of the business (``business``: its registered type).

    * A committee office (评审申请): 受理 / 退回 / 不予受理 — 受理 is its decision.
    * A deciding HR bureau (``business.final_step_decides``), before taking the case in: 受理 (which
      issues nothing) / 退回 / 不予受理; once taken in (``taken_in``): its named decision
      (认定通过 / 不予认定 …) / 退回. The positive one is made on a confirmation screen.
    """

    decision = forms.ChoiceField(
        label="审核结论", widget=forms.RadioSelect,
        choices=[(Decision.ACCEPT.value, "受理"), (Decision.RETURN.value, "退回申报人修改"),
                 (Decision.REFUSE.value, "不予受理")],
    )

    def __init__(self, *args, business=None, taken_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if business is None:
            return
        if business.final_step_decides and taken_in:
            grant = business.grant_label + (f"（{business.grant_note}）" if business.grant_note else "")
            choices = [(Decision.GRANT.value, grant), (Decision.RETURN.value, "退回申报人修改"),
                       (Decision.DENY.value, business.deny_label)]
        else:
            accept = business.accept_label + (f"（{business.accept_note}）" if business.accept_note else "")
            choices = [(Decision.ACCEPT.value, accept), (Decision.RETURN.value, "退回申报人修改"),
                       (Decision.REFUSE.value, business.refuse_label)]
        self.fields["decision"].choices = choices


class BatchApproveForm(forms.Form):
    cases = forms.TypedMultipleChoiceField(
        coerce=int, required=True, error_messages={"required": "请先勾选要审核通过的业务。"}
    )
    opinion = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = (
            [(v, v) for v in self.data.getlist("cases") if str(v).isdigit()] if self.is_bound else []
        )
