"""One member's page in the democratic review: self-assessment, the members' mutual
ratings (counts per grade, never who rated whom) and the branch committee's proposal,
while the round is open; then the follow-up of a 不合格 result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.scoping import can_change
from core.views import BY_METHOD, scoped_object

from .. import services
from ..choices import MemberGrade, RoundStatus
from ..forms import FollowupForm, RatingForm
from ..models import MemberRating
from ..services.democratic import MUTUAL_FIELDS
from .common import report

MUTUAL_LABELS = dict(zip(MUTUAL_FIELDS, MemberGrade.labels))
IN_ROUND = {"round_id": "pk"}  # the rating of the URL's round only


@login_required
@scoped_object(MemberRating, BY_METHOD, pk_url_kwarg="rating_pk", url_filters=IN_ROUND)
def rating_edit(request: HttpRequest, rating: MemberRating, pk: int) -> HttpResponse:
    if request.method == "POST":
        form = RatingForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.first_error())
            services.rating_record(rating=rating, actor=request.user, mutual=form.mutual(),
                                   self_assessment=form.cleaned_data["self_assessment"],
                                   proposal=form.cleaned_data["proposal"])
        except ValidationError as exc:
            report(request, exc)
        else:
            messages.success(request, f"已保存{rating.member.name}的评议情况。")
            return redirect("assessments:round", pk=pk)
        return redirect("assessments:rating", pk=pk, rating_pk=rating.pk)
    round_ = rating.round
    return render(request, "assessments/rating_edit.html", {
        "rating": rating, "round": round_, "grades": MemberGrade.choices,
        "mutual": [(key, label, getattr(rating, key)) for key, label in MUTUAL_LABELS.items()],
        "can_change": can_change(rating, request.user), "is_open": round_.status == RoundStatus.OPEN,
        "needs_followup": rating.decision == MemberGrade.UNQUALIFIED,
    })


@login_required
@require_POST
@scoped_object(MemberRating, "change", pk_url_kwarg="rating_pk", url_filters=IN_ROUND)
def rating_followup(request: HttpRequest, rating: MemberRating, pk: int) -> HttpResponse:
    form = FollowupForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect("assessments:rating", pk=pk, rating_pk=rating.pk)
    try:
        services.rating_followup(rating=rating, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, "已记录跟踪回访情况。")
    return redirect("assessments:rating", pk=pk, rating_pk=rating.pk)
