"""core.files: uploads accepted by content, stored under random names in a storage without
URL, served with the sniffed type, nosniff and an audit row (finding 6 of the security issue)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from audit.models import AuditAction, AuditEvent
from core.files import PDF, PNG, check_upload, private_storage, protected_file_response, random_name

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GIF_HTML = b"GIF89a<html><body><script>alert(document.cookie)</script></body></html>"


def test_html_behind_a_gif_header_is_refused():
    with pytest.raises(ValidationError, match="网页代码"):
        check_upload(SimpleUploadedFile("evil.gif", GIF_HTML))


def test_svg_and_html_are_refused_whatever_their_name():
    for name, content in (("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), ("a.png", b"<html></html>"),
                          ("page.html", b"<!doctype html>")):
        with pytest.raises(ValidationError):
            check_upload(SimpleUploadedFile(name, content))


def test_extension_must_match_the_content():
    with pytest.raises(ValidationError, match="扩展名与内容不符"):
        check_upload(SimpleUploadedFile("scan.pdf", PNG_BYTES))
    assert check_upload(SimpleUploadedFile("现场.PNG", PNG_BYTES)) is PNG
    assert check_upload(SimpleUploadedFile("签到.pdf", PDF_BYTES)) is PDF


def test_oversize_file_is_refused_before_it_is_read(settings):
    settings.JICENG_UPLOAD_MAX_MB = 1
    with pytest.raises(ValidationError, match="超过上限 1 MB"):
        check_upload(SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (1024 * 1024)))


def test_stored_names_are_random_and_keep_nothing_of_the_upload():
    a, b = random_name("meetings", "张三的身份证.jpg"), random_name("meetings", "张三的身份证.jpg")
    assert a != b and a.startswith("meetings/") and a.endswith(".jpg") and "张三" not in a
    assert random_name("x", "a.<script>").startswith("x/") and "<" not in random_name("x", "a.<script>")


def test_private_storage_has_no_url_and_lives_outside_the_public_roots(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    name = private_storage().save(random_name("t", "a.pdf"), ContentFile(PDF_BYTES))
    assert (tmp_path / name).exists()
    with pytest.raises(ValueError):
        private_storage().url(name)
    assert str(settings.PRIVATE_MEDIA_ROOT) not in {str(settings.STATIC_ROOT), str(settings.MEDIA_ROOT)}



def _field_file(name: str):  # type: ignore[no-untyped-def]
    from django.db.models.fields.files import FieldFile

    from meetings.models import MeetingFile

    return FieldFile(MeetingFile(), MeetingFile._meta.get_field("file"), name)


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["django", "nginx", "apache"])
def test_download_response_per_serving_mode(world, settings, tmp_path, mode):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.JICENG_FILE_SERVING = mode
    name = private_storage().save(random_name("meetings", "x.pdf"), ContentFile(PDF_BYTES))
    request = RequestFactory().get("/")
    request.user = world.clerk_a
    response = protected_file_response(request, _field_file(name), "签到表.pdf", content_type="application/pdf",
                                       obj=world.branch_a1)
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    if mode == "nginx":
        assert response["X-Accel-Redirect"] == f"/protected-files/{name}" and not response.content
    elif mode == "apache":
        assert response["X-Sendfile"] == str(tmp_path / name)
    else:
        assert b"".join(response.streaming_content) == PDF_BYTES
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, extra__download="签到表.pdf")
    assert event.actor == world.clerk_a and event.org_path == world.branch_a1.path


@pytest.mark.django_db
def test_a_type_not_on_the_list_is_downloaded_as_an_attachment(world, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    name = private_storage().save(random_name("meetings", "x.bin"), ContentFile(b"<html>old</html>"))
    request = RequestFactory().get("/")
    request.user = world.clerk_a
    response = protected_file_response(request, _field_file(name), "旧.html", content_type="text/html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment") and "sandbox" in response["Content-Security-Policy"]
