"""Transfers of membership: issue a letter, confirm receipt, withdraw, record a receipt."""

from __future__ import annotations

from typing import Any, Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.views import ScopedListView, scoped_object, scoped_page
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS

from ..choices import TransferStatus
from ..forms import ExternalTransferForm, ReceiptForm, SwitchForm, TransferForm, TransferInForm, posted
from ..models import Member, Transfer
from ..selectors import pending_incoming
from ..services import transfers as services
from ..services.member import keeps_roll


class TransferList(ScopedListView):
    """Both sides' transfers (TransferQuerySet.for_user), by status, with the pending ones to receive."""

    template_name = "members/transfers.html"
    export_filename = "组织关系转接"
    export_headers = ("党员", "类型", "转出", "接收", "介绍信编号", "开具日期", "有效期至", "状态", "回执日期")

    def get_base_queryset(self) -> QuerySet:
        return Transfer.objects.select_related("member", "from_org", "to_org")

    def filter_queryset(self, qs: QuerySet, cleaned: dict[str, Any]) -> QuerySet:
        status = self.request.GET.get("status")
        return qs.filter(status=status) if status in TransferStatus.values else qs

    def export_row(self, t: Transfer) -> list[Any]:
        return [t.member.name, t.get_kind_display(), t.from_org.name if t.from_org else t.external_org_name,
                t.to_org.name if t.to_org else t.external_org_name, t.letter_number, t.letter_date, t.valid_until,
                t.get_status_display(), t.receipt_date]

    def get_export_extra(self) -> None:
        return None

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        user = self.request.user
        return {**context, "incoming": pending_incoming(user), "statuses": TransferStatus.choices,
                "can_transfer_in": keeps_roll(user)}


transfer_list = TransferList.as_view()


@login_required
@scoped_object(Member, "change")
def start(request: HttpRequest, member: Member) -> HttpResponse:
    external = SwitchForm(request.GET, name="external").on() or SwitchForm(request.POST, name="external").on()
    if external:
        form = ExternalTransferForm(request.POST or None)
    else:
        # any active branch in the system may receive: it confirms from its side
        targets = Organization.objects.active().filter(kind__in=BRANCH_KINDS).exclude(pk=member.organization_id)
        form = TransferForm(request.POST or None, targets=targets)
    issue = services.transfer_out_external if external else services.transfer_start_internal
    if posted(request, form, lambda data: issue(member=member, actor=request.user, **data)):
        messages.success(request, "已开具组织关系介绍信。")
        return redirect("members:detail", pk=member.pk)
    return render(request, "members/simple_form.html", {
        "form": form, "member": member, "external": external,
        "title": f"“{member.name}”组织关系转出" + ("（系统外）" if external else "")})


def _step(request: HttpRequest, transfer: Transfer, service: Callable[..., Transfer], done: str) -> HttpResponse:
    """One step of a letter from the list (confirm, withdraw): the service decides who may."""
    try:
        service(transfer=transfer, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("members:transfers")


@login_required
@require_POST
@scoped_object(Transfer)
def confirm(request: HttpRequest, transfer: Transfer) -> HttpResponse:
    return _step(request, transfer, services.transfer_confirm, f"已接收“{transfer.member.name}”的组织关系。")


@login_required
@require_POST
@scoped_object(Transfer)
def cancel(request: HttpRequest, transfer: Transfer) -> HttpResponse:
    return _step(request, transfer, services.transfer_cancel, "已撤回。")


@login_required
@scoped_object(Transfer)
def receipt(request: HttpRequest, transfer: Transfer) -> HttpResponse:
    if not services.is_sender(request.user, transfer):
        raise PermissionDenied("只有转出党组织可以登记回执。")
    form = ReceiptForm(request.POST or None)
    if posted(request, form, lambda data: services.transfer_record_receipt(transfer=transfer, actor=request.user, **data)):
        messages.success(request, "已登记回执。")
        return redirect("members:transfers")
    return render(request, "members/simple_form.html", {"form": form, "title": f"登记回执：{transfer}"})


@scoped_page
def transfer_in(request: HttpRequest) -> HttpResponse:
    """从系统外转入: a new member on a branch the user keeps, with the letter they brought."""
    if not keeps_roll(request.user):
        raise PermissionDenied("您只有查看权限，不能办理组织关系转入。")
    targets = Organization.objects.for_user(request.user, "change").active().filter(kind__in=BRANCH_KINDS)
    initial = {}
    if request.GET.get("org", "").isdigit() and targets.filter(pk=request.GET["org"]).exists():
        initial["organization"] = request.GET["org"]
    form = TransferInForm(request.POST or None, targets=targets, initial=initial)
    def receive(cleaned: dict[str, Any]) -> Transfer:
        data = dict(cleaned)
        letter = {name: data.pop(name) for name in TransferInForm.LETTER_FIELDS}
        return services.transfer_in_from_outside(organization=data.pop("organization"), actor=request.user,
                                                 member_data=data, **letter)

    transfer = posted(request, form, receive)
    if transfer is not None:
        messages.success(request, f"已将“{transfer.member.name}”转入{transfer.to_org.name}，并登记介绍信。")
        return redirect("members:detail", pk=transfer.member_id)
    return render(request, "members/form.html", {"form": form, "title": "从系统外转入党员", "back": None})
