"""Transfers of membership: issue a letter, confirm receipt, withdraw, record a receipt."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.scope import is_in_scope, scope_paths, scope_q
from core.exports import xlsx_response
from core.forms import apply_errors
from core.scoping import get_scoped_object
from core.views import scoped_object
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS

from .. import transfers as services
from ..choices import TransferStatus
from ..forms import ExternalTransferForm, ReceiptForm, TransferForm, TransferInForm
from ..models import Member, Transfer


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    qs = Transfer.objects.for_user(request.user).select_related("member", "from_org", "to_org")
    if request.GET.get("status") in TransferStatus.values:
        qs = qs.filter(status=request.GET["status"])
    if request.GET.get("export") == "xlsx":
        rows = ([t.member.name, t.get_kind_display(), t.from_org.name if t.from_org else t.external_org_name,
                 t.to_org.name if t.to_org else t.external_org_name, t.letter_number, t.letter_date, t.valid_until,
                 t.get_status_display(), t.receipt_date] for t in qs.iterator(chunk_size=2000))
        return xlsx_response(filename="组织关系转接", title="组织关系转接", actor=request.user, rows=rows,
                             headers=["党员", "类型", "转出", "接收", "介绍信编号", "开具日期", "有效期至", "状态", "回执日期"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    incoming = Transfer.objects.filter(scope_q(request.user, "to_org__path", "change"), status=TransferStatus.PENDING).count()
    return render(request, "members/transfers.html", {"page": page, "incoming": incoming,
                                                      "statuses": TransferStatus.choices, "query": "",
                                                      "can_transfer_in": bool(scope_paths(request.user, "change"))})


@login_required
@scoped_object(Member, "change")
def start(request: HttpRequest, member: Member) -> HttpResponse:
    external = request.GET.get("external") == "1" or request.POST.get("external") == "1"
    if external:
        form = ExternalTransferForm(request.POST or None)
    else:
        # any active branch in the system may receive: it confirms from its side
        targets = Organization.objects.active().filter(kind__in=BRANCH_KINDS).exclude(pk=member.organization_id)
        form = TransferForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            if external:
                services.transfer_out_external(member=member, actor=request.user, **form.cleaned_data)
            else:
                services.transfer_start_internal(member=member, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已开具组织关系介绍信。")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/simple_form.html", {
        "form": form, "member": member, "external": external,
        "title": f"“{member.name}”组织关系转出" + ("（系统外）" if external else "")})


def _transfer(request: HttpRequest, pk: int) -> Transfer:
    return get_scoped_object(Transfer, request.user, pk=pk)


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    try:
        services.transfer_confirm(transfer=transfer, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"已接收“{transfer.member.name}”的组织关系。")
    return redirect("members:transfers")


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    try:
        services.transfer_cancel(transfer=transfer, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "已撤回。")
    return redirect("members:transfers")


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    if transfer.from_org is None or not is_in_scope(request.user, transfer.from_org.path, "change"):
        raise PermissionDenied("只有转出党组织可以登记回执。")
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_record_receipt(transfer=transfer, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已登记回执。")
            return redirect("members:transfers")
    return render(request, "members/simple_form.html", {"form": form, "title": f"登记回执：{transfer}"})


@login_required
def transfer_in(request: HttpRequest) -> HttpResponse:
    """从系统外转入: a new member on a branch the user keeps, with the letter they brought."""
    if not scope_paths(request.user, "change"):
        raise PermissionDenied("您只有查看权限，不能办理组织关系转入。")
    targets = Organization.objects.for_user(request.user, "change").active().filter(kind__in=BRANCH_KINDS)
    initial = {}
    if request.GET.get("org", "").isdigit() and targets.filter(pk=request.GET["org"]).exists():
        initial["organization"] = request.GET["org"]
    form = TransferInForm(request.POST or None, targets=targets, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization = data.pop("organization")
        letter = {name: data.pop(name) for name in TransferInForm.LETTER_FIELDS}
        try:
            transfer = services.transfer_in_from_outside(organization=organization, actor=request.user,
                                                         member_data=data, **letter)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已将“{transfer.member.name}”转入{organization.name}，并登记介绍信。")
            return redirect("members:detail", pk=transfer.member_id)
    return render(request, "members/form.html", {"form": form, "title": "从系统外转入党员", "back": None})
