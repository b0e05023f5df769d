from django import forms

from zhicheng.committees import forms as evaluation_forms
from zhicheng.common.forms import StyledForm
from zhicheng.workcalendar.models import MIN_NOTICE_WORKING_DAYS

from .services import MAX_NOTICE_WORKING_DAYS


class PublishForm(StyledForm):
    working_days = forms.IntegerField(
        label="公示期（工作日）", min_value=MIN_NOTICE_WORKING_DAYS, max_value=MAX_NOTICE_WORKING_DAYS,
        initial=MIN_NOTICE_WORKING_DAYS, help_text="按官方节假日安排计算工作日，发布当天不计入",
        error_messages={"required": "请填写公示期。",
                        "min_value": f"公示期不得少于 {MIN_NOTICE_WORKING_DAYS} 个工作日。",
                        "max_value": f"公示期不超过 {MAX_NOTICE_WORKING_DAYS} 个工作日。"},
    )


class ObjectionForm(evaluation_forms.ObjectionForm):
    """The committee's objection form; the unit, not the committee office, follows it up."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].help_text = "便于单位核实后联系您，不会公开。"


class ObjectionResolveForm(evaluation_forms.ObjectionResolveForm):
    """The committee's resolution form; the choices say what each outcome means for forwarding."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            ("dismissed", "异议不成立（期满后可报送）"), ("upheld", "异议成立（不能报送，退回申报人修改后重新公示）"),
        ]
