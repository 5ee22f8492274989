"""Every page goes through the scoped base (core.views): each page view is marked as scoped by
object, list or page, or as showing no organization's data. The API is scoped by its own base
(`core.api.ScopedViewSetMixin`, checked in tests/security)."""

from __future__ import annotations

from typing import Any, Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from core.views import SCOPING_ATTR

SKIPPED_PREFIXES = ("admin/", "api/", "static/", "media/")


def page_views() -> Iterator[tuple[str, str, Any]]:
    def walk(resolver: URLResolver, prefix: str, ns: str) -> Iterator[tuple[str, str, Any]]:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                yield from walk(p, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if not route.lstrip("^").startswith(SKIPPED_PREFIXES) and not ns.startswith("admin:"):
                    yield route, f"{ns}{p.name}", p.callback
    yield from walk(get_resolver(), "", "")


def scoping_of(callback: Any) -> str | None:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return getattr(view_class, SCOPING_ATTR, None)
    return getattr(callback, SCOPING_ATTR, None)


def test_every_page_view_is_marked() -> None:
    missing = sorted(name for _route, name, cb in page_views() if scoping_of(cb) is None)
    assert not missing, f"page views outside the scoped base (core.views): {missing}"


def test_unscoped_pages_say_why() -> None:
    for _route, name, cb in page_views():
        if scoping_of(cb) == "none":
            target = getattr(cb, "view_class", cb)
            assert getattr(target, "unscoped_reason", "").strip(), name
