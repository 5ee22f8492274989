"""Transactional tests get the reference data back after a flush (core.testing.restore_reference_data):
it must be exactly what the migrations left, or such tests run under other rules than the rest."""

from django.apps import apps

from core.testing import REFERENCE_DATA, restore_reference_data

# models filled by the same data migrations, emptied with them
ALSO = {"meetings.MeetingType": ["meetings.Requirement"]}
SKIP = {"id", "created_at", "updated_at", "created_by", "meeting_type", "scope"}


def snapshot(label: str) -> list[tuple]:
    model = apps.get_model(label)
    fields = [f.attname for f in model._meta.concrete_fields if f.name not in SKIP]
    related = [f"{f.name}__code" for f in model._meta.concrete_fields if f.name == "meeting_type"]
    return sorted(map(repr, model.objects.values_list(*fields, *related)))


def test_restored_reference_data_equals_the_migrated_data(db):
    labels = [label for label, _ in REFERENCE_DATA] + [x for v in ALSO.values() for x in v]
    before = {label: snapshot(label) for label in labels}
    assert all(before.values()), "every reference table has rows after migrate"
    for label in reversed(labels):
        apps.get_model(label).objects.all().delete()
    restore_reference_data()
    assert {label: snapshot(label) for label in labels} == before
