"""Stored files (evidence, uploaded rolls): one mechanism for every app.

- Kept by `private_storage()`, a directory (PRIVATE_MEDIA_ROOT) outside any public root; the
  storage has no URL, so a template cannot link a file directly.
- Stored under a random name (`random_name`); the uploaded name lives in a model field and
  is used only for display and the Content-Disposition of a download.
- Accepted by content (`check_upload`): magic bytes against an allow-list, the declared
  extension must agree, markup in the first bytes is refused (a GIF header followed by
  HTML), and a size limit.
- Served only by scoped views through `protected_file_response`: with the sniffed type,
  `nosniff`, attachment for anything but images and PDF, an audit row per download (the
  `core.signals.file_served` signal; the audit app writes the row); the
  bytes are streamed by Django or, in production, by nginx (X-Accel-Redirect) or Apache
  (X-Sendfile) per JICENG_FILE_SERVING.
"""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header

from core.signals import file_served


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT (read from settings on every use, so tests and
    workers can point it elsewhere). No URL: files leave only through a scoped view."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; link to the app's scoped download view.")


_STORAGE = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage of every uploaded file (a callable, so migrations name it, not a path)."""
    return _STORAGE


_SAFE_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")


def random_name(folder: str, filename: str) -> str:
    """`<folder>/<32 random hex digits><.ext>`: nothing of the uploaded name but its extension."""
    suffix = PurePosixPath(filename or "").suffix.lower()
    return f"{folder}/{uuid.uuid4().hex}{suffix if _SAFE_SUFFIX.match(suffix) else ''}"


@deconstructible
class RandomName:
    """An `upload_to` that stores files of one folder under random names."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: models.Model, filename: str) -> str:
        return random_name(self.folder, filename)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder


# --- Accepting an upload by its content -------------------------------------------------

@dataclass(frozen=True)
class FileType:
    content_type: str
    extensions: tuple[str, ...]  # the first is the one given to the stored file
    label: str

    @property
    def inline(self) -> bool:
        """Shown in the browser (images and PDF); anything else is downloaded."""
        return self.content_type in INLINE_TYPES


JPEG = FileType("image/jpeg", (".jpg", ".jpeg"), "JPG")
PNG = FileType("image/png", (".png",), "PNG")
GIF = FileType("image/gif", (".gif",), "GIF")
WEBP = FileType("image/webp", (".webp",), "WebP")
PDF = FileType("application/pdf", (".pdf",), "PDF")
EVIDENCE_TYPES = (JPEG, PNG, GIF, WEBP, PDF)
INLINE_TYPES = {t.content_type for t in EVIDENCE_TYPES}
EVIDENCE_ACCEPT = ",".join(t.content_type for t in EVIDENCE_TYPES)

_MAGIC = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"%PDF-", PDF),
)
# What a browser that sniffs (or a file saved and opened later) would take for a page:
# refused anywhere in the first bytes, whatever the magic number says.
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta|a\s|img\s|style)|javascript:",
                     re.IGNORECASE)
_HEAD = 4096


def sniff(head: bytes) -> FileType | None:
    """The allowed type whose magic bytes start `head`, or None."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def _size(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if size is not None:
        return int(size)
    position = upload.tell()
    upload.seek(0, os.SEEK_END)
    end = upload.tell()
    upload.seek(position)
    return int(end)


def check_upload(upload: Any, *, max_bytes: int | None = None,
                 allowed: tuple[FileType, ...] = EVIDENCE_TYPES) -> FileType:
    """The type of an acceptable upload, or a ValidationError in Chinese. The content decides,
    the extension must agree with it, and markup near the start is refused."""
    name = getattr(upload, "name", "") or "文件"
    display = PurePosixPath(name).name
    limit = max_bytes if max_bytes is not None else settings.JICENG_UPLOAD_MAX_MB * 1024 * 1024
    labels = "、".join(t.label for t in allowed)
    size = _size(upload)
    if size > limit:
        raise ValidationError(f"文件“{display}”大小为 {size / 1024 / 1024:.1f} MB，超过上限 "
                              f"{limit / 1024 / 1024:g} MB，请压缩后再上传。")
    if size == 0:
        raise ValidationError(f"文件“{display}”是空文件。")
    what = "图片或 PDF" if allowed == EVIDENCE_TYPES else labels
    suffix = PurePosixPath(name).suffix.lower()
    if not any(suffix in t.extensions for t in allowed):
        raise ValidationError(f"文件“{display}”不是{what}，只能上传 {labels} 文件（扩展名须与格式一致）。")
    upload.seek(0)
    head = upload.read(_HEAD)
    upload.seek(0)
    kind = sniff(head)
    if kind is None or kind not in allowed:
        raise ValidationError(f"文件“{display}”的内容不是{what}，只能上传 {labels} 文件。")
    if suffix not in kind.extensions:
        raise ValidationError(f"文件“{display}”的扩展名与内容不符（内容是 {kind.label}），请确认文件后重新上传。")
    if _MARKUP.search(head):
        raise ValidationError(f"文件“{display}”中含有网页代码，不能上传。")
    return kind


def stored_name(kind: FileType) -> str:
    """The name handed to the storage: the random part comes from `random_name`."""
    return f"file{kind.extensions[0]}"


# --- Serving a stored file --------------------------------------------------------------

def protected_file_response(request: HttpRequest, file: FieldFile, filename: str, *,
                            content_type: str = "", obj: models.Model | None = None) -> HttpResponse:
    """The response of a scoped download view (the caller has checked scope): an audit row,
    then the bytes by Django, nginx or Apache per JICENG_FILE_SERVING."""
    content_type = content_type if content_type in INLINE_TYPES else "application/octet-stream"
    inline = content_type in INLINE_TYPES
    filename = PurePosixPath(filename or "").name or PurePosixPath(file.name).name
    file_served.send(sender=None, request=request, obj=obj, filename=filename, stored=file.name)
    mode = settings.JICENG_FILE_SERVING
    if mode == "nginx":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.JICENG_FILE_ACCEL_PREFIX.rstrip("/") + "/" + quote(file.name)
    elif mode == "apache":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = file.path
    else:
        response = FileResponse(file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    if content_type != PDF.content_type:  # a sandboxed page would not open the browser's PDF viewer
        # even if opened directly, the file cannot run scripts or load anything
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
