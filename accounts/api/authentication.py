"""DRF authentication by personal API token: `Authorization: Token <prefix>.<secret>`
("Bearer" is accepted too). The checks live in accounts/services/tokens.py."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from audit.context import client_ip

KEYWORDS = {b"token", b"bearer"}


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        # imported here: DRF loads this class while building APIView, possibly before the app registry
        from ..services.tokens import TokenRefused, api_token_check

        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("请求头格式应为 Authorization: Token <令牌>。")
        try:
            plaintext = parts[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("令牌无效。") from exc
        try:
            token = api_token_check(plaintext, ip=client_ip(request))
        except TokenRefused as exc:
            raise exceptions.AuthenticationFailed(str(exc)) from exc
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Shows the token scheme in /api/schema/ and the Swagger page."""

    target_class = "accounts.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "个人接口令牌：`Token <令牌>`（“我的账号”页或 POST /api/v1/auth/token/ 生成）。",
        }
