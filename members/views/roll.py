"""The roll of a branch or of any subtree: search, filters, pagination, export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.scope import scope_paths
from core.exports import xlsx_response
from core.scoping import can_change, get_scoped_object
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Kind

from ..forms import FilterForm
from ..models import Member
from ..permissions import can_export_full
from ..selectors import EXPORT_HEADERS, export_rows, filter_members

PAGE_SIZE = 50


@login_required
def roll(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    params = form.cleaned_data if form.is_valid() else {}
    org = None
    if params.get("org"):
        org = get_scoped_object(Organization, request.user, pk=params["org"])
    elif not scope_paths(request.user):
        raise PermissionDenied("您没有查看党员名册的权限。")
    full = request.GET.get("full") == "1"
    if request.GET.get("export") == "xlsx":
        if full and not can_export_full(request.user):
            raise PermissionDenied("您的角色无权导出完整的个人信息。")
        base = Member.objects.for_user(request.user, "change" if full else "view")
        qs = filter_members(base, params, org.path if org else None)
        return xlsx_response(
            filename="党员名册" + ("（完整信息）" if full else ""), title="党员名册", actor=request.user,
            headers=EXPORT_HEADERS, rows=export_rows(qs, full=full), org_path=org.path if org else "",
            extra={"filters": request.GET.dict(), "full_values": full},
        )
    qs = filter_members(Member.objects.for_user(request.user), params, org.path if org else None)
    qs = qs.select_related("organization", "party_group")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    groups = (Organization.objects.filter(path__startswith=org.path, kind=Kind.PARTY_GROUP) if org else [])
    return render(request, "members/roll.html", {
        "form": form, "page": page, "query": query.urlencode(), "org": org, "groups": groups,
        "can_add": org is not None and org.kind in BRANCH_KINDS and org.is_active and can_change(org, request.user),
        "can_export_full": can_export_full(request.user),
    })
