import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from organizations.rules import Field, Kind
from rectification import candidates, services
from rectification.models import Measure, Rectification, RectificationYear
from rectification.rules import MeasureStatus, Policy, RectStatus, add_months, quota_required
from rectification.selectors import quota_status

from .conftest import close_measure


def test_only_county_officer_opens_a_year(world):
    with pytest.raises(PermissionDenied, match="只有县委组织部可以建立整顿名单"):
        services.year_open(county=world.county, year=2030, actor=world.clerk_a)
    with pytest.raises(ValidationError, match="只能按县建立"):
        services.year_open(county=world.town_a, year=2030, actor=world.county_officer)
    y = services.year_open(county=world.county, year=2030, actor=world.county_officer)
    assert y.policy == Policy.DYNAMIC and y.recheck_months == 6  # defaults from settings
    with pytest.raises(ValidationError, match="已经建立"):
        services.year_open(county=world.county, year=2030, actor=world.county_officer)
    assert AuditEvent.objects.filter(content_type__model="rectificationyear", object_id=str(y.pk)).exists()


def test_defaults_come_from_settings(world, settings):
    settings.RECTIFICATION_RECHECK_MONTHS = 3
    settings.RECTIFICATION_DEFAULT_POLICY = "quota"
    y = services.year_open(county=world.county, year=2031, actor=world.county_officer)
    assert (y.recheck_months, y.policy) == (3, Policy.QUOTA)


def test_township_proposes_only_in_own_township(world, year):
    with pytest.raises(PermissionDenied):
        services.candidate_propose(year=year, organization=world.branch_a1, reason="x", actor=world.clerk_b)
    with pytest.raises(PermissionDenied):
        services.candidate_propose(year=year, organization=world.branch_a1, reason="x", actor=world.secretary_a1)
    with pytest.raises(ValidationError, match="推荐理由"):
        services.candidate_propose(year=year, organization=world.branch_a1, reason=" ", actor=world.clerk_a)
    with pytest.raises(ValidationError, match="不能是乡镇党委或党小组"):
        services.candidate_propose(year=year, organization=world.group_a1, reason="x", actor=world.clerk_a)
    e = services.candidate_propose(year=year, organization=world.branch_a1, reason="书记长期外出", actor=world.clerk_a)
    assert e.status == RectStatus.CANDIDATE
    assert [(r.source_label, r.detail) for r in e.reasons.all()] == [("乡镇党委推荐", "书记长期外出")]


def test_confirmation_lists_chosen_and_declines_others_audited(world, year):
    a = services.candidate_propose(year=year, organization=world.branch_a1, reason="x", actor=world.clerk_a)
    b = services.candidate_propose(year=year, organization=world.branch_b1, reason="y", actor=world.clerk_b)
    with pytest.raises(PermissionDenied):
        services.year_confirm(year=year, listed=[a.pk], actor=world.clerk_a)
    assert services.year_confirm(year=year, listed=[a.pk], actor=world.county_officer) == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == (RectStatus.LISTED, RectStatus.DECLINED)
    assert a.listed_on == datetime.date.today()
    year.refresh_from_db()
    assert year.confirmed_by == world.county_officer
    assert AuditEvent.objects.filter(object_id=str(a.pk), extra__transition="list").exists()
    assert AuditEvent.objects.filter(object_id=str(b.pk), extra__transition="decline").exists()
    assert AuditEvent.objects.filter(content_type__model="rectificationyear", extra__confirmed=True).exists()
    with pytest.raises(ValidationError, match="没有待确认的候选"):
        services.year_confirm(year=year, listed=[], actor=world.county_officer)


def test_acceptance_needs_every_item_closed(world, entry, measure):
    with pytest.raises(ValidationError, match="还有 1 项整改措施未销号"):
        services.rectification_transition(entry=entry, action="propose_acceptance", actor=world.clerk_a)
    close_measure(world, measure)
    with pytest.raises(PermissionDenied, match="只有乡镇党委可以申请验收"):
        services.rectification_transition(entry=entry, action="propose_acceptance", actor=world.secretary_a1)
    e = services.rectification_transition(entry=entry, action="propose_acceptance", actor=world.clerk_a)
    assert e.status == RectStatus.ACCEPTANCE_PROPOSED
    # items are frozen while acceptance is pending
    with pytest.raises(ValidationError, match="整改措施不能重新打开"):
        services.measure_transition(measure=measure, action="reopen", actor=world.clerk_a, reason="x")


