"""Reads for the roll pages and the API: filters, export rows, and the search by full ID number.

Searching the roll by full ID number without the number ever being in a URL, a server log
or an audit row: the number is posted once, checked, counted against the user's allowance
(`take_id_search`) and turned into a signed token of its blind indexes (HMAC,
members.crypto), which the result page, its pages and its export carry instead.

A search by full ID number answers "is this the number of someone in my scope?": an oracle
that could rebuild a masked number by trying the ~3,300 candidates the mask leaves
(members.idcard.mask_id). Exact ID searches are therefore counted per user and capped."""

from __future__ import annotations

import datetime
import re
from typing import Any, Iterator

from django.core import signing
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from accounts.scope import paths_q, scope_paths, scope_q
from audit.models import AuditEvent
from core.importing.cells import normalize_text
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Status

from .choices import ACTIVE_STATUSES, HAN, AgeBand, ImportStatus, TransferStatus
from .choices import Category as Category
from .choices import Education as Education
from .choices import MemberStatus as MemberStatus
from .choices import Sex as Sex
from .crypto import blind_indexes
from .idcard import id_error, looks_like_id, mask_id, normalize_id
from .models import ImportJob, Member, Transfer
from .querysets import age_band_q

_SALT = "members.search.id-token"  # the signing salt of issued tokens: keep it as it is
TOKEN_MAX_AGE = 8 * 3600  # one working day
# About one lookup a minute over a working hour: enough for a clerk checking a list of
# people by hand, far too few to walk through the candidates of one masked number.
ID_SEARCHES_PER_HOUR = 60
_WINDOW = 3600

EXPORT_HEADERS = ["姓名", "性别", "民族", "出生年份", "公民身份号码", "联系电话", "学历", "工作单位及职务", "入党日期",
                  "转正日期", "人员类别", "党籍状态", "所在党支部", "党小组", "困难党员", "老党员", "失联党员", "备注"]
# The audited full export carries the full birth date; the masked one only the year, which
# keeps the masked ID number from being filled in (members.idcard.mask_id).
FULL_EXPORT_HEADERS = [("出生日期" if h == "出生年份" else h) for h in EXPORT_HEADERS]


def member_history(member: Member) -> QuerySet[AuditEvent]:
    """The member's audit trail, newest first, both sides of a transfer included (one row per
    side: the other side's row of a move is left out)."""
    return (AuditEvent.objects.filter(content_type__app_label="members", content_type__model="member", object_id=str(member.pk))
            .exclude(Q(action="move") & ~Q(org_path__startswith=member.organization.path)).select_related("actor"))


def reads_roll(user: Any) -> bool:
    """`user` may read some roll (a role with a scope)."""
    return bool(scope_paths(user))


def pending_incoming(user: Any) -> int:
    """Letters waiting for one of the branches `user` keeps to confirm them."""
    return Transfer.objects.filter(scope_q(user, "to_org__path", "change"), status=TransferStatus.PENDING).count()


def export_headers(*, full: bool) -> list[str]:
    return FULL_EXPORT_HEADERS if full else EXPORT_HEADERS


def filter_members(qs: QuerySet[Member], params: dict[str, Any], org_path: str | None = None) -> QuerySet[Member]:
    if org_path:
        qs = qs.filter(organization__path__startswith=org_path)
    status = params.get("status") or ""
    if status == "":
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    elif status != "all":
        qs = qs.filter(status=status)
    for name in ("category", "sex", "education"):
        if params.get(name):
            qs = qs.filter(**{name: params[name]})
    if params.get("group"):
        qs = qs.filter(party_group_id=params["group"])
    if params.get("age") in AgeBand.values:
        qs = qs.age_band(params["age"])  # type: ignore[attr-defined]
    if params.get("id_indexes") is not None:  # exact ID search (selectors.id_token): blind indexes only
        qs = qs.filter(id_number_index__in=params["id_indexes"])
    if params.get("q"):
        qs = qs.search(params["q"])  # type: ignore[attr-defined]
    return qs


