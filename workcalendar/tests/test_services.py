"""Writes to the working-day calendar: validated, audited, only by its keepers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditAction, AuditEvent
from workcalendar import services
from workcalendar.models import CalendarDay

D = datetime.date


def test_county_officer_adds_changes_and_deletes_a_day_audited(world):
    day = services.calendar_day_create(actor=world.county_officer, date=D(2027, 1, 1), is_workday=False, name=" 元旦 ")
    assert day.name == "元旦"
    created = AuditEvent.objects.get(action=AuditAction.CREATE, content_type__model="calendarday")
    assert created.changes["date"] == "2027-01-01" and created.org_path == world.county.path
    services.calendar_day_update(actor=world.county_officer, day=day, date=D(2027, 1, 2), is_workday=False,
                                 name="元旦")
    updated = AuditEvent.objects.get(action=AuditAction.UPDATE, content_type__model="calendarday")
    assert updated.changes == {"date": ["2027-01-01", "2027-01-02"]}
    pk = day.pk
    services.calendar_day_delete(actor=world.county_officer, day=day)
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    deleted = AuditEvent.objects.get(action=AuditAction.DELETE, content_type__model="calendarday")
    assert deleted.object_id == str(pk) and deleted.changes["name"] == "元旦"


def test_an_unchanged_save_writes_no_audit_row(world):
    day = CalendarDay.objects.get(date=D(2025, 10, 1))
    services.calendar_day_update(actor=world.county_officer, day=day, date=day.date, is_workday=False, name=day.name)
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_sysadmin_may_keep_the_calendar(world):
    day = services.calendar_day_create(actor=world.sysadmin, date=D(2027, 2, 6), is_workday=True, name="春节")
    assert AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(day.pk)).actor == world.sysadmin


@pytest.mark.parametrize("persona", ["clerk_a", "secretary_a1", "viewer_a", "auditor", "nobody"])
def test_other_roles_cannot_write(world, persona):
    with pytest.raises(PermissionDenied):
        services.calendar_day_create(actor=getattr(world, persona), date=D(2027, 1, 1), is_workday=False, name="元旦")
    day = CalendarDay.objects.get(date=D(2025, 10, 1))
    with pytest.raises(PermissionDenied):
        services.calendar_day_delete(actor=getattr(world, persona), day=day)
    assert CalendarDay.objects.filter(pk=day.pk).exists()


@pytest.mark.parametrize("date,is_workday,name,field,message", [
    (D(2027, 1, 4), True, "元旦", "is_workday", "只能是周六或周日"),  # a Monday
    (D(2027, 1, 1), False, "", "name", "放假日须填写名称"),
    (D(2025, 10, 1), False, "国庆节", "date", "已在工作日历中"),
])
def test_bad_days_are_refused_with_a_reason(world, date, is_workday, name, field, message):
    with pytest.raises(ValidationError) as exc:
        services.calendar_day_create(actor=world.county_officer, date=date, is_workday=is_workday, name=name)
    assert message in " ".join(exc.value.message_dict[field])


def test_moving_a_day_onto_another_listed_date_is_refused(world):
    day = CalendarDay.objects.get(date=D(2025, 10, 1))
    with pytest.raises(ValidationError) as exc:
        services.calendar_day_update(actor=world.county_officer, day=day, date=D(2025, 10, 2), is_workday=False,
                                     name="国庆节")
    assert "已在工作日历中" in str(exc.value)
