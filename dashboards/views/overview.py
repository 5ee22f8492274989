"""The overview: every panel for the user's scope, with filters, drill-down links and
Excel export of each table (or of all of them in one workbook). Figures come from
`panels.table_for`: computed from the records, kept until the next write in the county."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.scope import scope_paths
from core.exports import xlsx_book_response, xlsx_response
from core.views import scoped_page
from organizations.models import Organization
from organizations.rules import Field, Kind

from ..panels import all_panels, get, table_for
from ..panels.scope import PERIODS, QUERY_PARAMS, require_party_scope, scope_for  # noqa: F401 (QUERY_PARAMS)


@scoped_page
def overview(request: HttpRequest) -> HttpResponse:
    require_party_scope(request.user)
    scope = scope_for(request.user, request.GET.dict())
    export = request.GET.get("export")
    if export == "all":
        return _export_all(request, scope)
    if export:
        panel = get(export)
        if panel is None:
            raise Http404("没有这个统计表。")
        table, _ = table_for(panel, scope)
        return xlsx_response(filename=panel.title, title=panel.title, headers=table.headers,
                             rows=table.plain_rows(), actor=request.user, extra={"filters": request.GET.dict()})
    # lazy panels come as (panel, None): the page loads them from dashboards:panel once shown
    computed = {p.key: table_for(p, scope) for p in all_panels() if not p.lazy}
    panels = [(p, computed[p.key][0] if p.key in computed else None) for p in all_panels()]
    # the unit filter offers the counties, townships and primary committees of the user's scope
    root_depth = max((r.depth for r in Organization.objects.filter(path__in=scope_paths(request.user))), default=1)
    units = list(Organization.objects.for_user(request.user).filter(
        depth__lte=root_depth + 1, kind__in=[Kind.COUNTY, Kind.TOWNSHIP, Kind.PRIMARY],
    ).order_by("path"))
    query = request.GET.copy()
    query.pop("export", None)
    return render(request, "dashboards/overview.html", {
        "panels": panels, "scope": scope, "units": units, "fields": Field.choices,
        "computed_at": min((at for _, at in computed.values()), default=timezone.localtime()), "query": query.urlencode(), "periods": PERIODS,
    })


def _export_all(request: HttpRequest, scope) -> HttpResponse:  # type: ignore[no-untyped-def]
    """统计报表: every table of the overview in one workbook (a sheet each), after a sheet
    that states the scope, the filters and when the figures were computed."""
    computed = [(p, *table_for(p, scope)) for p in all_panels()]
    at = min((at for _, _, at in computed), default=timezone.localtime())
    scope_name = "、".join(r.name for r in scope.roots)
    filters = [("范围", scope_name), ("领域", dict(Field.choices).get(scope.field, "全部领域")),
               ("周期", PERIODS[scope.period]), ("数据计算于", at.strftime("%Y-%m-%d %H:%M:%S"))]
    sheets = [("说明", ["项目", "内容"], filters)]
    sheets += [(p.title, t.headers, t.plain_rows()) for p, t, _ in computed]
    return xlsx_book_response(filename=f"{scope_name}党建统计报表", sheets=sheets, actor=request.user,
                              org_path=scope.roots[0].path if len(scope.roots) == 1 else "",
                              extra={"filters": request.GET.dict(), "tables": len(computed)})


@scoped_page
def panel(request: HttpRequest, key: str) -> HttpResponse:
    """One panel's card body (table, chart, note) for the user's scope and filters: how the
    overview loads its lazy panels after the page is shown."""
    require_party_scope(request.user)
    found = get(key)
    if found is None:
        raise Http404("没有这个统计表。")
    table, at = table_for(found, scope_for(request.user, request.GET.dict()))
    query = request.GET.copy()
    query.pop("export", None)
    return render(request, "dashboards/_panel_body.html", {"panel": found, "table": table, "computed_at": at,
                                                           "query": query.urlencode()})


@scoped_page
def chart(request: HttpRequest, key: str) -> JsonResponse:
    """A panel's chart option (ECharts JSON) for the user's scope and filters."""
    require_party_scope(request.user)
    panel = get(key)
    if panel is None:
        raise Http404("没有这个统计表。")
    table, _ = table_for(panel, scope_for(request.user, request.GET.dict()))
    if table.chart is None:
        raise Http404("该统计表没有图表。")
    return JsonResponse(table.chart)
