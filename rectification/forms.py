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

        # A deactivated category is no longer offered, but a problem recorded with it keeps it.
        current = Q(pk=self.instance.category_id) if self.instance.category_id else Q(pk__in=[])
        self.fields["category"].queryset = ProblemCategory.objects.filter(
            (Q(county__isnull=True) | Q(county=county)) & (Q(is_active=True) | current))


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


SHARED = "shared"


class CategoryForm(forms.Form):
    """新增或修改问题类别. `scopes` are the lists the user may add to: the county's own
    ("county") and/or the shared one ("shared"); only a new category chooses."""

    scope = forms.ChoiceField(label="适用范围", choices=[])
    name = forms.CharField(label="类别名称", max_length=60)
    code = forms.CharField(label="代码（可不填，系统自动生成）", max_length=40, required=False,
                           help_text="小写字母、数字、下划线或连字符；保存后不能修改。")
    sort_order = forms.IntegerField(label="排序号（小的在前，可不填）", min_value=0, max_value=32767, required=False)

    def __init__(self, *args: Any, scopes: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if scopes:
            self.fields["scope"].choices = scopes
        else:  # editing: the scope and the code stay
            del self.fields["scope"], self.fields["code"]
            self.fields["sort_order"].required = True
            self.fields["sort_order"].label = "排序号（小的在前）"
        _style(self)


class CategoryFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, widget=forms.TextInput(attrs={"placeholder": "名称或代码"}))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部状态"), ("active", "启用"), ("inactive", "已停用")])
    scope = forms.ChoiceField(label="适用范围", required=False,
                              choices=[("", "通用和本县"), ("shared", "通用"), ("county", "本县自设")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self, small=True)


class TransitionForm(forms.Form):
    """A step of an entry or a measure: the reason (sending back, reopening) and, for a
    proposal to close, the public's acknowledgement."""

    reason = forms.CharField(required=False, strip=False)
    public_ack = forms.CharField(required=False, strip=False)


class ConfirmForm(forms.Form):
    """The candidates the county lists (the others are declined)."""

    listed = forms.Field(required=False, widget=forms.MultipleHiddenInput)

    def clean_listed(self) -> list[int]:
        return [int(x) for x in self.cleaned_data["listed"] or [] if x.isdigit()]


class CategoryActiveForm(forms.Form):
    active = forms.CharField(required=False)

    def clean_active(self) -> bool:
        return self.cleaned_data["active"] == "1"


class CategoryOrderForm(forms.Form):
    """保存排序: the sort number typed into each row of the list (`order-<id>`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in self.data:
            if key.startswith("order-") and key[6:].isdigit():
                self.fields[key] = forms.CharField(required=False)

    def orders(self) -> dict[int, str]:
        return {int(key[6:]): value for key, value in self.cleaned_data.items()}
