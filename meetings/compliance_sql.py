"""The compliance aggregate, in one SQL statement.

For every active branch (and party group, rolled up into its branch) under a path and
every month of a range, the requirements whose period ENDS in that month (monthly ones
every month, quarterly ones in Mar/Jun/Sep/Dec, yearly ones in December), each with the
number required and the number held (capped per organization, so one branch's three
party groups need one meeting each). The rule in force for a period is the one with the
most specific scope, then field, then the latest `effective_from` on or before the
period's start — so a new rule never rewrites a past period.

Rule resolution is done once per distinct "rule signature" (kind of target, field and
the set of rule scopes above it), not once per organization: a county has hundreds of
branches but a handful of signatures. Requirements flagged `needs_committee` (支委会)
apply only where the election in force at the period's end gave a committee (3+ posts),
or — with no election on record — where the branch has 7+ full members (settings).

The shape avoids joins whose plan depends on CTE row estimates (which are poor): each
rule class is one row of arrays, and held counts meet requirements in a GROUP BY."""

from __future__ import annotations

import datetime
import functools
from typing import NamedTuple

from django.conf import settings
from django.db import connection

from members.choices import ACTIVE_STATUSES
from organizations.rules import BRANCH_KINDS, Kind

from .periods import add_months

TEMPLATE = """
WITH months AS (
    SELECT m::date AS cell FROM generate_series(%(first)s::date, %(last)s::date, interval '1 month') AS m
), periods AS (
    SELECT months.cell, u.unit, date_trunc(u.unit, months.cell::timestamp)::date AS period_start,
           (date_trunc(u.unit, months.cell::timestamp) + u.span)::date AS period_end
    FROM months CROSS JOIN (VALUES ('month' COLLATE "C", interval '1 month'), ('quarter', interval '3 months'),
                                   ('year', interval '1 year')) AS u(unit, span)
    WHERE (date_trunc(u.unit, months.cell::timestamp) + u.span)::date = (months.cell + interval '1 month')::date
), reqs AS (
    SELECT r.meeting_type_id, r.period, r.min_count, r.effective_from, r.field, mt.target, mt.needs_committee,
           COALESCE(s.path, '') AS scope_path
    FROM meetings_requirement r
    JOIN meetings_meetingtype mt ON mt.id = r.meeting_type_id AND mt.is_active
    LEFT JOIN organizations_organization s ON s.id = r.scope_id
    WHERE s.id IS NULL OR EXISTS (SELECT 1 FROM unnest(%(roots)s::text[]) AS rt(path)
                                  WHERE rt.path LIKE s.path || '%%' OR s.path LIKE rt.path || '%%')
), scopes AS (
    SELECT DISTINCT scope_path FROM reqs WHERE scope_path <> ''
), targets AS MATERIALIZED (
    -- every active branch and party group under root; for branches, the elections on
    -- record (date, gave a committee of 3+?) and, without any, whether 7+ full members
    SELECT o.id,
           CASE WHEN o.kind = %(group)s THEN p.id ELSE o.id END AS branch_id,
           CASE WHEN o.kind = %(group)s THEN 'party_group' ELSE 'branch' END AS target,
           COALESCE(CASE WHEN o.kind = %(group)s THEN p.field ELSE o.field END, '') AS field,
           o.established_on,
           COALESCE((SELECT string_agg(sc.scope_path, ',' ORDER BY sc.scope_path) FROM scopes sc
                     WHERE o.path LIKE sc.scope_path || '%%'), '') AS sig,
           tm.dates AS term_dates, tm.flags AS term_flags,
           CASE WHEN o.kind <> %(group)s AND tm.dates IS NULL THEN
               (SELECT count(*) >= %(committee_full)s FROM members_member mm
                WHERE mm.organization_id = o.id AND mm.status = ANY(%(active)s) AND mm.category = 'full')
           END AS big
    FROM organizations_organization o
    LEFT JOIN organizations_organization p
           ON o.kind = %(group)s AND p.path = substr(o.path, 1, length(o.path) - 4)
    LEFT JOIN LATERAL (
        SELECT array_agg(t.elected_on ORDER BY t.elected_on DESC) AS dates,
               array_agg((SELECT count(*) FROM committees_committeepost cp WHERE cp.term_id = t.id)
                         >= %(committee_size)s ORDER BY t.elected_on DESC) AS flags
        FROM committees_term t WHERE t.organization_id = o.id AND o.kind <> %(group)s
    ) tm ON true
    WHERE ({o_under_roots}) AND o.status = 'active'
      AND (o.kind = ANY(%(branch_kinds)s) OR (o.kind = %(group)s AND p.status = 'active'))
), classes AS (
    SELECT DISTINCT target, field, sig FROM targets
), resolved AS MATERIALIZED (
    -- per rule class, the rule in force for each (type, period ending in a month), as
    -- parallel arrays: a class has one row, so joining targets to it never fans out
    SELECT target, field, sig, array_agg(meeting_type_id) AS types, array_agg(cell) AS cells,
           array_agg(unit) AS units, array_agg(period_start) AS starts, array_agg(period_end) AS ends,
           array_agg(min_count) AS mins, array_agg(needs_committee) AS needs
    FROM (
        SELECT DISTINCT ON (c.target, c.field, c.sig, rq.meeting_type_id, p.cell, p.unit)
               c.target, c.field, c.sig, rq.meeting_type_id, p.cell, p.unit, p.period_start, p.period_end,
               rq.period AS rule_unit, rq.min_count, rq.needs_committee
        FROM classes c
        CROSS JOIN periods p
        JOIN reqs rq ON rq.target = c.target
             AND (rq.scope_path = '' OR ',' || c.sig || ',' LIKE '%%,' || rq.scope_path || ',%%')
             AND (rq.field = '' OR rq.field = c.field)
             AND rq.effective_from <= p.period_start
        ORDER BY c.target, c.field, c.sig, rq.meeting_type_id, p.cell, p.unit,
                 length(rq.scope_path) DESC, (rq.field <> '') DESC, rq.effective_from DESC
    ) best
    WHERE rule_unit = unit AND min_count > 0
    GROUP BY target, field, sig
), required AS (
    -- one row per (organization, type, period): required count; 支委会-like types only
    -- where a committee existed at the period's end (the latest election before it)
    SELECT t.id AS target_id, t.branch_id, u.*
    FROM targets t
    JOIN resolved r ON r.target = t.target AND r.field = t.field AND r.sig = t.sig
    CROSS JOIN LATERAL unnest(r.types, r.cells, r.units, r.starts, r.ends, r.mins, r.needs)
         AS u(meeting_type_id, cell, unit, period_start, period_end, min_count, needs_committee)
    WHERE (t.established_on IS NULL OR t.established_on <= u.period_start)
      AND (NOT u.needs_committee OR COALESCE(
          (SELECT x.flag FROM unnest(t.term_dates, t.term_flags) AS x(day, flag) WHERE x.day < u.period_end LIMIT 1),
          t.big, false))
), held AS (
    -- counted records per organization, type and month (index-only scan of meeting_counted)
    -- (dates truncated as timestamps without time zone: no time zone arithmetic per row;
    -- records before the first quarter only matter to yearly rules)
    SELECT m.organization_id, m.meeting_type_id, date_trunc('month', m.held_on::timestamp)::date AS month,
           count(*) AS n
    FROM meetings_meeting m
    JOIN organizations_organization o ON o.id = m.organization_id
    WHERE m.status = 'submitted' AND ({o_under_roots})
      AND m.held_on >= %(from_day)s AND m.held_on < %(to_day)s
      AND (m.held_on >= date_trunc('quarter', %(first)s::timestamp)
           OR m.meeting_type_id IN (SELECT unnest(types) FROM resolved WHERE 'year' = ANY(units)))
    GROUP BY 1, 2, 3
), pieces AS (
    -- requirements and held counts side by side, matched by GROUP BY instead of a join
    -- (no plan can go wrong on row estimates)
    SELECT target_id, meeting_type_id, unit, period_start, branch_id, min_count, 0::bigint AS n
    FROM required
    UNION ALL
    SELECT h.organization_id, h.meeting_type_id, u.unit, date_trunc(u.unit, h.month::timestamp)::date, NULL, NULL, h.n
    FROM held h
    JOIN (SELECT DISTINCT unnest(types) AS meeting_type_id, unnest(units) AS unit FROM resolved) u
      ON u.meeting_type_id = h.meeting_type_id  -- only the periods some rule asks for
    WHERE h.month >= date_trunc(u.unit, %(first)s::timestamp)
), per_org AS (
    SELECT max(branch_id) AS branch_id, unit, meeting_type_id, period_start, max(min_count) AS min_count, sum(n) AS n
    FROM pieces
    GROUP BY target_id, meeting_type_id, unit, period_start
    HAVING max(min_count) IS NOT NULL
), per_branch AS (
    SELECT branch_id, unit, meeting_type_id, period_start,
           sum(min_count)::int AS required, sum(LEAST(n, min_count))::int AS held,
           (period_start::timestamp + CASE unit WHEN 'month' THEN interval '1 month'
                WHEN 'quarter' THEN interval '3 months' ELSE interval '1 year' END)::date AS period_end
    FROM per_org
    GROUP BY branch_id, unit, meeting_type_id, period_start
)
SELECT branch_id, unit, meeting_type_id, period_start, required, held
FROM per_branch
ORDER BY branch_id, period_end, unit, meeting_type_id
"""




