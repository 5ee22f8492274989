from assessments import selectors, services
from assessments.choices import Grade, ReviewResult
from assessments.models import Grading, Review

from .factories import D, make_sheet

NOTES = {"leadership": "弱", "members": "老", "mechanism": "乱", "results": "差", "opinion": "差"}


def _finish(world, review, points):  # type: ignore[no-untyped-def]
    items = list(review.sheet.items.all())
    for i in items:
        services.self_score_set(review=review, item=i, points=D(points.get(i.code, 0)), actor=world.county_officer)
    services.self_submit(review=review, actor=world.county_officer)
    services.public_rating_set(review=review, group="residents", satisfied=1, basically_satisfied=0, unsatisfied=3,
                               actor=world.county_officer)
    review = services.public_close(review=review, actor=world.county_officer)
    for i in items:
        services.org_score_set(review=review, item=i, points=D(points.get(i.code, 0)), actor=world.county_officer)
    return services.review_finalize(review=review, actor=world.county_officer)


def test_rectification_candidates_are_confirmed_lagging_and_failed_reviews(world):
    g = services.grading_propose(organization=world.branch_a1, year=2025, grade=Grade.LAGGING, notes=NOTES, actor=world.clerk_a)
    services.grading_confirm(grading=g, actor=world.county_officer)
    # proposed but not confirmed: not yet a candidate
    services.grading_propose(organization=world.branch_b1, year=2025, grade=Grade.LAGGING, notes=NOTES, actor=world.clerk_b)
    sheet = make_sheet(world)
    failed = _finish(world, services.review_open(sheet=sheet, organization=world.branch_a1, actor=world.clerk_a), {"A1": 30})
    assert failed.result == ReviewResult.FAILED
    candidates = selectors.rectification_candidates(2025, world.county)
    assert [(o.pk, reason.count("；")) for o, reason in candidates] == [(world.branch_a1.pk, 1)]
    org, reason = candidates[0]
    assert "后进" in reason and "不达标" in reason
    assert selectors.rectification_candidates(2024, world.county) == []


def test_distribution_counts_by_township(world):
    services.grading_propose(organization=world.branch_a1, year=2025, grade=Grade.ADVANCED, notes={}, actor=world.clerk_a)
    services.grading_propose(organization=world.branch_a2, year=2025, grade=Grade.ADVANCED, notes={}, actor=world.clerk_a)
    services.grading_propose(organization=world.branch_b1, year=2025, grade=Grade.ORDINARY, notes={}, actor=world.clerk_b)
    services.review_open(sheet=make_sheet(world), organization=world.branch_b1, actor=world.clerk_b)
    rows = selectors.distribution_by_township(gradings=Grading.objects.filter(year=2025), reviews=Review.objects.all())
    assert [(r.township.pk, r.grades, r.in_progress) for r in rows] == [
        (world.town_a.pk, {Grade.ADVANCED: 2}, 0), (world.town_b.pk, {Grade.ORDINARY: 1}, 1)]
