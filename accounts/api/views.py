"""POST /api/v1/auth/token/: username and password in, a new named token out (shown once)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.context import client_ip

from ..services.tokens import api_token_create
from ..two_factor import second_factor_check
from .serializers import IssuedTokenSerializer, TokenRequestSerializer
from .throttles import TokenEndpointThrottle

LOCKED_OUT = "登录失败次数过多，账号在此地址已被临时锁定，请稍后再试或联系系统管理员。"


def _locked_out(request: Any, username: str) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return bool(getattr(request, "axes_locked_out", False)) or AxesProxyHandler.is_locked(
        request, {"username": username})


class TokenObtainView(APIView):
    """Each call issues a new token; earlier ones keep working until they expire or are revoked.
    Password failures count towards the axes lockout of (username, IP), like the login page."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenEndpointThrottle]
    throttle_scope = "api_token"
    serializer_class = TokenRequestSerializer

    @extend_schema(request=TokenRequestSerializer, responses={
        201: IssuedTokenSerializer, 400: OpenApiResponse(description="用户名或密码错误"),
        403: OpenApiResponse(description="账号没有有效角色，或缺少/错误的双因素动态码"), 429: OpenApiResponse(description="已锁定或请求过于频繁"),
    }, summary="用用户名和密码生成一个新的接口令牌")
    def post(self, request: Any) -> Response:
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        # axes reads the DRF request (its data and META); a lockout flags this request
        user = authenticate(request, username=data["username"], password=data["password"])
        if user is None:
            if _locked_out(request, data["username"]):
                return Response({"detail": LOCKED_OUT}, status=status.HTTP_429_TOO_MANY_REQUESTS)
            return Response({"detail": "用户名或密码错误。"}, status=status.HTTP_400_BAD_REQUEST)
        refusal = second_factor_check(user=user, code=data["otp"])
        if refusal:
            return Response({"detail": refusal}, status=status.HTTP_403_FORBIDDEN)
        try:
            issued = api_token_create(user=user, name=data["name"], ip=client_ip(request), via="api")
        except PermissionDenied as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        except ValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
        out = IssuedTokenSerializer({"token": issued.plaintext, "name": issued.token.name,
                                     "prefix": issued.token.prefix, "expires_at": issued.token.expires_at})
        return Response(out.data, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})
