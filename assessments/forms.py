"""Forms of the assessment pages. The templates write their inputs by hand (the field names
below are theirs); a form reads and converts what is posted, with the pages' own Chinese
messages, and the services validate the rest. A page shows one message at a time:
`first_error()`, in the order the fields are declared."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

from django import forms

from organizations.models import Organization
from organizations.rules import Field

from .choices import Good, ItemKind
from .models import MemberRating, Review, SheetItem, SheetSection
from .services.democratic import MUTUAL_FIELDS

ISO_DATE = ["%Y-%m-%d"]


def _text(**kwargs: Any) -> forms.CharField:
    """A text as posted (the service trims it where it must)."""
    return forms.CharField(required=False, strip=False, **kwargs)


def _integer(message: str) -> forms.IntegerField:
    return forms.IntegerField(required=False, error_messages={"invalid": message})


def _decimal(message: str) -> forms.DecimalField:
    return forms.DecimalField(error_messages={"required": message, "invalid": message})


def _date(message: str, required: bool = True) -> forms.DateField:
    return forms.DateField(required=required, input_formats=ISO_DATE,
                           error_messages={"required": message, "invalid": message})


class LenientDecimalField(forms.Field):
    """A number, or None when left empty or not a number (such an entry is skipped)."""

    def to_python(self, value: Any) -> Decimal | None:
        if value in (None, ""):
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None


class PostForm(forms.Form):
    def first_error(self) -> str:
        """The first message, in field order, then the form-wide ones."""
        for name in [*self.fields, "__all__"]:
            if name in self.errors:
                return str(self.errors[name][0])
        return ""


# --- 分类定级 -------------------------------------------------------------------------------


class GradingProposeForm(PostForm):
    grade = _text()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for good in Good:
            self.fields[good.value] = _text()

    def notes(self) -> dict[str, str]:
        return {g.value: self.cleaned_data[g.value] for g in Good}


# --- 民主评议党员 ---------------------------------------------------------------------------


class RoundOpenForm(PostForm):
    year = _integer("年度或季度填写有误。")
    mode = _text()
    quarter = _integer("年度或季度填写有误。")

    def clean_year(self) -> int:
        return self.cleaned_data["year"] or 0


DECIDE_ERROR = "日期或票数填写有误。"
DECISION_KEYS = ("decision", "votes_for", "votes_against", "votes_abstain", "stars", "handling", "handling_note",
                 "followup_due")


class RoundDecideForm(PostForm):
    """The branch meeting's decision: one set of inputs per rating (`decision_<id>`, …)."""

    meeting_date = _date(DECIDE_ERROR)

    def __init__(self, *args: Any, ratings: Iterable[MemberRating], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ratings = list(ratings)
        for r in self.ratings:
            self.fields[f"decision_{r.pk}"] = _text()
            for key in ("votes_for", "votes_against", "votes_abstain", "stars"):
                self.fields[f"{key}_{r.pk}"] = _integer(DECIDE_ERROR)
            self.fields[f"handling_{r.pk}"] = _text()
            self.fields[f"handling_note_{r.pk}"] = _text()
            self.fields[f"followup_due_{r.pk}"] = _date(DECIDE_ERROR, required=False)

    def decisions(self) -> dict[int, dict[str, Any]]:
        d = self.cleaned_data
        result = {}
        for r in self.ratings:
            row = {key: d[f"{key}_{r.pk}"] for key in DECISION_KEYS}
            for key in ("votes_for", "votes_against", "votes_abstain"):
                row[key] = row[key] or 0
            row["stars"] = row["stars"] or None
            result[r.pk] = row
        return result


class RatingForm(PostForm):
    """A member's self-assessment, the mutual ratings (counts per grade) and the committee's proposal."""

    self_assessment = _text()
    proposal = _text()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in MUTUAL_FIELDS:
            self.fields[key] = _text()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for key in MUTUAL_FIELDS:
            raw = (data.get(key) or "0").strip()
            if not raw.isdigit():
                raise forms.ValidationError("互评票数须为不小于0的整数。")
            data[key] = int(raw)
        return data

    def mutual(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key in MUTUAL_FIELDS}


class FollowupForm(PostForm):
    done_on = _date("回访日期填写有误。")
    note = _text()


# --- 达标创优 -------------------------------------------------------------------------------


class ReviewScoreForm(PostForm):
    """Points and reasons of every item of the sheet (`points_<id>`, `reason_<id>`); an item
    left empty, or not given a number, is skipped. `submit` submits the step."""

    submit = _text()

    def __init__(self, *args: Any, items: Iterable[SheetItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"points_{item.pk}"] = LenientDecimalField(required=False)
            self.fields[f"reason_{item.pk}"] = _text()

    def scores(self) -> list[tuple[SheetItem, Decimal, str]]:
        d = self.cleaned_data
        return [(item, d[f"points_{item.pk}"], d[f"reason_{item.pk}"]) for item in self.items
                if d[f"points_{item.pk}"] is not None]


class PublicRatingForm(PostForm):
    """One respondent group's counts (only read when a group is chosen); `close` ends the step."""

    group = _text()
    satisfied = _text()
    basically_satisfied = _text()
    unsatisfied = _text()
    close = _text()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("group"):
            try:
                data["counts"] = [int(data.get(k) or 0) for k in ("satisfied", "basically_satisfied", "unsatisfied")]
            except ValueError:
                raise forms.ValidationError("人数须为整数。") from None
        return data


class EvidenceForm(PostForm):
    item = forms.ModelChoiceField(queryset=SheetItem.objects.none(),
                                  error_messages={"required": "请选择评分细则。", "invalid_choice": "请选择评分细则。"})
    label = _text()
    file = forms.FileField(required=False, allow_empty_file=True)

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = review.sheet.items.all()


# --- 评分表 ---------------------------------------------------------------------------------

NUMBERS_ERROR = "权重和分数线须填写数字。"


class SheetForm(PostForm):
    """The settings of a score sheet: weights and thresholds, then its name."""

    weight_self = _decimal(NUMBERS_ERROR)
    weight_public = _decimal(NUMBERS_ERROR)
    weight_org = _decimal(NUMBERS_ERROR)
    pass_threshold = _decimal(NUMBERS_ERROR)
    excellent_threshold = _decimal(NUMBERS_ERROR)
    name = forms.CharField(error_messages={"required": "请填写评分表名称。"})

    def settings(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("name", "weight_self", "weight_public", "weight_org",
                                                  "pass_threshold", "excellent_threshold")}


class SheetNewForm(SheetForm):
    """A new sheet: the county defining it (among the user's, the first by default), the year
    and the field it applies to."""

    county = forms.CharField(required=False)
    year = _integer("年度填写有误。")
    field = forms.ChoiceField(required=False, choices=[("", ""), *Field.choices],
                              error_messages={"invalid_choice": "请选择适用领域。"})

    def __init__(self, *args: Any, counties: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counties = counties

    def clean_county(self) -> Organization:
        wanted = self.cleaned_data.get("county")
        return next((c for c in self.counties if str(c.pk) == wanted), self.counties[0])

    def clean_year(self) -> int:
        return self.cleaned_data["year"] or 0


class SectionForm(PostForm):
    title = forms.CharField(error_messages={"required": "请填写栏目名称。"})


class ItemForm(PostForm):
    """An item of a sheet, as the item row posts it (`delete` removes it instead)."""

    max_points = _decimal("分值须填写数字。")
    code = forms.CharField(required=False)
    title = forms.CharField(required=False)
    kind = _text()
    evidence_hint = forms.CharField(required=False)
    calculator_code = forms.CharField(required=False)
    delete = _text()

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or ItemKind.BASIC

    def item_data(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("code", "title", "kind", "max_points", "evidence_hint",
                                                  "calculator_code")}


class ItemAddForm(ItemForm):
    """A new item: in one of the sheet's sections, with its number and wording."""

    section = forms.ModelChoiceField(queryset=SheetSection.objects.none())

    def __init__(self, *args: Any, sheet: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sheet.sections.all()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "max_points" in data and (not data.get("code") or not data.get("title")):
            raise forms.ValidationError("请填写细则编号和评分内容。")
        return data
