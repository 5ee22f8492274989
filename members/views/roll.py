"""The roll of a branch or of any subtree: search, filters, pagination, export."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse

from core.scoping import can_change, get_scoped_object
from core.views import ScopedListView
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Kind

from ..forms import FilterForm
from ..idcard import looks_like_id, normalize_id
from ..models import Member
from ..selectors import (
    export_headers,
    export_rows,
    filter_members,
    id_search_error,
    id_token,
    reads_roll,
    safe_filters,
    take_id_search,
    token_indexes,
)
from ..services.member import keeps_roll


def _search_redirect(request: HttpRequest, data: QueryDict) -> HttpResponse:
    """Post/redirect/get of the filter form: an ID number typed into the search box becomes a
    signed token of its blind index (selectors.id_token), so the URL never holds it."""
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


class RollView(ScopedListView):
    """The filter form narrows the user's view scope (or, for the export with full values,
    the change scope) to `?org=`'s subtree; an ID search travels as a token (`idq`)."""

    model = Member
    template_name = "members/roll.html"
    filter_form_class = FilterForm
    export_title = "党员名册"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _search_redirect(request, request.POST)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if looks_like_id(request.GET.get("q", "")):  # a hand-made URL: move the number out of it at once
            return _search_redirect(request, request.GET)
        form = self.get_filter_form()
        self.params = dict(form.cleaned_data) if form.is_valid() else {}
        if self.params.get("idq"):
            self.params["id_indexes"] = token_indexes(self.params["idq"])
        self.org = None
        if self.params.get("org"):
            self.org = get_scoped_object(Organization, request.user, pk=self.params["org"])
        elif not reads_roll(request.user):
            raise PermissionDenied("您没有查看党员名册的权限。")
        self.full = request.GET.get("export") == "xlsx" and request.GET.get("full") == "1"
        if self.full and not keeps_roll(request.user):
            raise PermissionDenied("您的角色无权导出完整的个人信息。")
        self.export_headers = export_headers(full=self.full)
        return super().get(request, *args, **kwargs)

    def get_filter_form(self) -> FilterForm:
        if not hasattr(self, "filter_form"):
            self.filter_form = FilterForm(self.request.GET or None)
        return self.filter_form

    def get_queryset(self) -> QuerySet:
        return Member.objects.for_user(self.request.user, "change" if self.full else "view")

    def filter_queryset(self, qs: QuerySet, cleaned: dict[str, Any]) -> QuerySet:
        return filter_members(qs, self.params, self.org.path if self.org else None)

    def paginate_queryset(self, qs: QuerySet) -> QuerySet:
        return qs.select_related("organization", "party_group")

    def get_export_filename(self) -> str:
        return "党员名册" + ("（完整信息）" if self.full else "")

    def export_rows(self, qs: QuerySet) -> Iterable[Sequence[Any]]:
        return export_rows(qs, full=self.full)

    def get_export_extra(self) -> dict[str, Any]:
        return {"filters": safe_filters(self.request.GET.dict()), "full_values": self.full}

    def get_export_org_path(self) -> str:
        return self.org.path if self.org else ""

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        org, user = self.org, self.request.user
        groups = Organization.objects.filter(path__startswith=org.path, kind=Kind.PARTY_GROUP) if org else []
        return {**context, "org": org, "groups": groups, "id_search": bool(self.params.get("idq")),
                "can_add": org is not None and org.kind in BRANCH_KINDS and org.is_active and can_change(org, user),
                "can_export_full": keeps_roll(user)}


roll = RollView.as_view()
