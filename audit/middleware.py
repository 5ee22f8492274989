from typing import Callable

from django.http import HttpRequest, HttpResponse

from .context import acting, client_ip


class AuditContextMiddleware:
    """Binds the request's user and IP to every audit row written while it is served."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        with acting(user=user, ip=client_ip(request), source="web"):
            return self.get_response(request)
