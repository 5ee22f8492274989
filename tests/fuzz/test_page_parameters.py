"""Bad query strings on pages never give a 500: every page URL of the site (enumerated from the
URL resolver, ids of real objects) is requested with each filter parameter the pages read set to
malformed values; the answer is a page (with a message), a 400 or a 404 — never a server error."""

from __future__ import annotations

import inspect
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from core.testing import mark_second_factor_done

from .world import seeded_objects

# Parameters every list page reads; the others are found in each view module's source.
COMMON = ["page", "export"]
READS = re.compile(r"""(?:GET|params)(?:\.get)?[(\[]["'](\w+)["']""")
# Not a number, a NUL (PostgreSQL refuses it in text), out of range both ways, a full-width digit.
BAD_VALUES = ["abc", "\x00", "-1", "99999999999999999999", "１２"]


def _params_read_by(callback) -> list[str]:  # type: ignore[no-untyped-def]
    """The query parameters the view's module reads from request.GET by hand."""
    view_class = getattr(callback, "view_class", None)
    module = inspect.getmodule(view_class or callback)
    try:
        source = inspect.getsource(module)
    except (TypeError, OSError):
        return COMMON
    found = set(READS.findall(source)) | set(COMMON)
    # a ScopedListView's filter form, and the parameters a view declares it reads elsewhere
    form_class = getattr(view_class, "filter_form_class", None)
    if form_class is not None:
        found |= set(form_class.base_fields)
    found |= set(getattr(module, "QUERY_PARAMS", ()))
    return sorted(found)


def _page_routes() -> list[tuple[str, list[str]]]:
    """(route with <kwarg> placeholders, parameters read) for every non-API, non-admin page."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                found.append((route, _params_read_by(p.callback)))

    walk(get_resolver().url_patterns, "/")
    return [(r, k) for r, k in found
            if not r.startswith(("/api/", "/sysadmin/", "/accounts/logout")) and "(?P" not in r and "^" not in r]


def _fill(route: str, ids: list[int]) -> list[str]:
    """The route with every <…> placeholder given each id (real objects of several models)."""
    if "<" not in route:
        return [route]
    urls = []
    for pk in ids:
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "2026" if "year" in m.group(1) else str(pk), route)
        urls.append(url)
    return urls


@pytest.mark.django_db
def test_no_page_answers_500_to_bad_query_strings(world) -> None:  # type: ignore[no-untyped-def]
    seeded_objects(world)
    client = Client(raise_request_exception=False)
    from members.models import Member

    ids = sorted({world.branch_a1.pk, Member.objects.filter(organization=world.branch_a1).first().pk})
    failures: list[str] = []
    for user in (world.county_officer,):
        client.force_login(user)
        mark_second_factor_done(client, user)
        for route, params in _page_routes():
            for url in _fill(route, ids):
                for name in params:
                    for value in BAD_VALUES:
                        response = client.get(url, {name: value})
                        if response.status_code >= 500:
                            failures.append(f"{user.username} GET {url}?{name}={value!r} -> {response.status_code}")
    assert not failures, "server errors:\n" + "\n".join(failures[:60])


@pytest.mark.django_db
def test_malformed_filters_answer_400_with_a_message(client_for, world) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.county_officer)
    for url in ("/organizations/list/?ancestor=abc", "/development/?org=1.5", "/dues/?year=-1",
                "/committees/training/?year=99999999999999999999", "/reminders/?q=a%00b"):
        response = client.get(url)
        assert response.status_code == 400, url
    assert "年份" in client.get("/dues/?year=3000").content.decode()
    assert client.get("/dues/?year=2026").status_code == 200
    assert client.get(f"/meetings/?org={world.town_b.pk}").status_code == 200
    assert client.get("/meetings/?org=abc").status_code == 400  # malformed, as on every list (ScopedListView.scoped_param)
    assert client.get("/meetings/?org=99999").status_code == 404  # no such organization in the scope
