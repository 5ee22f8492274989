"""Evidence uploads: images and PDF only, checked by their content (core.files), at most
JICENG_MEETINGS_MAX_UPLOAD_MB each."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from core import files

ACCEPT = files.EVIDENCE_ACCEPT


def max_bytes() -> int:
    return settings.JICENG_MEETINGS_MAX_UPLOAD_MB * 1024 * 1024


def check_upload(upload: UploadedFile) -> files.FileType:
    """Validate one upload; return its type or raise a Chinese ValidationError."""
    return files.check_upload(upload, max_bytes=max_bytes())
