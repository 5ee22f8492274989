"""The go-live checklist 上线检查: per township, which of a county's books are in, counted
against what the organization tree expects (every branch has members on the roll, every
electing organization a current term, every branch a secretary, ...), with the imports
still open and a link to each import page.

The books are a registry, `BOOKS`, filled by `DashboardsConfig.ready()` with `BUILTIN`. A
book reads its owning app's selectors only (the `# --- read by the go-live checklist ---`
sections), one grouped query for every township at once. A history import added later
registers its book the same way, from `DashboardsConfig.ready()` (the lower app cannot import
this registry):

    BOOKS.register(Book(
        key="training", group="班子", label="书记参加培训",
        count=lambda cov: {u: Figure(r["trained"], r["secretaries"])
                           for u, r in committees.selectors.training_by_unit(paths=cov.paths, width=cov.width,
                                                                             year=cov.year).items()},
        import_url="committees:import_training",   # the URL name of its import page
        missing=lambda qs, cov: committees.selectors.without_training(qs, cov.year),
        required=False,
    ))

`import_url` empty means "no import page yet": the checklist says so, in that book's row,
and the built-in books whose history import is still to come (committees, dues, meetings,
development) name the URL they wait for in `PENDING_IMPORTS`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Callable

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from committees import selectors as committees
from core.registry import Registry
from development import selectors as development
from dues import selectors as dues
from meetings import selectors as meetings
from members import selectors as members
from organizations import selectors as organizations
from organizations.models import Organization


@dataclass(frozen=True)
class Coverage:
    """What the figures are computed over: the scope's paths, the township width, the day."""

    paths: list[str]
    width: int
    today: datetime.date
    memo: dict[str, Any] = field(default_factory=dict, compare=False)  # a selector's rows two books share

    def once(self, key: str, read: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = read()
        return self.memo[key]

    @property
    def year(self) -> int:
        return self.today.year


@dataclass(frozen=True)
class Figure:
    """One township's count for a book: `done` against `expected` (None: nothing is
    expected, the count is shown as it is)."""

    done: int
    expected: int | None = None

    @property
    def gap(self) -> int:
        return max((self.expected or 0) - self.done, 0) if self.expected is not None else 0


@dataclass(frozen=True)
class Book:
    key: str
    group: str  # the book it belongs to: 组织树, 党员名册, 班子, 党费, 组织生活, 发展党员
    label: str  # what is counted, e.g. 有党员的党支部
    count: Callable[[Coverage], dict[str, Figure]]  # {township path prefix: figure}, one query
    import_url: str = ""  # URL name of the import page; "" until the book has one
    missing: Callable[[QuerySet[Organization], Coverage], QuerySet[Organization]] | None = None  # the gap list
    required: bool = True  # counts for ready/not ready; False: shown for information
    nonzero: bool = False  # with no `expected`: ready when the count is above zero (the tree)

    def ready(self, figure: Figure) -> bool:
        if not self.required:
            return True
        if figure.expected is None:
            return figure.done > 0 or not self.nonzero
        return figure.expected > 0 and figure.done >= figure.expected

    @property
    def has_gap_list(self) -> bool:
        return self.missing is not None

    @property
    def import_href(self) -> str:
        if not self.import_url:
            return ""
        try:
            return reverse(self.import_url)
        except NoReverseMatch:
            return ""


BOOKS: Registry[Book] = Registry("go-live book")


def _figures(rows: dict[str, dict[str, int]], done: str, expected: str | None) -> dict[str, Figure]:
    return {u: Figure(r[done], r[expected] if expected else None) for u, r in rows.items()}


def _committees(cov: Coverage) -> dict[str, dict[str, int]]:
    return cov.once("committees", lambda: committees.committee_coverage_by_unit(paths=cov.paths, width=cov.width))


def _tree(cov: Coverage) -> dict[str, Figure]:
    return {u: Figure(n) for u, n in organizations.branch_counts_by_unit(paths=cov.paths, width=cov.width).items()}


# The history imports of issue #17 §2 that the built-in books wait for (the URL name each
# will have): until a name reverses, the book shows "暂无导入功能" instead of a link.
PENDING_IMPORTS = {
    "terms": "committees:import_terms", "secretaries": "committees:import_terms",
    "dues_bases": "dues:import_bases", "dues_payments": "dues:import_payments",
    "meetings": "meetings:import", "development": "development:import",
}

BUILTIN: tuple[Book, ...] = (
    Book(key="tree", group="组织树", label="党支部", count=_tree, import_url="organizations:import", nonzero=True),
    Book(key="roll", group="党员名册", label="有党员的党支部",
         count=lambda cov: _figures(members.roll_coverage_by_unit(paths=cov.paths, width=cov.width),
                                    "with_members", "branches"),
         import_url="members:import", missing=lambda qs, cov: members.without_members(organizations.active_branches(qs))),
    Book(key="terms", group="班子", label="有本届班子的党组织",
         count=lambda cov: _figures(_committees(cov), "with_term", "electing"),
         import_url=PENDING_IMPORTS["terms"], missing=lambda qs, cov: committees.without_current_term(qs)),
    Book(key="secretaries", group="班子", label="配备书记的党支部",
         count=lambda cov: _figures(_committees(cov), "with_secretary", "branches"),
         import_url=PENDING_IMPORTS["secretaries"],
         missing=lambda qs, cov: committees.without_secretary(organizations.active_branches(qs))),
    Book(key="dues_bases", group="党费", label="已核定本年基数的党员",
         count=lambda cov: _figures(dues.base_coverage_by_unit(paths=cov.paths, width=cov.width, year=cov.year),
                                    "with_base", "members"),
         import_url=PENDING_IMPORTS["dues_bases"],
         missing=lambda qs, cov: dues.without_bases(organizations.active_branches(qs), cov.year)),
    Book(key="dues_payments", group="党费", label="本年有缴费记录的党支部",
         count=lambda cov: _figures(dues.payment_coverage_by_unit(paths=cov.paths, width=cov.width, year=cov.year),
                                    "with_payments", "branches"),
         import_url=PENDING_IMPORTS["dues_payments"], required=False,
         missing=lambda qs, cov: dues.without_payments(organizations.active_branches(qs), cov.year)),
    Book(key="meetings", group="组织生活", label="本年有会议记录的党支部",
         count=lambda cov: _figures(meetings.meeting_coverage_by_unit(paths=cov.paths, width=cov.width,
                                                                      year=cov.year), "with_meetings", "branches"),
         import_url=PENDING_IMPORTS["meetings"], required=False,
         missing=lambda qs, cov: meetings.without_meetings(organizations.active_branches(qs), cov.year)),
    Book(key="development", group="发展党员", label="在册发展对象记录",
         count=lambda cov: _figures(development.applicants_by_unit(paths=cov.paths, width=cov.width), "total", None),
         import_url=PENDING_IMPORTS["development"], required=False),
)


@dataclass
class UnitRow:
    """One township's line of the checklist."""

    unit: Organization
    figures: list[tuple[Book, Figure]] = field(default_factory=list)
    failed_imports: int = 0
    awaiting_imports: int = 0

    @property
    def outstanding_imports(self) -> int:
        return self.failed_imports + self.awaiting_imports

    @property
    def ready(self) -> bool:
        return not self.outstanding_imports and all(book.ready(fig) for book, fig in self.figures)

    @property
    def missing_books(self) -> list[str]:
        return [book.label for book, fig in self.figures if not book.ready(fig)]


@dataclass
class Checklist:
    rows: list[UnitRow]
    books: list[Book]
    county_imports: dict[str, int]  # outstanding roll imports of a scope above the townships

    @property
    def ready_count(self) -> int:
        return sum(1 for r in self.rows if r.ready)


def checklist(units: list[Organization], cov: Coverage) -> Checklist:
    """Every registered book's figures for `units` (townships, keyed by their path's first
    `cov.width` characters): one query per book and one for the open imports, however many
    townships."""
    books = BOOKS.all()
    counted = {book.key: book.count(cov) for book in books}
    jobs = members.outstanding_imports_by_unit(paths=cov.paths, width=cov.width)
    rows = []
    for unit in units:
        key = unit.path[:cov.width]
        job = jobs.get(key, {})
        figures = [(b, counted[b.key].get(key) or (Figure(0, 0) if b.missing else Figure(0))) for b in books]
        rows.append(UnitRow(unit=unit, figures=figures,
                            failed_imports=job.get("failed", 0), awaiting_imports=job.get("awaiting", 0)))
    keys = {u.path[:cov.width] for u in units}
    above: dict[str, int] = {"failed": 0, "awaiting": 0}
    for key, job in jobs.items():
        if key not in keys:
            above["failed"] += job["failed"]
            above["awaiting"] += job["awaiting"]
    return Checklist(rows=rows, books=books, county_imports=above)


def units_for(roots: list[Organization], width: int) -> list[Organization]:
    """The checklist's lines: the townships (depth-2 organizations) under a county root; a
    township or deeper root is its own line."""
    lines: list[Organization] = []
    county_paths = [r.path for r in roots if len(r.path) < width]
    if county_paths:
        lines += list(organizations.active_children_at(county_paths, width))
    lines += [r for r in roots if len(r.path) >= width]
    return sorted(lines, key=lambda o: o.path)


def as_table(result: Checklist) -> tuple[list[str], list[list[Any]]]:
    """The checklist as a sheet: headers and one row per township (for the Excel export)."""
    headers = ["乡镇（街道）"]
    for book in result.books:
        headers += [f"{book.group}：{book.label}", f"{book.group}：应有"]
    headers += ["导入失败", "待确认导入", "状态", "未齐项目"]
    rows = []
    for r in result.rows:
        line: list[Any] = [r.unit.name]
        for _, fig in r.figures:
            line += [fig.done, fig.expected if fig.expected is not None else ""]
        line += [r.failed_imports, r.awaiting_imports, "已就绪" if r.ready else "未就绪", "、".join(r.missing_books)]
        rows.append(line)
    return headers, rows
