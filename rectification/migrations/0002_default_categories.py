from django.db import migrations

from rectification.rules import DEFAULT_CATEGORIES


def add_categories(apps, schema_editor):
    ProblemCategory = apps.get_model("rectification", "ProblemCategory")
    for order, (code, name) in enumerate(DEFAULT_CATEGORIES, start=1):
        ProblemCategory.objects.get_or_create(county=None, code=code, defaults={"name": name, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("rectification", "0001_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
