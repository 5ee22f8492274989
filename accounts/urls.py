from django.contrib.auth import views as auth_views
from django.urls import path

from . import security_urls, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("tokens/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
urlpatterns += security_urls.urlpatterns  # 2FA, password policy, sessions (等保)
