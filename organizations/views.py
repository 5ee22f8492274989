"""Pages of the organization tree, on the scoped base (core.views): every fetch goes through
the user's scope. What apps above add to these pages (the committees' term badge and card)
comes from `selectors.PARTS`, filled in their `AppConfig.ready()`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from accounts.scope import is_in_scope, scope_paths
from audit.selectors import history_of
from core.forms import apply_errors as _apply_errors
from core.importing.page import ImportKind, UploadForm
from core.importing.plan import Plan
from core.importing.reader import EXTENSIONS_TEXT
from core.importing.staging import template_response
from core.params import id_param
from core.scoping import can_change
from core.views import ScopedListView, scoped_object, scoped_page

from . import importing, selectors, services
from .forms import DissolveForm, FilterForm, MoveForm, OrganizationForm
from .models import Organization
from .rules import ALLOWED_PARENTS, Kind

PAGE_SIZE = 50


def _nodes(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """Rows of the tree and the list: branch counts and what the registered parts add (the
    term status), as annotations on the same query, so a badge costs no query per row."""
    return selectors.with_parts(selectors.with_branch_counts(qs))


@scoped_page
def tree(request: HttpRequest) -> HttpResponse:
    roots = list(_nodes(selectors.scope_roots(request.user)))
    return render(request, "organizations/tree.html", {"roots": roots, "filter_form": FilterForm(),
                                                        "org_parts": selectors.PARTS.all()})


@login_required
@scoped_object(Organization)
def children(request: HttpRequest, org: Organization) -> HttpResponse:
    kids = _nodes(Organization.objects.for_user(request.user).filter(path__startswith=org.path, depth=org.depth + 1))
    return render(request, "organizations/_nodes.html", {"nodes": kids, "level": org.depth,
                                                         "org_parts": selectors.PARTS.all()})


class OrganizationListView(ScopedListView):
    """组织名单: the user's organizations, filtered, paginated, exported to .xlsx."""

    model = Organization
    template_name = "organizations/list.html"
    filter_form_class = FilterForm
    paginate_by = PAGE_SIZE
    export_filename = "党组织名单"
    export_title = "党组织"
    export_headers = ("名称", "简称", "组织代码", "类型", "领域", "所在单位", "成立日期", "状态", "撤销日期", "联系人", "联系电话")

    def filter_queryset(self, qs: QuerySet[Organization], cleaned: dict[str, Any]) -> QuerySet[Organization]:
        params = {**cleaned, "ancestor": id_param(self.request, "ancestor"), "liangxin": self.request.GET.get("liangxin")}
        return selectors.filter_organizations(qs, params)

    def export_row(self, o: Organization) -> list[Any]:
        return [o.name, o.short_name, o.code, o.get_kind_display(), o.get_field_display(), o.unit_name,
                o.established_on, o.get_status_display(), o.dissolved_on, o.contact_person, o.contact_phone]

    def paginate_queryset(self, qs: QuerySet[Organization]) -> QuerySet[Organization]:
        return _nodes(qs)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        page = context["page"]
        crumbs = selectors.parents_by_path(list(page.object_list))
        for o in page.object_list:
            o.breadcrumb = " / ".join(crumbs[o.path[: i * o.steplen]].name for i in range(1, o.depth)
                                      if o.path[: i * o.steplen] in crumbs)
        return {**context, "org_parts": selectors.PARTS.all()}


org_list = OrganizationListView.as_view()


@login_required
@scoped_object(Organization)
def detail(request: HttpRequest, org: Organization) -> HttpResponse:
    chain = [a for a in org.ancestors_chain() if is_in_scope(request.user, a.path)]
    kids = selectors.with_branch_counts(org.get_children())
    history = history_of(org)[:10]
    return render(request, "organizations/detail.html", {
        "org": org, "chain": chain, "children": kids, "history": history, "org_parts": selectors.PARTS.all(),
        "can_change": can_change(org, request.user), "kind_counts": selectors.kind_counts(org),
        "can_add_child": any(org.kind in ALLOWED_PARENTS[k] for k in Kind),
    })