def roll_match(qs: QuerySet[Member], text: str) -> tuple[Member | None, str]:
    """The member of `qs` (a roll, e.g. one branch's active members) that `text` names: a full
    ID number, a name, or "name（ID number）"; else None and the Chinese reason. Used by the
    history imports to match post holders and trainees."""
    text = normalize_text(text).replace(" ", "")
    name, _, number = text.rstrip(")）").replace("（", "(").partition("(")
    if looks_like_id(name):
        name, number = "", name
    if number:
        number = normalize_id(number)
        if error := id_error(number):
            return None, f"“{text}”：{error}"
        found = list(qs.filter(id_number_index__in=blind_indexes(number))[:2])
        if not found:
            return None, f"名册上找不到身份证号为“{mask_id(number)}”的党员。"
        if name and found[0].name != name:
            return None, f"身份证号“{mask_id(number)}”在名册上是{found[0].name}，不是{name}。"
        return found[0], ""
    found = list(qs.filter(name=name)[:3])
    if not found:
        return None, f"名册上找不到党员“{name}”。"
    if len(found) > 1:
        return None, f"名册上有多名叫“{name}”的党员，请写成“{name}（身份证号）”。"
    return found[0], ""


def roll_matches(qs: QuerySet[Member], text: str) -> tuple[list[Member], list[str]]:
    """The members a cell names (several separated by 、，；or new lines), each by `roll_match`;
    and the reasons for those not found."""
    found, errors = [], []
    for part in filter(None, re.split(r"[、,，;；\n]+", normalize_text(text or ""))):
        member, error = roll_match(qs, part)
        if member is None:
            errors.append(error)
        else:
            found.append(member)
    return found, errors


def export_rows(qs: QuerySet[Member], *, full: bool) -> Iterator[list[Any]]:
    yes = {True: "是", False: "否"}
    for m in qs.select_related("organization", "party_group").iterator(chunk_size=2000):
        yield [m.name, m.get_sex_display(), m.get_ethnicity_display(), m.birth_date if full else m.birth_year,
               m.id_number if full else m.id_number_masked, m.phone if full else m.phone_masked,
               m.get_education_display(), m.occupation, m.join_date, m.full_member_date, m.get_category_display(),
               m.get_status_display(), m.organization.name, m.party_group.name if m.party_group else "",
               yes[m.is_hardship], yes[m.is_elderly], yes[m.is_lost_contact], m.notes]


def id_token(value: str) -> str:
    """A token for the exact-ID search of `value` (a valid, normalized number)."""
    return signing.dumps(blind_indexes(value), salt=_SALT)


def token_indexes(token: str) -> list[str]:
    """The blind indexes a token stands for; none when it is forged or stale."""
    try:
        indexes = signing.loads(token, salt=_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return []
    return [i for i in indexes if isinstance(i, str)] if isinstance(indexes, list) else []


def id_search_error(text: str) -> str | None:
    """Why `text` (already known to look like an ID number) cannot be searched, or None."""
    value = normalize_id(text)
    return id_error(value)


def take_id_search(user: Any) -> bool:
    """Count one exact ID search of `user`; False when the hourly allowance is used up."""
    # date_joined too: a user id reused after a database reset (tests) starts afresh
    joined = getattr(user, "date_joined", None)
    key = f"members:id-search:{getattr(user, 'pk', None)}:{joined.timestamp() if joined else ''}"
    cache.add(key, 0, _WINDOW)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, _WINDOW)
        used = 1
    return used <= ID_SEARCHES_PER_HOUR


