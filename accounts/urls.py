from django.urls import path

from .views import account, security

app_name = "accounts"
urlpatterns = [
    path("login/", account.LoginView.as_view(), name="login"),
    path("logout/", account.LogoutView.as_view(), name="logout"),
    path("profile/", account.profile, name="profile"),
    path("tokens/", account.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", account.token_revoke, name="token_revoke"),
    # the 等保 login controls: 2FA, password policy, sessions
    path("two-factor/verify/", security.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", security.two_factor_setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", security.recovery_codes_regenerate, name="recovery_codes"),
    path("two-factor/reset/", security.two_factor_reset_list, name="two_factor_reset_list"),
    path("two-factor/reset/<int:pk>/", security.two_factor_reset, name="two_factor_reset"),
    path("password/", security.password_change, name="password_change"),
    path("sessions/<int:pk>/end/", security.session_end, name="session_end"),
]
