from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.scope import is_in_scope
from core.api import IdFilter, ScopedViewSetMixin, drf_validation_error
from organizations.models import Organization

from ..choices import AgeBand, Category, Education, MemberStatus, Sex
from ..crypto import blind_indexes
from ..idcard import id_error, looks_like_id, normalize_id
from ..models import Member
from ..selectors import filter_members, take_id_search
from ..services import member as services
from .serializers import IdSearchSerializer, MemberSerializer, MemberWriteSerializer, RevealSerializer


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_all", label="姓名（按公民身份号码查找请用 POST search/，号码不进网址）")
    org = IdFilter(method="filter_all", label="组织编号（含其全部下级）")
    category = django_filters.ChoiceFilter(choices=Category.choices, method="filter_all", label="人员类别")
    status = django_filters.ChoiceFilter(choices=[*MemberStatus.choices, ("all", "全部")], method="filter_all",
                                         label="党籍状态（默认在册和流动）")
    sex = django_filters.ChoiceFilter(choices=Sex.choices, method="filter_all", label="性别")
    age = django_filters.ChoiceFilter(choices=AgeBand.choices, method="filter_all", label="年龄段")
    education = django_filters.ChoiceFilter(choices=Education.choices, method="filter_all", label="学历")
    group = IdFilter(method="filter_all", label="党小组编号")

    class Meta:
        model = Member
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        params = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        if looks_like_id(params.get("q", "")):
            # a number in a query string lands in server logs: only the POST body may carry it
            raise ValidationError({"q": "公民身份号码不能放在网址中，请用 POST /api/v1/members/search/ 查找。"})
        path = None
        if params.get("org"):
            path = Organization.objects.filter(pk=params["org"]).values_list("path", flat=True).first() or "-"
        return filter_members(queryset, params, path)

    def filter_all(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        return qs


class MemberViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """党员名册：列表、详情、新增、修改；公民身份号码和联系电话默认脱敏，
    完整值通过 reveal 查看（仅限有权角色，留痕）。只返回当前用户管辖范围内的党员。"""

    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    base_queryset = Member.objects.select_related("organization", "party_group")

    def get_serializer_class(self) -> Any:
        if self.action in ("create", "update", "partial_update"):
            return MemberWriteSerializer
        if self.action == "reveal":
            return RevealSerializer
        if self.action == "search":
            return IdSearchSerializer
        return MemberSerializer

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        organization = data.pop("organization")
        if not is_in_scope(self.request.user, organization.path):
            raise NotFound("党支部不存在或不在您的管辖范围内。")
        if not is_in_scope(self.request.user, organization.path, "change"):
            raise PermissionDenied("您只有查看权限，不能新增党员。")
        try:
            serializer.instance = services.member_create(organization=organization, actor=self.request.user, **data)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        if "organization" in data and data.pop("organization") != serializer.instance.organization:
            raise ValidationError({"organization": "转到其他支部请办理组织关系转接。"})
        try:
            serializer.instance = services.member_update(member=serializer.instance, actor=self.request.user, **data)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = MemberWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(MemberSerializer(serializer.instance).data, status=201)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = self.get_object()
        serializer = MemberWriteSerializer(member, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(MemberSerializer(serializer.instance).data)

    @extend_schema(request=IdSearchSerializer, responses={200: MemberSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def search(self, request: Request) -> Response:
        """按完整公民身份号码查找（号码只在请求体中，不进网址和日志；每人每小时限次）。"""
        body = IdSearchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        value = normalize_id(body.validated_data["id_number"])
        error = id_error(value)
        if error:
            raise ValidationError({"id_number": error})
        if not take_id_search(request.user):
            raise Throttled(detail="按公民身份号码查找过于频繁，请一小时后再试。")
        qs = self.get_queryset().filter(id_number_index__in=blind_indexes(value))
        return Response(MemberSerializer(qs, many=True).data)

    @extend_schema(request=RevealSerializer, responses={200: RevealSerializer})
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, pk: str | None = None) -> Response:
        """查看一名党员的完整公民身份号码或联系电话（留痕）。"""
        member = super(ScopedViewSetMixin, self).get_object()  # view scope: 404 to outsiders
        body = RevealSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            value = services.member_reveal(member=member, field=body.validated_data["field"], actor=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response({"field": body.validated_data["field"], "value": value})
