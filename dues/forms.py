from __future__ import annotations

import datetime
from typing import Any

from django import forms

from core.forms import style_form

from .rules import BaseKind


class MonthField(forms.DateField):
    """A month as <input type="month"> (YYYY-MM), cleaned to the 1st of the month."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]


class BaseForm(forms.Form):
    kind = forms.ChoiceField(label="党员类别", choices=BaseKind.choices)
    monthly_income = forms.DecimalField(label="月收入（元）", max_digits=10, decimal_places=2, min_value=0, required=False)
    fixed_amount = forms.DecimalField(label="自报金额（农民党员，元/月）", max_digits=8, decimal_places=2, required=False)
    effective_from = MonthField(label="起始月份", initial=lambda: datetime.date.today().replace(day=1))
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_form(self, small=True)


class PayForm(forms.Form):
    first_month = MonthField(label="从月份")
    count = forms.IntegerField(label="月数（可预交）", min_value=1, max_value=24, initial=1)
    paid_on = forms.DateField(label="交纳日期", initial=datetime.date.today,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    amount = forms.DecimalField(label="每月金额（留空按应交）", max_digits=10, decimal_places=2, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_form(self, small=True)


class ReverseForm(forms.Form):
    reason = forms.CharField(label="冲正原因", max_length=200)


class SheetRecordForm(forms.Form):
    paid_on = forms.DateField(label="交纳日期", initial=datetime.date.today,
                              widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"},
                                                     format="%Y-%m-%d"))