def test_empty_ledger_cannot_be_proposed(world, entry):
    with pytest.raises(ValidationError, match="还没有整改措施"):
        services.rectification_transition(entry=entry, action="propose_acceptance", actor=world.clerk_a)


def _accepted(world, entry, measure, on=None):
    close_measure(world, measure)
    services.rectification_transition(entry=entry, action="propose_acceptance", actor=world.clerk_a)
    return services.rectification_transition(entry=entry, action="accept", actor=world.county_officer, on=on)


def test_county_accepts_and_sets_recheck_date(world, entry, measure):
    close_measure(world, measure)
    services.rectification_transition(entry=entry, action="propose_acceptance", actor=world.clerk_a)
    with pytest.raises(PermissionDenied, match="只有县委组织部可以验收销号"):
        services.rectification_transition(entry=entry, action="accept", actor=world.clerk_a)
    e = services.rectification_transition(entry=entry, action="accept", actor=world.county_officer,
                                          on=datetime.date(2026, 8, 31))
    assert e.status == RectStatus.ACCEPTED
    assert e.recheck_due == datetime.date(2027, 2, 28)  # 6 months, clamped to the month's end


def test_county_rejects_acceptance_with_reason(world, entry, measure):
    close_measure(world, measure)
    services.rectification_transition(entry=entry, action="propose_acceptance", actor=world.clerk_a)
    with pytest.raises(ValidationError, match="验收不通过须说明原因"):
        services.rectification_transition(entry=entry, action="reject_acceptance", actor=world.county_officer)
    e = services.rectification_transition(entry=entry, action="reject_acceptance", actor=world.county_officer,
                                          reason="群众满意度不高")
    assert e.status == RectStatus.LISTED and e.last_reason == "群众满意度不高"


def test_recheck_pass(world, entry, measure):
    _accepted(world, entry, measure)
    with pytest.raises(PermissionDenied):
        services.rectification_transition(entry=entry, action="recheck_pass", actor=world.secretary_a1)
    e = services.rectification_transition(entry=entry, action="recheck_pass", actor=world.clerk_a)
    assert e.status == RectStatus.CONSOLIDATED and e.rechecked_on == datetime.date.today()


def test_relapse_after_recheck_reopens_with_a_new_problem(world, entry, measure):
    _accepted(world, entry, measure)
    services.rectification_transition(entry=entry, action="recheck_pass", actor=world.clerk_a)
    with pytest.raises(ValidationError, match="须说明原因"):
        services.rectification_transition(entry=entry, action="relapse", actor=world.clerk_a)
    e = services.rectification_transition(entry=entry, action="relapse", actor=world.clerk_a, reason="支部书记再次长期外出")
    assert e.status == RectStatus.LISTED and e.relapse_count == 1
    assert e.accepted_on is None and e.recheck_due is None
    assert e.problems.filter(source="recheck", description="支部书记再次长期外出").exists()
    assert AuditEvent.objects.filter(object_id=str(e.pk), extra__transition="relapse").exists()


def test_invalid_entry_transitions_are_refused(world, entry):
    with pytest.raises(ValidationError, match="当前状态为“整顿中”，不能验收销号"):
        services.rectification_transition(entry=entry, action="accept", actor=world.county_officer)
    with pytest.raises(ValidationError, match="不能回头看发现反弹"):
        services.rectification_transition(entry=entry, action="relapse", actor=world.clerk_a, reason="x")


def _branches(world, parent, field, n):
    return [parent.add_child(name=f"{field}{i}", kind=Kind.BRANCH, field=field) for i in range(n)]


