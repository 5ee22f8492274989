import io

from assessments import demo
from assessments.choices import MemberGrade, Step
from assessments.models import Grading, MemberRating, Review
from organizations.models import Organization
from organizations.rules import Field, Kind

from .factories import MemberFactory


def _tree():  # type: ignore[no-untyped-def]
    county = Organization.add_root(name="演示县委", kind=Kind.COUNTY, code="DEMO-C01")
    town = county.add_child(name="演示镇党委", kind=Kind.TOWNSHIP, code="DEMO-C01-T01")
    branches = [town.add_child(name=f"演示村{i}党支部", kind=Kind.BRANCH, field=Field.VILLAGE, code=f"DEMO-C01-B{i}")
                for i in range(12)]
    for b in branches[:3]:
        for _ in range(10):
            MemberFactory(organization=b)
    return county


def test_demo_is_idempotent_and_deterministic_and_respects_the_rules(db):
    _tree()
    demo.seed(scale="county", rng_seed=7, stdout=io.StringIO())
    first = sorted(Review.objects.values_list("organization__code", "step", "final_score"))
    counts = (Grading.objects.count(), Review.objects.count(), MemberRating.objects.count())
    demo.seed(scale="county", rng_seed=7, stdout=io.StringIO())
    assert (Grading.objects.count(), Review.objects.count(), MemberRating.objects.count()) == counts == (24, 12, 30)
    assert Review.objects.filter(step=Step.DONE, final_score__isnull=True).count() == 0
    for round_id in MemberRating.objects.values_list("round", flat=True).distinct():
        ratings = MemberRating.objects.filter(round=round_id)
        assert ratings.filter(decision=MemberGrade.EXCELLENT).count() * 100 <= 30 * ratings.count()
    Review.objects.all().delete()
    from assessments.models import ScoreSheet
    ScoreSheet.objects.all().delete()
    Grading.objects.all().delete()
    MemberRating.objects.all().delete()
    from assessments.models import MemberReviewRound
    MemberReviewRound.objects.all().delete()
    demo.seed(scale="county", rng_seed=7, stdout=io.StringIO())
    assert sorted(Review.objects.values_list("organization__code", "step", "final_score")) == first
