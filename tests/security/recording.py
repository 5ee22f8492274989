"""One pass over every route as every persona, recorded once for the session.

The seeded world is built inside a transaction; every request of the pass runs in it and
the transaction is rolled back at the end, so the pass leaves nothing behind and no
transaction stays open while other tests run. The URL matrix test and the personal-data
scanner then assert on the recorded outcomes (status, redirect, personal values found)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from unittest import mock
from urllib.parse import urljoin

from django.db import transaction
from django.test import Client, override_settings

from core.testing import mark_second_factor_done

from .matrix import MATRIX, PERSONAS, POST_DATA, expected
from .routes import Route, routes, url_for
from .world import build_security_world

LOGIN_PATHS = ("/accounts/login/", "/sysadmin/login/")
# routes that end the session they are called with: each call gets a session of its own
SESSION_ENDING = {"accounts:logout", "admin:logout"}
EXPORT_LINK = re.compile(r'href="([^"]*export=[^"]*)"')


@dataclass
class Outcome:
    status: int | str  # the status code, or "login" / "redirect" for a 302, or "error: …"
    url: str
    pii: list[str] = field(default_factory=list)  # personal values found in the response
    own_scope_seen: list[str] = field(default_factory=list)  # names of town_a's records in the body


@dataclass
class Recording:
    world: SimpleNamespace
    outcomes: dict[tuple[str, str, str], Outcome]  # (route key, persona, "get"/"post")
    downloads: dict[tuple[str, str], list[Outcome]]  # (route key, persona): exports, ?format=api, panels
    positives: dict[str, Outcome]  # responses that must contain personal values (scanner self-check)
    revealable: dict[str, set[str]]  # per persona: the values it may see in full (members it keeps)


def personal_values() -> dict[str, str]:
    """Every stored member's and applicant's full ID number and phone (decrypted)."""
    from development.models import Applicant
    from members.models import Member

    found: dict[str, str] = {}
    for m in Member.objects.all():
        found[m.id_number.upper()] = f"member {m.pk} id_number"
        if m.phone:
            found[m.phone] = f"member {m.pk} phone"
    for a in Applicant.objects.all():
        found[a.id_number.upper()] = f"applicant {a.pk} id_number"
    return found


def _texts(response: Any) -> list[str]:
    """The body (and, for an .xlsx/.zip download, every file inside it) and the headers."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    texts = [content.decode("utf-8", "ignore")]
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            texts += [z.read(n).decode("utf-8", "ignore") for n in z.namelist()]
    texts += [f"{k}: {v}" for k, v in response.headers.items()]
    return texts


class Recorder:
    def __init__(self, w: SimpleNamespace) -> None:
        self.w = w
        self.values = personal_values()
        self.sentinels = [w.world.branch_a1.name, w.applicant.name, *(m.name for m in w.rolls["a1"])]
        self.sessions: dict[str, dict] = {}
        for persona in PERSONAS:
            client = Client()
            if persona != "anonymous":
                client.force_login(getattr(w.world, persona))
                mark_second_factor_done(client, getattr(w.world, persona))
            self.sessions[persona] = client.cookies

    def revealable(self, persona: str) -> set[str]:
        """Labels of the values this persona may see in full: members in its change scope."""
        from members.models import Member

        if persona == "anonymous":
            return set()
        pks = Member.objects.for_user(getattr(self.w.world, persona), "change").values_list("pk", flat=True)
        return {f"member {pk} {f}" for pk in pks for f in ("id_number", "phone")}

    def client(self, persona: str, route_key: str = "") -> Client:
        client = Client(raise_request_exception=True)
        if route_key in SESSION_ENDING and persona != "anonymous":
            client.force_login(getattr(self.w.world, persona))
            mark_second_factor_done(client, getattr(self.w.world, persona))
        else:
            client.cookies = self.sessions[persona]
        return client

    def request(self, persona: str, method: str, url: str, route_key: str = "", data: dict | None = None,
                api: bool = False) -> tuple[Outcome, Any]:
        client = self.client(persona, route_key)
        try:
            if method == "get":
                response = client.get(url)
            elif api:
                response = client.post(url, data or {}, content_type="application/json")
            else:
                response = client.post(url, data or {})
        except Exception as exc:  # noqa: BLE001  (a server error is an outcome the matrix reports)
            return Outcome(status=f"error: {exc!r}"[:300], url=url), None
        status: int | str = response.status_code
        if status in (301, 302, 303):
            status = "login" if response["Location"].startswith(LOGIN_PATHS) else "redirect"
        outcome = Outcome(status=status, url=url)
        if response.status_code == 200 or method == "post":
            texts = _texts(response)
            joined = "\n".join(texts).upper()
            outcome.pii = sorted({label for value, label in self.values.items() if value in joined})
            outcome.own_scope_seen = sorted({s for s in self.sentinels if s in texts[0]})
            outcome.texts = texts  # type: ignore[attr-defined]
        return outcome, response

    def downloads(self, route: Route, persona: str, url: str, first: Outcome) -> list[Outcome]:
        """What a 200 page offers to download (its export links), the API's browsable HTML
        form (?format=api), and every dashboard panel: each scanned like the page."""
        extra: list[str] = []
        body = getattr(first, "texts", [""])[0]
        if not route.api:
            extra += sorted({urljoin(url, link.replace("&amp;", "&")) for link in EXPORT_LINK.findall(body)})
        # the browsable API of every detail endpoint (its forms pre-fill the record), and of the
        # lists as one insider and two outsiders (its forms' select boxes)
        if route.api and route.key not in ("schema", "swagger-ui", "api-root", "api-token") and (
                not route.key.endswith("-list") or persona in ("clerk_a", "clerk_b", "nobody")):
            extra.append(url + "?format=api")
        if route.key == "members:roll":
            extra.append(url + "?export=xlsx&full=1")  # asked for even when the page does not offer it
        if route.key == "dashboards:overview":
            extra.append(url + "?export=all")
        if route.key in ("dashboards:panel", "dashboards:chart"):
            from dashboards.panels import all_panels

            extra += [url.replace(f"/{self.w.panel_key}/", f"/{k}/").replace(f"/{self.w.chart_key}/", f"/{k}/")
                      for k in (p.key for p in all_panels())]
        outcomes = []
        for target in dict.fromkeys(extra):
            outcome, _ = self.request(persona, "get", target)
            outcomes.append(outcome)
        return outcomes


