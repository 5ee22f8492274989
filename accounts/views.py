from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from audit.models import AuditAction
from audit.services import audit_record


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    roles = request.user.role_assignments.filter(is_active=True).select_related("organization")
    token = Token.objects.filter(user=request.user).first()
    return render(request, "accounts/profile.html", {"roles": roles, "token": token})


@login_required
@require_POST
def token_regenerate(request: HttpRequest) -> HttpResponse:
    """Issue a new personal API token; the old one stops working at once."""
    with transaction.atomic():
        Token.objects.filter(user=request.user).delete()
        token = Token.objects.create(user=request.user)
        audit_record(action=AuditAction.CREATE, obj=request.user, extra={"api_token": "regenerated"})
    messages.success(request, f"已生成新的接口令牌：{token.key}（请妥善保存，旧令牌已失效）。")
    return redirect("accounts:profile")
