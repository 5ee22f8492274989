"""Enumerations of the reminders: how urgent, how far delivered."""

from __future__ import annotations

from django.db import models


class Level(models.TextChoices):
    INFO = "info", "提醒"
    WARNING = "warning", "预警"
    ESCALATION = "escalation", "督办"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    CANCELLED = "cancelled", "已取消（原因已消除）"