@login_required
@scoped_object(Organization, "change", pk_url_kwarg="parent_pk")
def create(request: HttpRequest, parent: Organization) -> HttpResponse:
    form = OrganizationForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_create(parent=parent, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已新增组织“{org.name}”。")
            return redirect("organizations:detail", pk=org.pk)
    return render(request, "organizations/form.html", {"form": form, "parent": parent, "title": f"在“{parent.name}”下新增组织"})


@login_required
@scoped_object(Organization, "change")
def edit(request: HttpRequest, org: Organization) -> HttpResponse:
    form = OrganizationForm(request.POST or None, instance=Organization.objects.get(pk=org.pk), parent=org.get_parent())
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(org=org, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("organizations:detail", pk=org.pk)
    return render(request, "organizations/form.html", {"form": form, "org": org, "title": f"编辑“{org.name}”"})


@login_required
@scoped_object(Organization, "change")
def move(request: HttpRequest, org: Organization) -> HttpResponse:
    allowed_parent_kinds = [k for k in ALLOWED_PARENTS[org.kind] if k]
    targets = (Organization.objects.for_user(request.user, "change").active()
               .filter(kind__in=allowed_parent_kinds).exclude(path__startswith=org.path))
    form = MoveForm(request.POST or None, targets=targets)
    confirming = False
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        if form.cleaned_data["confirm"]:
            try:
                services.organization_move(org=org, target=target, actor=request.user)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, f"已将“{org.name}”移动到“{target.name}”之下。")
                return redirect("organizations:detail", pk=org.pk)
        else:
            confirming = True
    return render(request, "organizations/move.html", {
        "form": form, "org": org, "confirming": confirming,
        "subtree_size": Organization.objects.under(org).count(),
    })


@login_required
@scoped_object(Organization, "change")
def dissolve(request: HttpRequest, org: Organization) -> HttpResponse:
    form = DissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_dissolve(org=org, on=form.cleaned_data["dissolved_on"],
                                           reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已撤销“{org.name}”。")
            return redirect("organizations:detail", pk=org.pk)
    return render(request, "organizations/dissolve.html", {"form": form, "org": org})


@login_required
@require_POST
@scoped_object(Organization, "change")
def delete(request: HttpRequest, org: Organization) -> HttpResponse:
    parent = org.get_parent()
    try:
        services.organization_delete(org=org, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("organizations:detail", pk=org.pk)
    messages.success(request, f"已删除“{org.name}”。")
    return redirect("organizations:detail", pk=parent.pk) if parent else redirect("organizations:tree")


@login_required
@scoped_object(Organization)
def history(request: HttpRequest, org: Organization) -> HttpResponse:
    events = history_of(org)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organizations/history.html", {"org": org, "page": page})


# --- the spreadsheet import of the tree (core.importing.page) ---------------------------------
def _require_writer(user: Any) -> None:
    if not scope_paths(user, "change"):  # no organization to import under
        raise PermissionDenied("您没有新增组织的权限。")


class TreeUploadForm(UploadForm):
    file = forms.FileField(label=f"选择文件（{EXTENSIONS_TEXT}，不超过 5 MB）",
                           error_messages={"required": f"请选择要上传的 {EXTENSIONS_TEXT} 文件。"})


class TreeImport(ImportKind):
    """导入党组织: rows of the tree (importing.COLUMNS), checked, then written in one transaction."""

    key = "orgimport"
    template_name = "organizations/import.html"
    form_class = TreeUploadForm

    def allowed(self, user: Any) -> None:
        _require_writer(user)

    def plan(self, handle: Any, filename: str, *, user: Any, **params: Any) -> Plan:
        return importing.plan_import(handle, filename, user=user)

    def commit(self, plan: Plan, *, user: Any, filename: str, **params: Any) -> dict[str, int]:
        return importing.import_commit(plan, user=user, filename=filename)  # type: ignore[arg-type]

    def done(self, result: Any, **params: Any) -> tuple[str, str]:
        return (f"导入完成：新增 {result['created']} 个、更新 {result['updated']} 个、未变 {result['unchanged']} 个组织。",
                reverse("organizations:list"))

    def restart_url(self, **params: Any) -> str:
        return reverse("organizations:import")

    def summary(self, plan: Plan) -> str:
        return format_html("共 {} 行：将新增 <strong>{}</strong> 个，更新 <strong>{}</strong> 个，未变 {} 个。", plan.total,
                           len(plan.to_create), len(plan.to_update), plan.unchanged)  # type: ignore[attr-defined]

    def confirm_text(self, plan: Plan) -> str:
        return f"确认导入 {len(plan.to_create)} 个新组织、更新 {len(plan.to_update)} 个组织吗？"  # type: ignore[attr-defined]


@scoped_page
def import_template(request: HttpRequest) -> HttpResponse:
    _require_writer(request.user)
    headers, example, notes = importing.template_rows()
    return template_response(filename="党组织导入模板.xlsx", sheet="党组织", headers=headers, examples=[example],
                             notes=notes)
