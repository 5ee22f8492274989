"""Pages of the dues ledger. Every fetch goes through the user's scope."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.exports import xlsx_response
from core.params import year_param
from core.scoping import can_change, scope_paths
from core.views import BY_METHOD, ScopedListView, scoped_object
from members.models import Member
from organizations.models import Organization

from .. import selectors
from ..forms import BaseForm, PayForm, ReverseForm, SheetRecordForm
from ..models import DuesPayment, DuesTally
from ..rules import add_months, first_of_month
from ..services import ledger as services

PAGE_SIZE = 50


def _month(request: HttpRequest) -> datetime.date:
    raw = request.GET.get("month") or ""
    try:
        return datetime.datetime.strptime(raw, "%Y-%m").date() if raw else first_of_month(datetime.date.today())
    except ValueError:
        raise Http404("月份不正确。") from None


def _year(request: HttpRequest) -> int:
    return year_param(request, default=datetime.date.today().year)


def _top_root(user: Any) -> Organization:
    """The first organization at the top of the user's scope (the overview without `?org=`)."""
    root = Organization.objects.for_user(user).order_by("path").first()
    if root is None:
        raise Http404("没有可查看的党组织。")
    return root


@scoped_object(Organization, query_param="org", optional=True)
def overview(request: HttpRequest, root: Organization | None) -> HttpResponse:
    """收缴情况: collected per child organization in a year (townships, then branches)."""
    root = root or _top_root(request.user)
    year = _year(request)
    payments = DuesPayment.objects.for_user(request.user)
    rows = selectors.collection_by_child(DuesTally.objects.for_user(request.user), root, year)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=f"{root.name}{year}年党费收缴情况", title="党费收缴", actor=request.user, org_path=root.path,
            headers=["党组织", "在册党员", "交纳人数", "交纳人月数", "实收金额（元）"],
            rows=([r["org"].name, r["members"], r["payers"], r["months"], r["collected"]] for r in rows),
        )
    months = selectors.year_by_month(payments.filter(organization__path__startswith=root.path), year)
    return render(request, "dues/overview.html", {
        "root": root, "year": year, "rows": rows, "months": months, "is_branch": root.is_branch,
        "can_import": bool(scope_paths(request.user, "change")),
        "years": range(datetime.date.today().year + 1, 2015, -1),
        "total": sum(r["collected"] for r in rows),
    })


def _sheet_export(branch: Organization, month: datetime.date, rows: list, user) -> HttpResponse:  # type: ignore[no-untyped-def]
    return xlsx_response(
        filename=f"{branch.name}{month:%Y年%m月}党费收缴表", title="党费收缴表", actor=user, org_path=branch.path,
        headers=["姓名", "类别", "党费基数类别", "月收入（元）", "标准", "应交（元）", "实交（元）", "交纳日期"],
        rows=([m.name, m.get_category_display(), m.base_kind or "未核定", m.base_income, m.rate_label, m.due,
               m.paid_amount, m.paid_on] for m in rows),
    )


@login_required
@scoped_object(Organization, pk_url_kwarg="org_pk")
def sheet(request: HttpRequest, branch: Organization) -> HttpResponse:
    """月度收缴表 of a branch: every member's base, amount due and payment for a month."""
    if not branch.is_branch:
        raise Http404("收缴表按党支部生成。")
    month = _month(request)
    rows = selectors.sheet_rows(Member.objects.filter(organization=branch), month, selectors.rate_table())
    if request.GET.get("export") == "xlsx":
        return _sheet_export(branch, month, rows, request.user)
    q = (request.GET.get("q") or "").strip()
    shown = [m for m in rows if q in m.name] if q else rows
    if request.GET.get("unpaid"):
        shown = [m for m in shown if m.paid_amount is None]
    page = Paginator(shown, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "dues/sheet.html", {
        "branch": branch, "month": month, "page": page, "totals": selectors.sheet_totals(rows), "q": q,
        "prev": add_months(month, -1), "next": add_months(month, 1), "query": query.urlencode(),
        "can_change": can_change(branch, request.user), "record_form": SheetRecordForm(),
    })


