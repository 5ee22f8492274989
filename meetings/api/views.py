from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import IdFilter, ScopedViewSetMixin, drf_validation_error, fetch_scoped_api
from organizations.models import Organization

from ..choices import MeetingStatus
from ..models import Attendance, Meeting, MeetingType
from ..periods import period_label
from ..selectors.compliance import compliance_table, top_of_scope
from ..services import records as services
from .serializers import ComplianceItemSerializer, CorrectionSerializer, MeetingSerializer

NOT_FOUND = "党组织不存在或不在您的管辖范围内。"


class MeetingFilter(django_filters.FilterSet):
    organization = IdFilter(method="filter_org", label="党组织编号（含下级）")
    meeting_type = django_filters.CharFilter(field_name="meeting_type__code", label="会议类型代码")
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, label="状态")
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label="召开日期起")
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label="召开日期止")

    class Meta:
        model = Meeting
        fields = ["status"]

    def filter_org(self, qs: QuerySet, name: str, value: int) -> QuerySet:
        path = Organization.objects.filter(pk=value).values_list("path", flat=True).first()
        return qs.filter(organization__path__startswith=path) if path else qs.none()


class MeetingViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     viewsets.GenericViewSet):
    """组织生活记录：列表、详情、新增（含出席名单，一次请求）、提交、更正。只含管辖范围内的记录。"""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    base_queryset = Meeting.objects.select_related("organization", "meeting_type").prefetch_related(
        Prefetch("attendances", Attendance.objects.select_related("member").order_by("member__name")))

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        org = fetch_scoped_api(Organization.objects.all(), self.request.user, "change", pk=data.pop("organization_id"),
                               not_found=NOT_FOUND, read_only="您只有查看权限，不能录入。")
        marks = data.pop("attendances", None)
        try:
            serializer.instance = services.meeting_record(
                organization=org, meeting_type=data.pop("meeting_type"), actor=self.request.user,
                attendance=services.parse_marks(marks) if marks is not None else None,
                submit=data.pop("submit", False), **data)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """提交草稿；提交后锁定并计入完成情况。"""
        meeting = self.get_object()
        try:
            meeting = services.meeting_submit(meeting=meeting, actor=request.user)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(MeetingSerializer(self.base_queryset.get(pk=meeting.pk)).data)

    @extend_schema(request=CorrectionSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        """更正已提交的记录：生成新版本（须说明原因），原版本保留但不再计数。"""
        meeting = self.get_object()
        body = CorrectionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        marks = data.pop("attendances", None)
        try:
            new = services.meeting_correct(meeting=meeting, actor=request.user, reason=data.pop("reason"),
                                           attendance=services.parse_marks(marks) if marks is not None else None, **data)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(MeetingSerializer(self.base_queryset.get(pk=new.pk)).data, status=status.HTTP_201_CREATED)


class MonthField(serializers.Field):
    """A month as YYYY-MM in a query string, read as the month's first day."""

    default_error_messages = {"invalid": "月份格式应为 YYYY-MM。"}

    def to_internal_value(self, data: Any) -> datetime.date:
        try:
            year, month = str(data).split("-")
            return datetime.date(int(year), int(month), 1)
        except (ValueError, TypeError):
            self.fail("invalid")

    def to_representation(self, value: datetime.date) -> str:
        return value.strftime("%Y-%m")


class ComplianceQuery(serializers.Serializer):
    organization = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    to = MonthField(required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = MonthField(required=False)  # a keyword in Python
        return fields


class ComplianceViewSet(viewsets.ViewSet):
    """组织生活完成情况：按党组织（含下级党支部）和月份范围，列出每项要求的应开、已开与状态。"""

    @extend_schema(parameters=[
        OpenApiParameter("organization", int, description="党组织编号，默认为本人管辖范围的最上级"),
        OpenApiParameter("from", str, description="起始月份 YYYY-MM，默认本年1月"),
        OpenApiParameter("to", str, description="截止月份 YYYY-MM，默认本年12月"),
    ], responses=ComplianceItemSerializer(many=True))
    def list(self, request: Request) -> Response:
        today = timezone.localdate()
        query = ComplianceQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        if params.get("organization"):
            root = fetch_scoped_api(Organization.objects.all(), request.user, pk=params["organization"],
                                    not_found=NOT_FOUND)
        else:
            root = top_of_scope(request.user)
            if root is None:
                return Response([])
        first = params.get("from") or datetime.date(today.year, 1, 1)
        last = params.get("to") or datetime.date(today.year, 12, 1)
        if last < first or (last.year - first.year) * 12 + last.month - first.month > 36:
            raise ValidationError({"to": "月份范围应在 1—36 个月之间。"})
        table = compliance_table(root=root, first=first, last=last, today=today)
        items = [
            {"branch": row.branch.pk, "branch_name": row.branch.name, "meeting_type": i.meeting_type.code,
             "meeting_type_name": i.meeting_type.name, "period": period_label(i.unit, i.period_start),
             "period_start": i.period_start, "period_end": i.period_end, "required": i.required, "held": i.held,
             "state": i.state, "remaining_days": i.remaining_days}
            for row in table.rows for cell in row.cells for i in cell.items
        ]
        return Response(ComplianceItemSerializer(items, many=True).data)


__all__ = ["MeetingViewSet", "ComplianceViewSet", "MeetingType"]
