"""上线检查: the go-live checklist of a county (`dashboards.golive`), and the list of the
organizations behind each gap count.

Who sees it: the offices that bring the books in — the county's 组织部 (every township of
the county) and a township's 党建办 (its own township). A branch secretary or a viewer gets
403: they import nothing, and their branch's own pages show what is missing there."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role
from accounts.scope import grants, paths_q
from core.exports import xlsx_response
from core.views import ScopedListView, scoped_page
from organizations.models import Organization

from ..golive import BOOKS, Book, Coverage, as_table, checklist, units_for

GOLIVE_ROLES = (Role.COUNTY_OFFICER, Role.TOWNSHIP_STAFF)
TOWNSHIP_DEPTH = 2
QUERY_PARAMS = ("book", "unit")  # read by tests/fuzz


def golive_roots(user: Any) -> list[Organization]:
    """The organizations under which the user brings books in (their county or township
    grants); 403 for anyone else."""
    paths = sorted({g.path for g in grants(user) if g.role in GOLIVE_ROLES})
    roots = [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]
    if not roots:
        raise PermissionDenied("上线检查仅供县委组织部和乡镇（街道）党建办使用。")
    return list(Organization.objects.for_user(user).filter(path__in=roots).order_by("path"))


def coverage_for(roots: list[Organization]) -> Coverage:
    return Coverage(paths=[r.path for r in roots], width=Organization.steplen * TOWNSHIP_DEPTH,
                    today=timezone.localdate())


@scoped_page
def golive(request: HttpRequest) -> HttpResponse:
    roots = golive_roots(request.user)
    cov = coverage_for(roots)
    result = checklist(units_for(roots, cov.width), cov)
    scope_name = "、".join(r.name for r in roots)
    if request.GET.get("export") == "xlsx":
        headers, rows = as_table(result)
        return xlsx_response(filename=f"{scope_name}上线检查", title=f"{scope_name}上线检查（{cov.today:%Y-%m-%d}）",
                             headers=headers, rows=rows, actor=request.user,
                             org_path=roots[0].path if len(roots) == 1 else "")
    return render(request, "dashboards/golive.html", {
        "result": result, "roots": roots, "scope_name": scope_name, "today": cov.today,
        "county_officer": any(g.role == Role.COUNTY_OFFICER for g in grants(request.user)),
    })


class GapList(ScopedListView):
    """The organizations behind one gap count: ?book=roll&unit=12 — the branches of that
    township with nobody on the roll. Without `unit`, every township of the checklist."""

    model = Organization
    template_name = "dashboards/golive_gaps.html"
    paginate_by = 100
    ordering = ("path",)
    export_headers = ("乡镇（街道）", "党组织", "组织类别", "组织编码")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.roots = golive_roots(request.user)
        self.cov = coverage_for(self.roots)
        book = BOOKS.get(request.GET.get("book") or "roll")  # the roll by default
        if book is None or book.missing is None:
            raise Http404("没有这一项检查。")
        self.book: Book = book
        self.unit = self.scoped_param(Organization, "unit")
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().filter(paths_q(self.cov.paths, Organization.scope_path_lookup))

    def filter_queryset(self, qs: QuerySet, cleaned: dict[str, Any]) -> QuerySet:
        if self.unit is not None:
            qs = qs.filter(path__startswith=self.unit.path)
        assert self.book.missing is not None
        return self.book.missing(qs, self.cov)

    @property
    def title(self) -> str:
        where = self.unit.name if self.unit is not None else "、".join(r.name for r in self.roots)
        return f"{where}：缺少“{self.book.label}”的党组织"

    def get_export_filename(self) -> str:
        return f"上线检查-{self.book.group}-{self.book.label}缺项"

    def get_export_org_path(self) -> str:
        return self.unit.path if self.unit is not None else (self.roots[0].path if len(self.roots) == 1 else "")

    def _township_names(self) -> dict[str, str]:
        return {o.path: o.name for o in units_for(self.roots, self.cov.width)}

    def export_rows(self, qs: QuerySet) -> Iterable[Sequence[Any]]:
        names = self._township_names()
        for o in qs.order_by("path").iterator(chunk_size=2000):
            yield [names.get(o.path[:self.cov.width], ""), o.name, o.get_kind_display(), o.code]

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        names = self._township_names()
        for o in context["page"].object_list:
            o.township_name = names.get(o.path[:self.cov.width], "")
        return {**context, "book": self.book, "unit": self.unit, "title": self.title, "today": self.cov.today}


gaps = GapList.as_view()
