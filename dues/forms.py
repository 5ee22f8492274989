from __future__ import annotations

import datetime
from typing import Any

from django import forms

from core.forms import style_form

from .choices import BaseKind
from .rules import RateRow, check_rows


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


class IdListField(forms.Field):
    """Ticked rows (`<input type="checkbox" name="member" value="12">`, repeated): the numbers,
    anything else dropped."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        return [int(v) for v in value or [] if str(v).isdigit()]


class SheetRecordForm(forms.Form):
    member = IdListField(required=False)
    paid_on = forms.DateField(label="交纳日期", initial=datetime.date.today,
                              widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"},
                                                     format="%Y-%m-%d"))


class RateSetForm(forms.Form):
    """The head of a rate set: from which month, on what basis."""

    effective_from = MonthField(label="生效月份（自该月1日起执行）")
    source = forms.CharField(label="依据（文件名称和文号）", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_form(self)


class RateRowForm(forms.Form):
    """One band. Every field is optional here: a wholly blank row is skipped, and the rules
    of the whole set (dues/rules.py) give the messages."""

    kind = forms.ChoiceField(label="党员类别", choices=[("", "——")] + list(BaseKind.choices), required=False)
    upper_bound = forms.DecimalField(label="收入上限（含，元）", max_digits=10, decimal_places=2, required=False)
    percent = forms.DecimalField(label="交纳比例（%）", max_digits=5, decimal_places=2, required=False)
    fixed_amount = forms.DecimalField(label="固定金额（元/月）", max_digits=8, decimal_places=2, required=False)
    min_amount = forms.DecimalField(label="最低金额（元/月）", max_digits=8, decimal_places=2, required=False)
    max_amount = forms.DecimalField(label="最高金额（元/月）", max_digits=8, decimal_places=2, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_form(self, small=True)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) not in (None, "") for name in RATE_ROW_FIELDS)


RATE_ROW_FIELDS = ("kind", "upper_bound", "percent", "fixed_amount", "min_amount", "max_amount")


class BaseRateRowFormSet(forms.BaseFormSet):
    def rate_rows(self) -> list[tuple[forms.Form, RateRow]]:
        """(form, row) of every filled-in row not marked for deletion, in entry order."""
        out = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form) or form.is_blank():
                continue
            out.append((form, RateRow(**{k: form.cleaned_data.get(k) for k in RATE_ROW_FIELDS})))
        return out

    def clean(self) -> None:
        if any(self.errors):
            return
        pairs = self.rate_rows()
        row_errors, set_errors = check_rows([row for _, row in pairs])
        for i, messages in row_errors.items():
            for message in messages:
                pairs[i][0].add_error(None, message)
        if set_errors:
            raise forms.ValidationError(set_errors)

    def show_errors(self, row_errors: dict[int, list[str]], set_errors: list[str]) -> None:
        """Put a service's RateSetInvalid back on the rows it names."""
        pairs = self.rate_rows()
        for i, messages in row_errors.items():
            for message in messages:
                pairs[i][0].add_error(None, message)
        self._non_form_errors = self.error_class(list(self._non_form_errors or []) + set_errors)


RateRowFormSet = forms.formset_factory(RateRowForm, formset=BaseRateRowFormSet, extra=3, can_delete=True, max_num=60,
                                       validate_max=True)
