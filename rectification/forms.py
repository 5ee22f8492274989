from __future__ import annotations

from typing import Any

from django import forms

from core.forms import style_form as _style
from organizations.forms import DateInput

from .models import Leader, Measure, Problem, ProblemCategory, RectificationYear
from .rules import RectStatus
from .services.lists import YEAR_FIELDS


class ServiceValidatedForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def _post_clean(self) -> None:
        # Model validation runs in the service, with the ledger known.
        pass


class YearForm(ServiceValidatedForm):
    class Meta:
        model = RectificationYear
        fields = ["year", *YEAR_FIELDS]


class ProposeForm(forms.Form):
    organization = forms.ModelChoiceField(label="党组织", queryset=ProblemCategory.objects.none())
    reason = forms.CharField(label="推荐理由（存在的主要问题）", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].widget.attrs["data-tom-select"] = "1"
        _style(self)


class EntryFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, widget=forms.TextInput(attrs={"placeholder": "组织名称"}))
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *RectStatus.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self, small=True)


class ProblemForm(ServiceValidatedForm):
    class Meta:
        model = Problem
        fields = ["category", "description", "source"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        self.fields["category"].queryset = ProblemCategory.objects.filter(Q(county__isnull=True) | Q(county=county),
                                                                          is_active=True)


class MeasureForm(ServiceValidatedForm):
    class Meta:
        model = Measure
        fields = ["description", "responsible_person", "deadline"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "deadline": DateInput()}


class LeaderForm(ServiceValidatedForm):
    class Meta:
        model = Leader
        fields = ["role", "name", "position", "phone", "start_on", "end_on"]
        widgets = {"start_on": DateInput(), "end_on": DateInput()}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    on = forms.DateField(label="日期", widget=DateInput())
    content = forms.CharField(label="工作进展", widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label="佐证材料（图片或 PDF，可多选）", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
