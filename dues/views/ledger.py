"""Pages of the dues ledger. Every fetch goes through the user's scope."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.scope import scope_paths
from core.exports import xlsx_response
from core.params import year_param
from core.scoping import can_change, get_scoped_object
from core.views import BY_METHOD, scoped_object
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


def _root(request: HttpRequest) -> Organization:
    if request.GET.get("org"):
        return get_scoped_object(Organization, request.user, pk=request.GET["org"])
    root = Organization.objects.filter(path__in=scope_paths(request.user)).order_by("path").first()
    if root is None:
        raise Http404("没有可查看的党组织。")
    return root


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """收缴情况: collected per child organization in a year (townships, then branches)."""
    root, year = _root(request), _year(request)
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
    rows = selectors.sheet_rows(Member.objects.filter(organization=branch), month, services.rate_table())
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
    ids = [int(i) for i in request.POST.getlist("member") if i.isdigit()]
    members = list(Member.objects.filter(organization=branch, pk__in=ids))
    if not form.is_valid() or not members:
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
        try:
            if "base-kind" in request.POST:
                base_form = BaseForm(request.POST, prefix="base")
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


@login_required
def arrears(request: HttpRequest) -> HttpResponse:
    """欠缴名单: members unpaid for 5+ consecutive months; 6+ is 党章第九条's line."""
    today = datetime.date.today()
    try:
        at_least = int(request.GET.get("months") or settings.JICENG_DUES_ARREARS_WARN_MONTHS)
    except ValueError:
        at_least = settings.JICENG_DUES_ARREARS_WARN_MONTHS
    members = Member.objects.for_user(request.user)
    if request.GET.get("org"):
        members = members.under(_root(request).path)
    q = (request.GET.get("q") or "").strip()
    if q:
        members = members.filter(name__icontains=q)
    qs = selectors.arrears(members, today, at_least)
    limit = settings.JICENG_DUES_ARREARS_LIMIT_MONTHS
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="党费欠缴名单", title="欠缴名单", actor=request.user, extra={"filters": request.GET.dict()},
            headers=["党支部", "姓名", "最后交纳月份", "连续未交月数", "党章第九条"],
            rows=([m.organization.name, m.name, m.last_paid, m.unpaid_months,
                   "已满6个月" if m.unpaid_months >= limit else "接近"] for m in qs.iterator(chunk_size=2000)),
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "dues/arrears.html", {"page": page, "limit": limit, "at_least": at_least, "q": q,
                                                 "query": query.urlencode()})
