"""Importing a roll file: upload → dry-run preview → confirm; a template to download.

The pages run on the import job (members.services.import_jobs), not on
core.importing.page: a large file is checked and imported by a worker while the job's page
shows progress, and the file (ID numbers in clear text) stays in the private storage under
the job instead of the cache."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.importing.staging import template_response
from core.views import scoped_object, scoped_page, unscoped

from ..choices import ImportStatus
from ..forms import ColumnMappingForm, UploadForm
from ..models import ImportJob
from ..rollfile import template_notes, template_rows
from ..services.import_jobs import (
    import_job_confirm,
    import_job_create,
    import_job_map,
    import_job_own,
    import_job_preview,
    import_writer_roots,
    job_progress,
)


@scoped_page
def upload(request: HttpRequest) -> HttpResponse:
    import_writer_roots(request.user)  # a reader sees no upload form
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_job_create(file=form.cleaned_data["file"], actor=request.user)
        return redirect("members:import_job", pk=job.pk)
    jobs = ImportJob.objects.filter(created_by=request.user)[:10]
    return render(request, "members/import_upload.html", {"form": form, "jobs": jobs})


@login_required
@scoped_object(ImportJob, "change")
def job_detail(request: HttpRequest, job: ImportJob) -> HttpResponse:
    import_job_own(job, request.user)
    busy = job.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)
    context = {"job": job, "busy": busy, "done": job_progress(job), "errors": job.errors[:2000]}
    if not busy and (preview := import_job_preview(job)) is not None:
        context.update(preview=preview, mapping_form=ColumnMappingForm(preview=preview))
    if request.htmx and busy:
        return render(request, "members/_import_progress.html", context)
    if request.htmx:
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return render(request, "members/import_job.html", context)


@login_required
@require_POST
@scoped_object(ImportJob, "change")
def job_confirm(request: HttpRequest, job: ImportJob) -> HttpResponse:
    try:
        import_job_confirm(job=job, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("members:import_job", pk=job.pk)


@login_required
@require_POST
@scoped_object(ImportJob, "change")
def job_mapping(request: HttpRequest, job: ImportJob) -> HttpResponse:
    """Say which of the file's columns is each missing required column, and check the file again."""
    import_job_own(job, request.user)
    preview = import_job_preview(job)
    if preview is None:
        messages.error(request, "该文件的表头不需要指定列对应关系，或文件已被删除，请重新上传。")
        return redirect("members:import_job", pk=job.pk)
    form = ColumnMappingForm(request.POST, preview=preview)
    if form.is_valid():
        try:
            import_job_map(job=job, actor=request.user, mapping=form.mapping())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "已保存列对应关系并重新检查文件；本镇下次上传相同表头的文件时自动使用。")
        return redirect("members:import_job", pk=job.pk)
    context = {"job": job, "busy": False, "done": job_progress(job), "errors": job.errors[:2000],
               "preview": preview, "mapping_form": form}
    return render(request, "members/import_job.html", context, status=400)


@login_required
@unscoped("the import template: headers, an invented example row and the allowed values, no organization's data")
def template(request: HttpRequest) -> HttpResponse:
    """The template holds no personal data, so it is not an audited export."""
    headers, example, _help = template_rows()
    return template_response(filename="党员名册导入模板.xlsx", sheet="党员名册", headers=headers, examples=[example],
                             notes=template_notes(), notes_header=("列名", "是否必填", "说明"))
