"""Forms of the meeting pages. Attendance marks come as mark_<member id> / reason_<member id>."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone

from core.files import EVIDENCE_ACCEPT as ACCEPT
from organizations.rules import Field

from .choices import FileKind, Mark, PeriodUnit
from .models import MeetingType

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})


class MeetingForm(forms.Form):
    meeting_type = forms.ModelChoiceField(MeetingType.objects.filter(is_active=True), label="会议类型",
                                          widget=forms.Select(attrs={"class": "form-select"}))
    held_on = forms.DateField(label="召开日期", widget=DATE)
    start_time = forms.TimeField(label="开始时间", required=False,
                                 widget=forms.TimeInput(format="%H:%M", attrs={"type": "time", "class": "form-control"}))
    place = forms.CharField(label="地点", max_length=120, required=False,
                            widget=forms.TextInput(attrs={"class": "form-control"}))
    topic = forms.CharField(label="主题", max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))
    host = forms.CharField(label="主持人", max_length=50, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control"}))
    recorder = forms.CharField(label="记录人", max_length=50, required=False,
                               widget=forms.TextInput(attrs={"class": "form-control"}))
    speaker = forms.CharField(label="授课人（党课）", max_length=50, required=False,
                              widget=forms.TextInput(attrs={"class": "form-control"}))
    minutes = forms.CharField(label="会议记录（可简要）", required=False,
                              widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))
    decisions = forms.CharField(label="议定事项", required=False,
                                widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
    file_kind = forms.ChoiceField(label="材料类型", choices=FileKind.choices, required=False,
                                  widget=forms.Select(attrs={"class": "form-select"}))


    # The entry page posts, besides the fields above, the roll's marks (mark_<id>, reason_<id>),
    # the evidence files and the button pressed; the form reads them, the view never does.
    def marks(self, member_ids: list[int]) -> list[tuple[int, str, str]]:
        return marks_from_post(self.data, member_ids)

    def posted_marks(self) -> dict[int, tuple[str, str]]:
        """The marks as posted, to show the roll again after an error."""
        return {int(k[5:]): (v, self.data.get(f"reason_{k[5:]}", "")) for k, v in self.data.items()
                if k.startswith("mark_") and k[5:].isdigit()}

    def uploads(self) -> list[tuple[Any, str]]:
        kind = self.data.get("file_kind") or "photo"
        return [(f, kind) for f in self.files.getlist("files")]

    def submit_requested(self) -> bool:
        return self.data.get("action") == "submit"

    def roll_date(self, query: QueryDict, default: datetime.date | None = None) -> datetime.date:
        """The meeting date the page shows the roll for: posted, or ?held_on=, else `default`/today."""
        raw = self.data.get("held_on") or query.get("held_on") or ""
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            return default or timezone.localdate()


class CorrectionForm(MeetingForm):
    correction_reason = forms.CharField(label="更正原因", max_length=200,
                                        widget=forms.TextInput(attrs={"class": "form-control"}))


def marks_from_post(data: QueryDict, member_ids: list[int]) -> list[tuple[int, str, str]]:
    """The roll's marks from the entry page; a member without a field stays present."""
    out = []
    for pk in member_ids:
        mark = data.get(f"mark_{pk}") or Mark.PRESENT
        out.append((pk, mark, data.get(f"reason_{pk}", "")))
    return out


def file_accept() -> dict[str, Any]:
    return {"accept": ACCEPT, "multiple": True}


class FilterForm(forms.Form):
    q = forms.CharField(label="主题", required=False,
                        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": "主题或组织名称"}))
    meeting_type = forms.ModelChoiceField(MeetingType.objects.all(), required=False, empty_label="全部类型",
                                          widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    status = forms.ChoiceField(choices=[("", "全部状态"), ("draft", "草稿"), ("submitted", "已提交"),
                                        ("superseded", "已更正（旧版本）")], required=False,
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    month = forms.CharField(required=False, widget=forms.TextInput(
        attrs={"type": "month", "class": "form-control form-control-sm"}))


class RequirementForm(forms.Form):
    meeting_type = forms.ModelChoiceField(MeetingType.objects.filter(is_active=True), label="会议类型",
                                          widget=forms.Select(attrs={"class": "form-select"}))
    field = forms.ChoiceField(label="适用领域", choices=[("", "所有领域"), *Field.choices], required=False,
                              widget=forms.Select(attrs={"class": "form-select"}))
    period = forms.ChoiceField(label="周期", choices=PeriodUnit.choices, widget=forms.Select(attrs={"class": "form-select"}))
    min_count = forms.IntegerField(label="每周期至少次数", min_value=1, max_value=31,
                                   widget=forms.NumberInput(attrs={"class": "form-control"}))
    effective_from = forms.DateField(label="生效日期（某月1日，不早于当前周期）", widget=DATE)
    source = forms.CharField(label="依据", max_length=200, required=False,
                             widget=forms.TextInput(attrs={"class": "form-control"}))
    reason = forms.CharField(label="设置理由（记入审计）", max_length=200,
                             widget=forms.TextInput(attrs={"class": "form-control"}))


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={"class": "form-control"}))
    quarter = forms.ChoiceField(label="期间", choices=[(0, "全年"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"),
                                                      (4, "第四季度")], widget=forms.Select(attrs={"class": "form-select"}))
    items = forms.CharField(
        label="计划事项（每行：日期 会议类型 主题，如 2026-03-05 主题党日 学习党章）",
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 6}))
    notes = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))

    def clean_items(self) -> list[tuple[MeetingType, datetime.date, str]]:
        types = {t.name: t for t in MeetingType.objects.filter(is_active=True)}
        out = []
        for n, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            parts = line.split(maxsplit=2)
            if not parts:
                continue
            try:
                day = datetime.date.fromisoformat(parts[0])
            except ValueError as exc:
                raise forms.ValidationError(f"第 {n} 行的日期“{parts[0]}”格式不对，应为 2026-03-05。") from exc
            if len(parts) < 2 or parts[1] not in types:
                raise forms.ValidationError(f"第 {n} 行的会议类型不对，可选：{'、'.join(types)}。")
            out.append((types[parts[1]], day, parts[2] if len(parts) > 2 else ""))
        return out


class LeaveForm(forms.Form):
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)
    reason = forms.CharField(label="事由", max_length=200,
                             widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "如：外出务工、病休、脱产学习"}))


class OutsideLifeForm(forms.Form):
    held_on = forms.DateField(label="参加日期", widget=DATE)
    host_organization = forms.CharField(label="组织生活所在党组织", max_length=120,
                                        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "流入地党组织名称"}))
    topic = forms.CharField(label="内容", max_length=200, required=False,
                            widget=forms.TextInput(attrs={"class": "form-control"}))


class LeaderForm(forms.Form):
    title = forms.CharField(label="领导职务", max_length=100, required=False,
                            widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "如：县农业农村局局长"}))
    since = forms.DateField(label="任职日期", required=False, widget=DATE)
    active = forms.BooleanField(label="在任（取消勾选即不再按领导干部统计）", required=False, initial=True,
                                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
