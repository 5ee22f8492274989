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

from django.conf import settings
from django.db import connection

from members.choices import ACTIVE_STATUSES
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
    SELECT r.meeting_type_id, r.period, r.min_count, r.effective_from, r.field, mt.target, mt.needs_committee,
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
), classes AS MATERIALIZED (
    -- one integer id per rule class, so the big join below is a plain hash join on an int
    SELECT row_number() OVER (ORDER BY target, field, sig)::int AS class_id, target, field, sig
    FROM (SELECT DISTINCT target, field, sig FROM targets) d
), resolved AS MATERIALIZED (
    SELECT * FROM (
        SELECT DISTINCT ON (c.class_id, rq.meeting_type_id, p.cell, p.unit)
               c.class_id, rq.meeting_type_id, p.cell, p.unit, p.period_start, p.period_end,
               rq.period AS rule_unit, rq.min_count, rq.needs_committee
        FROM classes c
        CROSS JOIN periods p
        JOIN reqs rq ON rq.target = c.target
             AND (rq.scope_path = '' OR ',' || c.sig || ',' LIKE '%%,' || rq.scope_path || ',%%')
             AND (rq.field = '' OR rq.field = c.field)
             AND rq.effective_from <= p.period_start
        ORDER BY c.class_id, rq.meeting_type_id, p.cell, p.unit,
                 length(rq.scope_path) DESC, (rq.field <> '') DESC, rq.effective_from DESC
    ) best
    WHERE rule_unit = unit AND min_count > 0
), tclass AS MATERIALIZED (
    SELECT t.id AS target_id, c.class_id, t.branch_id, t.established_on
    FROM targets t JOIN classes c ON c.target = t.target AND c.field = t.field AND c.sig = t.sig
), terms AS MATERIALIZED (
    -- a branch has a committee (支委会) when its term elected 3+ committee members
    SELECT t.organization_id, t.elected_on, count(cp.id) >= %(committee_size)s AS has_committee
    FROM committees_term t
    JOIN organizations_organization o ON o.id = t.organization_id AND o.path LIKE %(root)s || '%%'
    LEFT JOIN committees_committeepost cp ON cp.term_id = t.id
    GROUP BY t.id
), term_at AS (
    SELECT DISTINCT ON (tm.organization_id, months.cell) tm.organization_id, months.cell, tm.has_committee
    FROM terms tm JOIN months ON tm.elected_on < (months.cell + interval '1 month')::date
    ORDER BY tm.organization_id, months.cell, tm.elected_on DESC
), big AS (
    SELECT mm.organization_id, count(*) >= %(committee_full)s AS has_committee
    FROM members_member mm
    WHERE mm.status = ANY(%(active)s) AND mm.category = 'full'
      AND mm.organization_id IN (SELECT branch_id FROM targets WHERE target = 'branch')
    GROUP BY 1
), committee AS MATERIALIZED (
    -- the term in force at the end of each month (all periods ending in a month end with
    -- it); a branch with no term on record yet: its current number of full members decides
    SELECT b.branch_id, months.cell, COALESCE(ta.has_committee, bg.has_committee, false) AS has_committee
    FROM (SELECT DISTINCT branch_id FROM targets WHERE target = 'branch') b
    CROSS JOIN months
    LEFT JOIN term_at ta ON ta.organization_id = b.branch_id AND ta.cell = months.cell
    LEFT JOIN big bg ON bg.organization_id = b.branch_id
    WHERE EXISTS (SELECT 1 FROM resolved WHERE needs_committee)
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
FROM tclass t
JOIN resolved r ON r.class_id = t.class_id
LEFT JOIN committee cm ON r.needs_committee AND cm.branch_id = t.branch_id AND cm.cell = r.cell
LEFT JOIN held h ON h.organization_id = t.target_id AND h.meeting_type_id = r.meeting_type_id
                AND h.unit = r.unit AND h.period_start = r.period_start
WHERE (t.established_on IS NULL OR t.established_on <= r.period_start)
  AND (NOT r.needs_committee OR cm.has_committee)
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
        "committee_size": settings.TERMS_COMMITTEE_MIN_SIZE, "committee_full": settings.TERMS_COMMITTEE_MIN_FULL_MEMBERS,
        "active": [str(s) for s in ACTIVE_STATUSES],
    }


def requirement_rows(root_path: str, first: datetime.date, last: datetime.date) -> list[RequirementRow]:
    """One query: the requirement rows of every branch under `root_path` for the months
    first..last (inclusive)."""
    with connection.cursor() as cursor:
        cursor.execute(SQL, params(root_path, first, last))
        return [RequirementRow(*row) for row in cursor.fetchall()]
