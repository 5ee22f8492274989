"""Pages of the organization import: upload → dry-run preview → confirm."""

from __future__ import annotations

import io
import secrets
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from openpyxl import Workbook

from accounts.scope import scope_paths
from audit.models import AuditAction
from audit.services import audit_record
from core.exports import XLSX

from .importing import import_commit, plan_import, template_rows

MAX_BYTES = 5 * 1024 * 1024
KEEP_SECONDS = 3600


def _require_writer(request: HttpRequest) -> None:
    if not scope_paths(request.user, "change"):
        raise PermissionDenied("您没有新增组织的权限。")


def _key(request: HttpRequest, token: str) -> str:
    # The file is kept for the same user only, for an hour, between preview and confirm.
    return f"orgimport:{request.user.pk}:{token}"


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    _require_writer(request)
    context: dict = {}
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        stored = cache.get(_key(request, token))
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
            cache.delete(_key(request, token))
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
            token = secrets.token_urlsafe(16)
            if not plan.errors:
                cache.set(_key(request, token), (upload.name, content), KEEP_SECONDS)
            context.update(plan=plan, token=token, filename=upload.name)
    return render(request, "organizations/import.html", context)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _require_writer(request)
    headers, example, notes = template_rows()
    wb = Workbook()
    sheet = wb.active
    sheet.title = "党组织"
    sheet.append(headers)
    sheet.append(example)
    guide = wb.create_sheet("填写说明")
    guide.append(["列", "是否必填", "说明"])
    for row in notes:
        guide.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('党组织导入模板.xlsx')}"
    return response
