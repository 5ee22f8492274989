import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from assessments import services
from assessments.choices import ReviewResult, ScoreStep, Step
from assessments.models import Evidence, ItemScore

from .factories import D, make_sheet


def _items(sheet):  # type: ignore[no-untyped-def]
    return {i.code: i for i in sheet.items.all()}


def _self_assess(world, review, values):  # type: ignore[no-untyped-def]
    items = _items(review.sheet)
    for code, points in values.items():
        services.self_score_set(review=review, item=items[code], points=D(points), actor=world.secretary_a1,
                                reason="按实际情况")
    return services.self_submit(review=review, actor=world.secretary_a1)


def test_full_three_step_review_gives_weighted_final_and_result(world):
    sheet = make_sheet(world)
    review = services.review_open(sheet=sheet, organization=world.branch_a1, actor=world.clerk_a)
    review = _self_assess(world, review, {"A1": 55, "A2": 35, "B1": 2, "C1": 0})
    assert (review.step, review.self_score) == (Step.PUBLIC, D("92.00"))
    services.public_rating_set(review=review, group="residents", satisfied=7, basically_satisfied=2, unsatisfied=1,
                               actor=world.clerk_a)
    review = services.public_close(review=review, actor=world.clerk_a)
    assert (review.step, review.public_score) == (Step.ORG, D("82.00"))
    items = _items(sheet)
    for actor, values in ((world.clerk_a, {"A1": 50, "A2": 30, "B1": 0, "C1": 2}),
                          (world.county_officer, {"A1": 45, "A2": 30, "B1": 0, "C1": 0})):
        for code, points in values.items():
            services.org_score_set(review=review, item=items[code], points=D(points), actor=actor)
    review = services.review_finalize(review=review, actor=world.county_officer)
    # reviewers: 78 and 75 → mean 76.5; final 0.2×92 + 0.4×82 + 0.4×76.5 = 18.4 + 32.8 + 30.6 = 81.8
    assert review.org_score == D("76.50")
    assert review.final_score == D("81.80")
    assert review.result == ReviewResult.PASSED
    assert ItemScore.objects.filter(review=review, step=ScoreStep.ORG).values("scorer").distinct().count() == 2


def test_lower_final_fails(world):
    sheet = make_sheet(world)
    review = services.review_open(sheet=sheet, organization=world.branch_a1, actor=world.clerk_a)
    review = _self_assess(world, review, {"A1": 40, "A2": 20, "B1": 0, "C1": 0})
    services.public_rating_set(review=review, group="members", satisfied=1, basically_satisfied=1, unsatisfied=2,
                               actor=world.clerk_a)
    review = services.public_close(review=review, actor=world.clerk_a)
    for code, points in {"A1": 40, "A2": 20, "B1": 0, "C1": 10}.items():
        services.org_score_set(review=review, item=_items(sheet)[code], points=D(points), actor=world.clerk_a)
    review = services.review_finalize(review=review, actor=world.clerk_a)
    assert review.result == ReviewResult.FAILED


def test_computable_item_is_prescored_and_its_records_linked(world, test_calculator):
    sheet = make_sheet(world, calculator=test_calculator)
    review = services.review_open(sheet=sheet, organization=world.branch_a1, actor=world.clerk_a)
    a2 = _items(sheet)["A2"]
    row = ItemScore.objects.get(review=review, item=a2, step=ScoreStep.SELF)
    assert (row.points, row.computed_points) == (D("20.00"), D("20.00"))
    evidence = Evidence.objects.get(review=review, item=a2)
    assert evidence.is_computed and evidence.record == world.branch_a1


def test_override_of_prescore_needs_a_reason(world, test_calculator):
    sheet = make_sheet(world, calculator=test_calculator)
    review = services.review_open(sheet=sheet, organization=world.branch_a1, actor=world.clerk_a)
    a2 = _items(sheet)["A2"]
    with pytest.raises(ValidationError, match="须填写理由"):
        services.self_score_set(review=review, item=a2, points=D(30), actor=world.secretary_a1)
    row = services.self_score_set(review=review, item=a2, points=D(30), actor=world.secretary_a1, reason="有两名发展对象")
    assert row.is_override


