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
branches but a handful of signatures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection

from organizations.rules import BRANCH_KINDS, Kind

from .periods import add_months

SQL = """
WITH months AS (
    SELECT m::date AS cell FROM generate_series(%(first)s::date, %(last)s::date, interval '1 month') AS m
), periods AS (
    SELECT months.cell, u.unit, date_trunc(u.unit, months.cell)::date AS period_start,
           (date_trunc(u.unit, months.cell) + u.span)::date AS period_end
    FROM months CROSS JOIN (VALUES ('month', interval '1 month'), ('quarter', interval '3 months'),
                                   ('year', interval '1 year')) AS u(unit, span)
    WHERE (date_trunc(u.unit, months.cell) + u.span)::date = (months.cell + interval '1 month')::date
), reqs AS (
    SELECT r.meeting_type_id, r.period, r.min_count, r.effective_from, r.field, mt.target,
           COALESCE(s.path, '') AS scope_path
    FROM meetings_requirement r
    JOIN meetings_meetingtype mt ON mt.id = r.meeting_type_id AND mt.is_active
    LEFT JOIN organizations_organization s ON s.id = r.scope_id
    WHERE s.id IS NULL OR %(root)s LIKE s.path || '%%' OR s.path LIKE %(root)s || '%%'
), scopes AS (
    SELECT DISTINCT scope_path FROM reqs WHERE scope_path <> ''
), targets AS MATERIALIZED (
    SELECT o.id,
           CASE WHEN o.kind = %(group)s THEN p.id ELSE o.id END AS branch_id,
           CASE WHEN o.kind = %(group)s THEN 'party_group' ELSE 'branch' END AS target,
           COALESCE(CASE WHEN o.kind = %(group)s THEN p.field ELSE o.field END, '') AS field,
           o.established_on,
           COALESCE((SELECT string_agg(sc.scope_path, ',' ORDER BY sc.scope_path) FROM scopes sc
                     WHERE o.path LIKE sc.scope_path || '%%'), '') AS sig
    FROM organizations_organization o
    LEFT JOIN organizations_organization p
           ON o.kind = %(group)s AND p.path = substr(o.path, 1, length(o.path) - 4)
    WHERE o.path LIKE %(root)s || '%%' AND o.status = 'active'
      AND (o.kind = ANY(%(branch_kinds)s) OR (o.kind = %(group)s AND p.status = 'active'))
), classes AS (
    SELECT DISTINCT target, field, sig FROM targets
), resolved AS MATERIALIZED (
    SELECT DISTINCT ON (c.target, c.field, c.sig, rq.meeting_type_id, p.cell, p.unit)
           c.target, c.field, c.sig, rq.meeting_type_id, p.cell, p.unit, p.period_start, p.period_end,
           rq.period AS rule_unit, rq.min_count
    FROM classes c
    CROSS JOIN periods p
    JOIN reqs rq ON rq.target = c.target
         AND (rq.scope_path = '' OR ',' || c.sig || ',' LIKE '%%,' || rq.scope_path || ',%%')
         AND (rq.field = '' OR rq.field = c.field)
         AND rq.effective_from <= p.period_start
    ORDER BY c.target, c.field, c.sig, rq.meeting_type_id, p.cell, p.unit,
             length(rq.scope_path) DESC, (rq.field <> '') DESC, rq.effective_from DESC
), held AS MATERIALIZED (
    SELECT m.organization_id, m.meeting_type_id, u.unit, date_trunc(u.unit, m.held_on)::date AS period_start,
           count(*) AS n
    FROM meetings_meeting m
    JOIN organizations_organization o ON o.id = m.organization_id
    CROSS JOIN (VALUES ('month'), ('quarter'), ('year')) AS u(unit)
    WHERE m.status = 'submitted' AND o.path LIKE %(root)s || '%%'
      AND m.held_on >= %(from_day)s AND m.held_on < %(to_day)s
    GROUP BY 1, 2, 3, 4
)
SELECT t.branch_id, r.cell, r.unit, r.meeting_type_id, r.period_start, r.period_end,
       sum(r.min_count)::int AS required,
       sum(LEAST(COALESCE(h.n, 0), r.min_count))::int AS held
FROM targets t
JOIN resolved r ON r.target = t.target AND r.field = t.field AND r.sig = t.sig
LEFT JOIN held h ON h.organization_id = t.id AND h.meeting_type_id = r.meeting_type_id
                AND h.unit = r.unit AND h.period_start = r.period_start
WHERE r.rule_unit = r.unit AND r.min_count > 0
  AND (t.established_on IS NULL OR t.established_on <= r.period_start)
GROUP BY t.branch_id, r.cell, r.unit, r.meeting_type_id, r.period_start, r.period_end
ORDER BY t.branch_id, r.cell, r.unit, r.meeting_type_id
"""


@dataclass(frozen=True)
class RequirementRow:
    branch_id: int
    cell: datetime.date
    unit: str
    meeting_type_id: int
    period_start: datetime.date
    period_end: datetime.date
    required: int
    held: int


def params(root_path: str, first: datetime.date, last: datetime.date) -> dict:
    first, last = first.replace(day=1), last.replace(day=1)
    return {
        "root": root_path, "first": first, "last": last, "group": Kind.PARTY_GROUP,
        "branch_kinds": [str(k) for k in BRANCH_KINDS],
        "from_day": datetime.date(first.year, 1, 1), "to_day": add_months(last, 1),
    }


def requirement_rows(root_path: str, first: datetime.date, last: datetime.date) -> list[RequirementRow]:
    """One query: the requirement rows of every branch under `root_path` for the months
    first..last (inclusive)."""
    with connection.cursor() as cursor:
        cursor.execute(SQL, params(root_path, first, last))
        return [RequirementRow(*row) for row in cursor.fetchall()]
