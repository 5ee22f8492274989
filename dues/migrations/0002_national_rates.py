from decimal import Decimal

from django.db import migrations

SOURCE = "中共中央组织部《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）"
EFFECTIVE = "2008-04-01"
# (kind, upper bound incl., percent, fixed, min, max)
ROWS = [
    ("employed", Decimal("3000"), Decimal("0.5"), None, None, None),
    ("employed", Decimal("5000"), Decimal("1.0"), None, None, None),
    ("employed", Decimal("10000"), Decimal("1.5"), None, None, None),
    ("employed", None, Decimal("2.0"), None, None, None),
    ("retired", Decimal("5000"), Decimal("0.5"), None, None, None),
    ("retired", None, Decimal("1.0"), None, None, None),
    ("farmer", None, None, None, Decimal("0.20"), Decimal("1.00")),
    ("student", None, None, Decimal("0.20"), None, None),
    ("unemployed", None, None, Decimal("0.20"), None, None),
    ("relief", None, None, Decimal("0.20"), None, None),
]


def load(apps, schema_editor):
    DuesRate = apps.get_model("dues", "DuesRate")
    for kind, upper, percent, fixed, low, high in ROWS:
        DuesRate.objects.get_or_create(
            kind=kind, effective_from=EFFECTIVE, upper_bound=upper,
            defaults={"percent": percent, "fixed_amount": fixed, "min_amount": low, "max_amount": high,
                      "source": SOURCE},
        )


def unload(apps, schema_editor):
    apps.get_model("dues", "DuesRate").objects.filter(effective_from=EFFECTIVE, source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("dues", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
