from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AuditAction
from audit.services import audit_record
from members.models import Member
from organizations.models import Organization

from .. import rules
from ..choices import Handling, MemberGrade, RoundMode, RoundStatus
from ..models import MemberRating, MemberReviewRound
from .access import require_change

MUTUAL_FIELDS = ("mutual_excellent", "mutual_qualified", "mutual_basic", "mutual_unqualified")


def _locked(round_: MemberReviewRound) -> MemberReviewRound:
    return MemberReviewRound.objects.select_for_update().select_related("organization").get(pk=round_.pk)


@transaction.atomic
def round_open(*, organization: Organization, year: int, actor: Any, mode: str = RoundMode.ANNUAL,
               quarter: int | None = None) -> MemberReviewRound:
    """Open a branch's democratic review (or quarterly satisfaction rating) with a row for
    every member on its roll. The cap on 优秀 in force today is kept on the round."""
    require_change(actor, organization)
    if not organization.is_branch:
        raise ValidationError({"organization": "民主评议党员以党支部为单位开展。"})
    if mode == RoundMode.ANNUAL:
        quarter = None
    elif quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": "季度满意度测评须选择第1至4季度。"})
    exists = MemberReviewRound.objects.filter(organization=organization, year=year, mode=mode, quarter=quarter)
    if exists.exists():
        raise ValidationError("该支部本期评议已开展。")
    round_ = MemberReviewRound.objects.create(
        organization=organization, year=year, mode=mode, quarter=quarter, created_by=actor,
        excellent_cap_percent=rules.excellent_cap_percent(),
    )
    members = Member.objects.active().filter(organization=organization).order_by("pk")
    MemberRating.objects.bulk_create([MemberRating(round=round_, member=m) for m in members])
    audit_record(action=AuditAction.CREATE, obj=round_, actor=actor, extra={"members": members.count()})
    return round_


@transaction.atomic
def rating_record(*, rating: MemberRating, actor: Any, self_assessment: str | None = None,
                  mutual: Mapping[str, int] | None = None, proposal: str | None = None) -> MemberRating:
    """Record a member's self-assessment, the mutual ratings (counts per grade) and the
    branch committee's proposal, while the round is open."""
    round_ = _locked(rating.round)
    require_change(actor, round_.organization)
    if round_.status != RoundStatus.OPEN:
        raise ValidationError("本次评议已表决，不能再修改。")
    rating = MemberRating.objects.select_for_update().get(pk=rating.pk)
    if self_assessment is not None:
        rating.self_assessment = self_assessment.strip()
    for key, value in (mutual or {}).items():
        if key not in MUTUAL_FIELDS or int(value) < 0:
            raise ValidationError("互评票数填写有误。")
        setattr(rating, key, int(value))
    if proposal is not None:
        if proposal and proposal not in MemberGrade.values:
            raise ValidationError({"proposal": "请选择优秀、合格、基本合格或不合格。"})
        rating.proposal = proposal
    rating.save()
    audit_record(action=AuditAction.UPDATE, obj=rating, actor=actor, extra={"proposal": rating.proposal})
    return rating


def excellent_share_ok(excellent: int, total: int, cap_percent: Decimal) -> bool:
    """# 民主评议党员: 优秀 may not exceed the cap share of those rated."""
    return total == 0 or Decimal(excellent) * 100 <= cap_percent * total


