from __future__ import annotations

from django import forms

from zhicheng.accounts.forms import PersonByDocumentForm
from zhicheng.catalog.forms import DateInput
from zhicheng.common.forms import StyledForm
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation
from zhicheng.workcalendar.models import MIN_NOTICE_WORKING_DAYS

from .rules import Vote


class ExpertAddForm(PersonByDocumentForm):
    """The expert is found by any identity document (``PersonByDocumentForm``); ``self.user``."""

    not_found_message = "未找到使用该证件注册的用户，请专家本人先注册账号。"
    employer = forms.ModelChoiceField(
        label="工作单位", queryset=Organisation.objects.none(), empty_label="请选择",
        help_text="抽取专家时，不抽取与申报人同单位的专家（回避）。",
    )
    specialty = forms.ModelChoiceField(label="专业", queryset=None, required=False, empty_label="（不限）")
    title = forms.CharField(label="职称", max_length=50, required=False, help_text="如：正高级工程师")
    term_ends_on = forms.DateField(
        label="聘期截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text="不填则聘期为自今日起 3 年。聘期届满后不再被抽取；续聘时修改此日期。",
        error_messages={"invalid": "请输入有效的日期，如 2028-12-31。"},
    )

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].help_text = "专家须先在本系统注册账号。证件号码仅用于查找，不会显示在页面上。"
        self.fields["employer"].queryset = Organisation.objects.filter(is_active=True).exclude(
            kind=OrgKind.COMMITTEE
        ).order_by("name_pinyin")
        specialties = committee.specialties.all()
        if not specialties.exists():
            specialties = committee.series.specialties.all()
        self.fields["specialty"].queryset = specialties

    def clean(self):
        cleaned = super().clean()
        if self.person is not None and not self.person.is_active:
            self.add_error("id_number", "该账号已停用，不能加入专家库。")
        self.user = self.person
        return cleaned


class ExpertTermForm(StyledForm):
    term_ends_on = forms.DateField(
        label="聘期截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请输入有效的日期，如 2028-12-31。"},
    )


class PanelRuleForm(StyledForm):
    """A committee's panel rule for one level (issue 21)."""

    min_pool_size = forms.IntegerField(
        label="专家库最少人数", min_value=1, max_value=999,
        help_text="可抽取的专家（在库、聘期内）少于此数时，不能抽取评审组。",
        error_messages={"required": "请填写专家库最少人数。", "min_value": "人数至少为 1。", "invalid": "请输入整数。",
                        "max_value": "人数不能超过 999。"},
    )
    min_panel_size = forms.IntegerField(
        label="评审组最少人数", min_value=1, max_value=99,
        error_messages={"required": "请填写评审组最少人数。", "min_value": "人数至少为 1。", "invalid": "请输入整数。",
                        "max_value": "人数不能超过 99。"},
    )
    odd_panel = forms.BooleanField(label="评审组人数须为单数", required=False)
    source = forms.CharField(
        label="依据",
        max_length=200,
        help_text="如：《职称评审管理暂行规定》（人社部令第40号）第十一条，或本地文件文号。",
        error_messages={"required": "请填写规则依据。"},
    )

    def clean(self):
        cleaned = super().clean()
        pool, panel = cleaned.get("min_pool_size"), cleaned.get("min_panel_size")
        if pool and panel and panel > pool:
            self.add_error("min_panel_size", "评审组最少人数不能多于专家库最少人数。")
        return cleaned


class MeetingPlanForm(StyledForm):
    plan = forms.ModelChoiceField(label="评审计划", queryset=None, empty_label="请选择评审计划")

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = committee.plans.all()


