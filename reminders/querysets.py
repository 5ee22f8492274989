"""The reminders' queryset: one's own inbox (`for_user` stays the base's)."""

from accounts.scope import ScopedQuerySet

from .choices import DeliveryStatus


class NotificationQuerySet(ScopedQuerySet):
    def inbox(self, user) -> "NotificationQuerySet":  # type: ignore[no-untyped-def]
        return self.filter(recipient=user, status=DeliveryStatus.SENT)

    def unread(self, user) -> "NotificationQuerySet":  # type: ignore[no-untyped-def]
        return self.inbox(user).filter(read_at__isnull=True)
