"""Rectification evidence (finding 6): random stored names, served only by the scoped,
audited view with the sniffed type and nosniff."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from rectification import services
from rectification.models import Evidence

from .conftest import PDF, with_evidence


@pytest.fixture
def evidence(world, measure):
    services.measure_transition(measure=measure, action="start", actor=world.secretary_a1)
    with_evidence(world, measure)
    return Evidence.objects.get()


def test_stored_under_a_random_name_in_the_private_root(settings, evidence):
    assert "签到表" not in evidence.file.name and evidence.original_name == "签到表.pdf"
    assert evidence.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


@pytest.mark.parametrize("who", ["clerk_b", "secretary_b1", "nobody"])
def test_outsiders_get_404(world, client_for, evidence, who):
    assert client_for(getattr(world, who)).get(reverse("rectification:evidence", args=[evidence.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, evidence):
    response = client.get(reverse("rectification:evidence", args=[evidence.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_download_is_typed_nosniff_and_audited(world, client_for, evidence):
    response = client_for(world.viewer_a).get(reverse("rectification:evidence", args=[evidence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=world.viewer_a, object_id=str(evidence.pk),
                                     extra__download="签到表.pdf").exists()


def test_html_with_a_gif_header_is_refused(world, measure):
    services.measure_transition(measure=measure, action="start", actor=world.secretary_a1)
    evil = SimpleUploadedFile("照片.gif", b"GIF89a<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError, match="网页代码"):
        services.progress_add(measure=measure, on=datetime.date.today(), content="x", files=[evil],
                              actor=world.secretary_a1)
    assert not Evidence.objects.exists()