def safe_filters(params: dict[str, Any]) -> dict[str, Any]:
    """The filters of a list as they may be recorded (audit rows of exports): an ID number
    only masked, an ID token only as the fact that one was used."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key == "idq":
            out[key] = "（按公民身份号码查找）"
        elif isinstance(value, str) and looks_like_id(value):
            out[key] = mask_id(normalize_id(value))
        else:
            out[key] = value
    return out


# --- read by the dashboards ---
# they also read AgeBand (imported above) from here


def roll_counts_by_unit(*, paths: list[str], field: str, width: int,
                        today: datetime.date) -> dict[tuple[str, str, Any], int]:
    """{(unit, dimension, value): members} for the members on the roll (in branch or migrant)
    under `paths` (of organizations of `field`, when given), `unit` being the first `width`
    characters of their organization's path. One query — one scan, one row per unit with a
    filtered count per dimension value (category, sex, han, band, education, status)."""
    values: list[tuple[str, Any, Q]] = [
        *(("category", c.value, Q(category=c.value)) for c in Category),
        *(("sex", x.value, Q(sex=x.value)) for x in Sex),
        ("han", False, ~Q(ethnicity=HAN)), ("han", True, Q(ethnicity=HAN)),
        *(("band", b.value, age_band_q(b, today)) for b in AgeBand),
        *(("education", e.value, Q(education=e.value)) for e in Education),
        *(("status", st, Q(status=st)) for st in ACTIVE_STATUSES),
    ]
    qs = Member.objects.filter(paths_q(paths, Member.scope_path_lookup), status__in=ACTIVE_STATUSES)
    if field:
        qs = qs.filter(organization__field=field)
    rows = (qs.order_by().annotate(unit=Substr("organization__path", 1, width)).values("unit")
            .annotate(**{f"c{i}": Count("id", filter=q) for i, (_, _, q) in enumerate(values)}))
    counts: dict[tuple[str, str, Any], int] = {}
    for r in rows:
        for i, (dimension, value, _) in enumerate(values):
            if r[f"c{i}"]:
                counts[(r["unit"], dimension, value)] = r[f"c{i}"]
    return counts


def member_coverage_by_field(*, paths: list[str], fields: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """{field: {n, with_members, members}}: active branches of `fields` under `paths`, how many
    have members on the roll, and those members (one query)."""
    branches = Organization.objects.filter(paths_q(paths, Organization.scope_path_lookup), kind__in=BRANCH_KINDS,
                                           status=Status.ACTIVE, field__in=fields).order_by()
    return {r["field"]: r for r in branches.values("field").annotate(
        n=Count("id", distinct=True), with_members=Count("id", filter=Q(members__status__in=ACTIVE_STATUSES), distinct=True),
        members=Count("members", filter=Q(members__status__in=ACTIVE_STATUSES)))}


# --- read by the go-live checklist ---


ON_ROLL = Q(members__status__in=ACTIVE_STATUSES)


def roll_coverage_by_unit(*, paths: list[str], width: int) -> dict[str, dict[str, int]]:
    """{unit: {branches, with_members, members}}: the active branches under `paths`, how many
    have members on the roll, and those members, by the first `width` characters of the
    branch's path (one grouped query)."""
    branches = Organization.objects.filter(paths_q(paths, Organization.scope_path_lookup), kind__in=BRANCH_KINDS,
                                           status=Status.ACTIVE).order_by()
    return {r["unit"]: r for r in branches.annotate(unit=Substr("path", 1, width)).values("unit").annotate(
        branches=Count("id", distinct=True), with_members=Count("id", filter=ON_ROLL, distinct=True),
        members=Count("members", filter=ON_ROLL))}


def without_members(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """The organizations of `qs` with nobody on their roll."""
    on_roll = Member.objects.filter(organization=OuterRef("pk"), status__in=ACTIVE_STATUSES)
    return qs.filter(~Exists(on_roll))


# A roll import still open: failed, or checked and waiting for its confirmation. One that a
# later successful import of the same scope has overtaken is no longer outstanding.
OUTSTANDING_IMPORTS = (ImportStatus.FAILED, ImportStatus.CHECKED)


def outstanding_imports_by_unit(*, paths: list[str], width: int) -> dict[str, dict[str, int]]:
    """{unit: {failed, awaiting}}: roll import jobs under `paths` that failed or wait for
    their confirmation, with no later successful import of the same scope, by the first
    `width` characters of the job's scope path (a county-wide job keys under the county's
    shorter path). One grouped query."""
    later_done = ImportJob.objects.filter(scope_path=OuterRef("scope_path"), status=ImportStatus.DONE,
                                          created_at__gt=OuterRef("created_at"))
    jobs = ImportJob.objects.filter(paths_q(paths, ImportJob.scope_path_lookup), status__in=OUTSTANDING_IMPORTS)
    rows = (jobs.filter(~Exists(later_done)).order_by().annotate(unit=Substr("scope_path", 1, width)).values("unit")
            .annotate(failed=Count("id", filter=Q(status=ImportStatus.FAILED)),
                      awaiting=Count("id", filter=Q(status=ImportStatus.CHECKED))))
    return {r["unit"]: r for r in rows}


# --- read by assessments and rectification ---
def admitted_between(organization: Organization, first: datetime.date, last: datetime.date) -> list[Member]:
    """Members of `organization`'s subtree who joined the Party (入党) between the two dates."""
    return list(Member.objects.filter(organization__path__startswith=organization.path,
                                      join_date__gte=first, join_date__lte=last).order_by("join_date", "id"))


def full_members_on_roll(organization: Organization) -> int:
    """Full members (正式党员) on the roll of `organization`'s subtree today."""
    return Member.objects.active().filter(organization__path__startswith=organization.path,
                                          category=Category.FULL).count()


def last_join_date() -> Any:
    """A subquery: the latest join date on the roll of the outer organization (OuterRef "pk")."""
    from django.db.models import OuterRef, Subquery

    return Subquery(Member.objects.filter(organization=OuterRef("pk")).order_by("-join_date").values("join_date")[:1])
