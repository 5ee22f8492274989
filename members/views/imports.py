"""Importing a roll file: upload → dry-run preview → confirm; a template to download."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.scope import scope_paths
from core.importing.staging import template_response
from core.scoping import get_scoped_object

from ..choices import Category, Education, Ethnicity, Sex
from ..forms import UploadForm
from ..importing.jobs import import_job_run, job_progress
from ..importing.services import rows_estimate, template_rows
from ..models import ImportJob, ImportStatus
from ..tasks import run_import_job


def _writer(request: HttpRequest) -> list[str]:
    roots = scope_paths(request.user, "change")
    if not roots:
        raise PermissionDenied("您只有查看权限，不能导入党员。")
    return roots


def _run(job: ImportJob, *, commit: bool, rows: int) -> None:
    if rows > settings.JICENG_IMPORT_ASYNC_ROWS:
        job.status = ImportStatus.IMPORTING if commit else ImportStatus.CHECKING
        job.save(update_fields=["status"])
        transaction.on_commit(lambda: run_import_job.delay(job.pk, commit))
    else:
        import_job_run(job_id=job.pk, commit=commit)


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    roots = _writer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        rows = rows_estimate(f, f.name)
        job = ImportJob.objects.create(file=f, original_name=f.name, scope_path=roots[0], created_by=request.user)
        _run(job, commit=False, rows=rows)
        return redirect("members:import_job", pk=job.pk)
    jobs = ImportJob.objects.filter(created_by=request.user)[:10]
    return render(request, "members/import_upload.html", {"form": form, "jobs": jobs})


def _job(request: HttpRequest, pk: int) -> ImportJob:
    job = get_scoped_object(ImportJob, request.user, "change", pk=pk)
    if job.created_by_id != request.user.pk:
        raise PermissionDenied("只能查看自己上传的导入。")
    return job


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    busy = job.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)
    context = {"job": job, "busy": busy, "done": job_progress(job), "errors": job.errors[:2000]}
    if request.htmx and busy:
        return render(request, "members/_import_progress.html", context)
    if request.htmx:
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return render(request, "members/import_job.html", context)


@login_required
@require_POST
def job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status != ImportStatus.CHECKED or job.errors:
        messages.error(request, "只有检查无误的文件才能导入。")
        return redirect("members:import_job", pk=job.pk)
    if not job.file:
        messages.error(request, "上传的文件已超过保留期限被删除，请重新上传。")
        return redirect("members:import_job", pk=job.pk)
    try:
        _run(job, commit=True, rows=job.total)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("members:import_job", pk=job.pk)


@login_required
def template(request: HttpRequest) -> HttpResponse:
    """The template holds no personal data, so it is not an audited export."""
    headers, example, help_rows = template_rows()
    choices = [[f"{title}可选值", "", "、".join(label for _, label in c.choices)]
               for title, c in (("性别", Sex), ("民族", Ethnicity), ("学历", Education), ("人员类别", Category))]
    notes = [*help_rows, [], *choices, ["党籍状态可选值", "", "在册、流动党员"],
             ["日期写法", "", "2019-07-01、2019/7/1、2019年7月1日 均可"]]
    return template_response(filename="党员名册导入模板.xlsx", sheet="党员名册", headers=headers, examples=[example],
                             notes=notes, notes_header=("列名", "是否必填", "说明"))
