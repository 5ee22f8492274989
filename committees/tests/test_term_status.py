import datetime

import pytest
import time_machine
from django.template import Context, Template

from committees import selectors
from committees.rules import TermStatus, status_for
from committees.services import terms as services
from committees.tests.factories import elect, roll
from organizations.models import Organization

D = datetime.date


@pytest.fixture
def village_term(world):
    """柳树村党支部 elected 2021-06-30 for 5 years: ends 2026-06-30."""
    return elect(world.branch_a1, roll(world.branch_a1, 3), on=D(2021, 6, 30))


def _status(org, on):
    sql = selectors.term_status_of(org, on)
    annotated = selectors.with_term_status(Organization.objects.filter(pk=org.pk), on).get()
    python = status_for(has_term=annotated.term_id is not None, ends_on=annotated.term_ends_on,
                        delay_until=annotated.term_delay_until, today=on)
    assert sql == python  # the SQL rule and the Python rule agree
    return sql


@pytest.mark.parametrize(("on", "status"), [
    (D(2025, 12, 29), TermStatus.CURRENT),   # 6 months and a day before the end
    (D(2025, 12, 30), TermStatus.EXPIRING),  # exactly 6 months before
    (D(2026, 6, 30), TermStatus.EXPIRING),   # the last day of the term
    (D(2026, 7, 1), TermStatus.OVERDUE),     # the day after
])
def test_term_status_at_boundary_dates(village_term, world, on, status):
    assert _status(world.branch_a1, on) == status


def test_approved_delay_shows_delayed_until_its_date_then_overdue(village_term, world):
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, 0), tick=False):
        delay = services.delay_request(term=village_term, until=D(2027, 3, 1), reason="统一换届", actor=world.secretary_a1)
        assert _status(world.branch_a1, D(2026, 7, 1)) == TermStatus.OVERDUE  # pending: not yet delayed
        services.delay_decide(delay=delay, approve=True, actor=world.clerk_a)
    assert _status(world.branch_a1, D(2026, 7, 1)) == TermStatus.DELAYED
    assert _status(world.branch_a1, D(2027, 3, 1)) == TermStatus.DELAYED
    assert _status(world.branch_a1, D(2027, 3, 2)) == TermStatus.OVERDUE


def test_rejected_delay_changes_nothing(village_term, world):
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, 0), tick=False):
        delay = services.delay_request(term=village_term, until=D(2027, 3, 1), reason="统一换届", actor=world.secretary_a1)
        services.delay_decide(delay=delay, approve=False, actor=world.clerk_a)
    assert _status(world.branch_a1, D(2026, 7, 1)) == TermStatus.OVERDUE


def test_organization_without_a_term_has_no_committee_on_record(world):
    assert _status(world.branch_b1, D(2026, 1, 1)) == TermStatus.NONE


def test_new_election_makes_an_overdue_organization_current(village_term, world):
    assert _status(world.branch_a1, D(2026, 11, 1)) == TermStatus.OVERDUE
    elect(world.branch_a1, roll(world.branch_a1, 3), on=D(2026, 10, 20))
    assert _status(world.branch_a1, D(2026, 11, 1)) == TermStatus.CURRENT


def test_status_of_many_organizations_in_one_query(world, django_assert_num_queries):
    for i in range(12):
        branch = world.town_a.add_child(name=f"测试村{i}党支部", kind="branch", field="village")
        elect(branch, roll(branch, 3), on=D(2021 + i % 6, 3, 1))
    qs = selectors.with_term_status(selectors.electing_organizations(Organization.objects.all()), D(2026, 11, 24))
    with django_assert_num_queries(1):
        rows = list(qs.values_list("name", "term_status"))
    assert len(rows) == 15
    with django_assert_num_queries(1):
        counts = selectors.status_counts(qs)
    # elected 2021 (ended 2026-03-01) twice; 2022 (ends 2027-03-01, within 6 months) twice; later ones current;
    # the three branches of the world have no term
    assert counts == {TermStatus.NONE: 3, TermStatus.OVERDUE: 2, TermStatus.EXPIRING: 2, TermStatus.CURRENT: 8,
                      TermStatus.DELAYED: 0}


def test_badge_tag_uses_the_annotation_without_querying(village_term, world, django_assert_num_queries):
    org = selectors.with_term_status(Organization.objects.filter(pk=world.branch_a1.pk), D(2026, 1, 1)).get()
    with django_assert_num_queries(0):
        html = Template("{% load committees %}{% term_status_badge org %}").render(Context({"org": org}))
    assert "即将到期" in html


def test_badge_tag_computes_status_for_a_plain_organization_at_frozen_time(village_term, world):
    with time_machine.travel(datetime.datetime(2026, 8, 1, 9, 0), tick=False):
        html = Template("{% load committees %}{% term_status_badge org %}").render(Context({"org": world.branch_a1}))
    assert "逾期未换届" in html
    assert Template("{% load committees %}{% term_status_badge org %}").render(Context({"org": world.county})).strip() == ""
