"""Importing a roll file in two steps: `plan_import` checks every row and writes
nothing (the dry-run preview); `import_commit` writes the whole plan in one
transaction, or nothing. Idempotent on the ID number: an unchanged row is skipped."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import IO, Any, Callable, Iterator

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.scope import is_in_scope, scope_paths
from audit.models import AuditAction
from audit.services import audit_record, diff
from core.importing.cells import CellError, YearMonth, parse_cells, parse_text
from core.importing.layout import Header, cell_text, find_header, footer_text
from core.importing.plan import Plan as ImportPlan
from core.importing.plan import check_file
from core.importing.reader import FileFormatError, check_file_size, count_rows, read_sheets
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Kind

from ..choices import ACTIVE_STATUSES, MemberStatus
from ..crypto import EncryptedTextField, blind_index, encrypt, old_blind_indexes
from ..idcard import id_birth_date, mask_id, normalize_id
from ..models import Member
from ..rollfile import COLUMNS, EXAMPLE_MARK, header_map
from ..rules import NEUTRAL_ID_REFUSAL, clean_member_data
from .bulk import copy_audit, copy_rows, reserve_ids
from .member import member_audit_snapshot

CHUNK = 2000
FIELD_HEADER = {c.field: c.header for c in COLUMNS}
COLUMN_BY_HEADER = {c.header: c for c in COLUMNS}
# {header fingerprint: {required column: the file's column index}}, a township's column mappings
Mappings = dict[str, dict[str, int]]
MEMBER_FIELDS = ("name", "sex", "ethnicity", "birth_date", "id_number", "phone", "education", "occupation",
                 "join_date", "full_member_date", "category", "status", "is_hardship", "is_elderly",
                 "is_lost_contact", "notes")
Progress = Callable[[int], None]
# values of the optional columns a file leaves out
_DEFAULTS = {"education": "", "occupation": "", "notes": "", "phone": "", "is_hardship": False,
             "is_elderly": False, "is_lost_contact": False, "full_member_date": None}


@dataclass
class Plan(ImportPlan):
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[Member, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    unmapped: bool = False  # a sheet lacks required columns: the page offers to say which column is which
    mapped: dict[str, int] = field(default_factory=dict)  # a saved column mapping applied to the file

    @property
    def summary(self) -> dict[str, int]:
        return {"total": self.total, "create": len(self.creates), "update": len(self.updates),
                "unchanged": self.unchanged, "error_rows": len({e["row"] for e in self.errors})}


class _Lookup:
    """The branches and party groups the user may import into, read once."""

    def __init__(self, user: Any) -> None:
        orgs = Organization.objects.for_user(user, "change").active().filter(
            kind__in=(*BRANCH_KINDS, Kind.PARTY_GROUP)).only("id", "name", "code", "kind", "path", "depth", "status")
        self.by_code: dict[str, Organization] = {}
        self.by_name: dict[str, list[Organization]] = {}
        self.groups: dict[tuple[str, str], Organization] = {}
        for org in orgs:
            if org.kind == Kind.PARTY_GROUP:
                self.groups[(org.path[: -org.steplen], org.name)] = org
                continue
            if org.code:
                self.by_code[org.code] = org
            self.by_name.setdefault(org.name, []).append(org)

    def branch(self, text: str) -> Organization:
        if text in self.by_code:
            return self.by_code[text]
        found = self.by_name.get(text, [])
        if len(found) == 1:
            return found[0]
        if found:
            raise CellError(f"有{len(found)}个党支部名为“{text}”，请改填组织代码。")
        raise CellError(f"找不到党支部“{text}”，或不在您的管理范围内。")

    def sheet_branch(self, sheet: str, titles: list[str]) -> Organization:
        """The branch a sheet without a branch column is about: its name (or code) as the
        sheet's name, else the longest branch name in a title row, else the one branch whose
        name holds the sheet's name ("东村" for 东村党支部)."""
        name = sheet.strip()
        if name in self.by_code or name in self.by_name:
            return self.branch(name)
        for title in titles:
            named = sorted((n for n in self.by_name if n in title), key=len, reverse=True)
            if named:
                return self.branch(named[0])
        holding = [n for n in self.by_name if len(name) >= 2 and name in n]
        if len(holding) == 1:
            return self.branch(holding[0])
        where = f"工作表名“{name}”" + (f"和标题“{titles[0][:30]}”" if titles else "")
        raise CellError(f"文件没有“所在党支部”列，从{where}中也找不到您管理范围内的党支部。"
                        "请加上“所在党支部”列，或把工作表命名为党支部名称。")


