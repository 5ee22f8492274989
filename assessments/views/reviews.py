"""Pages of the 达标创优 review: the queue, one organization's sheet with every step side by
side, the forms of each step, and a printable result sheet."""

from __future__ import annotations

from typing import Any, Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.files import protected_file_response
from core.scoping import can_change
from core.views import ScopedListView, scoped_object

from .. import selectors, services
from ..choices import RespondentGroup, ReviewResult, ScoreStep, Step
from ..forms import EvidenceForm, PublicRatingForm, ReviewScoreForm
from ..models import Evidence, Review
from ..services.access import is_reviewer_of
from .common import PAGE_SIZE, current_year, filter_by_org, report, year_choices


class ReviewList(ScopedListView):
    model = Review
    template_name = "assessments/review_list.html"
    paginate_by = PAGE_SIZE
    export_title = "达标创优"
    export_headers = ("党组织", "评分表", "版本", "环节", "自评得分", "群众测评得分", "组织考评得分", "综合得分", "结果")

    def filter_queryset(self, qs: QuerySet, cleaned: dict[str, Any]) -> QuerySet:
        get = self.request.GET
        self.year = current_year(self.request)
        qs = filter_by_org(qs.filter(sheet__year=self.year), self.request)
        if get.get("step") in Step.values:
            qs = qs.filter(step=get["step"])
        if get.get("result") in ReviewResult.values:
            qs = qs.filter(result=get["result"])
        return qs.select_related("organization", "sheet").order_by("organization__path")

    def get_export_filename(self) -> str:
        return f"{self.year}年达标创优考评结果"

    def export_rows(self, qs: QuerySet) -> Iterable[list[Any]]:
        return ([r.organization.name, r.sheet.name, r.sheet.version, r.get_step_display(), r.self_score,
                 r.public_score, r.org_score, r.final_score, r.get_result_display()] for r in qs.iterator())

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "year": self.year, "years": year_choices(), "steps": Step.choices,
                "results": ReviewResult.choices}


review_list = ReviewList.as_view()


def _context(request: HttpRequest, review: Review) -> dict:
    sections, reviewers = selectors.review_sheet(review)
    return {
        "review": review, "sheet": review.sheet, "sections": sections, "reviewers": reviewers,
        "ratings": list(review.public_ratings.all()), "groups": RespondentGroup.choices,
        "can_self": review.step == Step.SELF and can_change(review, request.user),
        "is_reviewer": is_reviewer_of(request.user, review.organization),
        "can_evidence": review.step != Step.DONE and can_change(review, request.user),
        "Step": Step,
    }


@login_required
@scoped_object(Review)
def review_detail(request: HttpRequest, review: Review) -> HttpResponse:
    review = Review.objects.select_related("sheet", "organization").get(pk=review.pk)
    template = "assessments/review_print.html" if request.GET.get("print") else "assessments/review_detail.html"
    return render(request, template, _context(request, review))


@login_required
@require_POST
@scoped_object(Review, "view")
def review_score(request: HttpRequest, review: Review, step: str) -> HttpResponse:
    """Save the self-assessment (step "self") or the current reviewer's scores ("org");
    with `submit` the step is submitted (self) or the review finalized (org)."""
    if step not in ScoreStep.values:
        raise Http404("未找到。")
    if step == ScoreStep.SELF and not can_change(review, request.user):
        raise PermissionDenied("您只有查看权限，不能修改。")
    form = ReviewScoreForm(request.POST, items=review.sheet.items.all())
    form.is_valid()  # an entry that is not a number is skipped
    service = services.self_score_set if step == ScoreStep.SELF else services.org_score_set
    try:
        with transaction.atomic():
            for item, points, reason in form.scores():
                service(review=review, item=item, points=points, reason=reason, actor=request.user)
            if form.cleaned_data["submit"]:
                if step == ScoreStep.SELF:
                    services.self_submit(review=review, actor=request.user)
                else:
                    services.review_finalize(review=review, actor=request.user)
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, "已保存。")
    return redirect("assessments:review", pk=review.pk)


@login_required
@require_POST
@scoped_object(Review, "view")
def review_public(request: HttpRequest, review: Review) -> HttpResponse:
    form = PublicRatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect("assessments:review", pk=review.pk)
    d = form.cleaned_data
    try:
        with transaction.atomic():
            if d["group"]:
                satisfied, basically, unsatisfied = d["counts"]
                services.public_rating_set(review=review, group=d["group"], satisfied=satisfied,
                                           basically_satisfied=basically, unsatisfied=unsatisfied, actor=request.user)
            if d["close"]:
                services.public_close(review=review, actor=request.user)
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, "已保存。")
    return redirect("assessments:review", pk=review.pk)


@login_required
@scoped_object(Evidence)
def evidence_file(request: HttpRequest, evidence: Evidence) -> HttpResponse:
    """An uploaded evidence file, only to those who may see its review (audited)."""
    if not evidence.file:
        raise Http404("该痕迹材料没有附件。")
    return protected_file_response(request, evidence.file, evidence.original_name, content_type=evidence.file_type,
                                   obj=evidence)


@login_required
@require_POST
@scoped_object(Review, "change")
def review_evidence(request: HttpRequest, review: Review) -> HttpResponse:
    form = EvidenceForm(request.POST, request.FILES, review=review)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect("assessments:review", pk=review.pk)
    try:
        services.evidence_add(review=review, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, "已添加痕迹材料。")
    return redirect("assessments:review", pk=review.pk)
