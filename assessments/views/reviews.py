"""Pages of the 达标创优 review: the queue, one organization's sheet with every step side by
side, the forms of each step, and a printable result sheet."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.exports import xlsx_response
from core.files import protected_file_response
from core.scoping import can_change, get_scoped_object
from core.views import scoped_object

from .. import selectors, services
from ..choices import RespondentGroup, ReviewResult, ScoreStep, Step
from ..models import Evidence, Review
from ..services.access import is_reviewer_of
from .common import PAGE_SIZE, current_year, decimal_or_none, filter_by_org, query_without_page, report, year_choices


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    year = current_year(request)
    qs = filter_by_org(Review.objects.for_user(request.user).filter(sheet__year=year), request)
    if request.GET.get("step") in Step.values:
        qs = qs.filter(step=request.GET["step"])
    if request.GET.get("result") in ReviewResult.values:
        qs = qs.filter(result=request.GET["result"])
    qs = qs.select_related("organization", "sheet").order_by("organization__path")
    if request.GET.get("export") == "xlsx":
        rows = ([r.organization.name, r.sheet.name, r.sheet.version, r.get_step_display(), r.self_score, r.public_score,
                 r.org_score, r.final_score, r.get_result_display()] for r in qs.iterator())
        return xlsx_response(filename=f"{year}年达标创优考评结果", title="达标创优", actor=request.user,
                             headers=["党组织", "评分表", "版本", "环节", "自评得分", "群众测评得分", "组织考评得分",
                                      "综合得分", "结果"], rows=rows, extra={"filters": request.GET.dict()})
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessments/review_list.html", {
        "page": page, "query": query_without_page(request), "year": year, "years": year_choices(),
        "steps": Step.choices, "results": ReviewResult.choices,
    })


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


def _save_points(request: HttpRequest, review: Review, step: str) -> None:
    service = services.self_score_set if step == ScoreStep.SELF else services.org_score_set
    for item in review.sheet.items.all():
        points = decimal_or_none(request.POST.get(f"points_{item.pk}"))
        if points is None:
            continue
        service(review=review, item=item, points=points, reason=request.POST.get(f"reason_{item.pk}", ""),
                actor=request.user)


@login_required
@require_POST
def review_score(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Save the self-assessment (step "self") or the current reviewer's scores ("org");
    with `submit` the step is submitted (self) or the review finalized (org)."""
    if step not in ScoreStep.values:
        raise Http404("未找到。")
    review = get_scoped_object(Review, request.user, "view", pk=pk)
    if step == ScoreStep.SELF:
        review = get_scoped_object(Review, request.user, "change", pk=pk)
    try:
        with transaction.atomic():
            _save_points(request, review, step)
            if request.POST.get("submit"):
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
    try:
        with transaction.atomic():
            if request.POST.get("group"):
                counts = [int(request.POST.get(k) or 0) for k in ("satisfied", "basically_satisfied", "unsatisfied")]
                services.public_rating_set(review=review, group=request.POST["group"], satisfied=counts[0],
                                           basically_satisfied=counts[1], unsatisfied=counts[2], actor=request.user)
            if request.POST.get("close"):
                services.public_close(review=review, actor=request.user)
    except ValueError:
        messages.error(request, "人数须为整数。")
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
    item = review.sheet.items.filter(pk=request.POST.get("item") or 0).first()
    if item is None:
        messages.error(request, "请选择评分细则。")
        return redirect("assessments:review", pk=review.pk)
    try:
        services.evidence_add(review=review, item=item, label=request.POST.get("label", ""),
                              file=request.FILES.get("file"), actor=request.user)
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, "已添加痕迹材料。")
    return redirect("assessments:review", pk=review.pk)
