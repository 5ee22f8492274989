"""Pages of the 等保 login controls: the second-factor step, authenticator enrolment, recovery
codes, password change, the account's session list, and the sysadmin's 2FA reset."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.views import unscoped

from .. import two_factor
from ..forms import CodeForm
from ..models import User
from ..services import passwords, sessions

FAILURES_KEY = "jiceng_2fa_failures"
OWN_ACCOUNT = "one's own account (second factor, password, sessions): no organization's data"
RESET = "the system administrator's 2FA reset: accounts only, no organization's data (三员分立)"


def _next(request: HttpRequest, default: str = "home:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # a path on this site only (redirect() would read a bare word such as "abc" as a view name)
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    from django.urls import reverse

    return reverse(default)


@unscoped(OWN_ACCOUNT)
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second login step: a code from the authenticator app or a recovery code."""
    if two_factor.pending(request.session, request.user) != two_factor.VERIFY:
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request=request, code=form.cleaned_data["code"]):
            request.session.pop(FAILURES_KEY, None)
            return redirect(_next(request))
        failures = request.session.get(FAILURES_KEY, 0) + 1
        if failures >= settings.JICENG_2FA_MAX_ATTEMPTS:
            logout(request)
            messages.error(request, "验证码错误次数过多，请重新登录。")
            return redirect("accounts:login")
        request.session[FAILURES_KEY] = failures
        form.add_error("code", "验证码不正确或已使用，请重新输入。")
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


@unscoped(OWN_ACCOUNT)
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), confirm with a code."""
    if two_factor.confirmed_totp(request.user) is not None:
        messages.info(request, "已启用双因素认证。如更换手机，请联系系统管理员重置。")
        return redirect("accounts:profile")
    device = two_factor.totp_pending_device(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.totp_confirm(request=request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            messages.success(request, "双因素认证已启用。")
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", "验证码不正确，请确认手机时间准确后重新输入。")
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "qr_svg": two_factor.qr_svg(device), "secret": two_factor.secret_base32(device),
        "mandatory": two_factor.required_for(request.user), "next": _next(request),
    })


@unscoped(OWN_ACCOUNT)
@login_required
@require_POST
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    codes = two_factor.recovery_codes_regenerate(user=request.user, session=request.session)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request, "accounts:profile")})


@unscoped(OWN_ACCOUNT)
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    reason = passwords.change_reason(request.user)
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["new_password1"] == form.cleaned_data["old_password"]:
            form.add_error("new_password1", "新密码不能与原密码相同。")
        else:
            ended = passwords.password_change(request=request, raw_password=form.cleaned_data["new_password1"])
            note = f"，已结束其他 {ended} 个登录会话" if ended else ""
            messages.success(request, f"密码已修改{note}。")
            return redirect(_next(request))
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-control"
    return render(request, "accounts/password_change.html", {
        "form": form, "reason": reason, "max_age": settings.JICENG_PASSWORD_MAX_AGE_DAYS, "next": _next(request),
    })


@unscoped(OWN_ACCOUNT)
@login_required
@require_POST
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    own = sessions.UserSession.objects.filter(pk=pk, user=request.user, session_key=request.session.session_key)
    if own.exists():
        logout(request)  # this very session: a normal, audited logout
        return redirect("accounts:login")
    sessions.session_end(actor=request.user, session_id=pk)
    messages.success(request, "已结束该会话。")
    return redirect("accounts:profile")


def _require_sysadmin(request: HttpRequest) -> None:
    if not two_factor.is_sysadmin(request.user):
        raise PermissionDenied("只有系统管理员可以重置双因素认证。")


@unscoped(RESET)
@login_required
def two_factor_reset_list(request: HttpRequest) -> HttpResponse:
    """重置双因素认证: the sysadmin finds an account (lost phone) and resets its second factor."""
    _require_sysadmin(request)
    q = request.GET.get("q", "").strip()
    users = User.objects.annotate(
        has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    ).order_by("username")
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    else:
        users = users.filter(has_totp=True)
    return render(request, "accounts/two_factor_reset.html", {"users": users[:50], "q": q})


@unscoped(RESET)
@login_required
@require_POST
def two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    _require_sysadmin(request)
    target = get_object_or_404(User, pk=pk)
    two_factor.two_factor_reset(actor=request.user, user=target)
    messages.success(request, f"已重置 {target} 的双因素认证，其登录会话已结束；该用户下次登录时重新绑定。")
    return redirect("accounts:two_factor_reset_list")
