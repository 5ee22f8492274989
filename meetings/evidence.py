"""Evidence uploads: images and PDF only, checked by their first bytes (not the name a
phone gives them), at most JICENG_MEETINGS_MAX_UPLOAD_MB each."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

# (magic bytes at offset 0, content type, extensions accepted)
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", {"jpg", "jpeg"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {"png"}),
    (b"GIF87a", "image/gif", {"gif"}),
    (b"GIF89a", "image/gif", {"gif"}),
    (b"%PDF-", "application/pdf", {"pdf"}),
)
ACCEPT = "image/jpeg,image/png,image/gif,image/webp,application/pdf"


def max_bytes() -> int:
    return settings.JICENG_MEETINGS_MAX_UPLOAD_MB * 1024 * 1024


def sniff(head: bytes) -> str | None:
    """The content type of an accepted format from its first bytes, or None."""
    for magic, content_type, _ in _SIGNATURES:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_upload(upload: UploadedFile) -> str:
    """Validate one upload; return its content type or raise a Chinese ValidationError."""
    name = upload.name or "文件"
    if upload.size is not None and upload.size > max_bytes():
        raise ValidationError(
            f"“{name}”大小为 {upload.size / 1024 / 1024:.1f} MB，超过上限 {settings.JICENG_MEETINGS_MAX_UPLOAD_MB} MB。")
    if not upload.size:
        raise ValidationError(f"“{name}”是空文件。")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise ValidationError(f"“{name}”不是图片或 PDF 文件，只能上传照片（JPG、PNG、GIF、WebP）或 PDF 扫描件。")
    return content_type