def _birth_from_month(number: int, data: dict[str, Any], plan: Plan) -> bool:
    """A birth year and month (出生年月) stands for the ID number's birth date when they agree."""
    month = data["birth_date"]
    born = id_birth_date(normalize_id(str(data.get("id_number") or "")))
    data["birth_date"] = None
    if born is None or (born.year, born.month) == (month.year, month.month):
        return True  # a bad ID number is reported by the member rules
    plan.error(number, FIELD_HEADER["birth_date"], f"出生年月“{month}”与公民身份号码中的出生日期（{born.year}年{born.month}月）"
                                                   "不一致，可不填，按号码自动识别。")
    return False


def _parse_row(number: int, values: list[Any], columns: dict, lookup: _Lookup, plan: Plan,
               sheet_branch: Organization | None = None) -> dict[str, Any] | None:
    reported: set[str] = set()

    def cell_error(header: str, message: str) -> None:
        reported.add(header)
        plan.error(number, header, message)

    data, ok = parse_cells(values, columns, cell_error)
    if str(data.get("notes", "")).startswith(EXAMPLE_MARK):
        return None
    name_at = next((i for i, c in columns.items() if c.field == "name"), None)
    if name_at is not None and data.get("name") and name_at < len(values):
        written = parse_text(values[name_at])
        if written != data["name"]:
            plan.note(number, f"姓名“{written}”中的空格已去掉，按“{data['name']}”导入。")
    if isinstance(data.get("birth_date"), YearMonth) and not _birth_from_month(number, data, plan):
        ok = False
    if sheet_branch is not None and "branch" not in data:
        data["organization"] = sheet_branch
    elif data.get("branch"):
        try:
            data["organization"] = lookup.branch(data.pop("branch"))
        except CellError as exc:
            plan.error(number, FIELD_HEADER["branch"], str(exc))
            ok = False
    group_name = data.pop("party_group", "")
    if group_name and "organization" in data:
        group = lookup.groups.get((data["organization"].path, group_name))
        if group is None:
            plan.error(number, FIELD_HEADER["party_group"], f"该支部下没有党小组“{group_name}”。")
            ok = False
        data["party_group"] = group
    for name, default in _DEFAULTS.items():
        if data.get(name) is None:
            data[name] = default
    data["ethnicity"] = data.get("ethnicity") or "01"
    data["status"] = data.get("status") or MemberStatus.IN_BRANCH
    if data["status"] not in ACTIVE_STATUSES:
        plan.error(number, FIELD_HEADER["status"], "导入的党员状态只能是在册或流动党员。")
        ok = False
    cleaned, errors = clean_member_data(data)
    for name, message in errors.items():
        if FIELD_HEADER.get(name, name) not in reported:  # a cell already reported unreadable is not also "missing"
            plan.error(number, FIELD_HEADER.get(name, name), message)
    if errors or not ok:
        return None
    cleaned["row"] = number
    cleaned["sheet"] = plan.sheet
    cleaned["id_number_index"] = blind_index(cleaned["id_number"])
    return cleaned


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _match_existing(plan: Plan, rows: list[dict[str, Any]], user: Any) -> None:
    """Split valid rows into creates, updates and unchanged by the active record of the
    same ID number; a member on another branch's roll needs a transfer, not an import."""
    for chunk in _chunks(rows, 5000):
        # during a key rotation an existing record may still carry its index under an old key
        keys = {row["row"]: [row["id_number_index"], *old_blind_indexes(row["id_number"])] for row in chunk}
        existing = {m.id_number_index: m for m in Member.objects.filter(
            id_number_index__in=[i for indexes in keys.values() for i in indexes], status__in=ACTIVE_STATUSES,
        ).select_related("organization")}
        for row in chunk:
            member = next((existing[i] for i in keys[row["row"]] if i in existing), None)
            if member is None:
                plan.creates.append(row)
                continue
            plan.sheet = row["sheet"]
            if member.organization_id != row["organization"].pk:
                if is_in_scope(user, member.organization.path):
                    plan.error(row["row"], FIELD_HEADER["branch"], f"该党员已在“{member.organization.name}”的名册中，"
                                                                   "转到其他支部请办理组织关系转接。")
                else:  # outside the uploader's scope: not where, not whom, not even "a member"
                    plan.error(row["row"], FIELD_HEADER["id_number"], NEUTRAL_ID_REFUSAL)
                continue
            changed = {f: row.get(f) for f in MEMBER_FIELDS if row.get(f) != getattr(member, f)}
            group = row.get("party_group")
            if (group.pk if group else None) != member.party_group_id:
                changed["party_group"] = group
            if changed:
                plan.updates.append((member, changed))
            else:
                plan.unchanged += 1


