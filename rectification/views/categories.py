"""Pages of the problem categories 问题类别: the shared list and each county's own. Everyone
with a party-data scope reads the list of their county; a county's organization department
changes its county's categories and (like the global dues rate table) the shared ones."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import grants, has_role
from core.forms import apply_errors
from core.views import ScopedListView, scoped_page
from organizations.models import Organization

from .. import selectors, services
from ..forms import SHARED, CategoryActiveForm, CategoryFilterForm, CategoryForm, CategoryOrderForm
from ..models import ProblemCategory

PAGE_SIZE = 50


def _require_view(request: HttpRequest) -> None:
    if not (grants(request.user) or has_role(request.user, Role.SYSADMIN)):
        raise PermissionDenied("您没有查看问题类别的权限。")


def _county(request: HttpRequest, counties: list[Organization]) -> Organization | None:
    """The county whose list is shown: ?county= among the user's counties, else the first."""
    wanted = request.GET.get("county") or request.POST.get("county")
    if wanted:
        county = next((c for c in counties if str(c.pk) == wanted), None)
        if county is None:
            raise Http404("未找到，或不在您的管辖范围内。")
        return county
    return counties[0] if counties else None


def _list_url(county: Organization | None) -> str:
    url = reverse("rectification:categories")
    return f"{url}?county={county.pk}" if county else url


def _back(request: HttpRequest) -> str:
    """The list the user came from (its county is passed along as ?county= or a hidden field)."""
    return _list_url(_county(request, selectors.category_counties(request.user)))


def _category(request: HttpRequest, pk: int) -> ProblemCategory:
    """A category the user may change: 404 when it is another county's (or none), 403 when
    the user may only read it."""
    _require_view(request)
    category = ProblemCategory.objects.select_related("county").filter(pk=pk).first()
    if category is None or (category.county_id is not None and
                            category.county not in selectors.category_counties(request.user)):
        raise Http404("未找到，或不在您的管辖范围内。")
    if not services.can_change_category(request.user, category.county):
        raise PermissionDenied("您只能查看问题类别，不能修改。")
    return category


def _export_rows(qs: Any) -> Any:
    for c in qs:
        yield [c.sort_order, c.name, c.code, "通用" if c.county_id is None else c.county.name,
               "启用" if c.is_active else "已停用", c.problems_in_scope, "是" if c.used else "否"]


class CategoryList(ScopedListView):
    """问题类别: the shared ones and the county's own, searchable, filterable, exportable.
    Categories are reference data of the user's counties (selectors.category_counties), not
    rows of one organization: the list is scoped by the county, not by `for_user()`."""

    template_name = "rectification/categories.html"
    filter_form_class = CategoryFilterForm
    paginate_by = PAGE_SIZE
    export_title = "问题类别"
    export_headers = ("排序号", "类别名称", "代码", "适用范围", "状态", "本辖区问题数", "已被使用")

    def get_queryset(self) -> QuerySet:
        _require_view(self.request)
        self.counties = selectors.category_counties(self.request.user)
        self.county = _county(self.request, self.counties)
        return selectors.categories_for(self.request.user, self.county, {})

    def filter_queryset(self, qs: QuerySet, cleaned: dict[str, Any]) -> QuerySet:
        return selectors.filter_categories(qs, cleaned)

    def get_export_filename(self) -> str:
        return f"{self.county.name if self.county else '通用'}整顿问题类别"

    def get_export_org_path(self) -> str:
        return self.county.path if self.county else ""

    def export_rows(self, qs: QuerySet) -> Any:
        return _export_rows(qs)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        page, county, user = context["page"], self.county, self.request.user
        change_shared = services.can_change_category(user, None)
        change_county = county is not None and services.can_change_category(user, county)
        for c in page:
            c.changeable = change_shared if c.county_id is None else change_county
            c.deletable = c.changeable and not c.used and not services.is_system_category(c)
        return {**context, "county": county, "counties": self.counties, "can_add": change_shared or change_county,
                "change_shared": change_shared, "any_changeable": any(c.changeable for c in page)}


categories = CategoryList.as_view()


@scoped_page
def category_create(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    county = _county(request, selectors.category_counties(request.user))
    scopes = []
    if county is not None and services.can_change_category(request.user, county):
        scopes.append(("county", f"本县自设（仅{county.name}）"))
    if services.can_change_category(request.user, None):
        scopes.append((SHARED, "通用（所有县共用）"))
    if not scopes:
        raise PermissionDenied("只有县委组织部可以新增问题类别。")
    form = CategoryForm(request.POST or None, scopes=scopes)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            category = services.category_add(county=None if d["scope"] == SHARED else county, name=d["name"],
                                             code=d["code"], sort_order=d["sort_order"], actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已新增问题类别“{category.name}”。")
            return redirect(_list_url(county))
    return render(request, "rectification/category_form.html", {
        "form": form, "title": "新增问题类别", "county": county, "back": _list_url(county)})


@scoped_page
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """改名、调整排序号."""
    category = _category(request, pk)
    form = CategoryForm(request.POST or None, initial={"name": category.name, "sort_order": category.sort_order})
    back = _back(request)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(category=category, actor=request.user, name=form.cleaned_data["name"],
                                     sort_order=form.cleaned_data["sort_order"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect(back)
    return render(request, "rectification/category_form.html", {
        "form": form, "title": f"修改问题类别：{category.name}", "category": category, "back": back})


@scoped_page
@require_POST
def category_active(request: HttpRequest, pk: int) -> HttpResponse:
    """POST active=1 启用, active=0 停用."""
    category = _category(request, pk)
    form = CategoryActiveForm(request.POST)
    form.is_valid()
    active = form.cleaned_data["active"]
    services.category_set_active(category=category, active=active, actor=request.user)
    messages.success(request, f"已{'启用' if active else '停用'}问题类别“{category.name}”。"
                     + ("" if active else "已登记的问题保留该类别，新登记问题时不再可选。"))
    return redirect(_back(request))


@scoped_page
def category_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes (only a category no problem has used)."""
    category = _category(request, pk)
    back = _back(request)
    used = services.problems_using(category)
    if used or services.is_system_category(category):
        messages.error(request, f"问题类别“{category.name}”已用于 {used} 个问题，不能删除；不再使用时请停用。" if used
                       else f"问题类别“{category.name}”供回头看发现反弹时自动登记问题使用，不能删除；可以改名或停用。")
        return redirect(back)
    if request.method == "POST":
        try:
            services.category_delete(category=category, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"已删除问题类别“{category.name}”。")
        return redirect(back)
    return render(request, "rectification/category_delete.html", {"category": category, "back": back})


@scoped_page
@require_POST
def categories_reorder(request: HttpRequest) -> HttpResponse:
    """保存排序: the sort numbers typed into the list, for the rows the user may change."""
    _require_view(request)
    county = _county(request, selectors.category_counties(request.user))
    form = CategoryOrderForm(request.POST)
    form.is_valid()
    orders = form.orders()
    visible = set(selectors.categories_for(request.user, county, {}).values_list("pk", flat=True))
    if not orders or not set(orders) <= visible:
        raise Http404("未找到，或不在您的管辖范围内。")
    try:
        changed = services.categories_reorder(orders=orders, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"已保存排序（{changed} 个类别调整）。" if changed else "排序没有变化。")
    return redirect(_list_url(county))
