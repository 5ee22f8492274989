"""Pages of the pipeline. Every fetch goes through the user's scope."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.forms import apply_errors as _apply_errors
from core.params import id_param, year_param
from core.scoping import can_change, get_scoped_object
from core.views import ScopedListView, scoped_object, scoped_page
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS

from . import selectors, services
from .choices import StepKind
from .forms import ApplicantForm, BoardFilterForm, PlanForm, StepForm, StopForm
from .models import Applicant, Step
from .rules import DEADLINES, PREREQUISITES, REPEATABLE

PAGE_SIZE = 50


class Board(ScopedListView):
    """The pipeline board 发展党员工作台: who is at which stage, what is due next, what is late."""

    model = Applicant
    template_name = "development/board.html"
    filter_form_class = BoardFilterForm
    paginate_by = PAGE_SIZE
    export_filename = "发展党员工作台"
    export_title = "发展党员"
    export_headers = ("党支部", "姓名", "性别", "出生年份", "学历", "所处阶段", "进入阶段日期", "申请日期", "下一期限", "期限日期",
                      "是否超期")

    def filter_queryset(self, qs: QuerySet, cleaned: dict[str, Any]) -> QuerySet:
        self.today = datetime.date.today()
        self.params = {**cleaned, "org": id_param(self.request, "org")}
        self.scoped = qs
        return selectors.board_rows(selectors.filter_applicants(qs, self.params, self.today), self.today)

    def export_row(self, a: Applicant) -> list[Any]:
        return [a.organization.name, a.name, a.get_sex_display(), a.birth_year, a.get_education_display(),
                a.get_stage_display(), a.stage_since, a.applied_on, a.get_next_due_kind_display(), a.next_due_on,
                "超期" if a.next_due_kind in DEADLINES and a.next_due_on and a.next_due_on < self.today else ""]

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        today = self.today
        for a in context["page"].object_list:
            a.is_late = a.next_due_kind in DEADLINES and a.next_due_on is not None and a.next_due_on < today
            a.days_left = (a.next_due_on - today).days if a.next_due_on else None
            a.days_late = -a.days_left if a.is_late else 0
        counts_qs = selectors.filter_applicants(self.scoped, {"org": self.params.get("org")}, today)
        writable = Organization.objects.for_user(self.request.user, "change").filter(kind__in=BRANCH_KINDS).exists()
        return {**context, "counts": selectors.stage_counts(counts_qs, today), "can_add": writable, "today": today}


board = Board.as_view()


@scoped_page
def applicant_create(request: HttpRequest) -> HttpResponse:
    branches = Organization.objects.for_user(request.user, "change").filter(kind__in=BRANCH_KINDS).active()
    if not branches.exists():
        raise PermissionDenied("您只有查看权限，不能新建发展党员档案。")
    initial = {"organization": request.GET.get("org")} if request.GET.get("org") else None
    form = ApplicantForm(request.POST or None, branches=branches, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            applicant = services.applicant_create(actor=request.user, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已登记“{applicant.name}”的入党申请。")
            return redirect("development:detail", pk=applicant.pk)
    return render(request, "development/applicant_form.html", {"form": form})


def _next_kinds(done: set[str]) -> list[str]:
    """Steps whose prerequisites are on file and that are not yet recorded."""
    return [k for k in StepKind if k != StepKind.APPLICATION and (k in REPEATABLE or k not in done)
            and all(p in done for p in PREREQUISITES[k])]


@login_required
@scoped_object(Applicant)
def applicant_detail(request: HttpRequest, applicant: Applicant) -> HttpResponse:
    steps = selectors.steps_by_applicant(applicant)
    done = {s.kind for s in steps}
    kinds = _next_kinds(done)
    writable = can_change(applicant, request.user)
    form = StepForm(kinds=kinds, initial={"date": datetime.date.today()}) if writable and kinds else None
    return render(request, "development/applicant_detail.html", {
        "a": applicant, "steps": steps, "form": form, "can_change": writable, "stop_form": StopForm(),
        "today": datetime.date.today(),
    })


@login_required
@require_POST
@scoped_object(Applicant, "change")
def step_create(request: HttpRequest, applicant: Applicant) -> HttpResponse:
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.step_record(applicant=applicant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已登记“{StepKind(form.cleaned_data['kind']).label}”。")
            return redirect("development:detail", pk=applicant.pk)
    steps = selectors.steps_by_applicant(applicant)
    return render(request, "development/applicant_detail.html", {
        "a": applicant, "steps": steps, "form": form, "can_change": True, "stop_form": StopForm(),
        "today": datetime.date.today(),
    }, status=400)


@login_required
@require_POST
@scoped_object(Applicant, "change")
def applicant_stop(request: HttpRequest, applicant: Applicant) -> HttpResponse:
    form = StopForm(request.POST)
    if form.is_valid():
        try:
            services.applicant_stop(applicant=applicant, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "已终止培养。")
    else:
        messages.error(request, "请填写终止培养的原因。")
    return redirect("development:detail", pk=applicant.pk)


class Plans(ScopedListView):
    """发展计划: plan vs actual per township (and primary committee) for a year, with the
    year's figures of each stage."""

    model = Organization
    template_name = "development/plans.html"
    paginate_by = PAGE_SIZE
    export_title = "发展计划"
    export_headers = ("党组织", "计划发展人数", "实际发展人数（预备党员审批）", "完成率")

    def filter_queryset(self, qs: QuerySet, cleaned: dict[str, Any]) -> QuerySet:
        self.year = year_param(self.request, default=datetime.date.today().year)
        self.q = (self.request.GET.get("q") or "").strip()
        if self.q:
            qs = qs.filter(name__icontains=self.q)
        return selectors.plan_rows(qs, self.year)

    def get_export_filename(self) -> str:
        return f"{self.year}年发展党员计划执行"

    def get_export_extra(self) -> dict[str, Any]:
        return {"year": self.year}

    def export_row(self, o: Organization) -> list[Any]:
        return [o.name, o.planned, o.actual, f"{o.actual / o.planned:.0%}" if o.planned else ""]

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        page = context["page"]
        writable = set(Organization.objects.for_user(self.request.user, "change")
                       .filter(pk__in=[o.pk for o in page.object_list]).values_list("pk", flat=True))
        for o in page.object_list:
            o.can_plan = o.pk in writable
        figures = selectors.yearly_figures(Step.objects.for_user(self.request.user), self.year)
        return {**context, "year": self.year, "years": range(datetime.date.today().year + 1, 2015, -1), "q": self.q,
                "figures": figures}


plans = Plans.as_view()


@scoped_page
@require_POST
def plan_save(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "计划人数应为非负整数。")
        return redirect("development:plans")
    org = get_scoped_object(Organization, request.user, "change", pk=form.cleaned_data["organization"])
    try:
        services.plan_set(organization=org, year=form.cleaned_data["year"], planned=form.cleaned_data["planned"],
                          note=form.cleaned_data["note"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"已保存{org.name}{form.cleaned_data['year']}年发展计划。")
    return redirect(f"/development/plans/?year={form.cleaned_data['year']}")

