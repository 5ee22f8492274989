"""Pages of the organization tree. Every fetch goes through the user's scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.scope import is_in_scope, scope_paths
from audit.models import AuditEvent
from committees.selectors import with_term_status
from core.exports import xlsx_response
from core.forms import apply_errors as _apply_errors
from core.params import id_param
from core.scoping import can_change
from core.views import scoped_object

from . import selectors, services
from .forms import DissolveForm, FilterForm, MoveForm, OrganizationForm
from .models import Organization
from .rules import ALLOWED_PARENTS, Kind

PAGE_SIZE = 50


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    roots = Organization.objects.filter(path__in=scope_paths(request.user))
    roots = list(with_term_status(selectors.with_branch_counts(roots)))
    return render(request, "organizations/tree.html", {"roots": roots, "filter_form": FilterForm()})


@login_required
@scoped_object(Organization)
def children(request: HttpRequest, org: Organization) -> HttpResponse:
    kids = with_term_status(selectors.with_branch_counts(Organization.objects.for_user(request.user).filter(
        path__startswith=org.path, depth=org.depth + 1)))
    return render(request, "organizations/_nodes.html", {"nodes": kids, "level": org.depth})


def _list_rows(qs):  # type: ignore[no-untyped-def]
    for o in qs.iterator(chunk_size=2000):
        yield [o.name, o.short_name, o.code, o.get_kind_display(), o.get_field_display(), o.unit_name,
               o.established_on, o.get_status_display(), o.dissolved_on, o.contact_person, o.contact_phone]


@login_required
def org_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    params = form.cleaned_data if form.is_valid() else {}
    params = {**params, "ancestor": id_param(request, "ancestor"), "liangxin": request.GET.get("liangxin")}
    qs = selectors.filter_organizations(Organization.objects.for_user(request.user), params)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="党组织名单", title="党组织", actor=request.user, extra={"filters": request.GET.dict()},
            headers=["名称", "简称", "组织代码", "类型", "领域", "所在单位", "成立日期", "状态", "撤销日期", "联系人", "联系电话"],
            rows=_list_rows(qs),
        )
    # term status as annotations on the same query: the badge costs no query per row
    page = Paginator(with_term_status(selectors.with_branch_counts(qs)), PAGE_SIZE).get_page(request.GET.get("page"))
    crumbs = selectors.parents_by_path(list(page.object_list))
    for o in page.object_list:
        o.breadcrumb = " / ".join(crumbs[o.path[: i * o.steplen]].name for i in range(1, o.depth)
                                  if o.path[: i * o.steplen] in crumbs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "organizations/list.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
@scoped_object(Organization)
def detail(request: HttpRequest, org: Organization) -> HttpResponse:
    chain = [a for a in org.ancestors_chain() if is_in_scope(request.user, a.path)]
    kids = selectors.with_branch_counts(org.get_children())
    history = AuditEvent.objects.filter(content_type__model="organization", object_id=str(org.pk)).select_related("actor")[:10]
    return render(request, "organizations/detail.html", {
        "org": org, "chain": chain, "children": kids, "history": history,
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
        if request.POST.get("confirm") == "1":
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
    events = AuditEvent.objects.filter(content_type__model="organization", object_id=str(org.pk)).select_related("actor")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organizations/history.html", {"org": org, "page": page})
