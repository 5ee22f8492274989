"""The base of every page, mirroring `core.api.ScopedViewSetMixin`: one scoping call per page.

- `ScopedObjectMixin` / `@scoped_object(Model, "change")`: the page's object is fetched from
  the user's scope — 404 outside it, 403 when the user may only read it.
- `ScopedListView`: the user's scope, narrowed by a filter form, paginated, and exported to
  .xlsx (audited, through `core.exports`) on `?export=xlsx`; the template gets `form`, `page`
  and `query` (the query string without `page`, for the pager links).
- `@scoped_object(Organization, "change", query_param="org")`: the same fetch for an id read from
  the query string (400 when malformed; with `optional=True` the view gets None when absent).
- `@scoped_page` / `ScopedPageMixin`: a page that shows many organizations' data and reads it
  through the models' `for_user()` (an overview, a board, a form that lists the user's
  organizations); `@unscoped("why")`: a page that shows no organization's data (sign-in, own
  account). Every page view carries one of these marks; `tests/test_page_scoping.py` walks the
  URL set and fails on a page without one.

The user is the project's user model: `for_user(user, action)` on every scoped queryset asks it
(`accounts.scope`), so this module imports no app.

Plain Django: a view sets a few attributes and overrides a hook or two, nothing more."""


from __future__ import annotations

import functools
from typing import Any, Callable, Iterable, Sequence

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import View

from core.exports import xlsx_response
from core.params import id_param
from core.scoping import Action, fetch_scoped

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
SCOPING_ATTR = "scoping"  # "object" | "list" | "page" | "none": how a page view is scoped
BY_METHOD = "by-method"  # as in the API: reads need the view scope, writes (POST) the change scope


def _action(request: HttpRequest, action: str) -> str:
    if action == BY_METHOD:
        return "view" if request.method in SAFE_METHODS else "change"
    return action


class ScopedObjectMixin:
    """`get_object()` is the URL's object within the user's scope for `action`."""

    scoping = "object"

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
                  queryset: Callable[[], QuerySet] | None = None, query_param: str = "",
                  optional: bool = False, url_filters: dict[str, str] | None = None,
                  posted: bool = False) -> Callable:
    """The same for a function view: `view(request, obj, **rest)` instead of `view(request, pk)`.
    With `query_param` the id comes from the query string (`?org=12`) instead of the URL; with
    `posted=True` also from the posted form when the query string has none (a form that carries
    its organization in a hidden field). `url_filters` match fields of the object against other
    URL arguments, which the view still gets: `{"round_id": "pk"}` finds a rating only within the
    round of the URL (404 otherwise)."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            pk = id_param(request, query_param) if query_param else kwargs.pop(pk_url_kwarg)
            if pk is None and posted and request.method == "POST":
                pk = id_param(request, query_param, request.POST)
            if pk is None and optional:
                return view(request, None, *args, **kwargs)
            qs = queryset() if queryset else model.objects.all()  # type: ignore[attr-defined]
            lookup = {field: kwargs[kwarg] for field, kwarg in (url_filters or {}).items()}
            obj = fetch_scoped(qs, request.user, _action(request, action),
                               pk=pk if pk is not None else 0,  # a required param left out finds nothing: 404
                               **lookup)
            return view(request, obj, *args, **kwargs)
        setattr(wrapped, SCOPING_ATTR, "object")
        return login_required(wrapped) if query_param else wrapped
    return decorator


def scoped_page(view: Callable) -> Callable:
    """A signed-in page that reads its rows through the models' `for_user()` (see module doc)."""
    wrapped = login_required(view)
    setattr(wrapped, SCOPING_ATTR, "page")
    return wrapped


def unscoped(reason: str) -> Callable:
    """A page that shows no organization's data; `reason` says why (read by the page-scoping test)."""

    def decorator(view: Callable) -> Callable:
        setattr(view, SCOPING_ATTR, "none")
        view.unscoped_reason = reason  # type: ignore[attr-defined]
        return view
    return decorator


class ScopedPageMixin(LoginRequiredMixin):
    """The class form of `@scoped_page`."""

    scoping = "page"


class ScopedListView(LoginRequiredMixin, View):
    scoping = "list"
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

    def scoped_param(self, model: type[models.Model], name: str, action: Action | str = "view") -> Any:
        """The object whose id the query string gives as `name` (`?org=12`, to narrow the list),
        fetched as `@scoped_object(query_param=...)` does: None when absent, 400 when malformed,
        404 outside the user's scope."""
        pk = id_param(self.request, name)
        if pk is None:
            return None
        return fetch_scoped(model.objects.all(), self.request.user, _action(self.request, action), pk=pk)  # type: ignore[attr-defined]

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


# --- pages of the project itself (the home page lives in the home app) ---------------------
@unscoped("liveness of the deployment: answers whether the database and Redis respond")
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for the deployment: database and Redis answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    cache.set("core:health", 1, timeout=10)
    return JsonResponse({"database": "ok", "redis": "ok" if cache.get("core:health") == 1 else "error",
                         "beat": cache.get("core:heartbeat")})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 page: the message of a BadRequest raised by our own parameter checks (core.params)
    is shown; any other cause (e.g. a SuspiciousOperation) gets the generic text only."""
    message = str(exception) if isinstance(exception, BadRequest) and str(exception) else "请求有误，请检查后重试。"
    return render(request, "400.html", {"message": message}, status=400)