class MeetingForm(StyledForm):
    name = forms.CharField(label="会议名称", max_length=100)
    held_on = forms.DateField(label="会议日期", widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label="会议地点", max_length=100)
    applications = forms.MultipleChoiceField(
        label="参加评审的申报人", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一名申报人。"},
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.application_objects = {str(a.pk): a for a in applications}
        self.fields["applications"].choices = [(str(a.pk), str(a)) for a in applications]

    def chosen(self) -> list:
        return [self.application_objects[i] for i in self.cleaned_data["applications"]]


class DrawForm(StyledForm):
    size = forms.IntegerField(label="抽取专家人数", min_value=1, max_value=99,
                              error_messages={"min_value": "抽取人数至少为 1 人。"})


class VoteForm(StyledForm):
    choice = forms.ChoiceField(label="表决意见", choices=Vote.choices, widget=forms.RadioSelect,
                               error_messages={"required": "请选择同意、不同意或弃权。"})
    comment = forms.CharField(label="意见说明（选填）", max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class PaperVoteForm(VoteForm):
    expert = forms.ChoiceField(label="专家")
    result = forms.ChoiceField(label="申报人")

    field_order = ["expert", "result", "choice", "comment"]

    def __init__(self, *args, experts, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.experts = {str(e.pk): e for e in experts}
        self.results = {str(r.pk): r for r in results}
        self.fields["expert"].choices = [("", "请选择")] + [(k, e.user.real_name) for k, e in self.experts.items()]
        self.fields["result"].choices = [("", "请选择")] + [
            (k, f"{r.application.applicant.real_name}（{r.application.qualification.name}）")
            for k, r in self.results.items()
        ]


class NoticeForm(StyledForm):
    title = forms.CharField(label="公示标题", max_length=150, required=False, help_text="不填则自动生成。")
    working_days = forms.IntegerField(
        label="公示期（工作日）", min_value=MIN_NOTICE_WORKING_DAYS, max_value=30, initial=MIN_NOTICE_WORKING_DAYS,
        help_text="不少于 5 个工作日，按国家法定节假日和调休上班日计算，发布当日不计入。",
        error_messages={"min_value": f"公示期不得少于 {MIN_NOTICE_WORKING_DAYS} 个工作日。"},
    )
    body = forms.CharField(label="公示说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="如受理异议的联系电话、地址。")


class ObjectionForm(StyledForm):
    text = forms.CharField(label="异议内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text="请写明异议的具体事实和依据。", error_messages={"required": "请填写异议内容。"})
    contact = forms.CharField(label="联系方式（选填）", max_length=100, required=False,
                              help_text="便于评委会办公室核实后联系您，不会公开。")


class ObjectionResolveForm(StyledForm):
    decision = forms.ChoiceField(
        label="处理结果", widget=forms.RadioSelect,
        choices=[("dismissed", "异议不成立（维持评审通过）"), ("upheld", "异议成立（撤销评审通过结果）")],
        error_messages={"required": "请选择处理结果。"},
    )
    resolution = forms.CharField(label="处理意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                 error_messages={"required": "请填写处理意见。"})


class ConfirmBatchForm(forms.Form):
    results = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": "请先勾选要确认备案的结果。"}
    )

    def __init__(self, *args, ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["results"].choices = [(i, i) for i in ids]


class MeetingEditForm(StyledForm):
    """A meeting's name, date and place, changed before the vote starts (issue 21)."""

    name = forms.CharField(label="会议名称", max_length=100, error_messages={"required": "请填写会议名称。"})
    held_on = forms.DateField(
        label="会议日期",
        widget=DateInput(),
        error_messages={"required": "请填写会议日期。", "invalid": "请输入有效的日期，如 2026-12-31。"},
    )
    place = forms.CharField(label="会议地点", max_length=100, error_messages={"required": "请填写会议地点。"})


class PanelReplaceForm(StyledForm):
    expert = forms.ChoiceField(label="被替换的专家", error_messages={"required": "请选择要替换的专家。",
                                                                  "invalid_choice": "请选择评审组中的专家。"})
    reason = forms.CharField(label="替换原因", max_length=200, help_text="如：专家因病请假、需回避等。",
                             error_messages={"required": "请填写替换专家的原因。"})

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].choices = [("", "请选择")] + [
            (str(m.expert_id), f"{m.position}. {m.expert.user.real_name}（{m.expert.employer.name}）") for m in members
        ]


class PanelRedrawForm(DrawForm):
    reason = forms.CharField(
        label="重新抽取原因", max_length=200, error_messages={"required": "请填写重新抽取的原因。"}
    )


class MeetingCancelForm(StyledForm):
    reason = forms.CharField(
        label="取消原因", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="将通知本次会议的申报人和评审组专家。", error_messages={"required": "请填写取消原因。"},
    )
