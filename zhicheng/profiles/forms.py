from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhicheng.catalog.models import Qualification
from zhicheng.common.forms import StyledForm, StyledModelForm
from zhicheng.common.uploads import attachment_check

from .constants import ETHNICITY_CHOICES, AttachmentKind, PoliticalStatus
from .dates import MIN_AGE_WORK, person_date_error, profile_row_date_errors
from .models import Achievement, Appraisal, ContinuingEducation, EducationRecord, Profile, WorkRecord

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BasicForm(StyledModelForm):
    gender = forms.ChoiceField(
        label="性别", choices=[("", "请选择"), ("M", "男"), ("F", "女")], help_text="须与身份证号码一致。"
    )
    ethnicity = forms.ChoiceField(label="民族", choices=[("", "请选择"), *ETHNICITY_CHOICES])
    political_status = forms.ChoiceField(label="政治面貌", choices=[("", "请选择"), *PoliticalStatus.choices])

    class Meta:
        model = Profile
        fields = [
            "gender", "ethnicity", "political_status", "current_position",
            "title_series", "title_qualification", "title_obtained_on", "title_certificate_number",
        ]
        widgets = {"title_obtained_on": DATE}
        labels = {"title_series": "现职称系列", "title_qualification": "现职称资格名称"}
        help_texts = {"title_series": "尚未取得职称的可不填。"}

    def __init__(self, *args, user, **kwargs):
        self.user = user  # before super(): StyledForm validates while initialising
        super().__init__(*args, **kwargs)
        self.fields["title_qualification"].queryset = Qualification.objects.select_related("series")
        self.fields["title_qualification"].label_from_instance = lambda q: (
            f"{q.series.name} · {q.name}（{q.get_level_display()}）"
        )
        if user.gender:  # read from the ID number (GB 11643, 顺序码 odd/even) and shown above the form: not asked
            del self.fields["gender"]

    def clean(self):
        data = super().clean()
        series, qual, date = data.get("title_series"), data.get("title_qualification"), data.get("title_obtained_on")
        if qual and series and qual.series_id != series.pk:
            self.add_error("title_qualification", "资格名称不属于所选系列。")
        if qual and not date:
            self.add_error("title_obtained_on", "请填写取得时间。")
        if (date or data.get("title_certificate_number")) and not qual:
            self.add_error("title_qualification", "请选择资格名称。")
        if date and date > timezone.localdate():
            self.add_error("title_obtained_on", "取得时间不能晚于今天。")
        elif date and (message := person_date_error(birth_date=self.user.birth_date, value=date, min_age=MIN_AGE_WORK,
                                                    what="取得职称")):
            self.add_error("title_obtained_on", message)
        return data

    def save_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        if "gender" not in self.fields:
            data["gender"] = self.user.gender
        qual = data.get("title_qualification")
        data["title_level"] = qual.level if qual else None
        if qual and not data.get("title_series"):
            data["title_series"] = qual.series
        for key in ("current_position", "title_certificate_number"):
            data[key] = data[key] or ""
        return data


class _PersonMixin:
    """Section forms know whose record they edit, to check dates against the person."""

    def __init__(self, *args, profile=None, **kwargs):
        self.profile = profile  # before super(): StyledForm validates while initialising
        super().__init__(*args, **kwargs)

    @property
    def birth_date(self):
        return self.profile.user.birth_date if self.profile is not None else None

    def _person_date_errors(self, data: dict) -> None:
        errors = profile_row_date_errors(
            birth_date=self.birth_date, section=self._meta.model._meta.model_name, data=data
        )
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)


class _DatesMixin(_PersonMixin):
    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "结束时间不能早于开始时间。")
        today = timezone.localdate()
        for name in ("start_date", "end_date", "date"):
            if data.get(name) and data[name] > today:
                self.add_error(name, "日期不能晚于今天。")
        self._person_date_errors(data)
        return data


class EducationForm(_DatesMixin, StyledModelForm):
    class Meta:
        model = EducationRecord
        fields = ["school", "major", "education", "degree", "start_date", "end_date", "certificate_number"]
        widgets = {"start_date": DATE, "end_date": DATE}


class WorkForm(_DatesMixin, StyledModelForm):
    class Meta:
        model = WorkRecord
        fields = ["unit_name", "post", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}


class AchievementForm(_DatesMixin, StyledModelForm):
    class Meta:
        model = Achievement
        fields = ["kind", "title", "date", "role", "description"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 3})}


def _year_ok(year):
    if year and not (1950 <= year <= timezone.localdate().year):
        raise ValidationError("请填写正确的年度。")
    return year


class ContinuingEducationForm(_PersonMixin, StyledModelForm):
    class Meta:
        model = ContinuingEducation
        fields = ["year", "hours", "content"]

    def clean_year(self):
        return _year_ok(self.cleaned_data.get("year"))

    def clean(self):
        data = super().clean()
        self._person_date_errors(data)
        return data

    def clean_hours(self):
        hours = self.cleaned_data.get("hours")
        if hours is not None and not (1 <= hours <= 1000):
            raise ValidationError("学时应在 1 到 1000 之间。")
        return hours


class AppraisalForm(_PersonMixin, StyledModelForm):
    class Meta:
        model = Appraisal
        fields = ["year", "result"]

    def clean(self):
        data = super().clean()
        self._person_date_errors(data)
        return data

    def clean_year(self):
        year = _year_ok(self.cleaned_data.get("year"))
        if (
            year
            and self.profile
            and self.profile.appraisal_rows.filter(year=year).exclude(pk=self.instance.pk).exists()
        ):
            raise ValidationError("该年度的考核结果已填写。")
        return year


class AttachmentForm(StyledForm):
    kind = forms.ChoiceField(label="材料类别", choices=AttachmentKind.choices)
    file = forms.FileField(
        label="文件", help_text="PDF、JPG 或 PNG，扫描件须清晰完整。",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        attachment_check(uploaded)
        return uploaded


class UnitChooseForm(StyledForm):
    unit = forms.IntegerField(error_messages={"required": "请在列表中选择一个人事管理单位。"})