@login_required
@require_POST
@scoped_object(Organization, "change", pk_url_kwarg="org_pk")
def sheet_record(request: HttpRequest, branch: Organization) -> HttpResponse:
    month = _month(request)
    form = SheetRecordForm(request.POST)
    valid = form.is_valid()
    members = list(Member.objects.filter(organization=branch, pk__in=form.cleaned_data.get("member") or []))
    if not valid or not members:
        messages.error(request, "请选择党员并填写交纳日期。")
    else:
        try:
            created = services.sheet_record(members=members, month=month, paid_on=form.cleaned_data["paid_on"],
                                            actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"已登记{len(created)}名党员{month:%Y年%m月}党费。")
    return redirect(f"/dues/sheet/{branch.pk}/?month={month:%Y-%m}")


@login_required
@scoped_object(Member, BY_METHOD)
def member_card(request: HttpRequest, member: Member) -> HttpResponse:
    """A member's dues: bases over time, payments and reversals; set base, pay, reverse."""
    writable = can_change(member, request.user)
    base_form, pay_form = BaseForm(prefix="base"), PayForm(prefix="pay", initial={
        "first_month": first_of_month(datetime.date.today())})
    if request.method == "POST":
        posted_base = BaseForm(request.POST, prefix="base")
        try:
            if posted_base["kind"].data is not None:  # the base form was sent, not the payment form
                base_form = posted_base
                if base_form.is_valid():
                    services.base_set(member=member, actor=request.user, **base_form.cleaned_data)
                    messages.success(request, "已核定党费基数。")
                    return redirect("dues:member", pk=member.pk)
            else:
                pay_form = PayForm(request.POST, prefix="pay")
                if pay_form.is_valid():
                    d = pay_form.cleaned_data
                    months = [add_months(first_of_month(d["first_month"]), i) for i in range(d["count"])]
                    services.dues_pay(member=member, months=months, paid_on=d["paid_on"], amount=d["amount"],
                                      actor=request.user)
                    messages.success(request, f"已登记{len(months)}个月党费。")
                    return redirect("dues:member", pk=member.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    payments = DuesPayment.objects.filter(member=member).select_related("recorded_by").order_by("-month", "id")
    return render(request, "dues/member.html", {
        "member": member, "bases": member.dues_bases.order_by("-effective_from"), "payments": payments[:120],
        "can_change": writable, "base_form": base_form, "pay_form": pay_form, "reverse_form": ReverseForm(),
    })


@login_required
@require_POST
@scoped_object(DuesPayment, "change")
def payment_reverse(request: HttpRequest, payment: DuesPayment) -> HttpResponse:
    form = ReverseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写冲正原因。")
        services.payment_reverse(payment=payment, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "已冲正。")
    return redirect("dues:member", pk=payment.member_id)


class Arrears(ScopedListView):
    """欠缴名单: members unpaid for 5+ consecutive months; 6+ is 党章第九条's line."""

    model = Member
    template_name = "dues/arrears.html"
    paginate_by = PAGE_SIZE
    export_filename = "党费欠缴名单"
    export_title = "欠缴名单"
    export_headers = ("党支部", "姓名", "最后交纳月份", "连续未交月数", "党章第九条")

    def filter_queryset(self, qs: QuerySet, cleaned: dict[str, Any]) -> QuerySet:
        get = self.request.GET
        try:
            self.at_least = int(get.get("months") or settings.JICENG_DUES_ARREARS_WARN_MONTHS)
        except ValueError:
            self.at_least = settings.JICENG_DUES_ARREARS_WARN_MONTHS
        self.limit = settings.JICENG_DUES_ARREARS_LIMIT_MONTHS
        org = self.scoped_param(Organization, "org")
        if org is not None:
            qs = qs.under(org.path)
        self.q = (get.get("q") or "").strip()
        if self.q:
            qs = qs.filter(name__icontains=self.q)
        return selectors.arrears(qs, datetime.date.today(), self.at_least)

    def export_row(self, m: Member) -> list[Any]:
        return [m.organization.name, m.name, m.last_paid, m.unpaid_months,
                "已满6个月" if m.unpaid_months >= self.limit else "接近"]

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "limit": self.limit, "at_least": self.at_least, "q": self.q}


arrears = Arrears.as_view()