def header_fingerprint(texts: list[Any]) -> str:
    """The fingerprint of a header's cells (blank cells at its end left out)."""
    cells = [cell_text(t) for t in texts]
    while cells and not cells[-1]:
        cells.pop()
    return hashlib.sha256("\x1f".join(cells).encode()).hexdigest()


def _mapped_header(mappings: Mappings) -> Callable[[list[Any]], tuple[dict, list[str]]]:
    """The roll's header map, with a township's saved mapping for a header it was given for."""

    def mapping(texts: list[Any]) -> tuple[dict, list[str]]:
        found, missing = header_map(texts)
        saved = mappings.get(header_fingerprint(texts)) if missing and mappings and len(texts) > 1 else None
        if not saved:
            return found, missing
        for name, index in saved.items():
            if name in missing and isinstance(index, int) and 0 <= index < len(texts) and index not in found:
                found[index] = COLUMN_BY_HEADER[name]
        have = {c.header for c in found.values()}
        return found, [m for m in missing if m not in have]

    return mapping


def mapping_text(texts: list[str], mapping: dict[str, int]) -> str:
    """“第3列“身份证件号”为“公民身份号码”” for each mapped column."""
    return "、".join(f"第{i + 1}列“{texts[i] if i < len(texts) else ''}”为“{name}”" for name, i in mapping.items())


def plan_import(handle: IO[bytes], filename: str, *, user: Any, progress: Progress | None = None,
                mappings: Mappings | None = None) -> Plan:
    """The dry run: check every row, list every error with its row and column, write nothing.
    `mappings` are the township's saved column mappings, applied to a header they were given for."""
    plan = Plan()
    mappings = mappings or {}
    lookup = _Lookup(user)
    valid: list[dict[str, Any]] = []
    seen: dict[str, int] = {}

    sheet_branch: dict[str, Organization | None] = {"branch": None}

    def on_sheet(name: str, header: Header) -> None:
        """A sheet without a 所在党支部 column is one branch's: named by the sheet or its title."""
        sheet_branch["branch"] = None
        saved = mappings.get(header_fingerprint(header.texts)) if mappings else None
        if saved and any(COLUMN_BY_HEADER[name] is header.found.get(i) for name, i in saved.items()):
            plan.mapped = saved
            plan.note(header.number, "已按上次的列对应关系识别：" + mapping_text(header.texts, saved) + "。")
        branch_header = FIELD_HEADER["branch"]
        if header.missing != [branch_header]:
            return  # has its branch column, or lacks others too: the missing columns are reported
        try:
            sheet_branch["branch"] = lookup.sheet_branch(name, header.titles)
        except CellError as exc:
            plan.error(header.number, branch_header, str(exc))
            header.missing = [m for m in header.missing if m != branch_header]
            header.found = {}  # the sheet's rows are not checked: the error above says why
            return
        header.missing = [m for m in header.missing if m != branch_header]
        plan.note(header.number, f"工作表“{name}”没有“所在党支部”列，按“{sheet_branch['branch'].name}”导入。")

    def check_row(number: int, values: list[Any], columns: dict) -> None:
        if not columns:
            return
        row = _parse_row(number, values, columns, lookup, plan, sheet_branch["branch"])
        if row is not None:
            first = seen.setdefault(row["id_number_index"], number)
            if first != number:
                plan.error(number, FIELD_HEADER["id_number"], f"与第{first}行的公民身份号码重复。")
            else:
                valid.append(row)
        if progress and plan.total % 1000 == 0:
            progress(plan.total)

    first = check_file(plan, handle, filename, _mapped_header(mappings), check_row, on_sheet)
    plan.unmapped = any(e["column"] == "表头" and e["message"].startswith("缺少必填列") for e in plan.errors)
    if first is None:
        return plan
    _match_existing(plan, valid, user)
    plan.sheet = ""
    plan.sort_errors()
    return plan


class _RowView:
    """A planned row seen as a member (attribute access), for the audit snapshot."""

    def __init__(self, row: dict[str, Any], pk: int) -> None:
        self.__dict__.update(row)
        self.pk = self.id = pk
        self.organization_id = row["organization"].pk
        group = row.get("party_group")
        self.party_group_id = group.pk if group else None


