"""The page every upload-and-confirm import shares: upload → check (nothing written, every
problem listed) → the checked file staged for an hour → confirm → commit in one transaction.

A kind declares what differs and nothing else:

    class TreeImport(ImportKind):
        key = "orgimport"                       # staging key
        template_name = "organizations/import.html"
        form_class = UploadForm                 # `file` (+ the kind's own fields, e.g. `year`)
        max_bytes, too_large = 5 * 2**20, "文件超过 5 MB，请拆分后分批导入。"
        def allowed(self, user): ...            # PermissionDenied when the user may not import
        def plan(self, handle, filename, *, user, **params): ...    # a core.importing.plan.Plan
        def commit(self, plan, *, user, filename, **params): ...   # the service; returns a result
        def done(self, result, **params): ...   # (message, url) after a commit

    urlpatterns = [path("import/", ImportPageView.as_view(kind=TreeImport()), name="import")]

The template gets `form`, `plan`, `token`, `filename`, `commit_error`, `params`, `summary`,
`confirm_text` and `restart_url`, and includes "_import_upload.html" (the upload form) and
"_import_check.html" (the check result, every bad row, and the confirm button)."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from core.forms import style_form
from core.views import ScopedPageMixin

from .plan import Plan
from .reader import EXTENSIONS_TEXT
from .staging import stage, staged, unstage


class UploadForm(forms.Form):
    file = forms.FileField(label=f"选择文件（{EXTENSIONS_TEXT}）", error_messages={"required": f"请选择要上传的 {EXTENSIONS_TEXT} 文件。"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_form(self)


class ImportKind:
    key = ""
    template_name = ""
    form_class: type[forms.Form] = UploadForm
    max_bytes = 5 * 1024 * 1024
    too_large = "文件超过 5 MB，请拆分后分批导入。"
    expired = "上传的文件已过期，请重新上传。"

    def allowed(self, user: Any) -> None:
        """Raise PermissionDenied when `user` may not use this import."""

    def initial(self, request: HttpRequest) -> dict[str, Any]:
        return {}

    def params(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        """The form's values besides the file that the check and the commit need (kept with the file)."""
        return {k: v for k, v in cleaned.items() if k != "file"}

    def plan(self, handle: Any, filename: str, *, user: Any, **params: Any) -> Plan:
        raise NotImplementedError

    def commit(self, plan: Plan, *, user: Any, filename: str, **params: Any) -> Any:
        raise NotImplementedError

    def done(self, result: Any, **params: Any) -> tuple[str, str]:
        raise NotImplementedError

    def restart_url(self, **params: Any) -> str:
        """Where "重新上传" and an expired confirmation lead."""
        raise NotImplementedError

    def summary(self, plan: Plan) -> str:
        """The check result in one line (may hold <strong>: build it with format_html)."""
        return f"共 {plan.total} 行。"

    def confirm_text(self, plan: Plan) -> str:
        return "确认导入吗？"

    def context(self, request: HttpRequest, params: dict[str, Any]) -> dict[str, Any]:
        return {}


class ImportPageView(ScopedPageMixin, View):
    kind: ImportKind = ImportKind()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.kind.allowed(request.user)
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, params: dict[str, Any], **context: Any) -> HttpResponse:
        context.setdefault("form", self.kind.form_class(initial={**self.kind.initial(self.request), **params}))
        context.update(params=params, restart_url=self.kind.restart_url(**params),
                       **self.kind.context(self.request, params))
        if context.get("plan") is not None:
            context.update(summary=self.kind.summary(context["plan"]), confirm_text=self.kind.confirm_text(context["plan"]))
        return render(self.request, self.kind.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_page({})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = request.POST.get("token")
        return self.confirm(token) if token else self.check()

    def check(self) -> HttpResponse:
        form = self.kind.form_class(self.request.POST, self.request.FILES)
        if form.is_valid() and form.cleaned_data["file"].size > self.kind.max_bytes:
            form.add_error("file", self.kind.too_large)
        if not form.is_valid():
            return self.render_page({}, form=form)
        upload, params = form.cleaned_data["file"], self.kind.params(form.cleaned_data)
        content = upload.read()
        plan = self.kind.plan(io.BytesIO(content), upload.name, user=self.request.user, **params)
        token = "" if plan.errors else stage(self.request, self.kind.key, (upload.name, content, params))
        return self.render_page(params, form=form, plan=plan, token=token, filename=upload.name)

    def confirm(self, token: str) -> HttpResponse:
        stored = staged(self.request, self.kind.key, token)
        if stored is None:
            messages.error(self.request, self.kind.expired)
            return redirect(self.kind.restart_url())
        name, content, params = stored
        plan = self.kind.plan(io.BytesIO(content), name, user=self.request.user, **params)
        if plan.errors:  # the records changed since the check in a way the file now breaks
            return self.render_page(params, plan=plan, filename=name)
        try:
            result = self.kind.commit(plan, user=self.request.user, filename=name, **params)
        except ValidationError as exc:
            return self.render_page(params, plan=plan, token=token, filename=name, commit_error="；".join(exc.messages))
        unstage(self.request, self.kind.key, token)
        message, url = self.kind.done(result, **params)
        messages.success(self.request, message)
        return redirect(url)
