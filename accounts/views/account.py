from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from audit.context import client_ip
from core.views import unscoped

from ..forms import TokenForm
from ..models import ApiToken
from ..services.tokens import api_token_create, api_token_revoke, token_status

OWN_ACCOUNT = "one's own account (roles, API tokens): no organization's data"


@unscoped("signing in: no organization's data")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@unscoped("signing out: no organization's data")
class LogoutView(auth_views.LogoutView):
    pass


def _profile(request: HttpRequest, **extra: object) -> HttpResponse:
    roles = request.user.role_assignments.filter(is_active=True).select_related("organization")
    tokens = list(ApiToken.objects.filter(user=request.user))
    for t in tokens:
        t.status = token_status(t)
    response = render(request, "accounts/profile.html", {
        "roles": roles, "api_tokens": tokens, "token_days": settings.JICENG_API_TOKEN_DAYS,
        "token_idle_days": settings.JICENG_API_TOKEN_IDLE_DAYS, **extra,
    })
    add_never_cache_headers(response)
    return response


@unscoped(OWN_ACCOUNT)
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return _profile(request)


@unscoped(OWN_ACCOUNT)
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Issue a named token and show it on this response only (never in a message or cookie)."""
    form = TokenForm(request.POST)
    name = form.cleaned_data["name"] if form.is_valid() else ""
    try:
        issued = api_token_create(user=request.user, name=name, ip=client_ip(request))
    except (ValidationError, PermissionDenied) as exc:
        error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return _profile(request, token_error=error, token_name=name)
    return _profile(request, issued=issued)


@unscoped(OWN_ACCOUNT)
@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if api_token_revoke(token=token, actor=request.user, ip=client_ip(request)):
        messages.success(request, f"已吊销{token}，使用它的脚本将立即无法访问。")
    return redirect("accounts:profile")
