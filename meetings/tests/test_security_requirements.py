"""Security finding 4: a township must not be able to erase the county's 三会一课 rules.
Only the county sets requirements for its subtree, a township only adds stricter ones, no
rule starts before the current open period, none is below the national floor (支部工作条例),
and every change is audited with its reason."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from meetings.models import Requirement
from meetings.selectors.compliance import branch_items
from meetings.services import requirements

from .conftest import mtype

TODAY = datetime.date(2026, 5, 15)  # mid-May, in the second quarter
MAY, APRIL = datetime.date(2026, 5, 1), datetime.date(2026, 4, 1)


def set_rule(actor, scope, code="theme_day", period="month", min_count=2, effective_from=MAY, **extra):  # type: ignore[no-untyped-def]
    return requirements.requirement_set(meeting_type=mtype(code), scope=scope, period=period, min_count=min_count,
                                        effective_from=effective_from, actor=actor,
                                        reason=extra.pop("reason", "依据县委文件调整"), today=extra.pop("today", TODAY),
                                        **extra)


def test_rule_cannot_take_effect_before_the_current_open_period(world):
    with pytest.raises(ValidationError, match="生效日期不能早于2026-05-01"):
        set_rule(world.county_officer, world.county, effective_from=APRIL)
    assert set_rule(world.county_officer, world.county, effective_from=MAY).min_count == 2


def test_quarterly_rule_may_not_rewrite_closed_months_of_a_monthly_rule(world):
    set_rule(world.county_officer, world.county, code="lecture", period="month", min_count=1,
             effective_from=datetime.date(2026, 1, 1), today=datetime.date(2026, 1, 10))
    with pytest.raises(ValidationError, match="生效日期不能早于2026-05-01"):
        set_rule(world.county_officer, world.county, code="lecture", period="quarter", min_count=3, effective_from=APRIL)


def test_quarterly_rule_may_start_with_the_open_quarter(world):
    rule = set_rule(world.county_officer, world.county, code="lecture", period="quarter", min_count=2,
                    effective_from=APRIL)
    assert rule.effective_from == APRIL


def test_zero_minimum_is_refused(world):
    with pytest.raises(ValidationError, match="1—31"):
        set_rule(world.county_officer, world.county, min_count=0)


@pytest.mark.parametrize(("code", "period", "count"), [
    ("general_meeting", "year", 3),      # floor: at least once a quarter
    ("general_meeting", "year", 4),      # a longer period is never as strict (all four in one quarter)
    ("branch_committee", "quarter", 3),  # floor: at least once a month
    ("lecture", "year", 4),
    ("life_meeting", "year", 0),
])
def test_requirement_below_the_national_floor_is_refused(world, code, period, count):
    with pytest.raises(ValidationError):
        set_rule(world.county_officer, world.county, code=code, period=period, min_count=count)
    assert not Requirement.objects.filter(scope=world.county).exists()


def test_floor_is_data_with_its_source(world):
    general = mtype("general_meeting")
    assert (general.floor_period, general.floor_min_count) == ("quarter", 1)
    assert "支部工作条例" in general.floor_source and "第十九条" in general.floor_source
    with pytest.raises(ValidationError, match="支部工作条例"):
        set_rule(world.county_officer, world.county, code="general_meeting", period="year", min_count=3)


def test_stricter_than_the_floor_is_accepted(world):
    assert set_rule(world.county_officer, world.county, code="lecture", period="month", min_count=1).period == "month"


def test_township_cannot_loosen_the_county_rule(world):
    set_rule(world.county_officer, world.county, min_count=2)
    with pytest.raises(ValidationError, match="只能增设更严格的要求"):
        set_rule(world.clerk_a, world.town_a, min_count=1, effective_from=datetime.date(2026, 6, 1))
    assert not Requirement.objects.filter(scope=world.town_a).exists()


def test_township_cannot_undercut_a_county_rule_scheduled_later(world):
    set_rule(world.county_officer, world.county, min_count=3, effective_from=datetime.date(2026, 9, 1))
    with pytest.raises(ValidationError, match="只能增设更严格的要求"):
        set_rule(world.clerk_a, world.town_a, min_count=2)


def test_township_all_fields_rule_cannot_undercut_a_county_field_rule(world):
    set_rule(world.county_officer, world.county, min_count=2, field="village")
    with pytest.raises(ValidationError, match="只能增设更严格的要求"):
        set_rule(world.clerk_a, world.town_a, min_count=1, effective_from=datetime.date(2026, 6, 1))
    # a rule for another field is not bound by the village rule (only by the default)
    assert set_rule(world.clerk_a, world.town_a, min_count=1, field="organ").field == "organ"


def test_township_stricter_rule_is_accepted_and_applies_to_its_branches(world):
    set_rule(world.county_officer, world.county, min_count=2)
    set_rule(world.clerk_a, world.town_a, min_count=3, effective_from=datetime.date(2026, 6, 1))
    june = datetime.date(2026, 6, 1)
    cell = branch_items(branch=world.branch_a2, first=june, last=june, today=datetime.date(2026, 7, 1))[0]
    assert next(i for i in cell.items if i.meeting_type.code == "theme_day").required == 3


def test_township_cannot_set_county_wide_rules_or_another_townships(world):
    with pytest.raises(PermissionDenied):
        set_rule(world.clerk_a, world.county)
    with pytest.raises(PermissionDenied):
        set_rule(world.clerk_a, world.town_b)


@pytest.mark.parametrize("who", ["secretary_a1", "viewer_a", "nobody", "sysadmin"])
def test_secretaries_viewers_and_others_cannot_set_rules(world, who):
    with pytest.raises(PermissionDenied):
        set_rule(getattr(world, who), world.town_a)
    with pytest.raises(PermissionDenied):
        set_rule(None, world.town_a)


def test_reason_is_required_and_audited(world):
    with pytest.raises(ValidationError, match="理由"):
        set_rule(world.county_officer, world.county, reason="  ")
    rule = set_rule(world.county_officer, world.county, reason="县委〔2026〕5号文件")
    event = AuditEvent.objects.get(object_id=str(rule.pk), content_type__model="requirement")
    assert event.actor == world.county_officer
    assert event.extra["reason"] == "县委〔2026〕5号文件"
    assert event.changes["min_count"] == 2 and event.changes["effective_from"] == "2026-05-01"
    assert rule.reason == "县委〔2026〕5号文件"


@time_machine.travel(datetime.datetime(2026, 5, 15, 4, tzinfo=datetime.timezone.utc), tick=False)
def test_page_refuses_the_township_erasing_attack(world, client_for):
    url = f"{reverse('meetings:requirements')}?org={world.town_a.pk}"
    data = {"meeting_type": mtype("theme_day").pk, "period": "month", "min_count": "0",
            "effective_from": "2026-01-01", "reason": "不想开"}
    r = client_for(world.clerk_a).post(url, data)
    assert r.status_code == 200 and not Requirement.objects.filter(scope=world.town_a).exists()
    data["min_count"] = "1"
    r = client_for(world.clerk_a).post(url, data)
    assert "生效日期不能早于2026-05-01" in r.content.decode()
    assert not Requirement.objects.filter(scope=world.town_a).exists()
    data.update(min_count="2", effective_from="2026-05-01", reason="城关镇加强主题党日")
    assert client_for(world.clerk_a).post(url, data).status_code == 302
    assert Requirement.objects.get(scope=world.town_a).reason == "城关镇加强主题党日"


@time_machine.travel(datetime.datetime(2026, 5, 15, 4, tzinfo=datetime.timezone.utc), tick=False)
def test_page_hides_the_form_and_refuses_secretaries_and_other_townships(world, client_for):
    url = reverse("meetings:requirements")
    data = {"meeting_type": mtype("theme_day").pk, "period": "month", "min_count": "2",
            "effective_from": "2026-05-01", "reason": "自行规定"}
    page = client_for(world.secretary_a1).get(url)
    assert page.status_code == 200 and not page.context["can_set"]
    assert client_for(world.secretary_a1).post(url, data).status_code == 403  # his own branch
    assert client_for(world.secretary_a1).post(f"{url}?org={world.town_a.pk}", data).status_code == 404
    assert client_for(world.viewer_a).post(f"{url}?org={world.town_a.pk}", data).status_code == 403
    assert client_for(world.clerk_a).post(f"{url}?org={world.county.pk}", data).status_code == 404  # out of scope
    assert client_for(world.clerk_a).get(url).context["can_set"]  # own township: the form is shown
    assert client_for(world.clerk_b).post(f"{url}?org={world.town_a.pk}", data).status_code == 404
    assert not Requirement.objects.filter(scope__isnull=False).exists()
