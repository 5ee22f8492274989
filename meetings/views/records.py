"""Meeting record pages: list, one-page phone entry, detail, draft edit, submit,
correction (a new version with a reason). Every fetch goes through the user's scope."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.files import protected_file_response
from core.forms import apply_errors
from core.scoping import can_change
from core.views import ScopedListView, scoped_object
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Kind

from ..choices import MARK_CYCLE, Mark, Target
from ..forms import CorrectionForm, FilterForm, MeetingForm
from ..models import Attendance, Meeting, MeetingFile, MeetingType
from ..services import records as services

PAGE_SIZE = 50


def writable_orgs(user: Any):  # type: ignore[no-untyped-def]
    return (Organization.objects.for_user(user, "change").active()
            .filter(kind__in=[*BRANCH_KINDS, Kind.PARTY_GROUP]).order_by("path"))


class MeetingList(ScopedListView):
    model = Meeting
    template_name = "meetings/list.html"
    filter_form_class = FilterForm
    paginate_by = PAGE_SIZE
    export_filename = export_title = "组织生活记录"
    export_headers = ("党组织", "会议类型", "召开日期", "主题", "地点", "主持人", "记录人", "状态", "版本", "出席", "请假", "缺席")

    def get_base_queryset(self) -> QuerySet:
        return Meeting.objects.select_related("organization", "meeting_type")

    def filter_queryset(self, qs: QuerySet, data: dict[str, Any]) -> QuerySet:
        if data.get("q"):
            qs = qs.filter(Q(topic__icontains=data["q"]) | Q(organization__name__icontains=data["q"]))
        if data.get("meeting_type"):
            qs = qs.filter(meeting_type=data["meeting_type"])
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("month"):
            try:
                start = datetime.date.fromisoformat(data["month"] + "-01")
            except ValueError:
                start = None
            if start:
                qs = qs.filter(held_on__year=start.year, held_on__month=start.month)
        if org := self.scoped_param(Organization, "org"):
            qs = qs.filter(organization__path__startswith=org.path)
        return qs

    def export_rows(self, qs: QuerySet) -> Any:
        return ([m.organization.name, m.meeting_type.name, m.held_on, m.topic, m.place, m.host, m.recorder,
                 m.get_status_display(), m.version, m.present, m.leave, m.absent]
                for m in qs.annotate(**_mark_counts()).iterator(chunk_size=2000))

    def paginate_queryset(self, qs: QuerySet) -> QuerySet:
        return qs.annotate(**_mark_counts_per_row()).order_by("-held_on", "-id")

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "can_record": writable_orgs(self.request.user).exists()}


meeting_list = MeetingList.as_view()


def _mark_counts() -> dict[str, Any]:
    """Attendance by mark through one grouped join (for exporting every row)."""
    return {m: Count("attendances", filter=Q(attendances__mark=m)) for m in Mark.values}


def _mark_counts_per_row() -> dict[str, Any]:
    """The same as correlated subqueries: PostgreSQL evaluates them after ORDER BY/LIMIT,
    i.e. for the page's 50 rows only, not for a county's 60,000 meetings (and the
    paginator's COUNT leaves them out)."""
    def n(mark: str) -> Coalesce:
        rows = (Attendance.objects.filter(meeting=OuterRef("pk"), mark=mark).order_by().values("meeting")
                .annotate(n=Count("id")).values("n")[:1])
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)
    return {m: n(m) for m in Mark.values}


def _roll_context(org: Organization, marks: dict[int, tuple[str, str]] | None = None,
                  on: datetime.date | None = None) -> list[dict[str, Any]]:
    marks = marks or {}
    return [{"member": m, "mark": marks.get(m.pk, (Mark.PRESENT, ""))[0], "reason": marks.get(m.pk, ("", ""))[1]}
            for m in services.roll_for(org, on)]


def _entry(request: HttpRequest, *, org: Organization, form: MeetingForm, meeting: Meeting | None,
           marks: dict[int, tuple[str, str]] | None, title: str) -> HttpResponse:
    on = form.roll_date(request.GET, meeting.held_on if meeting else None)
    # changing the date reloads the roll (the roll at that date) in place
    form.fields["held_on"].widget.attrs.update({
        "hx-get": request.path, "hx-include": "[name=org],[name=held_on]", "hx-trigger": "change",
        "hx-select": "[data-roll]", "hx-target": "[data-roll]", "hx-swap": "outerHTML"})
    return render(request, "meetings/entry.html", {
        "org": org, "form": form, "meeting": meeting, "roll": _roll_context(org, marks, on), "title": title,
        "mark_cycle": [(m.value, m.label) for m in MARK_CYCLE], "orgs": writable_orgs(request.user)[:500],
    })


def _types_for(org: Organization):  # type: ignore[no-untyped-def]
    target = Target.PARTY_GROUP if org.kind == Kind.PARTY_GROUP else Target.BRANCH
    return MeetingType.objects.filter(is_active=True, target=target)


