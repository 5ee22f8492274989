"""Record pages: scope isolation (404 to outsiders, 403 to viewers), entry, list, exports."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting

from .conftest import OUTSIDERS, record


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_on_a_branch_record(world, meeting, client_for, who):
    c = client_for(getattr(world, who))
    for url in (reverse("meetings:detail", args=[meeting.pk]), reverse("meetings:correct", args=[meeting.pk]),
                reverse("meetings:edit", args=[meeting.pk]), f"{reverse('meetings:new')}?org={world.branch_a1.pk}"):
        assert c.get(url).status_code == 404, url


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_see_no_records_in_the_list(world, meeting, client_for, who):
    assert meeting.topic not in client_for(getattr(world, who)).get(reverse("meetings:list")).content.decode()


def test_viewer_reads_but_cannot_write(world, meeting, client_for):
    c = client_for(world.viewer_a)
    assert c.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert c.get(f"{reverse('meetings:new')}?org={world.branch_a1.pk}").status_code == 403
    assert c.post(reverse("meetings:correct", args=[meeting.pk]), {"correction_reason": "x"}).status_code == 403


def test_secretary_records_a_meeting_in_one_post_with_marks(world, rolls, client_for):
    a, b = rolls["a2"]
    from accounts.models import Role
    from core.testing import make_user
    sec = make_user("sec_a2", Role.BRANCH_SECRETARY, world.branch_a2)
    c = client_for(sec)
    page = c.get(reverse("meetings:new"))  # one branch: no picker
    assert page.status_code == 200 and a.name in page.content.decode()
    r = c.post(reverse("meetings:new"), {
        "org": world.branch_a2.pk, "meeting_type": "1", "held_on": "2026-01-08", "topic": "学习党章",
        f"mark_{a.pk}": "present", f"mark_{b.pk}": "leave", f"reason_{b.pk}": "病假", "action": "submit"})
    m = Meeting.objects.get(topic="学习党章")
    assert r.status_code == 302 and m.status == "submitted"
    assert dict(m.attendances.values_list("member_id", "mark")) == {a.pk: "present", b.pk: "leave"}


def test_bad_upload_on_the_page_shows_a_clear_message(world, rolls, client_for, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    r = client_for(world.secretary_a1).post(reverse("meetings:new"), {
        "org": world.branch_a1.pk, "meeting_type": "1", "held_on": "2026-01-08", "topic": "t", "action": "submit",
        "files": SimpleUploadedFile("a.exe", b"MZ\x90 binary")})
    assert r.status_code == 200 and "不是图片或 PDF" in r.content.decode()
    assert not Meeting.objects.exists()


def test_list_shows_attendance_counts_per_meeting(world, rolls, client_for):
    a, b = rolls["a2"]
    m = record(world.branch_a2, "branch_committee", datetime.date(2026, 1, 9),
               attendance=[(a.pk, "present", ""), (b.pk, "leave", "病假")])
    record(world.branch_a2, "theme_day", datetime.date(2026, 1, 10))
    page = client_for(world.county_officer).get(reverse("meetings:list")).context["page"]
    row = next(x for x in page.object_list if x.pk == m.pk)
    assert (row.present, row.leave, row.absent) == (1, 1, 0)
    export = client_for(world.county_officer).get(reverse("meetings:list"), {"export": "xlsx"})
    assert export.status_code == 200


def test_list_narrowed_to_an_organization_of_the_scope_only(world, rolls, client_for):
    record(world.branch_a1, "theme_day", datetime.date(2026, 1, 9))
    record(world.branch_a2, "theme_day", datetime.date(2026, 1, 10))
    c = client_for(world.clerk_a)
    page = c.get(reverse("meetings:list"), {"org": world.branch_a1.pk}).context["page"]
    assert {m.organization_id for m in page.object_list} == {world.branch_a1.pk}
    assert c.get(reverse("meetings:list"), {"org": world.branch_b1.pk}).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("secretary_b1", 404), ("clerk_b", 404), ("viewer_a", 403)])
def test_a_posted_organization_is_fetched_from_the_change_scope(world, rolls, client_for, who, status):
    r = client_for(getattr(world, who)).post(reverse("meetings:new"), {
        "org": world.branch_a1.pk, "meeting_type": "1", "held_on": "2026-01-08", "topic": "学习党章", "action": "submit"})
    assert r.status_code == status and not Meeting.objects.exists()
