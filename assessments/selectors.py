"""Reads of assessments for pages, exports and other apps. Aggregates run in the database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Substr
from django.urls import NoReverseMatch, reverse

from accounts.scope import paths_q
from organizations.models import Organization
from organizations.rules import Kind

from .choices import GRADE_LEVEL, Grade, GradingStatus, ReviewResult, ScoreStep, Step
from .models import Evidence, Grading, ItemScore, Review, SheetItem

TOWNSHIP_PATH_LEN = 2 * Organization.steplen  # the path of a township: county step + township step


def gradings_with_previous(qs: QuerySet[Grading]) -> QuerySet[Grading]:
    """Annotate each grading with the same branch's grade of the year before."""
    prev = Grading.objects.filter(organization=OuterRef("organization"), year=OuterRef("year") - 1).values("grade")[:1]
    return qs.annotate(previous_grade=Subquery(prev))


def movement(grade: str, previous: str | None) -> str:
    """晋位升级 / 退位 / 持平 against last year; "" without last year's grade."""
    if not previous:
        return ""
    delta = GRADE_LEVEL[Grade(grade)] - GRADE_LEVEL[Grade(previous)]
    return "晋位升级" if delta > 0 else ("退位降级" if delta < 0 else "持平")


@dataclass
class TownshipRow:
    township: Organization
    grades: dict[str, int] = field(default_factory=dict)
    results: dict[str, int] = field(default_factory=dict)
    in_progress: int = 0


def distribution_by_township(*, gradings: QuerySet[Grading], reviews: QuerySet[Review]) -> list[TownshipRow]:
    """Counts of grades and of review results per township (two grouped queries and one
    for the township names), from querysets already scoped to the user and the year."""
    g_rows = (gradings.order_by().annotate(t=Substr("organization__path", 1, TOWNSHIP_PATH_LEN))
              .values("t", "grade").annotate(n=Count("id")))
    r_rows = (reviews.order_by().annotate(t=Substr("organization__path", 1, TOWNSHIP_PATH_LEN))
              .values("t", "step", "result").annotate(n=Count("id")))
    by_path: dict[str, TownshipRow] = {}
    townships = {o.path: o for o in Organization.objects.filter(
        path__in={r["t"] for r in g_rows} | {r["t"] for r in r_rows}, kind=Kind.TOWNSHIP)}

    def row(path: str) -> TownshipRow | None:
        if path not in townships:
            return None
        return by_path.setdefault(path, TownshipRow(township=townships[path]))

    for r in g_rows:
        if (t := row(r["t"])) is not None:
            t.grades[r["grade"]] = t.grades.get(r["grade"], 0) + r["n"]
    for r in r_rows:
        if (t := row(r["t"])) is None:
            continue
        if r["step"] == Step.DONE:
            t.results[r["result"]] = t.results.get(r["result"], 0) + r["n"]
        else:
            t.in_progress += r["n"]
    return sorted(by_path.values(), key=lambda t: t.township.path)


def rectification_candidates(year: int, county: Organization) -> list[tuple[Organization, str]]:
    """Branches under `county` that the year's assessments propose for the rectification
    list 软弱涣散基层党组织整顿: a confirmed 后进 grade, or a finished 达标创优 review that
    did not pass. One (organization, reason) pair per branch, reasons joined; by path."""
    reasons: dict[int, list[str]] = defaultdict(list)
    for org_id in Grading.objects.filter(
        year=year, grade=Grade.LAGGING, status=GradingStatus.CONFIRMED, organization__path__startswith=county.path,
    ).values_list("organization_id", flat=True):
        reasons[org_id].append(f"{year}年分类定级为后进")
    for org_id, score in Review.objects.filter(
        sheet__year=year, step=Step.DONE, result=ReviewResult.FAILED, organization__path__startswith=county.path,
    ).values_list("organization_id", "final_score"):
        reasons[org_id].append(f"{year}年达标创优考评不达标（综合得分{score}）")
    orgs = Organization.objects.filter(pk__in=reasons).order_by("path")
    return [(o, "；".join(reasons[o.pk])) for o in orgs]


def evidence_url(evidence: Evidence) -> str:
    """A link to the record behind a piece of evidence, by the convention that each app
    names its detail page "<app_label>:detail"; an uploaded file links to itself."""
    if evidence.content_type_id:
        try:
            return reverse(f"{evidence.content_type.app_label}:detail", args=[evidence.object_id])
        except NoReverseMatch:
            return ""
    return reverse("assessments:evidence_file", args=[evidence.pk]) if evidence.file else ""


@dataclass
class ItemLine:
    item: SheetItem
    self_score: ItemScore | None
    reviewer_scores: list[ItemScore]
    evidence: list[Evidence]
    computed: list[Any] | None


def review_sheet(review: Review) -> tuple[list[tuple[str, list[ItemLine]]], list[Any]]:
    """The review's sheet section by section: each item with the self score, every
    reviewer's score side by side, and its evidence. Returns (sections, reviewers).
    A fixed number of queries whatever the size of the sheet."""
    items = list(review.sheet.items.select_related("section"))
    scores = list(review.scores.select_related("scorer"))
    evidence = list(review.evidence.select_related("content_type"))
    reviewers = sorted({s.scorer for s in scores if s.step == ScoreStep.ORG}, key=lambda u: u.pk)
    by_item: dict[int, dict[str, Any]] = defaultdict(lambda: {"self": None, "org": {}, "evidence": []})
    for s in scores:
        if s.step == ScoreStep.SELF:
            by_item[s.item_id]["self"] = s
        else:
            by_item[s.item_id]["org"][s.scorer_id] = s
    for e in evidence:
        e.url = evidence_url(e)
        by_item[e.item_id]["evidence"].append(e)
    sections: dict[int, tuple[str, list[ItemLine]]] = {}
    for item in items:
        data = by_item[item.pk]
        line = ItemLine(item=item, self_score=data["self"], evidence=data["evidence"],
                        reviewer_scores=[data["org"].get(u.pk) for u in reviewers],
                        computed=review.computed.get(str(item.pk)))
        sections.setdefault(item.section_id, (item.section.title, []))[1].append(line)
    return list(sections.values()), reviewers


# --- read by the dashboards ---
# they also read Grade and ReviewResult (imported above) from here


def latest_distribution(*, user: Any, paths: list[str]) -> tuple[int | None, list[TownshipRow]]:
    """The latest year with gradings the user may see under `paths`, and that year's
    `distribution_by_township` (None and no rows without any grading)."""
    gradings = Grading.objects.for_user(user).filter(paths_q(paths, Grading.scope_path_lookup))
    year = gradings.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        return None, []
    reviews = Review.objects.for_user(user).filter(paths_q(paths, Review.scope_path_lookup), sheet__year=year)
    return year, distribution_by_township(gradings=gradings.filter(year=year), reviews=reviews)
