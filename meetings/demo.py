"""Demo organizational life: meetings with attendance for the demo branches.

County scale: the last 12 complete months; city scale: 36 months (~4,000 branches,
millions of attendance marks). Most branches are mostly compliant, some patchy, a few
weak — so the tables, the art. 9 list and the reminders have something to show.

Deterministic (random.Random(rng_seed) per branch, seeded by its code) and idempotent:
a branch that already has meetings is skipped. Rows are written with COPY (ids reserved
from the sequence in one statement), which is ~10× faster than bulk_create at this size.
A branch without members gets a small demo roll first (the members app's own demo, which
runs earlier in INSTALLED_APPS order, normally provides one)."""

from __future__ import annotations

import contextlib
import datetime
import random
import time
from typing import Any, Iterator

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from committees.models import Term
from committees.rules import TermState
from core.bulkload import bulk_load, copy_rows
from members.choices import ACTIVE_STATUSES, Category
from members.crypto import blind_index
from members.idcard import make_id
from members.models import Member
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Kind

from .models import Attendance, Meeting, MeetingType
from .periods import add_months

MONTHS = {"county": 12, "city": 36}
COMPLIANT_SHARE = 0.86  # branches holding every required meeting over the last 12 months
GAPS = (1, 1, 1, 2, 2, 3)  # the others: this many months with one required meeting missing
OLDER_MISS = 0.03  # before the last 12 months, the chance a patchy branch skips a meeting
BULK_LOAD_MARKS = 500_000  # above this, indexes and foreign keys are rebuilt once after COPY
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "建国 志强 秀英 桂兰 海燕 文华 德明 春梅 国平 丽娟 红梅 永刚 玉兰 振华 淑珍 立新 晓东 凤英 建华 金凤".split()
TOPICS = {
    "branch_committee": ["研究本月党建工作", "讨论发展党员工作", "研究村级重点事项", "部署主题党日活动"],
    "general_meeting": ["学习贯彻全会精神", "通报支部工作情况", "讨论预备党员转正", "选举党小组长"],
    "group_meeting": ["学习党章党规", "交流学习体会", "开展批评与自我批评"],
    "lecture": ["书记讲党课：践行初心使命", "学习党史专题党课", "党纪学习教育专题党课"],
    "theme_day": ["重温入党誓词", "志愿服务进网格", "学习身边榜样", "环境整治义务劳动"],
    "life_meeting": ["年度组织生活会"], "member_review": ["年度民主评议党员"],
}


def _roll(branches: list[Organization], groups: dict[int, list[int]], since: datetime.date, out: Any) -> None:
    """Give each branch without members a small demo roll (bulk_create)."""
    have = set(Member.objects.filter(organization__in=branches, status__in=ACTIVE_STATUSES)
               .values_list("organization_id", flat=True).distinct())
    rows = []
    for b in branches:
        if b.pk in have:
            continue
        rng = random.Random(f"roll:{b.code or b.pk}")
        g = groups.get(b.pk, [])
        for i in range(rng.randint(8, 30)):
            born = datetime.date(rng.randint(1945, 1998), rng.randint(1, 12), rng.randint(1, 28))
            sex = rng.choice(("male", "male", "female"))
            idn = make_id("330102", born, (b.pk * 37 + i) % 1000, sex)
            rows.append(Member(
                name=rng.choice(SURNAMES) + rng.choice(GIVEN), sex=sex, birth_date=born, id_number=idn,
                id_number_index=blind_index(f"{idn}:{b.pk}:{i}"), join_date=add_months(born, 12 * rng.randint(20, 40)),
                organization_id=b.pk, party_group_id=g[i % len(g)] if g else None,
                status="migrant" if rng.random() < 0.05 else "in_branch"))
    if rows:
        for r in rows:  # a join date in the future (young members) is clipped
            r.join_date = min(r.join_date, since - datetime.timedelta(days=400))
        created = Member.objects.bulk_create(rows, batch_size=5000)
        Member.objects.filter(pk__in=[m.pk for m in created]).update(created_at=timezone.make_aware(
            datetime.datetime.combine(since, datetime.time(9))))
        out.write(f"  组织生活演示：为 {len({r.organization_id for r in rows})} 个无党员的支部生成名册 {len(rows)} 人\n")


