"""URLs of the 等保 login controls (included by accounts/urls.py, namespace "accounts")."""

from django.urls import path

from . import views_security as views

urlpatterns = [
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", views.recovery_codes_regenerate, name="recovery_codes"),
    path("two-factor/reset/", views.two_factor_reset_list, name="two_factor_reset_list"),
    path("two-factor/reset/<int:pk>/", views.two_factor_reset, name="two_factor_reset"),
    path("password/", views.password_change, name="password_change"),
    path("sessions/<int:pk>/end/", views.session_end, name="session_end"),
]
