"""The county's (or township's) overview: distribution of grades and review results by
township for a year, drilling down to the lists."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.views import scoped_page

from .. import selectors
from ..choices import Grade, ReviewResult
from ..models import Grading, Review
from .common import current_year, year_choices


@scoped_page
def index(request: HttpRequest) -> HttpResponse:
    year = current_year(request)
    gradings = Grading.objects.for_user(request.user).filter(year=year)
    reviews = Review.objects.for_user(request.user).filter(sheet__year=year)
    rows = selectors.distribution_by_township(gradings=gradings, reviews=reviews)
    chart = {
        "townships": [r.township.short_name or r.township.name for r in rows],
        "grades": [{"name": g.label, "data": [r.grades.get(g.value, 0) for r in rows]} for g in Grade],
        "results": [{"name": x.label, "data": [r.results.get(x.value, 0) for r in rows]} for x in ReviewResult],
    }
    return render(request, "assessments/index.html", {
        "year": year, "years": year_choices(), "rows": rows, "grades": list(Grade), "results": list(ReviewResult),
        "chart_json": json.dumps(chart, ensure_ascii=False),
    })
