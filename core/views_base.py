"""The base of every page, mirroring `core.api.ScopedViewSetMixin`: one scoping call per page.

- `ScopedObjectMixin` / `@scoped_object(Model, "change")`: the page's object is fetched from
  the user's scope — 404 outside it, 403 when the user may only read it.
- `ScopedListView`: the user's scope, narrowed by a filter form, paginated, and exported to
  .xlsx (audited, through `core.exports`) on `?export=xlsx`; the template gets `form`, `page`
  and `query` (the query string without `page`, for the pager links).

Plain Django: a view sets a few attributes and overrides a hook or two, nothing more."""

from __future__ import annotations

import functools
from typing import Any, Callable, Iterable, Sequence

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from accounts.scope import Action
from core.exports import xlsx_response
from core.scoping import fetch_scoped

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
BY_METHOD = "by-method"  # as in the API: reads need the view scope, writes (POST) the change scope


def _action(request: HttpRequest, action: str) -> str:
    if action == BY_METHOD:
        return "view" if request.method in SAFE_METHODS else "change"
    return action


class ScopedObjectMixin:
    """`get_object()` is the URL's object within the user's scope for `action`."""

    model: type[models.Model]
    action: Action | str = "view"  # or BY_METHOD
    pk_url_kwarg = "pk"
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object_queryset(self) -> QuerySet:
        return self.model.objects.all()  # type: ignore[attr-defined]

    def get_object(self) -> Any:
        if not hasattr(self, "object"):
            self.object = fetch_scoped(self.get_object_queryset(), self.request.user,
                                       _action(self.request, self.action),
                                       pk=self.kwargs[self.pk_url_kwarg])
        return self.object


def scoped_object(model: type[models.Model], action: Action | str = "view", pk_url_kwarg: str = "pk",
                  queryset: Callable[[], QuerySet] | None = None) -> Callable:
    """The same for a function view: `view(request, obj, **rest)` instead of `view(request, pk)`."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            qs = queryset() if queryset else model.objects.all()  # type: ignore[attr-defined]
            obj = fetch_scoped(qs, request.user, _action(request, action), pk=kwargs.pop(pk_url_kwarg))
            return view(request, obj, *args, **kwargs)
        return wrapped
    return decorator


class ScopedListView(LoginRequiredMixin, View):
    model: type[models.Model] | None = None
    template_name = ""
    filter_form_class: Any = None
    paginate_by = 50
    ordering: Sequence[str] = ()
    export_filename = ""  # set it (and export_headers/export_row) to offer ?export=xlsx
    export_title = ""
    export_headers: Sequence[str] = ()

    # --- hooks -------------------------------------------------------------------------------
    def get_base_queryset(self) -> QuerySet:
        assert self.model is not None, "set model or override get_base_queryset()"
        return self.model.objects.all()  # type: ignore[attr-defined]

    def get_queryset(self) -> QuerySet:
        """The user's view scope: the one scoping call of the page."""
        return self.get_base_queryset().for_user(self.request.user, "view")  # type: ignore[attr-defined]

    def filter_queryset(self, qs: QuerySet, cleaned: dict[str, Any]) -> QuerySet:
        return qs

    def get_filter_form(self) -> Any:
        return self.filter_form_class(self.request.GET or None) if self.filter_form_class else None

    def export_row(self, obj: Any) -> Sequence[Any]:
        raise NotImplementedError

    def export_rows(self, qs: QuerySet) -> Iterable[Sequence[Any]]:
        return (self.export_row(o) for o in qs.iterator(chunk_size=2000))

    def get_export_extra(self) -> dict[str, Any] | None:
        return {"filters": self.request.GET.dict()}

    def get_export_filename(self) -> str:
        return self.export_filename

    def get_export_org_path(self) -> str:
        return ""

    def paginate_queryset(self, qs: QuerySet) -> QuerySet:
        return qs.order_by(*self.ordering) if self.ordering else qs

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return context

    # --- the page ----------------------------------------------------------------------------
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_filter_form()
        cleaned = form.cleaned_data if form is not None and form.is_valid() else {}
        qs = self.filter_queryset(self.get_queryset(), cleaned)
        filename = self.get_export_filename()
        if request.GET.get("export") == "xlsx" and filename:
            return xlsx_response(filename=filename, title=self.export_title or filename,
                                 headers=list(self.export_headers), rows=self.export_rows(qs), actor=request.user,
                                 extra=self.get_export_extra(), org_path=self.get_export_org_path())
        page = Paginator(self.paginate_queryset(qs), self.paginate_by).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {"page": page, "query": query.urlencode()}
        if form is not None:
            context["form"] = form
        return render(request, self.template_name, self.get_context_data(**context))
