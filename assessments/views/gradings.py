"""Pages of classification grading 分类定级."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.views import ScopedListView, scoped_object
from organizations.models import Organization

from .. import selectors, services
from ..choices import Good, Grade, GradingStatus
from ..forms import GradingProposeForm
from ..models import Grading
from ..services.access import is_county_officer_of, is_reviewer_of
from .common import PAGE_SIZE, current_year, filter_by_org, report, year_choices


class GradingList(ScopedListView):
    model = Grading
    template_name = "assessments/grading_list.html"
    paginate_by = PAGE_SIZE
    export_title = "分类定级"
    export_headers = ("党组织", "年度", "定级", "状态", "较上年", *[g.label for g in Good])

    def filter_queryset(self, qs: QuerySet, cleaned: dict[str, Any]) -> QuerySet:
        get = self.request.GET
        self.year = current_year(self.request)
        qs = filter_by_org(qs.filter(year=self.year), self.request)
        if get.get("grade") in Grade.values:
            qs = qs.filter(grade=get["grade"])
        if get.get("status") in GradingStatus.values:
            qs = qs.filter(status=get["status"])
        return selectors.gradings_with_previous(qs.select_related("organization").order_by("organization__path"))

    def get_export_filename(self) -> str:
        return f"{self.year}年分类定级"

    def export_row(self, g: Grading) -> list[Any]:
        return [g.organization.name, g.year, g.get_grade_display(), g.get_status_display(),
                selectors.movement(g.grade, g.previous_grade), *[v for _, v in g.notes()]]

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        for g in context["page"].object_list:
            g.movement = selectors.movement(g.grade, g.previous_grade)
            g.can_confirm = g.status == GradingStatus.PROPOSED and is_county_officer_of(self.request.user, g.organization)
        return {**context, "year": self.year, "years": year_choices(), "grades": Grade.choices,
                "statuses": GradingStatus.choices}


grading_list = GradingList.as_view()


@login_required
@scoped_object(Organization, "change", pk_url_kwarg="org_pk")
def grading_propose(request: HttpRequest, org: Organization, year: int) -> HttpResponse:
    if not is_reviewer_of(request.user, org):
        raise PermissionDenied("只有上级乡镇（街道）党（工）委或县委组织部可以提出定级。")
    existing = Grading.objects.filter(organization=org, year=year).first()
    if request.method == "POST":
        form = GradingProposeForm(request.POST)
        form.is_valid()  # free texts: the service validates them
        try:
            services.grading_propose(organization=org, year=year, grade=form.cleaned_data["grade"],
                                     notes=form.notes(), actor=request.user)
        except ValidationError as exc:
            report(request, exc)
        else:
            messages.success(request, f"已提出{org.name}{year}年度的分类定级。")
            return redirect(f"{_list_url()}?year={year}")
    goods = [(g.value, g.label, getattr(existing, f"note_{g.value}", "") if existing else "") for g in Good]
    return render(request, "assessments/grading_form.html", {
        "org": org, "year": year, "existing": existing, "grades": Grade.choices, "goods": goods,
    })


def _list_url() -> str:
    from django.urls import reverse

    return reverse("assessments:gradings")


@login_required
@require_POST
@scoped_object(Grading, "change")
def grading_confirm(request: HttpRequest, grading: Grading) -> HttpResponse:
    try:
        services.grading_confirm(grading=grading, actor=request.user)
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, f"已确认{grading.organization.name}的定级。")
    return redirect(f"{_list_url()}?year={grading.year}")


@login_required
@scoped_object(Organization, pk_url_kwarg="org_pk")
def organization_history(request: HttpRequest, org: Organization) -> HttpResponse:
    """One branch's grades and review results across years."""
    gradings = list(selectors.gradings_with_previous(Grading.objects.filter(organization=org)).order_by("-year"))
    for g in gradings:
        g.movement = selectors.movement(g.grade, g.previous_grade)
    reviews = org.reviews.select_related("sheet").order_by("-sheet__year")
    return render(request, "assessments/org_history.html", {
        "org": org, "gradings": gradings, "reviews": reviews,
        "can_propose": is_reviewer_of(request.user, org) and org.is_branch, "year": year_choices()[1],
    })
