"""A toy import kind for the shared import page's tests: rows of 名称 and 数量."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from django.utils.html import format_html

from core.importing.cells import Column
from core.importing.page import ImportKind, ImportPageView, UploadForm
from core.importing.plan import Plan, check_file

COMMITTED: list[list[tuple[str, int]]] = []


def _count(value: Any) -> int:
    text = str(value).strip()
    if not text.isdigit():
        raise ValueError("数量应为整数")
    return int(text)


COLUMNS = (Column("名称", "name", str, required=True), Column("数量", "count", _count, required=True))


class ToyPlan(Plan):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, int]] = []


class ToyForm(UploadForm):
    batch = forms.CharField(label="批次", max_length=10)


class ToyImport(ImportKind):
    key = "toyimport"
    template_name = "toy_import.html"
    form_class = ToyForm
    max_bytes = 200
    too_large = "文件超过 200 字节。"

    def allowed(self, user: Any) -> None:
        if user.username == "reader":
            raise PermissionDenied("您没有导入的权限。")

    def plan(self, handle: Any, filename: str, *, user: Any, batch: str = "", **params: Any) -> Plan:
        plan = ToyPlan()

        def check_row(number: int, values: list[Any], columns: dict[int, Column]) -> None:
            row = {c.field: values[i] if i < len(values) else "" for i, c in columns.items()}
            try:
                plan.rows.append((str(row["name"]), _count(row["count"])))
            except ValueError as exc:
                plan.error(number, "数量", str(exc))

        check_file(plan, handle, filename, COLUMNS, check_row)
        return plan

    def commit(self, plan: Plan, *, user: Any, filename: str, batch: str = "", **params: Any) -> int:
        if batch == "fail":
            raise ValidationError("批次已关闭")
        COMMITTED.append(list(plan.rows))  # type: ignore[attr-defined]
        return len(plan.rows)  # type: ignore[attr-defined]

    def done(self, result: Any, **params: Any) -> tuple[str, str]:
        return f"已导入 {result} 行（批次 {params['batch']}）。", "/toy/done/"

    def restart_url(self, **params: Any) -> str:
        return "/toy/import/"

    def summary(self, plan: Plan) -> str:
        return format_html("共 {} 行：将导入 <strong>{}</strong> 行。", plan.total, len(plan.rows))  # type: ignore[attr-defined]

    def confirm_text(self, plan: Plan) -> str:
        return f"确认导入 {len(plan.rows)} 行吗？"  # type: ignore[attr-defined]


def _project_urls() -> list:
    from config.urls import urlpatterns  # base.html links to the project's pages

    return list(urlpatterns)


urlpatterns = [path("toy/import/", ImportPageView.as_view(kind=ToyImport()), name="toy_import"), *_project_urls()]
