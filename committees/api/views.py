"""API of terms and secretaries, scoped like every other endpoint (ScopedViewSetMixin)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import IdFilter, ScopedViewSetMixin, drf_validation_error, fetch_scoped_api
from members.models import Member
from organizations.models import Organization

from .. import selectors
from ..models import CommitteePost, FirstSecretary, ReserveCadre, SecretaryReview, Term, TermDelay
from ..rules import TermState
from ..services import secretaries as secretary_services
from ..services import terms as services
from .serializers import (
    CommitteePostSerializer,
    DecideInput,
    ElectionInput,
    FirstSecretarySerializer,
    ReserveCadreSerializer,
    SecretaryReviewSerializer,
    TermDelaySerializer,
    TermSerializer,
)


def _writable_org(user: Any, pk: int) -> Organization:
    return fetch_scoped_api(Organization.objects.all(), user, "change", pk=pk,
                            not_found="党组织不存在或不在您的管辖范围内。")


class TermFilter(django_filters.FilterSet):
    organization = IdFilter(label="党组织编号")
    state = django_filters.ChoiceFilter(choices=TermState.choices, label="状态")

    class Meta:
        model = Term
        fields = ["organization", "state"]


class TermViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """届次：列表、详情；POST 登记换届选举（新一届及其班子成员，原班子自动换届）。"""

    serializer_class = TermSerializer
    filterset_class = TermFilter
    base_queryset = Term.objects.all()

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("posts__member").order_by("organization_id", "-elected_on")

    def get_serializer_context(self) -> dict[str, Any]:
        ctx = super().get_serializer_context()
        if self.action in ("list", "retrieve"):
            ctx["statuses"] = dict(selectors.with_term_status(
                Organization.objects.for_user(self.request.user)).filter(term_id__isnull=False)
                .values_list("pk", "term_status"))
        return ctx

    @extend_schema(request=ElectionInput, responses=TermSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = ElectionInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        org = _writable_org(request.user, data.pop("organization"))
        # only members the caller may see: an id from elsewhere gets the same answer as an
        # unknown one, so no message names a person outside the caller's scope
        members = {m.pk: m for m in Member.objects.for_user(request.user).filter(
            pk__in=[p["member"] for p in data["posts"]])}
        missing = [p["member"] for p in data["posts"] if p["member"] not in members]
        if missing:
            raise ValidationError({"posts": [f"党员编号{pk}不存在或不在您的管辖范围内。" for pk in missing]})
        data["posts"] = [services.ElectedPost(member=members[p["member"]], post=p["post"], votes=p.get("votes"))
                         for p in data["posts"]]
        try:
            term = services.term_record_election(organization=org, actor=request.user, **data)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(TermSerializer(term, context={"statuses": {}}).data, status=status.HTTP_201_CREATED)


class CommitteePostViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """班子成员（只读；通过登记换届选举写入）。"""

    serializer_class = CommitteePostSerializer
    base_queryset = CommitteePost.objects.all()
    filterset_fields = ["term", "post"]

    def get_queryset(self) -> Any:
        qs = super().get_queryset().select_related("member", "term")
        if self.request.query_params.get("current") == "1":
            qs = qs.active()
        return qs


class TermDelayViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    """延期换届申请：列表、申请；上级党组织审批（decide）。"""

    serializer_class = TermDelaySerializer
    base_queryset = TermDelay.objects.all()
    filterset_fields = ["term", "state"]

    def perform_create(self, serializer: Any) -> None:
        term = fetch_scoped_api(Term.objects.all(), self.request.user, "change", pk=serializer.validated_data["term"].pk,
                                not_found="届次不存在或不在您的管辖范围内。")
        try:
            serializer.instance = services.delay_request(term=term, until=serializer.validated_data["until"],
                                                         reason=serializer.validated_data["reason"], actor=self.request.user)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc

    @extend_schema(request=DecideInput, responses=TermDelaySerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """上级党组织审批延期换届申请。"""
        delay = self.get_object()
        body = DecideInput(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            delay = services.delay_decide(delay=delay, actor=request.user, **body.validated_data)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(TermDelaySerializer(delay).data)


class SecretaryReviewViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             mixins.CreateModelMixin, viewsets.GenericViewSet):
    """书记述职评议：列表、登记（结果由各档票数汇总得出）。"""

    serializer_class = SecretaryReviewSerializer
    base_queryset = SecretaryReview.objects.all()
    filterset_fields = ["organization", "year", "result"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("member")

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        member = data.pop("member")
        org = _writable_org(self.request.user, member.organization_id)
        try:
            serializer.instance = secretary_services.review_record(organization=org, member=member,
                                                                   actor=self.request.user, **data)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc


class FirstSecretaryViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """第一书记（只读）。"""

    serializer_class = FirstSecretarySerializer
    base_queryset = FirstSecretary.objects.all()
    filterset_fields = ["organization"]


class ReserveCadreViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """后备干部（只读）。"""

    serializer_class = ReserveCadreSerializer
    base_queryset = ReserveCadre.objects.all()
    filterset_fields = ["organization", "state"]
