"""支委会 is required only of branches that have a branch committee (支部工作条例第十一条)."""

from django.db import migrations, models


def forward(apps, schema_editor):
    apps.get_model("meetings", "MeetingType").objects.filter(code="branch_committee").update(needs_committee=True)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_default_types_and_requirements")]
    operations = [
        migrations.AddField(
            model_name="meetingtype", name="needs_committee",
            field=models.BooleanField(
                default=False, verbose_name="仅要求设支委会的支部",
                help_text="勾选后，只有设立支部委员会的支部（正式党员7人以上）才需按要求召开该类会议"),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
