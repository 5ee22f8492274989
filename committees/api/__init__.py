from __future__ import annotations

from typing import Any


def register_api(router: Any) -> None:
    """Register the committees endpoints on the project's router (config/urls.py)."""
    from .views import (
        CommitteePostViewSet,
        FirstSecretaryViewSet,
        ReserveCadreViewSet,
        SecretaryReviewViewSet,
        TermDelayViewSet,
        TermViewSet,
    )

    router.register("terms", TermViewSet, basename="term")
    router.register("committee-posts", CommitteePostViewSet, basename="committee-post")
    router.register("term-delays", TermDelayViewSet, basename="term-delay")
    router.register("secretary-reviews", SecretaryReviewViewSet, basename="secretary-review")
    router.register("first-secretaries", FirstSecretaryViewSet, basename="first-secretary")
    router.register("reserve-cadres", ReserveCadreViewSet, basename="reserve-cadre")
