from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import IdFilter, ScopedViewSetMixin, YearFilter, drf_validation_error
from organizations.models import Organization

from .. import services
from ..models import Measure, Rectification, RectificationYear
from ..rules import RectStatus
from .serializers import (
    MeasureSerializer,
    ProposeSerializer,
    RectificationDetailSerializer,
    RectificationSerializer,
    RectificationYearSerializer,
    TransitionSerializer,
)


class RectificationYearViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """整顿年度：各县的年度整顿名单设置（确定方式、比例、回头看间隔）。"""

    serializer_class = RectificationYearSerializer
    base_queryset = RectificationYear.objects.select_related("county").order_by("-year", "county__path")


class RectificationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RectStatus.choices, label="状态")
    year = YearFilter(field_name="year__year", label="年度（如 2026）")
    ancestor = IdFilter(method="filter_ancestor", label="上级组织编号（含其全部下级）")

    class Meta:
        model = Rectification
        fields = ["status"]

    def filter_ancestor(self, qs: Any, name: str, value: int) -> Any:
        path = Organization.objects.filter(pk=value).values_list("path", flat=True).first()
        return qs.filter(organization__path__startswith=path) if path else qs.none()


class RectificationViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """软弱涣散基层党组织整顿对象及其台账（问题、整改措施、责任领导），以及状态流转。只返回管辖范围内的组织。"""

    filterset_class = RectificationFilter
    base_queryset = Rectification.objects.select_related("organization", "year").order_by("year__year", "organization__path")

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if self.action == "retrieve":
            qs = qs.prefetch_related("reasons", "leaders", "problems__category",
                                     Prefetch("problems__measures", queryset=Measure.objects.order_by("id")))
        return qs

    def get_serializer_class(self) -> Any:
        return {"retrieve": RectificationDetailSerializer, "create": ProposeSerializer,
                "transition": TransitionSerializer, "item_transition": TransitionSerializer,
                "items": MeasureSerializer}.get(self.action, RectificationSerializer)

    @extend_schema(request=ProposeSerializer, responses=RectificationSerializer)
    def create(self, request: Request) -> Response:
        """乡镇党委推荐整顿候选对象。"""
        body = ProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        year = RectificationYear.objects.for_user(request.user).filter(pk=body.validated_data["year"]).first()
        org = Organization.objects.for_user(request.user).filter(pk=body.validated_data["organization"]).first()
        if year is None or org is None:
            raise NotFound("整顿年度或党组织不存在，或不在您的管辖范围内。")
        try:
            entry = services.candidate_propose(year=year, organization=org, reason=body.validated_data["reason"],
                                               actor=request.user)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(RectificationSerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TransitionSerializer, responses=RectificationSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """整顿对象状态流转：申请验收、验收销号、验收不通过、回头看通过、回头看发现反弹。"""
        entry = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            entry = services.rectification_transition(entry=entry, action=body.validated_data["action"],
                                                      actor=request.user, reason=body.validated_data["reason"])
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(RectificationSerializer(entry).data)

    @extend_schema(responses=MeasureSerializer(many=True))
    @action(detail=True, methods=["get"])
    def items(self, request: Request, pk: str | None = None) -> Response:
        """台账中的整改措施（逐项销号的对象）。"""
        entry = self.get_object()
        return Response(MeasureSerializer(entry.measures.order_by("id"), many=True).data)

    @extend_schema(request=TransitionSerializer, responses=MeasureSerializer)
    @action(detail=True, methods=["post"], url_path=r"items/(?P<item_pk>[0-9]+)/transition")
    def item_transition(self, request: Request, pk: str | None = None, item_pk: str | None = None) -> Response:
        """整改措施状态流转：开始整改、申请销号、销号、退回、重新打开。"""
        entry = self.get_object()
        measure = entry.measures.filter(pk=item_pk).first()
        if measure is None:
            raise NotFound("未找到该整改措施。")
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            measure = services.measure_transition(measure=measure, actor=request.user, **body.validated_data)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(MeasureSerializer(measure).data)
