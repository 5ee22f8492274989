from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings

from core.forms import DateInput
from core.forms import style_form as _style
from members.choices import ACTIVE_STATUSES, AgeBand, Category, Education, Sex
from members.models import Member
from organizations.rules import Field

from .rules import TENURE_BANDS, AuditKind, Post, TermStatus


class ElectionForm(forms.Form):
    elected_on = forms.DateField(label="选举日期", widget=DateInput())
    years = forms.TypedChoiceField(label="任期年限", coerce=int)
    number = forms.IntegerField(label="届次（第几届，可不填）", required=False, min_value=1)
    meeting = forms.CharField(label="选举会议", max_length=120, initial="党员大会")
    entitled = forms.IntegerField(label="应到会党员数", min_value=1)
    present = forms.IntegerField(label="实到会党员数", min_value=0)
    approved_on = forms.DateField(label="上级党组织批复日期", required=False, widget=DateInput())
    approval_ref = forms.CharField(label="批复文号", max_length=80, required=False)
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, default_years: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = range(settings.TERMS_MIN_YEARS, settings.TERMS_MAX_YEARS + 1)
        self.fields["years"].choices = [(y, f"{y}年") for y in years]
        self.fields["years"].initial = default_years
        _style(self)


class PostForm(forms.Form):
    member = forms.ModelChoiceField(label="党员", queryset=Member.objects.none(), required=False)
    post = forms.ChoiceField(label="职务", choices=[("", "—"), *Post.choices], required=False)
    votes = forms.IntegerField(label="得票数", min_value=0, required=False)

    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["member"].queryset = members
        _style(self, small=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("member")) != bool(data.get("post")):
            raise forms.ValidationError("请同时选择党员和职务。")
        return data


PostFormSet = forms.formset_factory(PostForm, extra=7, max_num=7)


def roll_members(org: Any) -> Any:
    return Member.objects.filter(organization=org, status__in=ACTIVE_STATUSES, category=Category.FULL).order_by("name")


class DelayForm(forms.Form):
    until = forms.DateField(label="申请延期至", widget=DateInput())
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(label="审批结果", choices=[("1", "批准"), ("0", "不批准")], coerce=lambda v: v == "1")
    decision_ref = forms.CharField(label="批复文号", max_length=80, required=False)
    decision_note = forms.CharField(label="审批意见", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self, small=True)


class PostEndForm(forms.Form):
    ended_on = forms.DateField(label="离任日期", initial=datetime.date.today, widget=DateInput())
    reason = forms.CharField(label="离任原因", max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self, small=True)


class BoardFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    status = forms.ChoiceField(label="换届状态", required=False, choices=[("", "全部状态"), *TermStatus.choices])
    field = forms.ChoiceField(label="领域", required=False, choices=[("", "全部领域"), *Field.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self, small=True)
        self.fields["q"].widget.attrs["placeholder"] = "组织名称或代码"


class RosterFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    field = forms.ChoiceField(label="领域", required=False, choices=[("", "全部领域"), *Field.choices])
    age_band = forms.ChoiceField(label="年龄段", required=False, choices=[("", "全部年龄"), *AgeBand.choices])
    education = forms.ChoiceField(label="学历", required=False, choices=[("", "全部学历"), *Education.choices])
    tenure = forms.ChoiceField(label="任职年限", required=False,
                               choices=[("", "全部任职年限"), *((k, v[0]) for k, v in TENURE_BANDS.items())])
    trained = forms.ChoiceField(label="本年培训", required=False,
                                choices=[("", "本年培训：全部"), ("yes", "已达标"), ("no", "未达标")])
    reserves = forms.ChoiceField(label="后备干部", required=False,
                                 choices=[("", "后备干部：全部"), ("short", "不足1:2"), ("ok", "已达1:2")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self, small=True)
        self.fields["q"].widget.attrs["placeholder"] = "书记姓名或组织名称"


class FirstSecretaryForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    sending_unit = forms.CharField(label="派出单位", max_length=120)
    position = forms.CharField(label="原单位职务", max_length=80, required=False)
    started_on = forms.DateField(label="派驻日期", widget=DateInput())
    ended_on = forms.DateField(label="期满日期", required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ReserveForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    sex = forms.ChoiceField(label="性别", choices=Sex.choices)
    birth_date = forms.DateField(label="出生日期", widget=DateInput())
    education = forms.ChoiceField(label="学历", choices=[("", "—"), *Education.choices], required=False)
    current_job = forms.CharField(label="现任职务", max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ReviewForm(forms.Form):
    member = forms.ModelChoiceField(label="书记", queryset=Member.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    reviewed_on = forms.DateField(label="评议日期", widget=DateInput())
    reviewer = forms.CharField(label="评议单位", max_length=120)
    good = forms.IntegerField(label="“好”票数", min_value=0, initial=0)
    fairly_good = forms.IntegerField(label="“较好”票数", min_value=0, initial=0)
    average = forms.IntegerField(label="“一般”票数", min_value=0, initial=0)
    poor = forms.IntegerField(label="“差”票数", min_value=0, initial=0)
    report = forms.CharField(label="述职报告（摘要）", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    conclusion = forms.CharField(label="评议意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        _style(self)


class AuditForm(forms.Form):
    member = forms.ModelChoiceField(label="书记", queryset=Member.objects.none())
    kind = forms.ChoiceField(label="审计类型", choices=AuditKind.choices)
    department = forms.CharField(label="审计部门", max_length=120)
    audited_on = forms.DateField(label="审计日期", widget=DateInput())
    conclusion = forms.CharField(label="审计结论", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        _style(self)


class TrainingForm(forms.Form):
    organizer = forms.ModelChoiceField(label="举办单位", queryset=None)  # type: ignore[arg-type]
    title = forms.CharField(label="培训班名称", max_length=120)
    started_on = forms.DateField(label="开始日期", widget=DateInput())
    ended_on = forms.DateField(label="结束日期", widget=DateInput())
    hours = forms.DecimalField(label="学时", max_digits=5, decimal_places=1, min_value=0)
    place = forms.CharField(label="地点", max_length=120, required=False)
    attendees = forms.ModelMultipleChoiceField(label="参训书记", queryset=Member.objects.none())

    def __init__(self, *args: Any, organizers: Any, attendees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = organizers
        self.fields["attendees"].queryset = attendees
        _style(self)
        self.fields["attendees"].widget.attrs["data-tom-select"] = "1"
