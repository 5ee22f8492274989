import io

from organizations.models import Organization
from organizations.rules import Field, Kind
from rectification import demo
from rectification.models import Rectification, RectificationYear
from rectification.rules import RectStatus


def test_demo_seeds_every_state_and_is_idempotent(world):
    county = Organization.objects.get(pk=world.county.pk)
    town = Organization.objects.get(pk=world.town_a.pk)
    for i in range(12):
        town.add_child(name=f"演示村{i}", kind=Kind.BRANCH, field=Field.VILLAGE)
        town = Organization.objects.get(pk=town.pk)
    demo.seed(scale="county", rng_seed=2026, stdout=io.StringIO())
    statuses = set(Rectification.objects.values_list("status", flat=True))
    assert {RectStatus.LISTED, RectStatus.ACCEPTANCE_PROPOSED, RectStatus.ACCEPTED, RectStatus.CONSOLIDATED,
            RectStatus.CARRIED_OVER, RectStatus.CANDIDATE} <= statuses
    assert set(Rectification.objects.exclude(measures=None).values_list("measures__status", flat=True)) == {
        "draft", "in_progress", "proposed_closed", "closed"}
    assert Rectification.objects.filter(carried_from__isnull=False).count() == 1
    before = Rectification.objects.count()
    demo.seed(scale="county", rng_seed=2026, stdout=io.StringIO())
    assert Rectification.objects.count() == before
    assert RectificationYear.objects.filter(county=county).count() == 2
