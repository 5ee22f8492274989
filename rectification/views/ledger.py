"""Pages of one organization's ledger 整顿台账: problems, measures, leaders, progress and
evidence, the item-by-item transitions, the printable ledger and its Excel export."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.exports import xlsx_response
from core.files import protected_file_response
from core.forms import apply_errors as _apply_errors
from core.views import scoped_object

from .. import selectors, services
from ..forms import LeaderForm, MeasureForm, ProblemForm, ProgressForm, TransitionForm
from ..models import Evidence, Leader, Measure, Problem, Rectification
from ..rules import MEASURE_TRANSITIONS, RECT_TRANSITIONS, MeasureStatus
from ..services.access import acts_as


def _steps(table: dict, status: str, actors: set[str]) -> list:
    return [t for t in table.values() if status in t.sources and actors & set(t.actors)]


@login_required
@scoped_object(Rectification)
def entry_detail(request: HttpRequest, entry: Rectification) -> HttpResponse:
    entry = selectors.ledger(entry)
    actors = acts_as(request.user, entry.organization.path)
    steps = {} if entry.status != "listed" else {
        m.pk: _steps(MEASURE_TRANSITIONS, m.status, actors) for p in entry.problems.all() for m in p.measures.all()}
    return render(request, "rectification/entry.html", {
        "entry": entry, "today": datetime.date.today(), "measure_steps": steps,
        "entry_steps": [t for t in _steps(RECT_TRANSITIONS, entry.status, actors) if t.name not in ("list", "decline")],
        "can_edit": "township" in actors and entry.status in ("candidate", "listed"),
        "can_report": bool(actors & {"township", "branch"}) and entry.status == "listed",
    })


@login_required
@scoped_object(Rectification)
def entry_print(request: HttpRequest, entry: Rectification) -> HttpResponse:
    entry = selectors.ledger(entry)
    return render(request, "rectification/print.html", {"entry": entry, "today": datetime.date.today()})


def _ledger_rows(entry: Rectification) -> Any:
    leaders = "；".join(f"{ld.get_role_display()}：{ld.name}" for ld in entry.leaders.all())
    for p in entry.problems.all():
        for m in p.measures.all() or [None]:
            evidence = "；".join(ev.original_name for pr in m.progress.all() for ev in pr.evidence.all()) if m else ""
            yield [entry.organization.name, p.category.name, p.description, m.description if m else "",
                   m.responsible_person if m else "", leaders, m.deadline if m else None,
                   m.get_status_display() if m else "", m.closed_on if m else None, evidence]


@login_required
@scoped_object(Rectification)
def entry_export(request: HttpRequest, entry: Rectification) -> HttpResponse:
    entry = selectors.ledger(entry)
    return xlsx_response(
        filename=f"{entry.organization.name}整顿台账", title="整顿台账", actor=request.user,
        org_path=entry.organization.path, extra={"rectification": entry.pk},
        headers=["党组织", "问题类别", "问题", "整改措施", "责任人", "责任领导", "完成时限", "状态", "销号日期", "佐证材料"],
        rows=_ledger_rows(entry),
    )


def _redirect_entry(entry_pk: int) -> HttpResponse:
    return redirect("rectification:entry", pk=entry_pk)


@login_required
@require_POST
@scoped_object(Rectification, "change")
def entry_transition(request: HttpRequest, entry: Rectification, action: str) -> HttpResponse:
    form = TransitionForm(request.POST)
    form.is_valid()
    try:
        services.rectification_transition(entry=entry, action=action, actor=request.user,
                                          reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"已{RECT_TRANSITIONS[action].label}。")
    return _redirect_entry(entry.pk)


@login_required
@require_POST
@scoped_object(Measure, "change")
def measure_transition(request: HttpRequest, measure: Measure, action: str) -> HttpResponse:
    form = TransitionForm(request.POST)
    form.is_valid()
    try:
        services.measure_transition(measure=measure, action=action, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"整改措施已{MEASURE_TRANSITIONS[action].label}。")
    return _redirect_entry(measure.rectification_id)


def _form_page(request: HttpRequest, form: Any, title: str, entry: Rectification, save: Any) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return _redirect_entry(entry.pk)
    return render(request, "rectification/form.html", {"form": form, "title": f"{entry.organization.name}：{title}",
                                                       "entry": entry})


@login_required
@scoped_object(Rectification, "change")
def problem_create(request: HttpRequest, entry: Rectification) -> HttpResponse:
    form = ProblemForm(request.POST or None, county=entry.year.county)
    return _form_page(request, form, "登记问题", entry,
                      lambda d: services.problem_add(entry=entry, actor=request.user, **d))


@login_required
@scoped_object(Problem, "change")
def problem_edit(request: HttpRequest, problem: Problem) -> HttpResponse:
    form = ProblemForm(request.POST or None, instance=Problem.objects.get(pk=problem.pk), county=problem.rectification.year.county)
    return _form_page(request, form, "修改问题", problem.rectification,
                      lambda d: services.problem_update(problem=problem, actor=request.user, **d))


@login_required
@scoped_object(Problem, "change")
def measure_create(request: HttpRequest, problem: Problem) -> HttpResponse:
    form = MeasureForm(request.POST or None)
    return _form_page(request, form, "制定整改措施", problem.rectification,
                      lambda d: services.measure_add(problem=problem, actor=request.user, **d))


@login_required
@scoped_object(Measure, "change")
def measure_edit(request: HttpRequest, measure: Measure) -> HttpResponse:
    if measure.status == MeasureStatus.CLOSED:
        messages.error(request, "已销号的整改措施不能修改；确需修改的，请先“重新打开”并说明原因。")
        return _redirect_entry(measure.rectification_id)
    form = MeasureForm(request.POST or None, instance=Measure.objects.get(pk=measure.pk))
    return _form_page(request, form, "修改整改措施", measure.rectification,
                      lambda d: services.measure_update(measure=measure, actor=request.user, **d))


@login_required
@scoped_object(Measure, "change")
def progress_create(request: HttpRequest, measure: Measure) -> HttpResponse:
    form = ProgressForm(request.POST or None, request.FILES or None, initial={"on": datetime.date.today()})
    return _form_page(request, form, "填报整改进展", measure.rectification,
                      lambda d: services.progress_add(measure=measure, actor=request.user, **d))


@login_required
@scoped_object(Rectification, "change")
def leader_create(request: HttpRequest, entry: Rectification) -> HttpResponse:
    form = LeaderForm(request.POST or None)
    return _form_page(request, form, "设置责任领导", entry,
                      lambda d: services.leader_add(entry=entry, actor=request.user, **d))


@login_required
@scoped_object(Leader, "change")
def leader_edit(request: HttpRequest, leader: Leader) -> HttpResponse:
    form = LeaderForm(request.POST or None, instance=Leader.objects.get(pk=leader.pk))
    return _form_page(request, form, "修改责任领导", leader.rectification,
                      lambda d: services.leader_update(leader=leader, actor=request.user, **d))


@login_required
@scoped_object(Evidence)
def evidence_download(request: HttpRequest, ev: Evidence) -> HttpResponse:
    """Evidence is never served from a public URL: only through this scoped, audited view."""
    return protected_file_response(request, ev.file, ev.original_name, content_type=ev.content_type, obj=ev)
