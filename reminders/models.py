"""Reminders are rows, not ETA tasks. A sweep writes one Notification per
(recipient, kind, subject, period) — the unique constraint makes a repeated sweep, or two
beat processes, harmless — and a delivery step claims pending rows one by one."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.scope import ScopedModel

from .choices import DeliveryStatus, Level
from .querysets import NotificationQuerySet


class Notification(ScopedModel, models.Model):
    """One reminder to one person about one thing in one period."""

    scope_path_lookup = "organization__path"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField("提醒类型", max_length=40)
    subject_key = models.CharField("事项标识", max_length=80, help_text="如 term:12、meeting-gap:34")
    period = models.CharField("周期", max_length=40, help_text="如 2026-11、6m、week-2026-48")
    organization = models.ForeignKey("organizations.Organization", verbose_name="组织", on_delete=models.CASCADE,
                                     related_name="notifications")
    level = models.CharField("级别", max_length=12, choices=Level.choices, default=Level.INFO)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("处理链接", max_length=300, blank=True)
    send_after = models.DateTimeField("发送时间", db_index=False)
    status = models.CharField("状态", max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("发送尝试次数", default=0)
    channels = models.JSONField("已送达渠道", default=list, blank=True)
    sent_at = models.DateTimeField("发送于", null=True, blank=True)
    read_at = models.DateTimeField("已读于", null=True, blank=True)
    created_at = models.DateTimeField("创建于", auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["-send_after", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_key", "period"], name="notification_once",
                violation_error_message="同一事项同一周期已提醒过该接收人。",
            ),
        ]
        indexes = [
            # the delivery sweep: WHERE status = 'pending' AND send_after <= now() ORDER BY send_after
            models.Index(fields=["send_after"], name="notification_pending_due", condition=Q(status="pending")),
            models.Index(fields=["recipient", "status", "read_at"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return self.title
