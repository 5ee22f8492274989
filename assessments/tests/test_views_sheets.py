import pytest
from django.urls import reverse

from assessments.choices import SheetStatus

from .factories import make_sheet


@pytest.mark.parametrize("persona", ["county_officer", "clerk_a", "secretary_a1", "viewer_a", "secretary_b1"])
def test_everyone_in_the_county_reads_its_sheets(world, client_for, persona):
    sheet = make_sheet(world)
    c = client_for(getattr(world, persona))
    assert c.get(reverse("assessments:sheet", args=[sheet.pk])).status_code == 200
    assert sheet.name in c.get(reverse("assessments:sheets")).content.decode()


@pytest.mark.parametrize("persona", ["nobody", "sysadmin", "auditor"])
def test_outsiders_get_404_on_sheets(world, client_for, persona):
    sheet = make_sheet(world)
    c = client_for(getattr(world, persona))
    assert c.get(reverse("assessments:sheet", args=[sheet.pk])).status_code == 404
    assert sheet.name not in c.get(reverse("assessments:sheets")).content.decode()


@pytest.mark.parametrize("persona", ["clerk_a", "secretary_a1", "viewer_a"])
def test_only_the_county_publishes(world, client_for, persona):
    sheet = make_sheet(world, publish=False)
    r = client_for(getattr(world, persona)).post(reverse("assessments:sheet_action", args=[sheet.pk, "publish"]))
    assert r.status_code == 403
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT


def test_county_supersedes_and_opens_reviews(world, client_for):
    sheet = make_sheet(world)
    c = client_for(world.county_officer)
    c.post(reverse("assessments:sheet_action", args=[sheet.pk, "open"]))
    assert sheet.reviews.count() == 3
    c.post(reverse("assessments:sheet_action", args=[sheet.pk, "supersede"]))
    assert sheet.superseded_by.version == 2


def _cells(response) -> list:
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [c.value for row in ws.iter_rows() for c in row]


def test_sheets_and_their_items_export_to_excel_in_scope(world, client_for):
    sheet = make_sheet(world)
    c = client_for(world.secretary_a1)
    assert sheet.name in _cells(c.get(reverse("assessments:sheets"), {"export": "xlsx"}))
    items = _cells(c.get(reverse("assessments:sheet", args=[sheet.pk]), {"export": "xlsx"}))
    assert all(i.title in items for i in sheet.items.all())
    outsider = client_for(world.nobody)
    assert sheet.name not in _cells(outsider.get(reverse("assessments:sheets"), {"export": "xlsx"}))
    assert outsider.get(reverse("assessments:sheet", args=[sheet.pk]), {"export": "xlsx"}).status_code == 404