@scoped_object(Organization, "change", query_param="org", optional=True, posted=True)
def meeting_new(request: HttpRequest, org: Organization | None) -> HttpResponse:
    """The one-page entry: roll pre-filled as present, a tap cycles a mark."""
    if org is None:
        candidates = list(writable_orgs(request.user).filter(kind__in=BRANCH_KINDS)[:2])
        if len(candidates) != 1:
            if not writable_orgs(request.user).exists():
                raise PermissionDenied("您没有录入组织生活记录的权限。")
            return render(request, "meetings/pick_org.html", {"orgs": writable_orgs(request.user)[:500]})
        org = candidates[0]
    form = MeetingForm(request.POST or None, request.FILES or None)
    form.initial = {"held_on": form.roll_date(request.GET),
                    "meeting_type": _types_for(org).filter(code=request.GET.get("type")).first()}
    form.fields["meeting_type"].queryset = _types_for(org)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("meeting_type", "file_kind")}
        roll_ids = [m.pk for m in services.roll_for(org, form.cleaned_data["held_on"])]
        try:
            meeting = services.meeting_record(
                organization=org, meeting_type=form.cleaned_data["meeting_type"], actor=request.user,
                attendance=form.marks(roll_ids), uploads=form.uploads(), submit=form.submit_requested(), **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已提交，记录已锁定。" if meeting.is_locked else "已保存为草稿。")
            return redirect("meetings:detail", pk=meeting.pk)
    return _entry(request, org=org, form=form, meeting=None, marks=form.posted_marks(), title="录入组织生活")


@login_required
@scoped_object(MeetingFile)
def meeting_file(request: HttpRequest, row: MeetingFile) -> HttpResponse:
    """An evidence file, only to those who may see its meeting (audited; never a public URL)."""
    return protected_file_response(request, row.file, row.original_name, content_type=row.content_type, obj=row)


@login_required
@scoped_object(Meeting)
def meeting_detail(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    meeting = Meeting.objects.select_related("organization", "meeting_type", "previous", "created_by").get(pk=meeting.pk)
    attendances = list(meeting.attendances.select_related("member").order_by("member__name"))
    versions = []
    node = meeting
    while node.previous_id:
        node = Meeting.objects.only("id", "version", "correction_reason", "status", "previous_id").get(pk=node.previous_id)
        versions.append(node)
    newer = Meeting.objects.filter(previous=meeting).first()
    return render(request, "meetings/detail.html", {
        "meeting": meeting, "attendances": attendances, "files": meeting.files.all(),
        "counts": {m.label: sum(1 for a in attendances if a.mark == m) for m in Mark},
        "can_change": can_change(meeting, request.user), "versions": versions, "newer": newer,
    })


def _initial(meeting: Meeting) -> dict[str, Any]:
    return {k: getattr(meeting, k) for k in services.DETAIL_FIELDS} | {"meeting_type": meeting.meeting_type}


@login_required
@scoped_object(Meeting, "change")
def meeting_edit(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    if meeting.is_locked:
        messages.error(request, "该记录已提交并锁定；如需修改，请提交更正版本。")
        return redirect("meetings:correct", pk=meeting.pk)
    org = meeting.organization
    form = MeetingForm(request.POST or None, request.FILES or None, initial=_initial(meeting))
    form.fields["meeting_type"].queryset = _types_for(org)
    form.fields["meeting_type"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("meeting_type", "file_kind")}
        try:
            meeting = services.meeting_update(
                meeting=meeting, actor=request.user,
                attendance=form.marks([m.pk for m in services.roll_for(org, form.cleaned_data["held_on"])]),
                uploads=form.uploads(), submit=form.submit_requested(), **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已提交，记录已锁定。" if meeting.is_locked else "已保存草稿。")
            return redirect("meetings:detail", pk=meeting.pk)
    marks = {a.member_id: (a.mark, a.reason) for a in meeting.attendances.all()}
    return _entry(request, org=org, form=form, meeting=meeting, marks=marks, title="修改草稿")


@login_required
@scoped_object(Meeting, "change")
def meeting_correct(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    org = meeting.organization
    form = CorrectionForm(request.POST or None, request.FILES or None, initial=_initial(meeting))
    form.fields["meeting_type"].queryset = _types_for(org)
    form.fields["meeting_type"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("meeting_type", "file_kind", "correction_reason")}
        try:
            new = services.meeting_correct(
                meeting=meeting, actor=request.user, reason=form.cleaned_data["correction_reason"],
                attendance=form.marks([a.member_id for a in meeting.attendances.all()]),
                uploads=form.uploads(), **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已提交更正（第 {new.version} 版）。")
            return redirect("meetings:detail", pk=new.pk)
    marks = {a.member_id: (a.mark, a.reason) for a in meeting.attendances.all()}
    return _entry(request, org=org, form=form, meeting=meeting, marks=marks, title="更正记录")


@login_required
@require_POST
@scoped_object(Meeting, "change")
def meeting_submit(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    try:
        services.meeting_submit(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "已提交，记录已锁定。")
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
@scoped_object(Meeting, "change")
def meeting_delete(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    try:
        services.meeting_delete_draft(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("meetings:detail", pk=meeting.pk)
    messages.success(request, "草稿已删除。")
    return redirect("meetings:list")
