"""Middleware of our own: response headers that Django and django-csp do not set (see README,
安全配置), and the refusal of NUL characters in any input."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


class PermissionsPolicyMiddleware:
    """Permissions-Policy: no page needs the camera, microphone, location, payment or USB
    (photos of meeting evidence are picked through a file input, which needs none of them)."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RejectNulMiddleware:
    """A NUL character is never valid input (PostgreSQL refuses it in text): answer 400 for
    any query-string or form value holding one, before a view passes it to the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            return HttpResponseBadRequest("请求参数含有非法字符。".encode(), content_type="text/plain; charset=utf-8")
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            if any("\x00" in v for values in request.POST.lists() for v in values[1]):
                return HttpResponseBadRequest("提交的内容含有非法字符。".encode(), content_type="text/plain; charset=utf-8")
        return self.get_response(request)
