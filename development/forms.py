from __future__ import annotations

import datetime
from typing import Any

from django import forms

from core.forms import DateInput
from core.forms import style_form as _style
from members.choices import Education, Ethnicity
from organizations.models import Organization

from .choices import Stage, StepKind


class ApplicantForm(forms.Form):
    organization = forms.ModelChoiceField(label="所在党支部", queryset=Organization.objects.none())
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="公民身份号码", max_length=24, help_text="出生日期和性别由号码自动得出。")
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    applied_on = forms.DateField(label="递交入党申请书日期", widget=DateInput(), initial=datetime.date.today)
    ethnicity = forms.ChoiceField(label="民族", choices=Ethnicity.choices, initial="01")
    education = forms.ChoiceField(label="学历", choices=[("", "—"), *Education.choices], required=False)
    occupation = forms.CharField(label="工作单位及职务", max_length=100, required=False)

    def __init__(self, *args: Any, branches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = branches
        self.fields["organization"].widget.attrs["data-tom-select"] = "1"
        _style(self)


class StepForm(forms.Form):
    kind = forms.ChoiceField(label="环节", choices=[c for c in StepKind.choices if c[0] != StepKind.APPLICATION])
    date = forms.DateField(label="日期（期间类环节填结束日期）", widget=DateInput())
    start_date = forms.DateField(label="开始日期（培训、公示）", widget=DateInput(), required=False)
    hours = forms.IntegerField(label="学时（集中培训）", min_value=0, max_value=500, required=False)
    months = forms.IntegerField(label="延长月数（延长预备期）", min_value=1, max_value=24, required=False)
    is_special = forms.BooleanField(label="特殊情况，审批时限延长（须在说明中写明原因）", required=False)
    people = forms.CharField(label="参与人（谈话人、培养联系人、入党介绍人等）", max_length=100, required=False)
    document = forms.CharField(label="文号或会议记录", max_length=100, required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, kinds: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(k, StepKind(k).label) for k in kinds]
        _style(self)


class StopForm(forms.Form):
    reason = forms.CharField(label="终止培养原因", max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class BoardFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    stage = forms.ChoiceField(label="阶段", required=False, choices=[("", "在培养中（全部阶段）"), *Stage.choices])
    late = forms.BooleanField(label="只看超期", required=False)
    due_within = forms.TypedChoiceField(label="期限", required=False, coerce=int, empty_value=None, choices=[
        ("", "全部期限"), ("30", "30天内到期"), ("90", "90天内到期")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self, small=True)
        self.fields["q"].widget.attrs["placeholder"] = "姓名或党支部"


class PlanForm(forms.Form):
    organization = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput)
    planned = forms.IntegerField(label="计划发展人数", min_value=0, max_value=10000)
    note = forms.CharField(label="说明", max_length=200, required=False)
