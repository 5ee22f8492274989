"""Pages of the democratic review of members 民主评议党员. Results are shown per member in
name order and as counts per branch; there is no ranking of people."""

from __future__ import annotations

from typing import Any, Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.scoping import can_change
from core.views import ScopedListView, scoped_object
from organizations.models import Organization

from .. import services
from ..choices import Handling, MemberGrade, RoundMode, RoundStatus
from ..forms import RoundDecideForm, RoundOpenForm
from ..models import MemberReviewRound
from .common import PAGE_SIZE, current_year, filter_by_org, report, year_choices


def _with_counts(qs):  # type: ignore[no-untyped-def]
    return qs.annotate(total=Count("ratings"), **{
        f"n_{g.value}": Count("ratings", filter=Q(ratings__decision=g.value)) for g in MemberGrade})


class RoundList(ScopedListView):
    model = MemberReviewRound
    template_name = "assessments/round_list.html"
    paginate_by = PAGE_SIZE
    export_title = "民主评议"
    # counts per branch only: personal results are not exported as lists of people
    export_headers = ("党支部", "方式", "季度", "状态", "参评人数", *[g.label for g in MemberGrade])

    def filter_queryset(self, qs: QuerySet, cleaned: dict[str, Any]) -> QuerySet:
        self.year = current_year(self.request)
        qs = filter_by_org(qs.filter(year=self.year), self.request)
        if self.request.GET.get("mode") in RoundMode.values:
            qs = qs.filter(mode=self.request.GET["mode"])
        return _with_counts(qs.select_related("organization")).order_by("organization__path", "quarter")

    def get_export_filename(self) -> str:
        return f"{self.year}年民主评议党员汇总"

    def export_rows(self, qs: QuerySet) -> Iterable[list[Any]]:
        return ([r.organization.name, r.get_mode_display(), r.quarter or "", r.get_status_display(), r.total,
                 *[getattr(r, f"n_{g.value}") for g in MemberGrade]] for r in qs)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "year": self.year, "years": year_choices(), "modes": RoundMode.choices,
                "member_grades": list(MemberGrade)}


round_list = RoundList.as_view()


@login_required
@scoped_object(MemberReviewRound)
def round_detail(request: HttpRequest, round_: MemberReviewRound) -> HttpResponse:
    ratings = round_.ratings.select_related("member")  # by name: no ranking of people
    return render(request, "assessments/round_detail.html", {
        "round": round_, "ratings": ratings, "grades": MemberGrade.choices, "handlings": Handling.choices,
        "can_change": can_change(round_, request.user), "Status": RoundStatus, "annual": round_.mode == RoundMode.ANNUAL,
    })


@login_required
@require_POST
@scoped_object(Organization, "change", pk_url_kwarg="org_pk")
def round_open(request: HttpRequest, org: Organization) -> HttpResponse:
    form = RoundOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect("assessments:rounds")
    d = form.cleaned_data
    try:
        round_ = services.round_open(organization=org, year=d["year"], actor=request.user,
                                     mode=d["mode"] or RoundMode.ANNUAL, quarter=d["quarter"])
    except ValidationError as exc:
        report(request, exc)
        return redirect("assessments:rounds")
    return redirect("assessments:round", pk=round_.pk)


@login_required
@require_POST
@scoped_object(MemberReviewRound, "change")
def round_decide(request: HttpRequest, round_: MemberReviewRound) -> HttpResponse:
    form = RoundDecideForm(request.POST, ratings=round_.ratings.all())
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect("assessments:round", pk=round_.pk)
    try:
        services.round_decide(round=round_, decisions=form.decisions(), meeting_date=form.cleaned_data["meeting_date"],
                              actor=request.user)
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, "已记录党员大会评定结果。")
    return redirect("assessments:round", pk=round_.pk)
