from typing import Any

from .models import Notification


def unread(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"unread_reminders": Notification.objects.unread(user).count()}