@transaction.atomic
def round_decide(*, round: MemberReviewRound, decisions: Mapping[int, Mapping[str, Any]], meeting_date: datetime.date,
                 actor: Any) -> MemberReviewRound:
    """Record the branch meeting's decision for every member with the vote. `decisions`
    maps a rating id to {decision, votes_for, votes_against, votes_abstain, stars,
    handling, handling_note, followup_due}. The share of 优秀 is capped; a 不合格 needs
    its handling and a follow-up date."""
    round_ = _locked(round)
    require_change(actor, round_.organization)
    if round_.status != RoundStatus.OPEN:
        raise ValidationError("本次评议已表决。")
    if meeting_date > datetime.date.today():
        raise ValidationError({"meeting_date": "党员大会日期不能晚于今天。"})
    ratings = {r.pk: r for r in round_.ratings.select_for_update()}
    if set(decisions) != set(ratings):
        raise ValidationError("须对参加评议的每一名党员作出评定。")
    errors = []
    for pk, data in decisions.items():
        r = ratings[pk]
        r.decision = data.get("decision", "")
        if r.decision not in MemberGrade.values:
            errors.append(f"{r.member.name}：请选择评定等次。")
            continue
        r.votes_for, r.votes_against, r.votes_abstain = (int(data.get(k) or 0) for k in ("votes_for", "votes_against", "votes_abstain"))
        if min(r.votes_for, r.votes_against, r.votes_abstain) < 0:
            errors.append(f"{r.member.name}：票数不能为负数。")
        stars = data.get("stars")
        if stars and round_.mode != RoundMode.ANNUAL:
            errors.append(f"{r.member.name}：星级只在年度评议中评定。")
        r.stars = int(stars) if stars else None
        if r.decision == MemberGrade.UNQUALIFIED:
            r.handling = data.get("handling") or ""
            r.handling_note = (data.get("handling_note") or "").strip()
            r.followup_due = data.get("followup_due")
            if r.handling not in Handling.values or r.followup_due is None:
                errors.append(f"{r.member.name}：评定为不合格的，须记录组织处置方式（限期改正、劝退或除名）和跟踪回访期限。")
        else:
            r.handling, r.handling_note, r.followup_due = "", "", None
    if errors:
        raise ValidationError(errors)
    excellent = sum(1 for r in ratings.values() if r.decision == MemberGrade.EXCELLENT)
    if not excellent_share_ok(excellent, len(ratings), round_.excellent_cap_percent):
        raise ValidationError(f"评为优秀的党员不能超过参评人数的{format(round_.excellent_cap_percent.normalize(), 'f')}%"
                              f"（本支部{len(ratings)}人，现为{excellent}人）。")
    MemberRating.objects.bulk_update(
        ratings.values(), ["decision", "votes_for", "votes_against", "votes_abstain", "stars", "handling",
                           "handling_note", "followup_due"])
    round_.status = RoundStatus.DECIDED
    round_.meeting_date = meeting_date
    round_.save(update_fields=["status", "meeting_date"])
    counts = {g: sum(1 for r in ratings.values() if r.decision == g) for g in MemberGrade.values}
    audit_record(action=AuditAction.UPDATE, obj=round_, actor=actor,
                 changes={"status": [RoundStatus.OPEN, RoundStatus.DECIDED]}, extra={"counts": counts})
    return round_


@transaction.atomic
def rating_followup(*, rating: MemberRating, done_on: datetime.date, note: str, actor: Any) -> MemberRating:
    """Record the follow-up of a member rated 不合格."""
    round_ = _locked(rating.round)
    require_change(actor, round_.organization)
    rating = MemberRating.objects.select_for_update().get(pk=rating.pk)
    if rating.decision != MemberGrade.UNQUALIFIED:
        raise ValidationError("只有评定为不合格的党员需要跟踪回访。")
    if not note.strip():
        raise ValidationError({"note": "请填写回访情况。"})
    if done_on > datetime.date.today():
        raise ValidationError({"done_on": "回访日期不能晚于今天。"})
    rating.followup_done_on, rating.followup_note = done_on, note.strip()
    rating.save(update_fields=["followup_done_on", "followup_note", "updated_at"])
    audit_record(action=AuditAction.UPDATE, obj=rating, actor=actor, extra={"followup_done_on": done_on.isoformat()})
    return rating


@transaction.atomic
def round_close(*, round: MemberReviewRound, actor: Any) -> MemberReviewRound:
    """Close a decided round once every 不合格 member's follow-up is recorded."""
    round_ = _locked(round)
    require_change(actor, round_.organization)
    if round_.status != RoundStatus.DECIDED:
        raise ValidationError("须先完成党员大会评定。")
    pending = round_.ratings.filter(decision=MemberGrade.UNQUALIFIED, followup_done_on__isnull=True)
    if pending.exists():
        raise ValidationError("还有评定为不合格的党员未完成跟踪回访。")
    round_.status = RoundStatus.CLOSED
    round_.save(update_fields=["status"])
    audit_record(action=AuditAction.UPDATE, obj=round_, actor=actor, changes={"status": [RoundStatus.DECIDED, RoundStatus.CLOSED]})
    return round_
