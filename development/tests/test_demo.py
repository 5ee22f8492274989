"""development.demo and dues.demo: believable, deterministic, idempotent."""

from io import StringIO

import pytest

from development import demo as dev_demo
from development.choices import Stage
from development.models import Applicant, Step
from development.rules import DEADLINES
from dues import demo as dues_demo
from dues import selectors
from dues.models import DuesBase, DuesPayment
from members.models import Member
from organizations.models import Organization
from organizations.rules import Field, Kind


@pytest.fixture
def demo_tree(db):
    county = Organization.add_root(name="中共演示县委", kind=Kind.COUNTY, code="DEMO-C01")
    town = county.add_child(name="演示镇党委", kind=Kind.TOWNSHIP, code="DEMO-C01-T01")
    for i in range(40):
        field = [Field.VILLAGE, Field.COMMUNITY, Field.SCHOOL, Field.ORGAN][i % 4]
        town.add_child(name=f"演示{i}党支部", kind=Kind.BRANCH, field=field, code=f"DEMO-C01-T01-B{i:03d}")
    return county


def run(seed=2026):
    out = StringIO()
    dev_demo.seed(scale="county", rng_seed=seed, stdout=out)
    dues_demo.seed(scale="county", rng_seed=seed, stdout=out)
    return out.getvalue()


def test_seeds_every_stage_consistently_and_puts_approved_people_on_the_roll(demo_tree):
    run()
    stages = set(Applicant.objects.values_list("stage", flat=True))
    assert {Stage.APPLICANT, Stage.ACTIVIST, Stage.PROBATIONARY, Stage.FULL} <= stages
    approved = Applicant.objects.filter(stage__in=[Stage.PROBATIONARY, Stage.FULL])
    assert approved.filter(member__isnull=True).count() == 0
    assert Member.objects.count() == approved.count()
    assert Step.objects.filter(kind="application").count() == Applicant.objects.count()
    assert Applicant.objects.filter(next_due_kind__in=DEADLINES).exists()


def test_second_run_changes_nothing(demo_tree):
    run()
    before = (Applicant.objects.count(), Step.objects.count(), DuesBase.objects.count(), DuesPayment.objects.count())
    out = run()
    assert (Applicant.objects.count(), Step.objects.count(), DuesBase.objects.count(), DuesPayment.objects.count()) == before
    assert "跳过" in out


def test_same_seed_same_people(demo_tree):
    dev_demo.seed(scale="county", rng_seed=7, stdout=StringIO())
    first = sorted(Applicant.objects.values_list("name", "applied_on", "stage"))
    Applicant.objects.all().delete()
    Member.objects.all().delete()
    dev_demo.seed(scale="county", rng_seed=7, stdout=StringIO())
    assert sorted(Applicant.objects.values_list("name", "applied_on", "stage")) == first


def test_dues_demo_bases_every_member_and_leaves_some_in_arrears(demo_tree):
    import datetime

    run()
    members = Member.objects.all()
    assert DuesBase.objects.count() == members.count() > 0
    assert DuesPayment.objects.exists()
    assert selectors.with_arrears(members, datetime.date.today()).count() == members.count()
