"""A search by full ID number answers "is this the number of someone in my scope?": an
oracle that could rebuild a masked number by trying the ~3,300 candidates the mask leaves
(members.idcard.mask_id). Exact ID searches are therefore counted per user and capped."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

# About one lookup a minute over a working hour: enough for a clerk checking a list of
# people by hand, far too few to walk through the candidates of one masked number.
ID_SEARCHES_PER_HOUR = 60
_WINDOW = 3600


def take_id_search(user: Any) -> bool:
    """Count one exact ID search of `user`; False when the hourly allowance is used up."""
    # date_joined too: a user id reused after a database reset (tests) starts afresh
    joined = getattr(user, "date_joined", None)
    key = f"members:id-search:{getattr(user, 'pk', None)}:{joined.timestamp() if joined else ''}"
    cache.add(key, 0, _WINDOW)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, _WINDOW)
        used = 1
    return used <= ID_SEARCHES_PER_HOUR
