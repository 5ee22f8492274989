import datetime

from django.utils import timezone

from development.choices import StepKind
from reminders import services as reminders
from reminders.models import DeliveryStatus, Level, Notification

from .factories import D, advance, applicant


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 9, 0))


def test_talk_deadline_reminds_the_secretary_a_week_before(world):
    a = applicant(world.branch_a1, applied_on=D(2020, 3, 2))  # talk due 2020-04-02
    reminders.sweep(only="development", now=at(D(2020, 3, 25)))
    assert not Notification.objects.exists()
    reminders.sweep(only="development", now=at(D(2020, 3, 26)))
    n = Notification.objects.get()
    assert n.recipient == world.secretary_a1 and n.subject_key == f"dev:{a.pk}" and n.level == Level.INFO


def test_overdue_limit_is_a_separate_warning(world):
    applicant(world.branch_a1, applied_on=D(2020, 3, 2))
    reminders.sweep(only="development", now=at(D(2020, 3, 30)))
    reminders.sweep(only="development", now=at(D(2020, 4, 3)))
    assert sorted(Notification.objects.values_list("level", flat=True)) == [Level.INFO, Level.WARNING]


def test_probation_ending_within_30_days(world):
    a = advance(applicant(world.branch_a1), through=StepKind.OATH, approver=world.clerk_a)  # ends 2022-05-28
    reminders.sweep(only="development", now=at(D(2022, 4, 27)))
    assert not Notification.objects.filter(period__startswith="probation_end").exists()
    reminders.sweep(only="development", now=at(D(2022, 4, 28)))
    n = Notification.objects.get(period="probation_end:2022-05-28")
    assert "预备期满" in n.title and n.link.endswith(f"/{a.pk}/")


def test_a_step_recorded_before_sending_cancels_the_reminder(world):
    a = applicant(world.branch_a1, applied_on=D(2020, 3, 2))
    reminders.sweep(only="development", now=at(D(2020, 3, 28)))
    advance(a, through=StepKind.TALK)
    reminders.deliver_due(only="development", now=at(D(2020, 3, 28)))
    assert Notification.objects.get().status == DeliveryStatus.CANCELLED


def test_other_branches_secretaries_are_not_reminded(world):
    applicant(world.branch_b1, applied_on=D(2020, 3, 2))
    reminders.sweep(only="development", now=at(D(2020, 3, 30)))
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"secretary_b1"}
