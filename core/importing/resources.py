"""History imports driven by django-import-export, on the shared two-step page.

A kind declares a `HistoryResource` (a django-import-export `ModelResource` whose fields are
`Col`s: the Chinese header, the model attribute, a tolerant parser of core.importing.cells,
required or not, aliases, help and an example) and a `ResourceImport` naming it:

    class TermResource(HistoryResource):
        organization = ScopedRefCol("党组织", "organization", Organization, required=True)  # in the change scope
        elected_on = Col("选举日期", "elected_on", parse_date, required=True, example="2021-03-15")
        class Meta:
            model = Term
            fields = ("organization", "elected_on")               # the template's columns, in order
            import_id_fields = ("organization", "elected_on")     # the natural key: a re-import skips the row

        def resolve(self, values): ...                             # reads across columns (holders on the roll)
        def save_new(self, values): ...                            # the app's write service

    class TermImport(ResourceImport):
        key, resource_class, title, url_name = "termimport", TermResource, "导入历届班子", "committees:import_terms"

    urlpatterns += import_paths("import/terms/", "import_terms", TermImport())   # the page and its template

The file is read by the core reader (core.importing.reader via plan.check_file: every format,
header row, footers), its columns matched by header or alias, and the rows put in a
`tablib.Dataset` under the template's Chinese headers. The check runs the Resource in dry run
(a transaction rolled back, each row in its own savepoint, so later rows see the earlier ones);
every row error, cell or service, becomes a plan error (row number, column, Chinese reason).
The commit runs the same import for real in one transaction: any error rolls all of it back.
A row whose natural key is already on file is skipped: importing a file twice adds nothing.
`core.signals.imported` is sent inside the transaction (the audit app writes the IMPORT row)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.views import View
from import_export import fields, resources

from core.scoping import scope_paths
from core.signals import imported
from core.views import ScopedPageMixin

from .cells import CellError, Column, normalize_text, parse_text
from .page import ImportKind, ImportPageView
from .plan import Plan, check_file
from .staging import template_response

EXAMPLE_MARK = "示例行"  # a row with a cell starting so (the template's example) is skipped


def parse_count(value: Any) -> int | None:
    """A whole number ≥ 0 (12, "12", "12人", "１２"); blank is None."""
    text = parse_text(value).rstrip("人票天次")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise CellError(f"“{text}”不是数字。") from None
    if number < 0 or not number.is_integer():
        raise CellError(f"“{text}”应为不小于0的整数。")
    return int(number)


class Col(fields.Field):
    """One column of a history import: a django-import-export field read with a parser of
    core.importing.cells (a CellError is the cell's Chinese reason). `attribute=None` for a
    column the resource reads itself from the row (e.g. the holders of posts)."""

    def __init__(self, header: str, attribute: str | None = None, parse: Callable[[Any], Any] = parse_text, *,
                 required: bool = False, aliases: tuple[str, ...] = (), help: str = "", example: Any = "") -> None:
        super().__init__(attribute=attribute, column_name=header)
        self.parse, self.required, self.aliases, self.help, self.example = parse, required, aliases, help, example

    def clean(self, row: Any, **kwargs: Any) -> Any:
        try:
            value = self.parse(row.get(self.column_name))
        except CellError as exc:
            raise ValueError(str(exc)) from None
        if self.required and value in ("", None):
            raise ValueError(f"“{self.column_name}”为必填项，不能为空。")
        return value


class ScopedRefCol(Col):
    """A row of a scoped model named by its code or its name, found among the rows the
    importing user may change: a name outside the scope is the row's error, never written."""

    def __init__(self, header: str, attribute: str, model: type[Model], *, lookups: tuple[str, ...] = ("code", "name"),
                 noun: str = "党组织", **kwargs: Any) -> None:
        super().__init__(header, attribute, parse_text, **kwargs)
        self.model, self.lookups, self.noun = model, lookups, noun
        self.user: Any = None  # set by the resource

    def clean(self, row: Any, **kwargs: Any) -> Any:
        text = super().clean(row, **kwargs)
        if text in ("", None):
            return None
        scope = self.model.objects.for_user(self.user, "change")  # type: ignore[attr-defined]
        for lookup in self.lookups:
            found = list(scope.filter(**{lookup: text})[:3])
            if len(found) > 1:
                raise ValueError(f"您管理范围内有多个名为“{text}”的{self.noun}，请改填代码。")
            if found:
                return found[0]
        raise ValueError(f"找不到{self.noun}“{text}”，或它不在您的管理范围内。")


class HistoryResource(resources.ModelResource):
    """A ModelResource for one kind of history. Each row's cells are read first, all of them
    (`clean_row`: every bad cell is reported, by column), then `resolve` reads across columns
    (e.g. post holders on the organization's roll). A row whose natural key
    (`import_id_fields`) is already on file is skipped; a new row is written by `save_new`
    (the app's service, which checks it again and audits it); a ValidationError it raises names
    fields, headers or `error_columns` keys."""

    error_columns: ClassVar[dict[str, str]] = {}

    def __init__(self, *, user: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user = user
        for f in self.fields.values():
            if isinstance(f, ScopedRefCol):
                f.user = user

    @classmethod
    def columns(cls) -> list[Col]:
        """The columns in the order of Meta.fields (the template's order)."""
        return [f for f in (cls.fields[name] for name in cls._meta.fields) if isinstance(f, Col)]

    def column_of(self, key: str) -> str:
        """The column a ValidationError's key stands for (a field name or attribute, a header, an
        error_columns key); the row as a whole otherwise."""
        for name, f in self.fields.items():
            if key in (name, f.attribute, f.column_name):
                return str(f.column_name)
        return self.error_columns.get(key, "行")

    def clean_row(self, row: Any) -> dict[str, Any]:
        values: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        for name, f in self.fields.items():
            try:
                values[name] = f.clean(row)
            except ValueError as exc:
                errors.setdefault(str(f.column_name), []).append(str(exc))
        if not errors:
            try:
                self.resolve(values)
            except ValidationError as exc:
                for key, message in _reasons(exc):
                    errors.setdefault(self.column_of(key), []).append(message)
        if errors:
            raise ValidationError(errors)
        return values

    def resolve(self, values: dict[str, Any]) -> None:
        """Read across columns, adding to `values`; raise ValidationError({column: reason})."""

    def existing(self, values: dict[str, Any]) -> Model | None:
        """The row on file with the same natural key (import_id_fields), or None."""
        key = {self.fields[name].attribute or name: values[name] for name in self.get_import_id_fields()}
        return self._meta.model.objects.filter(**key).first()

    def get_or_init_instance(self, instance_loader: Any, row: Any) -> tuple[Any, bool]:
        values = self.clean_row(row)
        found = self.existing(values)
        if found is not None:
            return found, False
        instance = self.init_instance(row)
        instance._import_values = values
        return instance, True

    def import_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        """The cells were read by clean_row; the service writes them (save_new)."""

    def skip_row(self, instance: Any, original: Any, row: Any, import_validation_errors: Any = None) -> bool:
        return instance.pk is not None  # already on file: history is not rewritten

    def save_instance(self, instance: Any, is_create: bool, row: Any, **kwargs: Any) -> None:
        instance.pk = self.save_new(instance._import_values).pk

    def save_new(self, values: dict[str, Any]) -> Model:
        raise NotImplementedError


@dataclass
class ResourcePlan(Plan):
    """The check's result: the rows as a Dataset (their sheets and row numbers alongside) and the counts."""

    sheet: str = ""  # the sheet an error is filed under, when the file has several

    dataset: tablib.Dataset = field(default_factory=tablib.Dataset)
    places: list[tuple[str, int]] = field(default_factory=list)  # (sheet, row number) of each Dataset row
    new: int = 0
    existing: int = 0
    skipped: int = 0  # example rows


def _reasons(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [(key, message) for key, errors in error.message_dict.items() for message in errors]
    return [(NON_FIELD_ERRORS, message) for message in error.messages]


class ResourceImport(ImportKind):
    """An ImportKind running `resource_class` over the rows the core reader produced."""

    resource_class: type[HistoryResource]
    template_name = "_import_history.html"
    title = ""
    noun = "条记录"
    template_filename = ""
    steps: tuple[str, ...] = ()  # the page's own lines of instructions (after the shared ones)
    order: Callable[[dict[str, Any]], Any] | None = None  # the order rows are written in (e.g. by date)
    url_name = ""  # "<app>:<name>"; its template is "<app>:<name>_template"

    def allowed(self, user: Any) -> None:
        if not scope_paths(user, "change"):
            raise PermissionDenied("您没有导入数据的权限。")

    def restart_url(self, **params: Any) -> str:
        return reverse(self.url_name)

    def context(self, request: HttpRequest, params: dict[str, Any]) -> dict[str, Any]:
        return {"title": self.title, "steps": self.steps, "template_url": reverse(self.url_name + "_template")}

    def summary(self, plan: Plan) -> str:
        p: ResourcePlan = plan  # type: ignore[assignment]
        if p.errors:
            return format_html("共 {} 行，其中 <strong>{}</strong> 行有错误。", p.total, len({e["row"] for e in p.errors}))
        return format_html("共 {} 行：将新增 <strong>{}</strong> {}，已在系统中（跳过）{} 行。", p.total, p.new, self.noun,
                           p.existing)

    def confirm_text(self, plan: Plan) -> str:
        return f"确认导入 {plan.new} {self.noun}吗？"  # type: ignore[attr-defined]

    def done(self, result: Any, **params: Any) -> tuple[str, str]:
        return f"导入完成：新增 {result['created']} {self.noun}，已有 {result['unchanged']} 行未重复导入。", reverse(self.url_name)

    # --- reading the file into a Dataset -------------------------------------------------------
    def _read(self, plan: ResourcePlan, handle: Any, filename: str) -> None:
        cols = self.resource_class.columns()
        core_columns = tuple(Column(c.column_name, c.column_name, lambda v: v, c.required, c.aliases) for c in cols)
        rows: list[tuple[tuple[str, int], list[Any]]] = []

        def check_row(number: int, values: list[Any], found: dict[int, Column]) -> None:
            by_header = {col.header: values[i] if i < len(values) else None for i, col in found.items()}
            if any(isinstance(v, str) and normalize_text(v).startswith(EXAMPLE_MARK) for v in by_header.values()):
                plan.total -= 1
                plan.skipped += 1
                return
            rows.append(((getattr(plan, "sheet", ""), number), [by_header.get(c.column_name) for c in cols]))

        check_file(plan, handle, filename, core_columns, check_row)
        headers = [c.column_name for c in cols]
        if self.order is not None:
            rows.sort(key=lambda r: self.order(dict(zip(headers, r[1]))))  # type: ignore[misc]
        plan.dataset = tablib.Dataset(*(values for _, values in rows), headers=headers)
        plan.places = [place for place, _ in rows]

    @staticmethod
    def _error_at(plan: ResourcePlan, index: int, column: str, message: str) -> None:
        """An error of the Dataset's row `index` (1-based), filed under its sheet and row."""
        plan.sheet, number = plan.places[index - 1]  # the sheet: when the file has several
        plan.error(number, column, message)
        plan.sheet = ""

    def _run(self, plan: ResourcePlan, *, user: Any, dry_run: bool) -> Any:
        resource = self.resource_class(user=user)
        result = resource.import_data(plan.dataset, dry_run=dry_run, use_transactions=True, raise_errors=False)
        for error in result.base_errors:
            plan.error(0, "文件", f"导入失败：{error.error}")
        for index, errors in result.row_errors():
            for error in errors:
                reason = error.error.messages if isinstance(error.error, ValidationError) else [str(error.error)]
                for message in reason:
                    self._error_at(plan, index, "行", message)
        for invalid in result.invalid_rows:
            for key, message in _reasons(invalid.error):
                self._error_at(plan, invalid.number, resource.column_of(key), message)
        sort = getattr(plan, "sort_errors", None)  # by sheet, then row (a reader of several sheets)
        sort() if sort else plan.errors.sort(key=lambda e: e["row"])
        plan.new, plan.existing = result.totals["new"], result.totals["skip"]
        return result

    def plan(self, handle: Any, filename: str, *, user: Any, **params: Any) -> Plan:
        plan = ResourcePlan()
        self._read(plan, handle, filename)
        if not plan.errors and plan.places:
            self._run(plan, user=user, dry_run=True)
        return plan

    def commit(self, plan: Plan, *, user: Any, filename: str, **params: Any) -> dict[str, int]:
        p: ResourcePlan = plan  # type: ignore[assignment]
        if p.errors:
            raise ValidationError("导入文件有错误，请修改后重新上传。")
        with transaction.atomic():
            self._run(p, user=user, dry_run=False)
            if p.errors:  # the records changed since the check: nothing is written
                raise ValidationError([f"{e.get('sheet', '')}第{e['row']}行 {e['column']}：{e['message']}" for e in p.errors])
            counts = {"created": p.new, "unchanged": p.existing}
            imported.send(sender=type(self), actor=user, filename=filename, kind=self.key, counts=counts)
        return counts

    # --- the template --------------------------------------------------------------------------
    def template_rows(self) -> tuple[list[str], list[Any], list[list[str]]]:
        cols = self.resource_class.columns()
        headers = [("*" if c.required else "") + c.column_name for c in cols]
        example = [c.example for c in cols]
        free = [i for i, c in enumerate(cols) if c.parse is parse_text and not c.required and c.attribute]
        example[free[-1]] = f"{EXAMPLE_MARK}（导入时跳过）"
        notes = [[c.column_name, "必填" if c.required else "选填",
                  "；".join(filter(None, [c.help, "也可写作：" + "、".join(c.aliases) if c.aliases else ""]))]
                 for c in cols]
        return headers, example, notes

    def template_response(self) -> HttpResponse:
        headers, example, notes = self.template_rows()
        return template_response(filename=self.template_filename, sheet=self.title.removeprefix("导入"),
                                 headers=headers, examples=[example], notes=notes)


class ImportTemplateView(ScopedPageMixin, View):
    """The .xlsx template of a ResourceImport: its Chinese headers, one example row, 填写说明."""

    kind: ResourceImport = ResourceImport()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.kind.allowed(request.user)
        return self.kind.template_response()


def import_paths(route: str, name: str, kind: ResourceImport) -> list[URLPattern]:
    """The page (`name`) and its template (`name`_template) of a history import, for urls.py."""
    return [path(route, ImportPageView.as_view(kind=kind), name=name),
            path(route + "template/", ImportTemplateView.as_view(kind=kind), name=name + "_template")]
