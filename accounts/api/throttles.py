from typing import Any

from rest_framework.throttling import ScopedRateThrottle

from audit.context import client_ip


class TokenEndpointThrottle(ScopedRateThrottle):
    """Per client address, read like the audit trail's (DRF's own get_ident believes any
    X-Forwarded-For a client sends, which would let it pick a fresh budget every request)."""

    def get_ident(self, request: Any) -> str:
        return client_ip(request) or "unknown"
