import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from audit.models import AuditEvent
from committees.models import CommitteePost, Term
from committees.rules import DelayState, Post, TermState
from committees.services import terms as services
from committees.tests.factories import elect, roll
from members.tests.factories import MemberFactory

D = datetime.date


def test_election_derives_the_end_of_the_term_from_the_field(world):
    members = roll(world.branch_a1, 8)
    term = elect(world.branch_a1, members, on=D(2021, 6, 30), posts=3, actor=world.clerk_a)
    assert (term.years, term.ends_on) == (5, D(2026, 6, 30))  # village: 5 years
    organ = elect(world.branch_a2, roll(world.branch_a2, 4), on=D(2024, 3, 1))
    assert (organ.years, organ.ends_on) == (3, D(2027, 3, 1))
    assert set(term.posts.values_list("post", flat=True)) == {Post.SECRETARY, Post.DEPUTY, Post.ORGANIZATION}
    assert AuditEvent.objects.filter(content_type__model="term", object_id=str(term.pk), action="create").exists()
    assert AuditEvent.objects.filter(content_type__model="committeepost").count() == 4


def test_new_election_replaces_the_current_term_and_ends_its_posts(world):
    members = roll(world.branch_a1, 8)
    old = elect(world.branch_a1, members, on=D(2020, 6, 1), posts=3, number=9)
    new = elect(world.branch_a1, members[3:], on=D(2025, 6, 1), posts=3)
    old.refresh_from_db()
    assert (old.state, old.replaced_on) == (TermState.REPLACED, D(2025, 6, 1))
    assert new.number == 10
    assert set(CommitteePost.objects.filter(term=old).values_list("ended_on", flat=True)) == {D(2025, 6, 1)}
    assert Term.objects.filter(organization=world.branch_a1, state=TermState.CURRENT).get() == new


def test_database_refuses_two_current_terms(world):
    members = roll(world.branch_a1, 3)
    term = elect(world.branch_a1, members, on=D(2022, 1, 1))
    with pytest.raises(IntegrityError):
        Term.objects.create(organization=world.branch_a1, elected_on=D(2023, 1, 1), years=5, ends_on=D(2028, 1, 1),
                            entitled=3, present=3)
    assert term.state == TermState.CURRENT


def test_election_must_be_later_than_the_current_one(world):
    members = roll(world.branch_a1, 3)
    elect(world.branch_a1, members, on=D(2022, 1, 1))
    with pytest.raises(ValidationError, match="必须晚于上一届"):
        elect(world.branch_a1, members, on=D(2021, 1, 1))


def test_seven_full_members_need_a_committee(world):
    members = roll(world.branch_a1, 7)
    with pytest.raises(ValidationError, match="应设支部委员会"):
        elect(world.branch_a1, members, on=D(2022, 1, 1), posts=1)
    assert elect(world.branch_a1, members, on=D(2022, 1, 1), posts=3).posts.count() == 3


def test_six_full_members_and_probationary_ones_elect_no_committee(world):
    members = roll(world.branch_a1, 6, probationary=3)  # probationary members do not count
    with pytest.raises(ValidationError, match="不设支部委员会"):
        elect(world.branch_a1, members, on=D(2022, 1, 1), posts=3)
    assert elect(world.branch_a1, members, on=D(2022, 1, 1), posts=2).posts.count() == 2


def test_probationary_member_cannot_be_elected(world):
    members = roll(world.branch_a1, 0, probationary=3)
    with pytest.raises(ValidationError, match="预备党员，没有被选举权"):
        elect(world.branch_a1, members, on=D(2022, 1, 1))


def test_member_of_another_branch_cannot_be_elected(world):
    other = MemberFactory(organization=world.branch_b1)
    roll(world.branch_a1, 3)
    with pytest.raises(ValidationError, match="不在本组织党员名册上"):
        elect(world.branch_a1, [other], on=D(2022, 1, 1), entitled=3, present=3)


def test_term_years_outside_three_to_five_are_refused(world):
    with pytest.raises(ValidationError, match="任期年限应为3至5年"):
        elect(world.branch_a2, roll(world.branch_a2, 3), on=D(2022, 1, 1), years=6)


def test_election_needs_more_than_four_fifths_present(world):
    members = roll(world.branch_a1, 3)
    with pytest.raises(ValidationError, match="五分之四"):
        elect(world.branch_a1, members, on=D(2022, 1, 1), entitled=10, present=8)
    assert elect(world.branch_a1, members, on=D(2022, 1, 1), entitled=10, present=9)


