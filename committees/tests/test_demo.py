import io

import pytest
from django.core.management import call_command

from committees import selectors
from committees.models import CommitteePost, ReserveCadre, Term
from committees.rules import TermStatus
from organizations.models import Organization


@pytest.mark.django_db
def test_demo_seeds_a_mix_of_term_statuses_once():
    call_command("seed_demo", stdout=io.StringIO())
    terms, posts, reserves = Term.objects.count(), CommitteePost.objects.count(), ReserveCadre.objects.count()
    qs = selectors.with_term_status(selectors.electing_organizations(Organization.objects.filter(code__startswith="DEMO-C")))
    counts = selectors.status_counts(qs)
    assert all(counts[s] > 0 for s in TermStatus), counts
    assert counts[TermStatus.CURRENT] > counts[TermStatus.OVERDUE]
    # every seeded term has exactly one secretary on a member of its own roll
    assert CommitteePost.objects.filter(post="secretary").count() == terms
    from django.db.models import F

    assert not CommitteePost.objects.exclude(member__organization=F("term__organization")).exists()
    call_command("seed_demo", stdout=io.StringIO())
    assert (Term.objects.count(), CommitteePost.objects.count(), ReserveCadre.objects.count()) == (terms, posts, reserves)
