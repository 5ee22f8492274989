"""Delivery channels. The in-app inbox is the notification row itself; e-mail goes through
Django's e-mail backend (SMTP settings from the environment); SMS is an interface whose
default implementation only logs — a provider adapter subclasses SmsChannel."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from .models import Notification

log = logging.getLogger("jiceng.reminders")


class Channel:
    name = "base"

    def send(self, notification: Notification) -> bool:
        """Deliver; return True when delivered, False when this channel does not apply."""
        raise NotImplementedError


class InAppChannel(Channel):
    name = "inbox"

    def send(self, notification: Notification) -> bool:
        return True  # the row, once marked sent, is in the recipient's inbox


class EmailChannel(Channel):
    name = "email"

    def send(self, notification: Notification) -> bool:
        address = notification.recipient.email
        if not address:
            return False
        link = f"{settings.SITE_URL}{notification.link}" if notification.link else ""
        send_mail(
            subject=f"【基层党建】{notification.title}",
            message=f"{notification.body}\n\n{link}".strip(),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )
        return True


class SmsChannel(Channel):
    """SMS interface. Subclass and override `deliver(phone, text)` with a provider's API."""

    name = "sms"

    def send(self, notification: Notification) -> bool:
        phone = notification.recipient.phone
        if not phone:
            return False
        self.deliver(phone, f"【基层党建】{notification.title}")
        return True

    def deliver(self, phone: str, text: str) -> None:
        log.info("SMS (logging only) to %s: %s", phone[:3] + "****" + phone[-4:], text)


def enabled_channels() -> list[Channel]:
    return [import_string(path)() for path in settings.REMINDER_CHANNELS]
