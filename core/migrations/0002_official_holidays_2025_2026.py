"""The official arrangements of 2025 and 2026 (国务院办公厅关于2025年部分节假日安排的通知;
国务院办公厅关于2026年部分节假日安排的通知): every day off
(放假, weekends inside a holiday included) and every weekend day that is a working day
(上班). Checked against the tables of the PyPI package chinesecalendar 1.11.0."""

import datetime

from django.db import migrations

# (first day, last day, festival) — every day in the range is a day off.
HOLIDAYS = [
    ("2025-01-01", "2025-01-01", "元旦"),
    ("2025-01-28", "2025-02-04", "春节"),
    ("2025-04-04", "2025-04-06", "清明节"),
    ("2025-05-01", "2025-05-05", "劳动节"),
    ("2025-05-31", "2025-06-02", "端午节"),
    ("2025-10-01", "2025-10-08", "国庆节、中秋节"),
    ("2026-01-01", "2026-01-03", "元旦"),
    ("2026-02-15", "2026-02-23", "春节"),
    ("2026-04-04", "2026-04-06", "清明节"),
    ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-06-19", "2026-06-21", "端午节"),
    ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
]
# Saturdays and Sundays that are working days (调休上班).
WORKDAYS = [
    ("2025-01-26", "春节"), ("2025-02-08", "春节"), ("2025-04-27", "劳动节"),
    ("2025-09-28", "国庆节、中秋节"), ("2025-10-11", "国庆节、中秋节"),
    ("2026-01-04", "元旦"), ("2026-02-14", "春节"), ("2026-02-28", "春节"), ("2026-05-09", "劳动节"),
    ("2026-09-20", "国庆节"), ("2026-10-10", "国庆节"),
]


def days():
    """(date, is_workday, name) of every listed day."""
    for first, last, name in HOLIDAYS:
        day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
        while day <= end:
            yield day, False, name
            day += datetime.timedelta(days=1)
    for day, name in WORKDAYS:
        yield datetime.date.fromisoformat(day), True, name


def _model(apps):
    try:
        return apps.get_model("core", "CalendarDay")
    except LookupError:  # the project's app registry (restore_reference_data): the model moved to workcalendar
        return apps.get_model("workcalendar", "CalendarDay")


def load(apps, schema_editor):
    CalendarDay = _model(apps)
    for day, is_workday, name in days():
        # a county may already have entered or corrected a day: keep theirs
        CalendarDay.objects.get_or_create(date=day, defaults={"is_workday": is_workday, "name": name})


def unload(apps, schema_editor):
    CalendarDay = _model(apps)
    CalendarDay.objects.filter(date__year__in=[2025, 2026]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
