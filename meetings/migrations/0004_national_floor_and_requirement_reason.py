"""The national floor of each built-in meeting type (the loosest requirement a county or
township may set) and the reason recorded with each requirement."""

from django.db import migrations, models

# 《中国共产党支部工作条例（试行）》(2018): code, period, at least, source
FLOORS = [
    ("general_meeting", "quarter", 1, "《中国共产党支部工作条例（试行）》第十九条：党员大会一般每季度召开1次"),
    ("branch_committee", "month", 1, "《中国共产党支部工作条例（试行）》第十九条：支部委员会会议一般每月召开1次"),
    ("group_meeting", "month", 1, "《中国共产党支部工作条例（试行）》第十九条：党小组会一般每月召开1次"),
    ("lecture", "quarter", 1, "《中国共产党支部工作条例（试行）》第十九条：党课一般每季度1次"),
    ("theme_day", "month", 1, "《中国共产党支部工作条例（试行）》：党支部每月相对固定1天开展主题党日"),
    ("life_meeting", "year", 1, "《中国共产党支部工作条例（试行）》：党支部每年至少召开1次组织生活会"),
    ("member_review", "year", 1, "《中国共产党支部工作条例（试行）》：党支部一般每年开展1次民主评议党员"),
    ("talk", "year", 1, "《中国共产党支部工作条例（试行）》：每年谈心谈话一般不少于1次"),
]


def forward(apps, schema_editor):
    MeetingType = apps.get_model("meetings", "MeetingType")
    for code, period, minimum, source in FLOORS:
        MeetingType.objects.filter(code=code).update(floor_period=period, floor_min_count=minimum, floor_source=source)


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0003_meetingtype_needs_committee'),
    ]

    operations = [
        migrations.AddField(
            model_name='meetingtype',
            name='floor_min_count',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='国家规定每周期至少次数'),
        ),
        migrations.AddField(
            model_name='meetingtype',
            name='floor_period',
            field=models.CharField(blank=True, choices=[('month', '每月'), ('quarter', '每季度'), ('year', '每年')], max_length=8, verbose_name='国家规定周期'),
        ),
        migrations.AddField(
            model_name='meetingtype',
            name='floor_source',
            field=models.CharField(blank=True, max_length=200, verbose_name='国家规定依据'),
        ),
        migrations.AddField(
            model_name='requirement',
            name='reason',
            field=models.CharField(blank=True, max_length=200, verbose_name='设置理由'),
        ),
        migrations.AddConstraint(
            model_name='meetingtype',
            constraint=models.CheckConstraint(
                condition=models.Q(models.Q(('floor_period', ''), ('floor_min_count__isnull', True)),
                                   models.Q(models.Q(('floor_period', ''), _negated=True), ('floor_min_count__gte', 1)),
                                   _connector='OR'),
                name='meetingtype_floor_complete',
                violation_error_message='国家规定的最低要求须同时填写周期和次数（至少1次）。'),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