def test_reviewer_confirms_prescore_without_reason_and_overrides_with_one(world, test_calculator):
    sheet = make_sheet(world, calculator=test_calculator)
    review = services.review_open(sheet=sheet, organization=world.branch_a1, actor=world.clerk_a)
    review = _self_assess(world, review, {"A1": 55, "A2": 20, "B1": 0, "C1": 0})
    services.public_rating_set(review=review, group="residents", satisfied=5, basically_satisfied=0, unsatisfied=0,
                               actor=world.clerk_a)
    review = services.public_close(review=review, actor=world.clerk_a)
    a2 = _items(sheet)["A2"]
    confirmed = services.org_score_set(review=review, item=a2, points=D(20), actor=world.clerk_a)
    assert not confirmed.is_override
    with pytest.raises(ValidationError, match="须填写理由"):
        services.org_score_set(review=review, item=a2, points=D(10), actor=world.county_officer)
    overridden = services.org_score_set(review=review, item=a2, points=D(10), actor=world.county_officer,
                                        reason="发展对象未公示")
    assert overridden.is_override and overridden.reason == "发展对象未公示"


def test_database_refuses_override_without_reason(world, test_calculator):
    sheet = make_sheet(world, calculator=test_calculator)
    review = services.review_open(sheet=sheet, organization=world.branch_a1, actor=world.clerk_a)
    with pytest.raises(IntegrityError):
        ItemScore.objects.filter(review=review, item=_items(sheet)["A2"]).update(points=D(1))


def test_points_above_item_maximum_refused(world):
    sheet = make_sheet(world)
    review = services.review_open(sheet=sheet, organization=world.branch_a1, actor=world.clerk_a)
    with pytest.raises(ValidationError, match="0至60"):
        services.self_score_set(review=review, item=_items(sheet)["A1"], points=D(61), actor=world.secretary_a1)


def test_steps_are_in_order(world):
    sheet = make_sheet(world)
    review = services.review_open(sheet=sheet, organization=world.branch_a1, actor=world.clerk_a)
    with pytest.raises(ValidationError, match="基层自评"):
        services.public_close(review=review, actor=world.clerk_a)
    with pytest.raises(ValidationError, match="尚未自评"):
        services.self_submit(review=review, actor=world.secretary_a1)


def test_branch_cannot_review_itself_and_other_township_cannot_review(world):
    sheet = make_sheet(world)
    with pytest.raises(PermissionDenied):
        services.review_open(sheet=sheet, organization=world.branch_a1, actor=world.secretary_a1)
    with pytest.raises(PermissionDenied):
        services.review_open(sheet=sheet, organization=world.branch_a1, actor=world.clerk_b)


def test_draft_sheet_cannot_be_used(world):
    sheet = make_sheet(world, publish=False)
    with pytest.raises(ValidationError, match="已启用"):
        services.review_open(sheet=sheet, organization=world.branch_a1, actor=world.clerk_a)


def test_open_under_township_creates_one_review_per_branch_once(world):
    sheet = make_sheet(world)
    assert services.reviews_open_under(sheet=sheet, under=world.town_a, actor=world.clerk_a) == 2
    assert services.reviews_open_under(sheet=sheet, under=world.town_a, actor=world.clerk_a) == 0


def test_evidence_links_records_on_file_only_within_the_branch(world):
    sheet = make_sheet(world)
    review = services.review_open(sheet=sheet, organization=world.branch_a1, actor=world.clerk_a)
    a1 = _items(sheet)["A1"]
    link = services.evidence_link(review=review, item=a1, record=world.group_a1, actor=world.secretary_a1)
    assert link.record == world.group_a1
    with pytest.raises(ValidationError, match="已作为"):
        services.evidence_link(review=review, item=a1, record=world.group_a1, actor=world.secretary_a1)
    with pytest.raises(ValidationError, match="只能关联本组织"):
        services.evidence_link(review=review, item=a1, record=world.branch_b1, actor=world.county_officer)
    note = services.evidence_add(review=review, item=a1, label="会议记录本第3页", actor=world.secretary_a1)
    assert note.content_type is None
