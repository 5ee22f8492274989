"""Forms of the calendar pages."""

from __future__ import annotations

from typing import Any

from django import forms

from core.forms import DateInput, style_form
from core.importing.reader import EXTENSIONS_TEXT

TYPE_CHOICES = [("0", "放假"), ("1", "上班（周六、周日调休上班）")]


def _to_bool(value: str) -> bool:
    return value == "1"


class CalendarDayForm(forms.Form):
    date = forms.DateField(label="日期", widget=DateInput())
    is_workday = forms.TypedChoiceField(label="类型", choices=TYPE_CHOICES, coerce=_to_bool, widget=forms.RadioSelect,
                                        initial="0")
    name = forms.CharField(label="名称（节日）", max_length=50, required=False,
                           help_text="放假必填，如 国庆节；调休上班可填对应的节日。")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_form(self)
        self.fields["is_workday"].widget.attrs["class"] = "form-check-input"


class FilterForm(forms.Form):
    type = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), ("holiday", "放假"), ("workday", "上班")])
    q = forms.CharField(label="名称", required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": "按名称搜索，如 国庆"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_form(self, small=True)


class ImportForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    file = forms.FileField(label=f"文件（{EXTENSIONS_TEXT}，不超过 1 MB）")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_form(self)
