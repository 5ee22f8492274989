from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import IdFilter, ScopedViewSetMixin, drf_validation_error

from .. import services
from ..models import Organization
from ..rules import Field, Kind, Status
from .serializers import DissolveSerializer, MoveSerializer, OrganizationCreateSerializer, OrganizationSerializer


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label="类型")
    field = django_filters.ChoiceFilter(choices=Field.choices, label="领域")
    status = django_filters.ChoiceFilter(choices=Status.choices, label="状态")
    ancestor = IdFilter(method="filter_ancestor", label="上级组织编号（含其全部下级）")
    q = django_filters.CharFilter(method="filter_q", label="名称、简称或代码")

    class Meta:
        model = Organization
        fields = ["kind", "field", "status"]

    def filter_ancestor(self, qs: QuerySet, name: str, value: int) -> QuerySet:
        path = Organization.objects.filter(pk=value).values_list("path", flat=True).first()
        return qs.filter(path__startswith=path) if path else qs.none()

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__iexact=value))


class OrganizationViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """党组织：列表、详情、新增、修改、移动、撤销。只返回当前用户管辖范围内的组织。"""

    model = Organization
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    base_queryset = Organization.objects.all()

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return OrganizationCreateSerializer
        if self.action == "move":
            return MoveSerializer
        if self.action == "dissolve":
            return DissolveSerializer
        return OrganizationSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        items = list(page) if page is not None else list(queryset)
        parent_paths = {o.path[: -o.steplen] for o in items if o.depth > 1}
        parents = {p.path: p for p in Organization.objects.filter(path__in=parent_paths)}
        serializer = OrganizationSerializer(items, many=True, context={**self.get_serializer_context(), "parents_by_path": parents})
        return self.get_paginated_response(serializer.data) if page is not None else Response(serializer.data)

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        parent_id = data.pop("parent_id")
        parent = Organization.objects.for_user(self.request.user, "view").filter(pk=parent_id).first()
        if parent is None:
            raise NotFound("上级组织不存在或不在您的管辖范围内。")
        if not Organization.objects.for_user(self.request.user, "change").filter(pk=parent.pk).exists():
            raise PermissionDenied("您只有查看权限，不能在该组织下新增。")
        try:
            serializer.instance = services.organization_create(parent=parent, actor=self.request.user, **data)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc

    def perform_update(self, serializer: Any) -> None:
        try:
            services.organization_update(org=serializer.instance, actor=self.request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc

    @extend_schema(request=MoveSerializer, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        """把组织（连同全部下级）移动到新的上级组织之下。"""
        org = self.get_object()
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        target = Organization.objects.for_user(request.user, "change").filter(pk=body.validated_data["target"]).first()
        if target is None:
            raise NotFound("目标上级组织不存在或不在您的管理范围内。")
        try:
            org = services.organization_move(org=org, target=target, actor=request.user)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(OrganizationSerializer(org).data)

    @extend_schema(request=DissolveSerializer, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def dissolve(self, request: Request, pk: str | None = None) -> Response:
        """撤销组织。"""
        org = self.get_object()
        body = DissolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            org = services.organization_dissolve(org=org, on=body.validated_data["dissolved_on"],
                                                 reason=body.validated_data["reason"], actor=request.user)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(OrganizationSerializer(org).data, status=status.HTTP_200_OK)
