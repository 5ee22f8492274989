"""CalendarDay now lives in the workcalendar app (workcalendar 0001): core forgets the model's
state; the table (core_calendarday) stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_official_holidays_2025_2026"),
        ("workcalendar", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CalendarDay")],
            database_operations=[],
        ),
    ]
