"""Reads of the audit trail other apps make (their history pages)."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from .models import AuditEvent


def history_of(obj: models.Model) -> QuerySet[AuditEvent]:
    """The rows written about `obj`, newest first (the trail's ordering), with their actors."""
    meta = obj._meta
    return AuditEvent.objects.filter(content_type__app_label=meta.app_label, content_type__model=meta.model_name,
                                     object_id=str(obj.pk)).select_related("actor")