def test_an_elected_member_needs_more_than_half_the_votes_present(world):
    members = roll(world.branch_a1, 4)
    posts = [services.ElectedPost(member=members[0], post=Post.SECRETARY, votes=2)]
    with pytest.raises(ValidationError, match="超过实到会人数的一半"):
        services.term_record_election(organization=world.branch_a1, actor=None, elected_on=D(2022, 1, 1),
                                      entitled=4, present=4, posts=posts)


def test_party_group_cannot_record_an_election(world):
    with pytest.raises(ValidationError, match="只有基层党委、党总支、党支部"):
        services.term_record_election(organization=world.group_a1, actor=None, elected_on=D(2022, 1, 1),
                                      entitled=3, present=3, posts=[])


def test_delay_may_move_the_due_date_by_at_most_one_year(world):
    term = elect(world.branch_a1, roll(world.branch_a1, 3), on=D(2021, 6, 30))
    with pytest.raises(ValidationError, match="最晚至2027-06-30"):
        services.delay_request(term=term, until=D(2027, 7, 1), reason="村两委换届统一安排", actor=world.secretary_a1)
    with pytest.raises(ValidationError, match="必须晚于任期届满日期"):
        services.delay_request(term=term, until=D(2026, 6, 30), reason="统一安排", actor=world.secretary_a1)
    delay = services.delay_request(term=term, until=D(2027, 6, 30), reason="村两委换届统一安排", actor=world.secretary_a1)
    assert delay.state == DelayState.PENDING
    with pytest.raises(ValidationError, match="待审批"):
        services.delay_request(term=term, until=D(2027, 1, 1), reason="再申请", actor=world.secretary_a1)


def test_only_the_higher_committee_approves_a_delay(world):
    term = elect(world.branch_a1, roll(world.branch_a1, 3), on=D(2021, 6, 30))
    delay = services.delay_request(term=term, until=D(2027, 1, 31), reason="统一安排", actor=world.secretary_a1)
    for outsider in (world.secretary_a1, world.clerk_b, world.viewer_a):
        with pytest.raises(PermissionDenied):
            services.delay_decide(delay=delay, approve=True, actor=outsider)
    decided = services.delay_decide(delay=delay, approve=True, actor=world.clerk_a, decision_ref="城委〔2026〕3号")
    assert decided.state == DelayState.APPROVED and decided.decided_on is not None
    with pytest.raises(ValidationError, match="已审批"):
        services.delay_decide(delay=delay, approve=False, actor=world.county_officer)


def test_post_end_and_refill_keep_one_secretary(world):
    members = roll(world.branch_a1, 8)
    term = elect(world.branch_a1, members, on=D(2022, 1, 1), posts=3)
    secretary = term.posts.get(post=Post.SECRETARY)
    with pytest.raises(ValidationError, match="已有人担任"):
        services.post_add(term=term, member=members[5], post=Post.SECRETARY, started_on=D(2023, 1, 1), actor=None)
    services.post_end(post=secretary, ended_on=D(2023, 1, 1), reason="调任", actor=None)
    new = services.post_add(term=term, member=members[5], post=Post.SECRETARY, started_on=D(2023, 2, 1), actor=None)
    assert term.posts.filter(post=Post.SECRETARY, ended_on__isnull=True).get() == new


@pytest.mark.parametrize("who", ["secretary_b1", "clerk_b", "viewer_a", "nobody"])
def test_writes_outside_the_actors_change_scope_are_refused(world, who):
    actor = getattr(world, who)
    members = roll(world.branch_a1, 8)
    with pytest.raises(PermissionDenied):
        elect(world.branch_a1, members, on=D(2022, 1, 1), posts=3, actor=actor)
    assert not Term.objects.exists()
    term = elect(world.branch_a1, members, on=D(2022, 1, 1), posts=3, actor=world.secretary_a1)
    secretary = term.posts.get(post=Post.SECRETARY)
    with pytest.raises(PermissionDenied):
        services.post_end(post=secretary, ended_on=D(2023, 1, 1), reason="调任", actor=actor)
    with pytest.raises(PermissionDenied):
        services.post_add(term=term, member=members[5], post=Post.PUBLICITY, started_on=D(2023, 2, 1), actor=actor)
    with pytest.raises(PermissionDenied):
        services.delay_request(term=term, until=D(2027, 1, 31), reason="统一安排", actor=actor)
    assert term.posts.filter(ended_on__isnull=True).count() == 3 and not term.delays.exists()
