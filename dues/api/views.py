from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import ScopedViewSetMixin, YearFilter, drf_validation_error, fetch_scoped_api
from members.models import Member

from ..models import DuesBase, DuesPayment, DuesRate
from ..services import ledger as services
from .serializers import DuesBaseSerializer, DuesPaymentSerializer, DuesRateSerializer, PaySerializer, ReverseSerializer

MEMBER_NOT_FOUND = "党员不存在或不在您的管辖范围内。"


class DuesRateViewSet(viewsets.ReadOnlyModelViewSet):
    """党费标准（全国标准及各地调整），按生效日期。"""

    serializer_class = DuesRateSerializer
    queryset = DuesRate.objects.all()


class PaymentFilter(django_filters.FilterSet):
    month = django_filters.DateFilter(label="所属月份（某月1日）")
    year = YearFilter(field_name="month", lookup_expr="year", label="年度")

    class Meta:
        model = DuesPayment
        fields = ["member", "organization", "month", "entry", "is_reversed"]


class DuesPaymentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """党费缴纳：列表、登记（可预交多个月）、冲正。缴纳记录不能删除。"""

    serializer_class = DuesPaymentSerializer
    filterset_class = PaymentFilter
    base_queryset = DuesPayment.objects.order_by("-month", "id")

    @extend_schema(request=PaySerializer, responses=DuesPaymentSerializer(many=True))
    def create(self, request: Request) -> Response:
        body = PaySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        member = fetch_scoped_api(Member.objects.all(), request.user, "change", pk=d["member"], not_found=MEMBER_NOT_FOUND)
        try:
            rows = services.dues_pay(member=member, months=d["months"], paid_on=d["paid_on"], amount=d["amount"],
                                     actor=request.user)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(DuesPaymentSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReverseSerializer, responses=DuesPaymentSerializer)
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, pk: str | None = None) -> Response:
        """冲正一笔缴费（须填写原因）。"""
        payment = self.get_object()
        body = ReverseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            reversal = services.payment_reverse(payment=payment, actor=request.user, reason=body.validated_data["reason"])
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(DuesPaymentSerializer(reversal).data, status=status.HTTP_201_CREATED)


class DuesBaseViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """党费基数：列表、核定。"""

    serializer_class = DuesBaseSerializer
    filterset_fields = ["member", "kind"]
    base_queryset = DuesBase.objects.order_by("member_id", "-effective_from")

    def create(self, request: Request) -> Response:
        body = DuesBaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        member = fetch_scoped_api(Member.objects.all(), request.user, "change", pk=d.pop("member").pk,
                                  not_found=MEMBER_NOT_FOUND)
        try:
            base = services.base_set(member=member, actor=request.user, **d)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(DuesBaseSerializer(base).data, status=status.HTTP_201_CREATED)
