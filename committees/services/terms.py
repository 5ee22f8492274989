"""Writes about terms and committees. Each validates with Chinese messages, runs in one
transaction and leaves an audit row. Authorization inside: the organization (term, post) must
be in the actor's change scope; a delay is decided by the level above."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.scope import is_in_scope
from audit.models import AuditAction
from audit.services import audit_bulk, audit_record, diff, snapshot
from core.scoping import authorize
from members.choices import ACTIVE_STATUSES, Category
from members.models import Member
from organizations.models import Organization
from reminders.services import cancel_pending

from ..models import CommitteePost, Term, TermDelay
from ..rules import (
    ELECTING_KINDS,
    DelayState,
    Post,
    TermState,
    add_months,
    committee_errors,
    default_term_years,
    term_ends_on,
    term_years_error,
)
from ..selectors import member_counts

TERM_FIELDS = ("number", "elected_on", "years", "ends_on", "meeting", "entitled", "present", "approved_on",
               "approval_ref", "notes")
REMINDER_KIND = "committees.term"


@dataclass(frozen=True)
class ElectedPost:
    member: Member
    post: str
    votes: int | None = None


def acts_for_the_level_above(user: Any, organization: Organization) -> bool:
    """A write role on the organization's parent (or higher): the level above decides delays
    and reviews its secretaries; a grant on the organization itself does not count."""
    return organization.depth > 1 and is_in_scope(user, organization.path[: -organization.steplen], "change")


def term_subject_key(term_id: int) -> str:
    return f"term:{term_id}"


def _check_election(organization: Organization, elected_on: datetime.date, years: int, entitled: int, present: int,
                    posts: Sequence[ElectedPost], *, after_current: bool = True) -> None:
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if organization.kind not in ELECTING_KINDS:
        add("organization", "只有基层党委、党总支、党支部可以登记换届选举。")
    if not organization.is_active:
        add("organization", f"“{organization.name}”已撤销，不能登记换届。")
    if elected_on > timezone.localdate():
        add("elected_on", "选举日期不能晚于今天。")
    if message := term_years_error(years):
        add("years", message)
    if present > entitled:
        add("present", "实到会人数不能多于应到会人数。")
    # 基层组织选举工作条例第十二条: 有选举权的到会党员超过应到会党员的五分之四，会议有效
    elif present * 5 <= entitled * 4:
        add("present", "到会党员未超过应到会党员的五分之四，选举无效。")
    previous = Term.objects.filter(organization=organization, state=TermState.CURRENT).first()
    if after_current and previous and elected_on <= previous.elected_on:
        add("elected_on", f"选举日期必须晚于上一届的选举日期（{previous.elected_on:%Y-%m-%d}）。")
    seen: set[int] = set()
    for p in posts:
        if p.member.organization_id != organization.pk or p.member.status not in ACTIVE_STATUSES:
            add("posts", f"{p.member.name}不在本组织党员名册上。")
        elif p.member.category != Category.FULL:
            add("posts", f"{p.member.name}是预备党员，没有被选举权。")
        if p.member.pk in seen:
            add("posts", f"{p.member.name}重复出现，同一党员只能担任一个职务。")
        seen.add(p.member.pk)
        # 选举工作条例第二十二条: 被选举人获得的赞成票超过实到会有选举权人数的一半，始得当选
        if p.votes is not None and (p.votes > present or p.votes * 2 <= present):
            add("posts", f"{p.member.name}得票{p.votes}票，须超过实到会人数的一半且不超过实到会人数。")
    full, _ = member_counts(organization)
    for message in committee_errors(full_members=full, posts=[p.post for p in posts]):
        add("posts", message)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def term_record_election(
    *, organization: Organization, actor: Any, elected_on: datetime.date, entitled: int, present: int,
    posts: Sequence[ElectedPost], years: int | None = None, meeting: str = "党员大会", number: int | None = None,
    approved_on: datetime.date | None = None, approval_ref: str = "", notes: str = "",
) -> Term:
    """Record an election 换届选举: the new term with its committee replaces the current one
    (whose posts end on the election day) and its term reminders are cancelled."""
    authorize(actor, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    years = years or default_term_years(organization.field)
    _check_election(organization, elected_on, years, entitled, present, posts)
    if approved_on and approved_on < elected_on:
        raise ValidationError({"approved_on": "上级批复日期不能早于选举日期。"})
    previous = Term.objects.filter(organization=organization, state=TermState.CURRENT).first()
    if previous is not None:
        previous.state = TermState.REPLACED
        previous.replaced_on = elected_on
        previous.save(update_fields=["state", "replaced_on"])
        ended = previous.posts.filter(ended_on__isnull=True).update(ended_on=elected_on, end_reason="换届")
        audit_record(action=AuditAction.UPDATE, obj=previous, actor=actor,
                     changes={"state": [TermState.CURRENT, TermState.REPLACED]}, extra={"posts_ended": ended})
        cancel_pending(kind=REMINDER_KIND, subject_key=term_subject_key(previous.pk))
        if number is None and previous.number:
            number = previous.number + 1
    return _create_term(organization, actor, posts, number=number, elected_on=elected_on, years=years,
                        meeting=meeting, entitled=entitled, present=present, approved_on=approved_on,
                        approval_ref=approval_ref, notes=notes)


def _create_term(organization: Organization, actor: Any, posts: Sequence[ElectedPost], *,
                 replaced_on: datetime.date | None = None, **values: Any) -> Term:
    """The term and its posts (ended on `replaced_on` when the term is a past one), audited."""
    term = Term(organization=organization, ends_on=term_ends_on(values["elected_on"], values["years"]),
                state=TermState.REPLACED if replaced_on else TermState.CURRENT, replaced_on=replaced_on,
                created_by=actor, **values)
    term.save()
    rows = CommitteePost.objects.bulk_create([
        CommitteePost(term=term, member=p.member, post=p.post, votes=p.votes, started_on=term.elected_on,
                      ended_on=replaced_on, end_reason="换届" if replaced_on else "") for p in posts
    ])
    audit_record(action=AuditAction.CREATE, obj=term, actor=actor, changes=diff({}, snapshot(term, TERM_FIELDS)))
    audit_bulk(action=AuditAction.CREATE, objects=rows, actor=actor,
               changes_for=lambda r: {"post": [None, r.post], "member_id": [None, r.member_id]})
    return term


@transaction.atomic
def term_record_past(
    *, organization: Organization, actor: Any, elected_on: datetime.date, entitled: int, present: int,
    posts: Sequence[ElectedPost], years: int | None = None, meeting: str = "党员大会", number: int | None = None,
    approved_on: datetime.date | None = None, approval_ref: str = "", notes: str = "",
) -> Term:
    """Record a term older than a term already on file (a county bringing in its books after
    the current term was entered): it is recorded as replaced on the next term's election day,
    its posts ended that day. The election itself is checked as term_record_election checks it."""
    authorize(actor, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    years = years or default_term_years(organization.field)
    _check_election(organization, elected_on, years, entitled, present, posts, after_current=False)
    terms = Term.objects.filter(organization=organization)
    following = terms.filter(elected_on__gt=elected_on).order_by("elected_on").first()
    if following is None:
        raise ValidationError({"elected_on": "该届不早于系统中已有的各届，请按换届选举登记。"})
    if terms.filter(elected_on=elected_on).exists():
        raise ValidationError({"elected_on": f"系统中已有{elected_on:%Y-%m-%d}选举的一届。"})
    if approved_on and approved_on < elected_on:
        raise ValidationError({"approved_on": "上级批复日期不能早于选举日期。"})
    return _create_term(organization, actor, posts, replaced_on=following.elected_on, number=number,
                        elected_on=elected_on, years=years, meeting=meeting, entitled=entitled, present=present,
                        approved_on=approved_on, approval_ref=approval_ref, notes=notes)


@transaction.atomic
def post_end(*, post: CommitteePost, ended_on: datetime.date, reason: str, actor: Any) -> CommitteePost:
    """A committee member leaves mid-term (resignation, transfer, death)."""
    authorize(actor, post)
    if post.ended_on is not None:
        raise ValidationError("该职务已离任。")
    if ended_on < post.started_on:
        raise ValidationError({"ended_on": "离任日期不能早于任职日期。"})
    if not reason.strip():
        raise ValidationError({"end_reason": "请填写离任原因。"})
    post.ended_on, post.end_reason = ended_on, reason.strip()
    post.save(update_fields=["ended_on", "end_reason"])
    audit_record(action=AuditAction.UPDATE, obj=post, actor=actor,
                 changes={"ended_on": [None, ended_on.isoformat()], "end_reason": ["", post.end_reason]})
    return post


@transaction.atomic
def post_add(*, term: Term, member: Member, post: str, started_on: datetime.date, actor: Any) -> CommitteePost:
    """Fill a post mid-term 补选/调整 (e.g. a new secretary after the old one left)."""
    authorize(actor, term)
    if term.state != TermState.CURRENT:
        raise ValidationError("只能调整本届班子。")
    if member.organization_id != term.organization_id or member.status not in ACTIVE_STATUSES:
        raise ValidationError({"member": f"{member.name}不在本组织党员名册上。"})
    if member.category != Category.FULL:
        raise ValidationError({"member": f"{member.name}是预备党员，不能担任班子职务。"})
    if started_on < term.elected_on:
        raise ValidationError({"started_on": "任职日期不能早于本届选举日期。"})
    active = list(term.posts.filter(ended_on__isnull=True).values_list("post", flat=True))
    full, _ = member_counts(term.organization)
    if full < settings.TERMS_COMMITTEE_MIN_FULL_MEMBERS and post not in (Post.SECRETARY, Post.DEPUTY):
        raise ValidationError({"post": "正式党员不足7名的党支部不设支部委员会，只设书记、副书记。"})
    if full >= settings.TERMS_COMMITTEE_MIN_FULL_MEMBERS and len(active) >= settings.TERMS_COMMITTEE_MAX_SIZE:
        raise ValidationError({"post": f"支部委员会最多{settings.TERMS_COMMITTEE_MAX_SIZE}名委员。"})
    try:
        with transaction.atomic():
            row = CommitteePost.objects.create(term=term, member=member, post=post, started_on=started_on)
    except IntegrityError as exc:
        raise ValidationError({"post": "该职务已有人担任，或该党员已在本届班子中任职。"}) from exc
    audit_record(action=AuditAction.CREATE, obj=row, actor=actor, changes={"post": [None, post], "member_id": [None, member.pk]})
    return row


def max_delay_until(term: Term) -> datetime.date:
    # 延期换届一般不超过1年 (*default* TERMS_MAX_DELAY_MONTHS)
    return add_months(term.ends_on, settings.TERMS_MAX_DELAY_MONTHS)


@transaction.atomic
def delay_request(*, term: Term, until: datetime.date, reason: str, actor: Any) -> TermDelay:
    """Ask the higher committee to delay the election 延期换届."""
    authorize(actor, term)
    if term.state != TermState.CURRENT:
        raise ValidationError("只有本届班子可以申请延期换届。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写延期换届的理由。"})
    if until <= term.ends_on:
        raise ValidationError({"until": f"延期日期必须晚于任期届满日期（{term.ends_on:%Y-%m-%d}）。"})
    limit = max_delay_until(term)
    if until > limit:
        raise ValidationError({"until": f"延期换届一般不超过{settings.TERMS_MAX_DELAY_MONTHS}个月，最晚至{limit:%Y-%m-%d}。"})
    if term.delays.filter(state=DelayState.PENDING).exists():
        raise ValidationError("该届已有一项待审批的延期申请。")
    delay = TermDelay.objects.create(term=term, until=until, reason=reason.strip(), requested_by=actor)
    audit_record(action=AuditAction.CREATE, obj=delay, actor=actor,
                 changes={"until": [None, until.isoformat()], "reason": [None, delay.reason]})
    return delay


def can_decide_delay(user: Any, delay: TermDelay) -> bool:
    """Only the higher committee decides: change scope on the organization's parent."""
    return acts_for_the_level_above(user, delay.term.organization)


@transaction.atomic
def delay_decide(*, delay: TermDelay, approve: bool, actor: Any, decided_on: datetime.date | None = None,
                 decision_ref: str = "", decision_note: str = "") -> TermDelay:
    """The higher committee approves or rejects a delay request."""
    delay = TermDelay.objects.select_for_update().select_related("term__organization").get(pk=delay.pk)
    if not can_decide_delay(actor, delay):
        raise PermissionDenied("延期换届须由上级党组织审批。")
    if delay.state != DelayState.PENDING:
        raise ValidationError("该申请已审批。")
    if delay.term.state != TermState.CURRENT:
        raise ValidationError("该届已换届，无需审批延期。")
    delay.state = DelayState.APPROVED if approve else DelayState.REJECTED
    delay.decided_by, delay.decided_on = actor, decided_on or timezone.localdate()
    delay.decision_ref, delay.decision_note = decision_ref, decision_note
    delay.save()
    audit_record(action=AuditAction.UPDATE, obj=delay, actor=actor,
                 changes={"state": [DelayState.PENDING, delay.state]}, extra={"ref": decision_ref})
    return delay
