"""Read-only, scoped API of assessments under /api/v1/assessments/… ."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import ScopedViewSetMixin, YearFilter

from .. import services
from ..choices import Grade, GradingStatus, ReviewResult, Step
from ..models import Grading, MemberReviewRound, Review, ScoreSheet
from ..views.democratic import _with_counts
from .serializers import GradingSerializer, ReviewSerializer, RoundSerializer, SheetSerializer


class GradingFilter(django_filters.FilterSet):
    grade = django_filters.ChoiceFilter(choices=Grade.choices, label="定级")
    status = django_filters.ChoiceFilter(choices=GradingStatus.choices, label="状态")

    class Meta:
        model = Grading
        fields = ["year", "grade", "status", "organization"]


class GradingViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """分类定级：按年度、等次、状态筛选；县委组织部可确认。"""

    serializer_class = GradingSerializer
    filterset_class = GradingFilter
    base_queryset = Grading.objects.select_related("organization").order_by("-year", "organization__path")

    @extend_schema(request=None, responses=GradingSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """县委组织部确认乡镇提出的定级。"""
        grading = self.get_object()
        try:
            grading = services.grading_confirm(grading=grading, actor=request.user)
        except DjangoValidationError as exc:
            raise ValidationError({"detail": exc.messages}) from exc
        return Response(GradingSerializer(grading).data)


class SheetViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """达标创优评分表（各版本）。"""

    serializer_class = SheetSerializer
    filterset_fields = ["year", "field", "status"]
    base_queryset = ScoreSheet.objects.all()


class ReviewFilter(django_filters.FilterSet):
    year = YearFilter(field_name="sheet__year", label="年度")
    step = django_filters.ChoiceFilter(choices=Step.choices, label="环节")
    result = django_filters.ChoiceFilter(choices=ReviewResult.choices, label="结果")

    class Meta:
        model = Review
        fields = ["year", "step", "result", "organization", "sheet"]


class ReviewViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """达标创优考评：各环节得分、综合得分和结果。"""

    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    base_queryset = Review.objects.select_related("organization", "sheet").order_by("organization__path")


class RoundViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """民主评议党员：按支部汇总各等次人数（不提供个人排名）。"""

    serializer_class = RoundSerializer
    filterset_fields = ["year", "mode", "status", "organization"]
    base_queryset = _with_counts(MemberReviewRound.objects.select_related("organization")).order_by("organization__path")
