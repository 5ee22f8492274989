"""Assessment evidence files (finding 6): checked by content like every other upload, stored
under a random name, served only by the scoped, audited view assessments:evidence_file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import services
from assessments.models import Evidence
from audit.models import AuditAction, AuditEvent

from .factories import make_sheet

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OUTSIDERS_OF_A1 = ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"]


@pytest.fixture
def review(world):  # type: ignore[no-untyped-def]
    return services.review_open(sheet=make_sheet(world), organization=world.branch_a1, actor=world.clerk_a)


def _post(client, review, upload):  # type: ignore[no-untyped-def]
    item = review.sheet.items.first()
    return client.post(reverse("assessments:review_evidence", args=[review.pk]),
                       {"item": item.pk, "label": "会议记录", "file": upload})


@pytest.fixture
def evidence(world, client_for, review):  # type: ignore[no-untyped-def]
    _post(client_for(world.secretary_a1), review, SimpleUploadedFile("支部会议记录.pdf", PDF))
    return Evidence.objects.get(review=review, label="会议记录")


def test_upload_is_stored_under_a_random_name_with_its_type(settings, evidence):
    assert evidence.original_name == "支部会议记录.pdf" and evidence.file_type == "application/pdf"
    assert "会议" not in evidence.file.name and evidence.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


def test_sheet_links_the_scoped_view(world, client_for, evidence):
    body = client_for(world.clerk_a).get(reverse("assessments:review", args=[evidence.review_id])).content.decode()
    assert reverse("assessments:evidence_file", args=[evidence.pk]) in body and "/media/" not in body


@pytest.mark.parametrize("who", OUTSIDERS_OF_A1)
def test_outsiders_get_404(world, client_for, evidence, who):
    url = reverse("assessments:evidence_file", args=[evidence.pk])
    assert client_for(getattr(world, who)).get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, evidence):
    response = client.get(reverse("assessments:evidence_file", args=[evidence.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_download_is_typed_nosniff_and_audited(world, client_for, evidence):
    response = client_for(world.viewer_a).get(reverse("assessments:evidence_file", args=[evidence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=world.viewer_a, object_id=str(evidence.pk),
                                     extra__download="支部会议记录.pdf").exists()


def test_a_note_without_file_has_no_download(world, client_for, review):
    note = services.evidence_add(review=review, item=review.sheet.items.first(), label="说明", actor=world.secretary_a1)
    assert client_for(world.clerk_a).get(reverse("assessments:evidence_file", args=[note.pk])).status_code == 404


@pytest.mark.parametrize("name,content,message", ids=["gif-html", "html", "oversize"], argvalues=[
    ("照片.gif", b"GIF89a<html><script>alert(1)</script></html>", "网页代码"),
    ("page.html", b"<html></html>", "不是图片或 PDF"),
    ("big.pdf", PDF + b"0" * (1024 * 1024), "超过上限"),
])
def test_bad_files_are_refused_with_a_message(world, client_for, review, settings, name, content, message):
    settings.JICENG_UPLOAD_MAX_MB = 1
    client = client_for(world.secretary_a1)
    response = _post(client, review, SimpleUploadedFile(name, content))
    assert response.status_code == 302 and not Evidence.objects.filter(review=review, label="会议记录").exists()
    page = client.get(response["Location"])
    assert message in page.content.decode()