def _reserve_ids(model: Any, n: int) -> Iterator[int]:
    table = model._meta.db_table
    with connection.cursor() as c:
        c.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), nextval(pg_get_serial_sequence('{table}', 'id')) + %s)", [n - 1])
        last = c.fetchone()[0]
    return iter(range(last - n + 1, last + 1))


def _plan_branch(rng: random.Random, months: list[datetime.date], groups: list[int],
                 committee: bool) -> Iterator[tuple[str, datetime.date, int | None]]:
    """(meeting type code, day, party group or None) of the meetings one branch held.

    Most branches hold everything; the others miss one monthly meeting in 1–3 of the last
    12 months (and now and then one before that)."""
    recent = months[-12:]
    gaps: set[datetime.date] = set()
    if rng.random() >= COMPLIANT_SHARE:
        gaps = set(rng.sample(recent, min(rng.choice(GAPS), len(recent))))
    patchy = bool(gaps)
    for m in months:
        day = lambda lo, hi: m.replace(day=rng.randint(lo, hi))  # noqa: E731
        monthly: list[tuple[str, datetime.date, int | None]] = [("theme_day", day(1, 28), None)]
        if committee:
            monthly.append(("branch_committee", day(1, 10), None))
        monthly += [("group_meeting", day(5, 25), g) for g in groups]
        if m in gaps:
            monthly.pop(rng.randrange(len(monthly)))
        elif patchy and m not in recent and rng.random() < OLDER_MISS:
            monthly.pop(rng.randrange(len(monthly)))
        yield from monthly
        if m.month % 3 == 2:
            yield "general_meeting", day(1, 28), None
            yield "lecture", day(1, 28), None
        if m.month == 12:
            yield "life_meeting", day(10, 28), None
            yield "member_review", day(10, 28), None


MEETING_COLS = ["id", "organization_id", "meeting_type_id", "held_on", "place", "topic", "host", "recorder", "speaker",
                "minutes", "decisions", "status", "version", "correction_reason", "submitted_at", "created_at", "updated_at"]


def _committee_branches(branches: list[Organization]) -> set[int]:
    """Branches with a branch committee now: a current term with 3+ posts, or — with no
    term on record — 7+ full members (the rule the compliance engine applies)."""
    ids = [b.pk for b in branches]
    posts = dict(Term.objects.filter(organization_id__in=ids, state=TermState.CURRENT)
                 .annotate(n=Count("posts")).values_list("organization_id", "n"))
    full = dict(Member.objects.filter(organization_id__in=ids, status__in=ACTIVE_STATUSES, category=Category.FULL)
                .values("organization_id").annotate(n=Count("id")).values_list("organization_id", "n"))
    return {pk for pk in ids if (posts[pk] >= settings.TERMS_COMMITTEE_MIN_SIZE if pk in posts
                                 else full.get(pk, 0) >= settings.TERMS_COMMITTEE_MIN_FULL_MEMBERS)}


