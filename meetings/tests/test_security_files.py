"""Meeting evidence (finding 6): random stored names, content-checked uploads, served only
by the scoped, audited view meetings:file — never a /media/ URL."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from meetings.models import Meeting, MeetingFile
from meetings.services import records as services

from .conftest import OUTSIDERS, mtype

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _record(world, uploads):  # type: ignore[no-untyped-def]
    return services.meeting_record(
        organization=world.branch_a1, meeting_type=mtype("theme_day"), topic="主题党日", held_on=datetime.date(2026, 3, 3),
        actor=world.secretary_a1, today=datetime.date(2026, 3, 4), uploads=uploads)


@pytest.fixture
def photo(world, rolls):  # type: ignore[no-untyped-def]
    _record(world, [(SimpleUploadedFile("张三家门口.png", PNG), "photo")])
    return MeetingFile.objects.get()


def test_stored_under_a_random_name_not_the_uploaded_one(settings, photo):
    assert "张三" not in photo.file.name and photo.file.name.endswith(".png")
    assert str(photo.meeting.organization_id) not in photo.file.name.split("/")[1]
    assert photo.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


def test_detail_page_links_the_scoped_view_not_media(world, client_for, photo):
    body = client_for(world.clerk_a).get(reverse("meetings:detail", args=[photo.meeting_id])).content.decode()
    assert reverse("meetings:file", args=[photo.pk]) in body and "/media/" not in body


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404(world, client_for, photo, who):
    assert client_for(getattr(world, who)).get(reverse("meetings:file", args=[photo.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, photo):
    response = client.get(reverse("meetings:file", args=[photo.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_download_is_typed_nosniff_and_audited(world, client_for, photo):
    response = client_for(world.viewer_a).get(reverse("meetings:file", args=[photo.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert "张三家门口.png" in response["Content-Disposition"] or "%E5%BC%A0" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=world.viewer_a, object_id=str(photo.pk),
                                     org_path=world.branch_a1.path).exists()


def test_html_with_a_gif_header_is_refused(world, rolls):
    evil = SimpleUploadedFile("签到.gif", b"GIF89a<html><body onload=alert(1)></body></html>")
    with pytest.raises(ValidationError, match="网页代码"):
        _record(world, [(evil, "photo")])
    assert not Meeting.objects.exists() and not MeetingFile.objects.exists()


def test_oversize_file_is_refused(world, rolls, settings):
    settings.JICENG_MEETINGS_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError, match="超过上限"):
        _record(world, [(SimpleUploadedFile("big.png", PNG + b"\x00" * 1024 * 1024), "photo")])
    assert not MeetingFile.objects.exists()
