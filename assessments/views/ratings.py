"""One member's page in the democratic review: self-assessment, the members' mutual
ratings (counts per grade, never who rated whom) and the branch committee's proposal,
while the round is open; then the follow-up of a 不合格 result."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.scoping import can_change, get_scoped_object

from .. import services
from ..choices import MemberGrade, RoundStatus
from ..models import MemberRating
from ..services.democratic import MUTUAL_FIELDS
from .common import report

MUTUAL_LABELS = dict(zip(MUTUAL_FIELDS, MemberGrade.labels))


def _rating(request: HttpRequest, pk: int, rating_pk: int, action: str = "view") -> MemberRating:
    return get_scoped_object(MemberRating, request.user, action, pk=rating_pk, round_id=pk)


@login_required
def rating_edit(request: HttpRequest, pk: int, rating_pk: int) -> HttpResponse:
    rating = _rating(request, pk, rating_pk, "change" if request.method == "POST" else "view")
    if request.method == "POST":
        try:
            mutual = {}
            for key in MUTUAL_FIELDS:
                raw = (request.POST.get(key) or "0").strip()
                if not raw.isdigit():
                    raise ValidationError("互评票数须为不小于0的整数。")
                mutual[key] = int(raw)
            services.rating_record(rating=rating, actor=request.user, self_assessment=request.POST.get("self_assessment", ""),
                                   mutual=mutual, proposal=request.POST.get("proposal", ""))
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
def rating_followup(request: HttpRequest, pk: int, rating_pk: int) -> HttpResponse:
    rating = _rating(request, pk, rating_pk, "change")
    try:
        done_on = datetime.date.fromisoformat(request.POST.get("done_on", ""))
        services.rating_followup(rating=rating, done_on=done_on, note=request.POST.get("note", ""), actor=request.user)
    except ValueError:
        messages.error(request, "回访日期填写有误。")
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, "已记录跟踪回访情况。")
    return redirect("assessments:rating", pk=pk, rating_pk=rating.pk)
