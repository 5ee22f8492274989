from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import IdFilter, ScopedViewSetMixin, drf_validation_error, fetch_scoped_api
from organizations.models import Organization

from .. import services
from ..choices import Stage
from ..models import Applicant
from .serializers import ApplicantCreateSerializer, ApplicantSerializer, StepCreateSerializer, StepSerializer


class ApplicantFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label="阶段")
    organization = IdFilter(label="党支部编号")
    due_before = django_filters.DateFilter(field_name="next_due_on", lookup_expr="lte", label="期限不晚于")

    class Meta:
        model = Applicant
        fields = ["stage", "organization"]


class ApplicantViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """发展党员档案：列表、详情、新建（入党申请）、登记发展环节。只返回管辖范围内的档案。"""

    serializer_class = ApplicantSerializer
    filterset_class = ApplicantFilter
    base_queryset = Applicant.objects.select_related("organization").order_by("id")

    @extend_schema(request=ApplicantCreateSerializer, responses=ApplicantSerializer)
    def create(self, request: Request) -> Response:
        body = ApplicantCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        org = fetch_scoped_api(Organization.objects.all(), request.user, "change", pk=data.pop("organization"),
                               not_found="党支部不存在或不在您的管辖范围内。", read_only="您只有查看权限，不能新建档案。")
        try:
            applicant = services.applicant_create(organization=org, actor=request.user, **data)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(ApplicantSerializer(applicant).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StepCreateSerializer, responses=StepSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def steps(self, request: Request, pk: str | None = None) -> Response:
        """GET：发展环节列表；POST：登记一个环节（不符合时限或顺序的日期会被拒绝）。"""
        applicant = self.get_object()
        if request.method == "POST":
            body = StepCreateSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            try:
                step = services.step_record(applicant=applicant, actor=request.user, **body.validated_data)
            except DjangoValidationError as exc:
                raise drf_validation_error(exc) from exc
            # a Django PermissionDenied of the service (审批 by the higher committee) is DRF's 403 as it is
            return Response(StepSerializer(step).data, status=status.HTTP_201_CREATED)
        return Response(StepSerializer(applicant.steps.order_by("date", "id"), many=True).data)

    def get_serializer_class(self) -> Any:
        return ApplicantSerializer
