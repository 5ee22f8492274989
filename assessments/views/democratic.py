"""Pages of the democratic review of members 民主评议党员. Results are shown per member in
name order and as counts per branch; there is no ranking of people."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.exports import xlsx_response
from core.scoping import can_change
from core.views import scoped_object
from organizations.models import Organization

from .. import services
from ..choices import Handling, MemberGrade, RoundMode, RoundStatus
from ..models import MemberReviewRound
from .common import PAGE_SIZE, current_year, filter_by_org, query_without_page, report, year_choices


def _with_counts(qs):  # type: ignore[no-untyped-def]
    return qs.annotate(total=Count("ratings"), **{
        f"n_{g.value}": Count("ratings", filter=Q(ratings__decision=g.value)) for g in MemberGrade})


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    year = current_year(request)
    qs = filter_by_org(MemberReviewRound.objects.for_user(request.user).filter(year=year), request)
    if request.GET.get("mode") in RoundMode.values:
        qs = qs.filter(mode=request.GET["mode"])
    qs = _with_counts(qs.select_related("organization")).order_by("organization__path", "quarter")
    if request.GET.get("export") == "xlsx":
        # counts per branch only: personal results are not exported as lists of people
        rows = ([r.organization.name, r.get_mode_display(), r.quarter or "", r.get_status_display(), r.total,
                 *[getattr(r, f"n_{g.value}") for g in MemberGrade]] for r in qs)
        return xlsx_response(filename=f"{year}年民主评议党员汇总", title="民主评议", actor=request.user,
                             headers=["党支部", "方式", "季度", "状态", "参评人数", *[g.label for g in MemberGrade]],
                             rows=rows, extra={"filters": request.GET.dict()})
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessments/round_list.html", {
        "page": page, "query": query_without_page(request), "year": year, "years": year_choices(),
        "modes": RoundMode.choices, "member_grades": list(MemberGrade),
    })


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
    try:
        round_ = services.round_open(organization=org, year=int(request.POST.get("year") or 0), actor=request.user,
                                     mode=request.POST.get("mode") or RoundMode.ANNUAL,
                                     quarter=int(request.POST["quarter"]) if request.POST.get("quarter") else None)
    except (ValidationError, ValueError) as exc:
        report(request, exc if isinstance(exc, ValidationError) else ValidationError("年度或季度填写有误。"))
        return redirect("assessments:rounds")
    return redirect("assessments:round", pk=round_.pk)


@login_required
@require_POST
@scoped_object(MemberReviewRound, "change")
def round_decide(request: HttpRequest, round_: MemberReviewRound) -> HttpResponse:
    decisions = {}
    for r in round_.ratings.all():
        p = lambda key: request.POST.get(f"{key}_{r.pk}", "")  # noqa: E731
        due = p("followup_due")
        decisions[r.pk] = {
            "decision": p("decision"), "votes_for": p("votes_for") or 0, "votes_against": p("votes_against") or 0,
            "votes_abstain": p("votes_abstain") or 0, "stars": p("stars") or None, "handling": p("handling"),
            "handling_note": p("handling_note"),
            "followup_due": datetime.date.fromisoformat(due) if due else None,
        }
    try:
        meeting = datetime.date.fromisoformat(request.POST.get("meeting_date", ""))
        services.round_decide(round=round_, decisions=decisions, meeting_date=meeting, actor=request.user)
    except ValueError:
        messages.error(request, "日期或票数填写有误。")
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, "已记录党员大会评定结果。")
    return redirect("assessments:round", pk=round_.pk)
