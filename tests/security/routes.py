"""Every URL pattern of the project, enumerated from the URL resolver, and the arguments that
fill each one from the seeded world (objects of branch_a1 / town_a: the "own" scope of
clerk_a, secretary_a1 and viewer_a, the sibling scope of clerk_b and secretary_b1).

A route is keyed by its URL name ("members:detail", "member-detail"), or by its pattern
when it has no name (two catch-alls of the admin). DRF's format-suffix variants
(`….(?P<format>…)`) are folded into their base route: the same view, reached with `?format=`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

FORMAT_SUFFIX = ("(?P<format>", "<drf_format_suffix:format>")


@dataclass(frozen=True)
class Route:
    key: str
    pattern: str
    name: str | None
    api: bool


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str | None]]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(n for n in (namespace, p.namespace) if n)
            yield from _walk(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name


def all_patterns() -> list[tuple[str, str | None]]:
    return list(_walk(get_resolver()))


def routes() -> list[Route]:
    """One route per URL name (or unnamed pattern), format-suffix variants folded in."""
    found: dict[str, Route] = {}
    for pattern, name in all_patterns():
        if any(s in pattern for s in FORMAT_SUFFIX):
            continue
        key = name or pattern
        if key in found:
            raise AssertionError(f"two URL patterns share the name {key!r}: {found[key].pattern} and {pattern}")
        found[key] = Route(key=key, pattern=pattern, name=name, api=pattern.startswith("api/"))
    return sorted(found.values(), key=lambda r: r.key)


def orphan_format_variants() -> list[str]:
    """Format-suffix patterns whose URL name has no base route (they would go untested)."""
    names = {r.name for r in routes()}
    return [p for p, n in all_patterns() if any(s in p for s in FORMAT_SUFFIX) and n not in names]


# --- the arguments of every route, from the seeded world `w` (tests/security/world.py) ----------

Args = Callable[[Any], dict[str, Any]]


def _pk(attr: str) -> Args:
    return lambda w: {"pk": getattr(w, attr).pk}


def _org(attr: str, kw: str = "pk") -> Args:
    return lambda w: {kw: getattr(w.world, attr).pk}


ARGS: dict[str, Args] = {
    "workcalendar:edit": _pk("calendar_day"),
    "workcalendar:delete": _pk("calendar_day"),
    "organizations:detail": _org("branch_a1"),
    "organizations:children": _org("town_a"),
    "organizations:create": _org("town_a", "parent_pk"),
    "organizations:edit": _org("branch_a1"),
    "organizations:move": _org("branch_a1"),
    "organizations:dissolve": _org("branch_a1"),
    "organizations:delete": _org("branch_a1"),
    "organizations:history": _org("branch_a1"),
    "members:detail": _pk("member"),
    "members:edit": _pk("member"),
    "members:reveal": lambda w: {"pk": w.member.pk, "field": "id_number"},
    "members:migrant": _pk("member"),
    "members:transfer_start": _pk("member"),
    "members:create": _org("branch_a1", "org_pk"),
    "members:transfer_confirm": _pk("transfer"),
    "members:transfer_cancel": _pk("transfer"),
    "members:transfer_receipt": _pk("transfer"),
    "members:import_job": _pk("import_job"),
    "members:import_confirm": _pk("import_job"),
    "members:import_mapping": _pk("import_job"),
    "reminders:read": _pk("notification"),
    "dashboards:chart": lambda w: {"key": w.chart_key},
    "dashboards:panel": lambda w: {"key": w.panel_key},
    "rectification:year_create": _org("county", "county_pk"),
    "rectification:year": _pk("year"),
    "rectification:year_edit": _pk("year"),
    "rectification:year_items": _pk("year"),
    "rectification:year_draw": _pk("year"),
    "rectification:year_confirm": _pk("year"),
    "rectification:year_propose": _pk("year"),
    "rectification:entry": _pk("entry"),
    "rectification:entry_print": _pk("entry"),
    "rectification:entry_export": _pk("entry"),
    "rectification:entry_transition": lambda w: {"pk": w.entry.pk, "action": "start"},
    "rectification:problem_create": _pk("entry"),
    "rectification:leader_create": _pk("entry"),
    "rectification:problem_edit": _pk("problem"),
    "rectification:measure_create": _pk("problem"),
    "rectification:measure_edit": _pk("measure"),
    "rectification:progress_create": _pk("measure"),
    "rectification:measure_transition": lambda w: {"pk": w.measure.pk, "action": "propose_close"},
    "rectification:leader_edit": _pk("leader"),
    "rectification:evidence": _pk("evidence"),
    "rectification:category_edit": _pk("category_county"),
    "rectification:category_active": _pk("category_county"),
    "rectification:category_delete": _pk("category_county"),
    "assessments:grading_confirm": _pk("grading"),
    "assessments:org_history": _org("branch_a1", "org_pk"),
    "assessments:grading_propose": lambda w: {"org_pk": w.world.branch_a1.pk, "year": w.year_number - 1},
    "assessments:round_open": _org("branch_a1", "org_pk"),
    "assessments:review": _pk("review"),
    "assessments:review_score": lambda w: {"pk": w.review.pk, "step": "self"},
    "assessments:review_public": _pk("review"),
    "assessments:review_evidence": _pk("review"),
    "assessments:sheet": _pk("sheet"),
    "assessments:sheet_edit": _pk("sheet"),
    "assessments:sheet_section_add": _pk("sheet"),
    "assessments:sheet_item_add": _pk("sheet"),
    "assessments:sheet_item_edit": lambda w: {"pk": w.sheet.pk, "item_pk": w.sheet_item.pk},
    "assessments:sheet_action": lambda w: {"pk": w.sheet.pk, "action": "open"},
    "assessments:round": _pk("round"),
    "assessments:round_decide": _pk("round"),
    "assessments:rating": lambda w: {"pk": w.round.pk, "rating_pk": w.rating.pk},
    "assessments:rating_followup": lambda w: {"pk": w.round.pk, "rating_pk": w.rating.pk},
    "committees:org": _org("branch_a1"),
    "committees:elect": _org("branch_a1"),
    "committees:delay": _pk("term"),
    "committees:delay_decide": _pk("delay"),
    "committees:post_end": _pk("post"),
    "committees:first_secretary": _org("branch_a1"),
    "committees:reserve": _org("branch_a1"),
    "committees:review": _org("branch_a1"),
    "committees:audit": _org("branch_a1"),
    "development:detail": _pk("applicant"),
    "development:step": _pk("applicant"),
    "development:stop": _pk("applicant"),
    "dues:sheet": _org("branch_a1", "org_pk"),
    "dues:sheet_record": _org("branch_a1", "org_pk"),
    "dues:member": lambda w: {"pk": w.payment.member_id},
    "dues:reverse": _pk("payment"),
    "dues:rate_set_edit": lambda w: {"day": w.rate_day.isoformat()},
    "dues:rate_set_delete": lambda w: {"day": w.rate_day.isoformat()},
    "meetings:detail": _pk("meeting"),
    "meetings:edit": _pk("meeting"),
    "meetings:submit": _pk("meeting"),
    "meetings:correct": _pk("meeting"),
    "meetings:delete": _pk("meeting"),
    "meetings:branch": _org("branch_a1"),
    "meetings:plan_new": _org("branch_a1"),
    "meetings:ledger": lambda w: {"pk": w.world.branch_a1.pk, "year": w.year_number},
    "meetings:member_life": _pk("member"),
    "meetings:leave_new": _pk("member"),
    "meetings:outside_new": _pk("member"),
    "meetings:leader_set": _pk("member"),
    # the API (DRF router); list routes take no argument
    "organization-detail": _org("branch_a1"),
    "organization-dissolve": _org("branch_a1"),
    "organization-move": _org("branch_a1"),
    "rectification-detail": _pk("entry"),
    "rectification-items": _pk("entry"),
    "rectification-transition": _pk("entry"),
    "rectification-item-transition": lambda w: {"pk": w.entry.pk, "item_pk": w.measure.pk},
    "rectification-year-detail": _pk("year"),
    "member-detail": _pk("member"),
    "member-reveal": _pk("member"),
    "assessment-grading-detail": _pk("grading"),
    "assessment-grading-confirm": _pk("grading"),
    "assessment-sheet-detail": _pk("sheet"),
    "assessment-review-detail": _pk("review"),
    "assessment-round-detail": _pk("round"),
    "term-detail": _pk("term"),
    "committee-post-detail": _pk("post"),
    "term-delay-detail": _pk("delay"),
    "term-delay-decide": _pk("delay"),
    "secretary-review-detail": _pk("secretary_review"),
    "first-secretary-detail": _pk("first_secretary"),
    "reserve-cadre-detail": _pk("reserve"),
    "applicant-detail": _pk("applicant"),
    "applicant-steps": _pk("applicant"),
    "duespayment-detail": _pk("payment"),
    "duespayment-reverse": _pk("payment"),
    "duesbase-detail": _pk("dues_base"),
    "duesrate-detail": lambda w: {"pk": w.rate.pk},
    "meeting-detail": _pk("meeting"),
    "meeting-correct": _pk("meeting"),
    "meeting-submit": _pk("meeting"),
    "accounts:token_revoke": _pk("token"),
    "accounts:session_end": _pk("user_session"),
    "accounts:two_factor_reset": lambda w: {"pk": w.world.clerk_a.pk},
    "meetings:file": _pk("meeting_file"),
    "assessments:evidence_file": _pk("assessment_evidence"),
    # the admin (/sysadmin/): objects of the models it shows
    "admin:app_list": lambda w: {"app_label": "accounts"},
    "admin:view_on_site": lambda w: {"content_type_id": w.ct_user, "object_id": w.world.clerk_a.pk},
    "admin:auth_user_password_change": lambda w: {"id": w.world.clerk_a.pk},
    "sysadmin/(?P<url>.*)$": lambda w: {"url": "no-such-page/"},
}


ADMIN_OBJECTS: dict[str, Callable[[Any], Any]] = {
    "auth_group": lambda w: w.group.pk,
    "axes_accessattempt": lambda w: w.axes_attempt.pk,
    "axes_accesslog": lambda w: w.axes_log.pk,
    "axes_accessfailurelog": lambda w: w.axes_failure.pk,
    "accounts_user": lambda w: w.world.clerk_a.pk,
    "accounts_roleassignment": lambda w: w.world.clerk_a.role_assignments.get().pk,
    "organizations_organization": lambda w: w.world.branch_a1.pk,
    "rectification_problemcategory": lambda w: w.category_county.pk,
}


def args_for(route: Route, w: Any) -> dict[str, Any]:
    """The URL arguments of a route, from the seeded world."""
    if route.key in ARGS:
        return ARGS[route.key](w)
    if "object_id" in route.pattern:
        model = next(m for m in ADMIN_OBJECTS if route.pattern.startswith(f"sysadmin/{m.replace('_', '/', 1)}/"))
        return {"object_id": ADMIN_OBJECTS[model](w)}
    return {}


def url_for(route: Route, w: Any) -> str:
    """The URL of a route with real ids (unnamed patterns are filled in by hand)."""
    from django.urls import reverse

    kwargs = args_for(route, w)
    if route.name:
        return reverse(route.name, kwargs=kwargs or None)
    if route.key == "sysadmin/(?P<url>.*)$":
        return "/sysadmin/" + kwargs["url"]
    # the admin's bare object URL (redirects to …/change/)
    prefix = route.pattern.split("<path:object_id>")[0]
    return f"/{prefix}{kwargs['object_id']}/"
