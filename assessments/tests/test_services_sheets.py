import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from assessments import services
from assessments.choices import SheetStatus
from assessments.models import ScoreSheet

from .factories import D, make_sheet


def test_draft_sheet_can_change_but_published_cannot(world):
    sheet = make_sheet(world, publish=False)
    services.sheet_update(sheet=sheet, actor=world.county_officer, name="修订后的评分表")
    published = services.sheet_publish(sheet=sheet, actor=world.county_officer)
    with pytest.raises(ValidationError, match="不能修改"):
        services.sheet_update(sheet=published, actor=world.county_officer, name="再改")
    with pytest.raises(ValidationError, match="不能修改"):
        services.sheet_add_section(sheet=published, title="新栏目", actor=world.county_officer)


def test_supersede_copies_items_into_a_new_version_and_retires_the_old_on_publish(world):
    v1 = make_sheet(world)
    v2 = services.sheet_supersede(sheet=v1, actor=world.county_officer)
    assert (v2.version, v2.status, v2.supersedes_id) == (2, SheetStatus.DRAFT, v1.pk)
    assert list(v2.items.values_list("code", flat=True)) == list(v1.items.values_list("code", flat=True))
    services.sheet_update(sheet=v2, actor=world.county_officer, weight_self=D(10), weight_public=D(50))
    services.sheet_publish(sheet=v2, actor=world.county_officer)
    v1.refresh_from_db()
    assert v1.status == SheetStatus.SUPERSEDED
    assert v1.weight_public == D(40)  # the old version keeps its numbers


def test_only_one_published_sheet_per_year_and_field_in_the_database(world):
    v1 = make_sheet(world)
    other = ScoreSheet.objects.get(pk=v1.pk)
    other.pk, other.version = None, 9
    with pytest.raises(IntegrityError):
        other.save()


def test_weights_must_sum_to_hundred(world):
    with pytest.raises(ValidationError, match="合计为100%"):
        services.sheet_create(organization=world.county, year=2025, name="表", actor=world.county_officer,
                              weights=(D(20), D(40), D(30)))


def test_default_weights_raise_the_public_weight(world):
    sheet = services.sheet_create(organization=world.county, year=2025, name="表", actor=world.county_officer)
    assert sheet.weight_public > sheet.weight_self


def test_township_clerk_cannot_define_a_sheet(world):
    with pytest.raises(PermissionDenied):
        services.sheet_create(organization=world.county, year=2025, name="表", actor=world.clerk_a)


def test_calculator_code_must_be_namespaced(world):
    sheet = make_sheet(world, publish=False)
    with pytest.raises(ValidationError):
        services.sheet_add_item(sheet=sheet, section=sheet.sections.first(), code="X9", title="x", max_points=D(1),
                                actor=world.county_officer, calculator_code="nodot")