def _seed_county(county: Organization, months: list[datetime.date], rng_seed: int, out: Any) -> tuple[int, int]:
    branches = list(Organization.objects.filter(path__startswith=county.path, kind__in=BRANCH_KINDS, status="active"))
    done = set(Meeting.objects.filter(organization__path__startswith=county.path).values_list("organization_id", flat=True).distinct())
    branches = [b for b in branches if b.pk not in done]
    if not branches:
        return 0, 0
    groups: dict[int, list[int]] = {}
    by_path = {b.path: b.pk for b in branches}
    for gid, gpath in Organization.objects.filter(path__startswith=county.path, kind=Kind.PARTY_GROUP,
                                                  status="active").values_list("pk", "path"):
        if gpath[:-4] in by_path:
            groups.setdefault(by_path[gpath[:-4]], []).append(gid)
    _roll(branches, groups, months[0], out)
    committees = _committee_branches(branches)
    roll: dict[int, list[tuple[int, int | None, str, datetime.date]]] = {}
    for pk, org_id, group_id, name, joined in Member.objects.filter(
            organization__in=branches, status__in=ACTIVE_STATUSES).values_list(
            "pk", "organization_id", "party_group_id", "name", "join_date").order_by("pk"):
        roll.setdefault(org_id, []).append((pk, group_id, name, joined))
    types = dict(MeetingType.objects.values_list("code", "pk"))
    plans = []
    for b in sorted(branches, key=lambda b: b.path):
        rng = random.Random(f"{rng_seed}:{b.code or b.pk}")
        for code, day, group in _plan_branch(rng, months, sorted(groups.get(b.pk, [])), b.pk in committees):
            plans.append((b.pk, group or b.pk, code, day, rng.random()))
    ids = _reserve_ids(Meeting, len(plans))
    stamp = timezone.now().isoformat()
    def roll_at(branch_id: int, org_id: int, day: datetime.date) -> list[tuple[int, int | None, str, datetime.date]]:
        # the roll at the meeting date: members who joined the Party later are not expected
        members = [m for m in roll.get(branch_id, []) if m[3] <= day]
        return [m for m in members if m[1] == org_id] if org_id != branch_id else members

    meetings, held = [], []
    for branch_id, org_id, code, day, u in plans:
        mid = next(ids)
        members = roll_at(branch_id, org_id, day)
        host = members[0][2] if members else ""
        topic = TOPICS[code][int(u * len(TOPICS[code]))]
        meetings.append((mid, org_id, types[code], day.isoformat(), "党员活动室", topic, host, host, host if code == "lecture" else "",
                         f"{topic}。会议按议程进行，与会党员发言交流。", "", "submitted", 1, "", stamp, stamp, stamp))
        held.append((mid, branch_id, org_id, day, u))

    def marks() -> Iterator[tuple]:
        """Attendance rows generated as they are written (a county has ~1.6 million)."""
        for mid, branch_id, org_id, day, u in held:
            for k, (member_id, _, _, _) in enumerate(roll_at(branch_id, org_id, day)):
                r = (u * 7919 + k * 0.618) % 1
                mark, reason = ("present", "") if r < 0.86 else (("leave", "外出务工") if r < 0.95 else ("absent", ""))
                yield (mid, member_id, mark, reason)

    copy_rows(Meeting._meta.db_table, MEETING_COLS, meetings)
    n_marks = copy_rows(Attendance._meta.db_table, ["meeting_id", "member_id", "mark", "reason"], marks())
    return len(meetings), n_marks


def seed(*, scale: str, rng_seed: int, stdout: Any) -> None:
    """Seed meetings for each demo county that has none yet. At city scale everything is
    written in one transaction with the indexes rebuilt once at the end."""
    started = time.perf_counter()
    last = add_months(timezone.localdate().replace(day=1), -1)
    months = [add_months(last, -k) for k in range(MONTHS.get(scale, 12) - 1, -1, -1)]
    counties = list(Organization.objects.filter(code__startswith="DEMO-C", kind=Kind.COUNTY).order_by("code"))
    if scale != "city":
        counties = counties[:1]
    in_counties = Q()
    for county in counties:
        in_counties |= Q(path__startswith=county.path)
    pending = (Organization.objects.filter(in_counties, kind__in=BRANCH_KINDS, status="active")
               .exclude(Exists(Meeting.objects.filter(organization=OuterRef("pk")))).count() if counties else 0)
    expected = pending * len(months) * 80  # rough: ~20 members × ~4 meetings a month
    tables = [Attendance._meta.db_table, Meeting._meta.db_table]
    total_m = total_a = 0
    with transaction.atomic():
        with bulk_load(tables) if expected > BULK_LOAD_MARKS else contextlib.nullcontext():
            for county in counties:
                m, a = _seed_county(county, months, rng_seed, stdout)
                total_m, total_a = total_m + m, total_a + a
    with connection.cursor() as c:
        # fresh statistics for everything the compliance aggregate reads; VACUUM sets the
        # visibility map so the held counts come from an index-only scan
        if total_m and not connection.in_atomic_block:
            c.execute("VACUUM (ANALYZE) meetings_meeting")
        c.execute("ANALYZE meetings_meeting; ANALYZE meetings_attendance; ANALYZE organizations_organization; "
                  "ANALYZE members_member; ANALYZE committees_term; ANALYZE committees_committeepost")
    stdout.write(f"组织生活：新增会议记录 {total_m} 条、出席记录 {total_a} 条（{months[0]:%Y-%m}—{months[-1]:%Y-%m}），"
                 f"用时 {time.perf_counter() - started:.1f} 秒\n")
