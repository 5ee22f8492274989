"""Pages of terms and committees: the township's term board, an organization's
committee page, recording an election, delays. Every fetch goes through the scope."""

from __future__ import annotations

from typing import Any, Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.forms import apply_errors
from core.scoping import can_change
from core.views import ScopedListView, scoped_object
from organizations.models import Organization

from .. import selectors
from ..forms import BoardFilterForm, DecideForm, DelayForm, ElectionForm, PostEndForm, PostFormSet, roll_members
from ..models import CommitteePost, Term, TermDelay
from ..rules import ELECTING_KINDS, STATUS_BADGE, TermStatus, default_term_years
from ..services import secretaries as secretary_services
from ..services import terms as services

PAGE_SIZE = 50


def _board_rows(qs):  # type: ignore[no-untyped-def]
    for o in qs.iterator(chunk_size=2000):
        yield [o.name, o.code, o.get_kind_display(), o.get_field_display(), TermStatus(o.term_status).label,
               o.term_ends_on, o.term_delay_until, o.secretary_name or ""]


class Board(ScopedListView):
    """Every electing organization in scope (or under `ancestor`) by derived term status."""

    model = Organization
    template_name = "committees/board.html"
    filter_form_class = BoardFilterForm
    paginate_by = PAGE_SIZE
    export_filename = export_title = "换届情况"
    export_headers = ("党组织", "组织代码", "类型", "领域", "换届状态", "任期届满", "延期至", "书记")

    def filter_queryset(self, qs: QuerySet, params: dict[str, Any]) -> QuerySet:
        qs = selectors.electing_organizations(qs)
        self.ancestor = self.scoped_param(Organization, "ancestor")
        if self.ancestor is not None:
            qs = qs.filter(path__startswith=self.ancestor.path)
        if params.get("q"):
            qs = qs.filter(Q(name__icontains=params["q"]) | Q(code__iexact=params["q"]))
        if params.get("field"):
            qs = qs.filter(field=params["field"])
        qs = selectors.with_term_status(qs)
        self.counts = selectors.status_counts(qs)
        if params.get("status"):
            qs = qs.filter(term_status=params["status"])
        return qs.order_by("term_due", "path")

    def export_rows(self, qs: QuerySet) -> Any:
        return _board_rows(qs)

    def get_export_org_path(self) -> str:
        return self.ancestor.path if self.ancestor else ""

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        status_query = self.request.GET.copy()
        status_query.pop("page", None)
        status_query.pop("status", None)
        return {**context, "status_query": status_query.urlencode(), "ancestor": self.ancestor,
                "expiring_months": settings.TERMS_EXPIRING_MONTHS,
                "statuses": [(s, TermStatus(s).label, STATUS_BADGE[s], self.counts[s]) for s in TermStatus]}


board = Board.as_view()


def form_page(request: HttpRequest, form: Any, write: Callable[[dict[str, Any]], Any], *, success: str,
              then: str, title: str, org: Organization | None = None, hint: str = "") -> HttpResponse:
    """A page of committees/form.html: on a valid POST `write(cleaned_data)` calls the service,
    then a message and a redirect to `then`; a service's ValidationError shows on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            write(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(then)
    context: dict[str, Any] = {"form": form, "title": title}
    if org is not None:
        context["org"] = org
    if hint:
        context["hint"] = hint
    return render(request, "committees/form.html", context)


@login_required
@scoped_object(Organization)
def org_committee(request: HttpRequest, org: Organization) -> HttpResponse:
    view = selectors.committee_of(org)
    history = (Term.objects.filter(organization=org).exclude(pk=view.term.pk if view.term else None)
               .prefetch_related("posts__member"))
    past_posts = (CommitteePost.objects.filter(term__organization=org, ended_on__isnull=False)
                  .select_related("member", "term").order_by("-ended_on")[:20])
    delays = TermDelay.objects.filter(term__organization=org).select_related("term__organization", "requested_by")
    writable = can_change(org, request.user)
    return render(request, "committees/org.html", {
        "org": org, "c": view, "css": STATUS_BADGE[TermStatus(view.status)], "history": history,
        "past_posts": past_posts, "delays": delays, "can_change": writable and org.is_active,
        "can_decide": any(services.can_decide_delay(request.user, d) for d in delays if d.state == "pending"),
        "decide_form": DecideForm(), "electing": org.kind in ELECTING_KINDS,
        "reserves": org.reserve_cadres.filter(state="active"), "first_secretaries": org.first_secretaries.all(),
        "reviews": org.secretary_reviews.select_related("member")[:10],
        "audits": org.secretary_audits.select_related("member")[:10],
        "can_review": org.is_active and secretary_services.can_review_secretary(request.user, org),
    })


@login_required
@scoped_object(Organization, "change")
def election_create(request: HttpRequest, org: Organization) -> HttpResponse:
    """Record an election 换届选举 with the elected committee."""
    members = roll_members(org)
    form = ElectionForm(request.POST or None, default_years=default_term_years(org.field))
    posts = PostFormSet(request.POST or None, form_kwargs={"members": members}, prefix="posts")
    if request.method == "POST" and form.is_valid() and posts.is_valid():
        elected = [services.ElectedPost(member=f.cleaned_data["member"], post=f.cleaned_data["post"],
                                        votes=f.cleaned_data.get("votes"))
                   for f in posts.forms if f.cleaned_data.get("member")]
        try:
            services.term_record_election(organization=org, actor=request.user, posts=elected, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已登记“{org.name}”换届选举结果。")
            return redirect("committees:org", pk=org.pk)
    full, total = selectors.member_counts(org)
    return render(request, "committees/elect.html", {"org": org, "form": form, "posts": posts,
                                                     "full_members": full, "total_members": total})


@login_required
@scoped_object(Term, "change")
def delay_create(request: HttpRequest, term: Term) -> HttpResponse:
    return form_page(
        request, DelayForm(request.POST or None),
        lambda data: services.delay_request(term=term, actor=request.user, **data),
        success="已提交延期换届申请，等待上级党组织审批。", then=reverse("committees:org", args=[term.organization_id]),
        org=term.organization, title=f"申请延期换届：{term.organization.name}",
        hint=f"本届任期 {term.ends_on:%Y-%m-%d} 届满；延期最晚至 {services.max_delay_until(term):%Y-%m-%d}。")


@login_required
@require_POST
@scoped_object(TermDelay, "change")
def delay_decide(request: HttpRequest, delay: TermDelay) -> HttpResponse:
    form = DecideForm(request.POST)
    if not services.can_decide_delay(request.user, delay):
        raise PermissionDenied("延期换届须由上级党组织审批。")
    if form.is_valid():
        try:
            services.delay_decide(delay=delay, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "已审批。")
    return redirect("committees:org", pk=delay.term.organization_id)


@login_required
@scoped_object(CommitteePost, "change")
def post_end(request: HttpRequest, post: CommitteePost) -> HttpResponse:
    return form_page(
        request, PostEndForm(request.POST or None),
        lambda data: services.post_end(post=post, ended_on=data["ended_on"], reason=data["reason"], actor=request.user),
        success=f"已登记{post.member.name}离任。", then=reverse("committees:org", args=[post.term.organization_id]),
        org=post.term.organization, title=f"登记离任：{post.member.name}（{post.get_post_display()}）")
