"""The roll of a branch or of any subtree: search, filters, pagination, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.scope import scope_paths
from core.exports import xlsx_response
from core.scoping import can_change, get_scoped_object
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Kind

from ..forms import FilterForm
from ..idcard import looks_like_id, normalize_id
from ..models import Member
from ..permissions import can_export_full
from ..search import id_search_error, id_token, safe_filters, token_indexes
from ..search_limits import take_id_search
from ..selectors import export_headers, export_rows, filter_members

PAGE_SIZE = 50


def _search_redirect(request: HttpRequest, data: QueryDict) -> HttpResponse:
    """Post/redirect/get of the filter form: an ID number typed into the search box becomes a
    signed token of its blind index (members.search), so the URL never holds it."""
    query = data.copy()
    for key in ("csrfmiddlewaretoken", "page", "idq"):
        query.pop(key, None)
    text = query.get("q", "")
    if looks_like_id(text):
        query.pop("q")
        error = id_search_error(text)
        if error:
            messages.error(request, error)
        elif not take_id_search(request.user):
            messages.error(request, "按公民身份号码查找过于频繁，请一小时后再试。")
        else:
            query["idq"] = id_token(normalize_id(text))
    return redirect(reverse("members:roll") + ("?" + query.urlencode() if query else ""))


@login_required
def roll(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _search_redirect(request, request.POST)
    if looks_like_id(request.GET.get("q", "")):  # a hand-made URL: move the number out of it at once
        return _search_redirect(request, request.GET)
    form = FilterForm(request.GET or None)
    params = dict(form.cleaned_data) if form.is_valid() else {}
    if params.get("idq"):
        params["id_indexes"] = token_indexes(params["idq"])
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
            headers=export_headers(full=full), rows=export_rows(qs, full=full), org_path=org.path if org else "",
            extra={"filters": safe_filters(request.GET.dict()), "full_values": full},
        )
    qs = filter_members(Member.objects.for_user(request.user), params, org.path if org else None)
    qs = qs.select_related("organization", "party_group")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    groups = (Organization.objects.filter(path__startswith=org.path, kind=Kind.PARTY_GROUP) if org else [])
    return render(request, "members/roll.html", {
        "form": form, "page": page, "query": query.urlencode(), "org": org, "groups": groups,
        "id_search": bool(params.get("idq")),
        "can_add": org is not None and org.kind in BRANCH_KINDS and org.is_active and can_change(org, request.user),
        "can_export_full": can_export_full(request.user),
    })