def _member_values(row: dict[str, Any], pk: int, now: datetime.datetime) -> list[Any]:
    values: list[Any] = []
    for f in _MEMBER_COLUMNS:
        name = f.attname
        if name == "id":
            values.append(pk)
        elif name == "organization_id":
            values.append(row["organization"].pk)
        elif name == "party_group_id":
            group = row.get("party_group")
            values.append(group.pk if group else None)
        elif name in ("created_at", "updated_at"):
            values.append(now)
        elif isinstance(f, EncryptedTextField):
            value = row.get(name) or ""
            values.append(encrypt(value) if value else value)
        else:
            values.append(row[name] if name in row else f.get_default())
    return values


_MEMBER_COLUMNS = tuple(Member._meta.concrete_fields)


def _create_chunk(chunk: list[dict[str, Any]], *, user: Any, filename: str) -> None:
    """COPY new members (ids drawn from the sequence first) and one audit row each."""
    now = timezone.now()
    ids = reserve_ids(Member, len(chunk))
    copy_rows(Member, [f.column for f in _MEMBER_COLUMNS], (_member_values(r, pk, now) for r, pk in zip(chunk, ids)))
    copy_audit(action=AuditAction.IMPORT, model=Member, actor=user, extra={"file": filename}, entries=(
        (pk, r["name"], r["organization"].path, diff({}, member_audit_snapshot(_RowView(r, pk))))  # type: ignore[arg-type]
        for r, pk in zip(chunk, ids)))


@transaction.atomic
def import_commit(plan: Plan, *, user: Any, filename: str, progress: Progress | None = None) -> dict[str, int]:
    """Write a checked plan: all rows in one transaction, or none if any row is bad.
    New members and the audit rows go in with COPY; changed members with `bulk_update`."""
    roots = scope_paths(user, "change")
    if not roots:  # the plan names only branches the user keeps; a reader keeps none
        raise PermissionDenied("您只有查看权限，不能导入党员。")
    if plan.errors:
        raise ValidationError(f"文件中有{plan.summary['error_rows']}行错误，未导入任何数据。请修改后重新上传。")
    done = 0
    for chunk in _chunks(plan.creates, CHUNK):
        _create_chunk(chunk, user=user, filename=filename)
        done += len(chunk)
        if progress:
            progress(done)
    for chunk in _chunks(plan.updates, CHUNK):
        befores = {m.pk: member_audit_snapshot(m) for m, _ in chunk}
        fields: set[str] = set()
        for member, changed in chunk:
            for name, value in changed.items():
                setattr(member, name, value)
            fields.update(changed)
        Member.objects.bulk_update([m for m, _ in chunk], sorted(fields | {"updated_at"}))
        copy_audit(action=AuditAction.UPDATE, model=Member, actor=user, extra={"file": filename}, entries=(
            (m.pk, str(m), m.organization.path, diff(befores[m.pk], member_audit_snapshot(m))) for m, _ in chunk))
        done += len(chunk)
        if progress:
            progress(done)
    summary = plan.summary
    audit_record(action=AuditAction.IMPORT, actor=user, org_path=roots[0] if len(roots) == 1 else "",
                 extra={"file": filename, **summary})
    return summary


def _preview_cell(value: Any) -> str:
    text = cell_text(value)
    if len(text) == 18 and text[:17].isdigit():  # an ID number: shown masked, as on every list
        return mask_id(text)
    return text[:40]


def header_preview(handle: IO[bytes], filename: str, *, limit: int = 5) -> dict[str, Any] | None:
    """For the mapping step: the first sheet whose header lacks required columns — its
    header's cells, the columns recognized and missing, and its first `limit` data rows
    (ID numbers masked). None when every sheet has its columns."""
    for sheet in read_sheets(handle, filename):
        header, rows = find_header(sheet.rows, header_map)
        if header is None or not header.missing:
            continue
        texts = list(header.texts)
        while texts and not texts[-1]:
            texts.pop()
        data: list[tuple[int, list[str]]] = []
        for number, values in rows:
            if footer_text(values) is not None or len(data) >= limit:
                break
            data.append((number, [_preview_cell(v) for v in header.combine(values)]))
        width = max([len(texts), *(len(v) for _, v in data)])
        texts += [""] * (width - len(texts))
        return {"sheet": sheet.name, "number": header.number, "texts": texts, "found": sorted(header.found),
                "missing": list(header.missing), "fingerprint": header_fingerprint(header.texts),
                "rows": [(n, v + [""] * (width - len(v))) for n, v in data]}
    return None


def rows_estimate(handle: IO[bytes], filename: str) -> int:
    """A cheap row count to choose between the page and a background task."""
    try:
        check_file_size(handle)
    except FileFormatError:
        return 0  # the check step reports it
    try:
        count = count_rows(handle, filename)
    except FileFormatError:
        count = 0  # the check step reports the damaged file
    handle.seek(0)
    return count