def test_quota_calculation(world):
    from organizations.models import Organization

    town = Organization.objects.get(pk=world.town_a.pk)
    _branches(world, town, Field.VILLAGE, 9)        # villages: 2 in the world + 9 = 11
    town = Organization.objects.get(pk=world.town_a.pk)
    _branches(world, town, Field.COMMUNITY, 3)      # communities: 3
    y = services.year_open(county=world.county, year=2030, actor=world.county_officer, policy=Policy.QUOTA)
    services.candidate_propose(year=y, organization=world.branch_a1, reason="x", actor=world.clerk_a)
    services.candidate_propose(year=y, organization=world.branch_a2, reason="x", actor=world.clerk_a)
    services.year_confirm(year=y, listed=Rectification.objects.values_list("pk", flat=True), actor=world.county_officer)
    lines = {q.group: q for q in quota_status(y)}
    assert (lines["village"].branches, lines["village"].required, lines["village"].listed) == (11, 2, 1)
    assert not lines["village"].met
    assert (lines["community"].branches, lines["community"].required, lines["community"].met) == (3, 1, False)
    assert (lines["other"].branches, lines["other"].required, lines["other"].listed, lines["other"].met) == (1, 1, 1, True)
    services.year_update(year=y, policy=Policy.DYNAMIC, actor=world.county_officer)
    assert all(q.required == 0 and q.met for q in quota_status(y))


def test_quota_rounding():
    assert quota_required(10, 10) == 1 and quota_required(11, 10) == 2 and quota_required(20, 5) == 1
    assert quota_required(0, 10) == 0 and quota_required(7, 0) == 0
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)


@pytest.mark.usefixtures("builtin_sources_only")
def test_carry_over_into_next_year_with_open_items(world, entry, measure, problem):
    done = services.measure_add(problem=problem, description="已完成措施", responsible_person="张三",
                                deadline=datetime.date.today(), actor=world.clerk_a)
    close_measure(world, done)
    services.measure_transition(measure=measure, action="start", actor=world.clerk_a)
    services.leader_add(entry=entry, role="first_secretary", name="赵第一", start_on=datetime.date.today(), actor=world.clerk_a)
    next_year = services.year_open(county=world.county, year=entry.year.year + 1, actor=world.county_officer)
    assert services.candidates_draw(year=next_year, actor=world.county_officer) == 1
    assert services.candidates_draw(year=next_year, actor=world.county_officer) == 0  # idempotent
    candidate = next_year.entries.get()
    reason = candidate.reasons.get()
    assert reason.source == candidates.CARRY_OVER.key and "未验收销号" in reason.detail
    services.year_confirm(year=next_year, listed=[candidate.pk], actor=world.county_officer)
    candidate.refresh_from_db()
    entry.refresh_from_db()
    assert entry.status == RectStatus.CARRIED_OVER and candidate.carried_from == entry
    carried = Measure.objects.filter(rectification=candidate)
    assert [(m.description, m.status, m.carried_from_id) for m in carried] == [
        ("制定三会一课计划并按月报备", MeasureStatus.IN_PROGRESS, measure.pk)]
    assert candidate.problems.get().source == "carry_over"
    assert candidate.leaders.get().name == "赵第一"
    # the old ledger stays as it was, for the record
    assert Measure.objects.filter(rectification=entry).count() == 2


@pytest.mark.usefixtures("builtin_sources_only")
def test_accepted_organizations_do_not_carry_over(world, entry, measure):
    _accepted(world, entry, measure)
    next_year = services.year_open(county=world.county, year=entry.year.year + 1, actor=world.county_officer)
    assert services.candidates_draw(year=next_year, actor=world.county_officer) == 0


@pytest.mark.usefixtures("builtin_sources_only")
def test_registry_accepts_sources_from_other_apps(world, year):
    source = candidates.SOURCES.register(candidates.CandidateSource(
        key="test_vacancy", label="书记空缺超过3个月", find=lambda y: [(world.branch_b1, "书记空缺 4 个月")]))
    try:
        assert services.candidates_draw(year=year, actor=world.county_officer) == 1
        e = Rectification.objects.get(organization=world.branch_b1)
        assert e.reasons.get().source_label == source.label
        services.candidate_propose(year=year, organization=world.branch_b1, reason="班子不团结", actor=world.clerk_b)
        assert e.reasons.count() == 2
    finally:
        candidates.SOURCES.unregister("test_vacancy")


def test_year_update_only_by_county(world, year):
    with pytest.raises(PermissionDenied):
        services.year_update(year=year, policy=Policy.QUOTA, actor=world.clerk_a)
    with pytest.raises(ValidationError):
        services.year_update(year=year, recheck_months=0, actor=world.county_officer)
    assert RectificationYear.objects.get(pk=year.pk).recheck_months == 6
