"""Pages of the organization import: upload → dry-run preview → confirm."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.scope import scope_paths
from audit.models import AuditAction
from audit.services import audit_record
from core.importing.staging import stage, staged, template_response, unstage

from .importing import import_commit, plan_import, template_rows

MAX_BYTES = 5 * 1024 * 1024


def _require_writer(request: HttpRequest) -> None:
    if not scope_paths(request.user, "change"):
        raise PermissionDenied("您没有新增组织的权限。")


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    _require_writer(request)
    context: dict = {}
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        stored = staged(request, "orgimport", token)
        if stored is None:
            messages.error(request, "上传的文件已过期，请重新上传。")
            return redirect("organizations:import")
        name, content = stored
        plan = plan_import(io.BytesIO(content), name, user=request.user)
        try:
            result = import_commit(plan, user=request.user)
        except ValidationError as exc:
            context.update(plan=plan, token=token, filename=name, commit_error="；".join(exc.messages))
        else:
            unstage(request, "orgimport", token)
            audit_record(action=AuditAction.IMPORT, actor=request.user, extra={"file": name, "organizations": result})
            messages.success(request, f"导入完成：新增 {result['created']} 个、更新 {result['updated']} 个、"
                                      f"未变 {result['unchanged']} 个组织。")
            return redirect("organizations:list")
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["upload_error"] = "请选择要上传的 .xlsx 或 .csv 文件。"
        elif upload.size > MAX_BYTES:
            context["upload_error"] = "文件超过 5 MB，请拆分后分批导入。"
        else:
            content = upload.read()
            plan = plan_import(io.BytesIO(content), upload.name, user=request.user)
            token = "" if plan.errors else stage(request, "orgimport", (upload.name, content))
            context.update(plan=plan, token=token, filename=upload.name)
    return render(request, "organizations/import.html", context)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _require_writer(request)
    headers, example, notes = template_rows()
    return template_response(filename="党组织导入模板.xlsx", sheet="党组织", headers=headers, examples=[example],
                             notes=notes)
