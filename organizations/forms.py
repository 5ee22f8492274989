from __future__ import annotations

import datetime
from typing import Any

from django import forms

from core.forms import DateInput

from .models import Organization
from .rules import ALLOWED_PARENTS, Kind
from .services import EDITABLE_FIELDS


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = list(EDITABLE_FIELDS)
        widgets = {"established_on": DateInput()}

    def __init__(self, *args: Any, parent: Organization | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent_kind = parent.kind if parent is not None else None
        if parent is not None or self.instance.pk is None:
            allowed = [k for k in Kind if parent_kind in ALLOWED_PARENTS[k]]
            self.fields["kind"].choices = [(k.value, k.label) for k in allowed]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def _post_clean(self) -> None:
        # Validation (structure, constraints) runs in the service, with the parent known.
        pass


class FilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *Kind.choices])
    field = forms.ChoiceField(label="领域", required=False)
    status = forms.ChoiceField(label="状态", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .rules import Field, Status

        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", "全部领域"), *Field.choices]
        self.fields["status"].choices = [("", "全部状态"), *Status.choices]
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
        self.fields["q"].widget.attrs["placeholder"] = "名称、简称或代码"


class MoveForm(forms.Form):
    target = forms.ModelChoiceField(label="移动到（新的上级组织）", queryset=Organization.objects.none())
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets
        self.fields["target"].widget.attrs.update({"class": "form-select", "data-tom-select": "1"})


class DissolveForm(forms.Form):
    dissolved_on = forms.DateField(label="撤销日期", initial=datetime.date.today, widget=DateInput(attrs={"class": "form-control"}))
    reason = forms.CharField(label="撤销原因（批复文号等）", max_length=500, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
