"""Built-in meeting types and the default requirements (DOMAIN.md, 支部工作条例)."""

import datetime

from django.db import migrations

TYPES = [
    # code, name, target, sort
    ("branch_committee", "支部委员会会议", "branch", 10),
    ("general_meeting", "支部党员大会", "branch", 20),
    ("group_meeting", "党小组会", "party_group", 30),
    ("lecture", "党课", "branch", 40),
    ("theme_day", "主题党日", "branch", 50),
    ("life_meeting", "组织生活会", "branch", 60),
    ("member_review", "民主评议党员", "branch", 70),
    ("talk", "谈心谈话", "branch", 80),
    ("other", "其他组织生活", "branch", 90),
]

DEFAULTS = [
    # code, period, min, source
    ("branch_committee", "month", 1, "支部工作条例：支部委员会会议一般每月召开1次"),
    ("group_meeting", "month", 1, "支部工作条例：党小组会一般每月召开1次"),
    ("general_meeting", "quarter", 1, "支部工作条例：支部党员大会一般每季度召开1次"),
    ("lecture", "quarter", 1, "支部工作条例：党课一般每季度1次"),
    ("theme_day", "month", 1, "每月固定1天开展主题党日"),
    ("life_meeting", "year", 1, "组织生活会一般每年召开1次"),
    ("member_review", "year", 1, "民主评议党员一般每年开展1次"),
]


def forward(apps, schema_editor):
    MeetingType = apps.get_model("meetings", "MeetingType")
    Requirement = apps.get_model("meetings", "Requirement")
    by_code = {}
    for code, name, target, sort in TYPES:
        by_code[code], _ = MeetingType.objects.get_or_create(
            code=code, defaults={"name": name, "target": target, "sort_order": sort})
    for code, period, minimum, source in DEFAULTS:
        Requirement.objects.get_or_create(
            meeting_type=by_code[code], scope=None, field="", effective_from=datetime.date(2000, 1, 1),
            defaults={"period": period, "min_count": minimum, "source": source})


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