def _cached_schema() -> Any:
    """The OpenAPI schema is the same for every user (drf-spectacular serves it public), and
    takes over a second to build: build it once for the pass."""
    from drf_spectacular.generators import SchemaGenerator

    original = SchemaGenerator.get_schema
    cache: dict[bool, Any] = {}

    def get_schema(self: Any, request: Any = None, public: bool = False) -> Any:
        if public not in cache:
            cache[public] = original(self, request=request, public=public)
        return cache[public]

    return mock.patch.object(SchemaGenerator, "get_schema", get_schema)


def _no_throttles() -> Any:
    """~8,000 requests from one address in a minute: the rate limits (tested on their own in
    accounts/tests) would answer 429 to most of them, whatever the persona may do."""
    from rest_framework.throttling import SimpleRateThrottle

    return mock.patch.object(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


def record(tmp_media: Any) -> Recording:
    from core.testing import restore_reference_data

    outcomes: dict[tuple[str, str, str], Outcome] = {}
    downloads: dict[tuple[str, str], list[Outcome]] = {}
    positives: dict[str, Outcome] = {}
    with override_settings(MEDIA_ROOT=tmp_media), _cached_schema(), _no_throttles(), transaction.atomic():
        restore_reference_data()  # after a transactional test's flush
        w = build_security_world()
        rec = Recorder(w)
        for route in routes():
            url = url_for(route, w) + ("?format=json" if route.key == "schema" else "")  # YAML takes seconds
            for persona in PERSONAS:
                first, _ = rec.request(persona, "get", url, route.key)
                outcomes[(route.key, persona, "get")] = first
                if first.status == 200:
                    downloads[(route.key, persona)] = rec.downloads(route, persona, url, first)
                if route.key in MATRIX and expected(route.key, persona, "post") not in (None, "ok"):
                    data = POST_DATA[route.key](w) if route.key in POST_DATA else None
                    post, _ = rec.request(persona, "post", url, route.key, data, route.api)
                    outcomes[(route.key, persona, "post")] = post
        # self-check of the scanner: the audited reveal and the full export do carry the values
        from django.urls import reverse

        positives["reveal"], _ = rec.request("clerk_a", "post", reverse("members:reveal", args=[w.member.pk, "id_number"]))
        positives["export_full"], _ = rec.request("clerk_a", "get", reverse("members:roll") + "?export=xlsx&full=1")
        revealable = {p: rec.revealable(p) for p in PERSONAS}
        for o in [*outcomes.values(), *positives.values(), *(d for ds in downloads.values() for d in ds)]:
            o.__dict__.pop("texts", None)
        transaction.set_rollback(True)
    return Recording(world=w, outcomes=outcomes, downloads=downloads, positives=positives, revealable=revealable)
