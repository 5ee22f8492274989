"""CalendarDay moves from core to workcalendar: the model's state only. The table keeps its
name (core_calendarday), its rows and its constraints; the content type (and with it the
audit rows' object type and the model permissions) is renamed to the new app."""

from django.db import migrations, models


def rename_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="workcalendar", model="calendarday").exists():
        ContentType.objects.filter(app_label="core", model="calendarday").update(app_label="workcalendar")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="core", model="calendarday").exists():
        ContentType.objects.filter(app_label="workcalendar", model="calendarday").update(app_label="core")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_official_holidays_2025_2026"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CalendarDay',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='日期')),
                        ('is_workday', models.BooleanField(choices=[(False, '放假'), (True, '上班')], default=False, help_text='放假：法定节假日及其调休休息日；上班：周六或周日调休上班。', verbose_name='类型')),
                        ('name', models.CharField(blank=True, help_text='节日名称，如 国庆节、春节。', max_length=50, verbose_name='名称')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                    ],
                    options={
                        'verbose_name': '工作日历',
                        'verbose_name_plural': '工作日历',
                        'db_table': 'core_calendarday',
                        'ordering': ['date'],
                        'constraints': [models.UniqueConstraint(fields=('date',), name='calendarday_date_unique', violation_error_message='该日期已在工作日历中，请修改原有记录。'), models.CheckConstraint(condition=models.Q(('is_workday', True), models.Q(('name', ''), _negated=True), _connector='OR'), name='calendarday_holiday_named', violation_error_message='放假日须填写名称（如 国庆节）。'), models.CheckConstraint(condition=models.Q(('is_workday', False), ('date__iso_week_day__gte', 6), _connector='OR'), name='calendarday_workday_on_weekend', violation_error_message='调休上班日只能是周六或周日（周一至周五本来就是工作日）。')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]
