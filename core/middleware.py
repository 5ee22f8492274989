"""Response headers that Django and django-csp do not set (see README, 安全配置)."""

from django.conf import settings


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