@functools.lru_cache(maxsize=16)
def sql_for(n_roots: int) -> str:
    """The statement for `n_roots` organization paths: one LIKE per root, OR-ed, so each
    stays an index range scan on the path (LIKE ANY(array) is not indexable)."""
    under = " OR ".join(f"o.path LIKE %(root{i})s" for i in range(n_roots))
    return TEMPLATE.replace("{o_under_roots}", under)


SQL = sql_for(1)


class RequirementRow(NamedTuple):
    branch_id: int
    cell: datetime.date
    unit: str
    meeting_type_id: int
    period_start: datetime.date
    period_end: datetime.date
    required: int
    held: int


def params(root_paths: str | list[str], first: datetime.date, last: datetime.date) -> dict:
    """The statement's parameters for one organization path or several (disjoint) ones."""
    roots = [root_paths] if isinstance(root_paths, str) else list(root_paths)
    first, last = first.replace(day=1), last.replace(day=1)
    return {
        "roots": roots, **{f"root{i}": r + "%" for i, r in enumerate(roots)}, "first": first, "last": last, "group": Kind.PARTY_GROUP,
        "branch_kinds": [str(k) for k in BRANCH_KINDS],
        "from_day": datetime.date(first.year, 1, 1), "to_day": add_months(last, 1),
        "committee_size": settings.TERMS_COMMITTEE_MIN_SIZE, "committee_full": settings.TERMS_COMMITTEE_MIN_FULL_MEMBERS,
        "active": [str(s) for s in ACTIVE_STATUSES],
    }


SPAN_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def requirement_tuples(root_path: str | list[str], first: datetime.date, last: datetime.date) -> list[tuple]:
    """One query: plain tuples in RequirementRow order for every branch under `root_path`
    (a path, or a list of disjoint paths: still one query)
    for the months first..last (inclusive). The period's end and its month (`cell`) are
    derived here, once per distinct period, rather than sent for each of ~20k rows."""
    with connection.cursor() as cursor:
        p = params(root_path, first, last)
        if not p["roots"]:
            return []
        cursor.execute(sql_for(len(p["roots"])), p)
        raw = cursor.fetchall()
    ends: dict[tuple[str, datetime.date], tuple[datetime.date, datetime.date]] = {}
    out = []
    for branch_id, unit, type_id, start, required, held in raw:
        e = ends.get((unit, start))
        if e is None:
            end = add_months(start, SPAN_MONTHS[unit])
            e = ends[(unit, start)] = (add_months(end, -1), end)
        out.append((branch_id, e[0], unit, type_id, start, e[1], required, held))
    return out


def requirement_rows(root_path: str | list[str], first: datetime.date, last: datetime.date) -> list[RequirementRow]:
    """The same as named tuples."""
    return list(map(RequirementRow._make, requirement_tuples(root_path, first, last)))
