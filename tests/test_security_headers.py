"""Security headers on every response: Content-Security-Policy (django-csp), Referrer-Policy,
Permissions-Policy, X-Content-Type-Options, X-Frame-Options; and no template carries inline
code the policy would block (the browser test, tests/browser/test_csp.py, loads the pages)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("who", ["anonymous", "county_officer"])
def test_headers_on_pages(world, client, client_for, who):
    c = client if who == "anonymous" else client_for(world.county_officer)
    response = c.get(reverse("accounts:login") if who == "anonymous" else reverse("home:home"))
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert not any("unsafe" in v for values in csp.values() for v in values)
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_headers_on_api_and_docs(world, client_for):
    c = client_for(world.county_officer)
    for url in (reverse("swagger-ui"), "/api/v1/"):
        response = c.get(url)
        assert response.status_code == 200, url
        assert "object-src 'none'" in response["Content-Security-Policy"], url
        assert response["X-Content-Type-Options"] == "nosniff"


def test_swagger_ui_has_no_inline_script(world, client_for):
    c = client_for(world.county_officer)
    page = c.get(reverse("swagger-ui")).content.decode()
    assert "<style" not in page
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts and all("src=" in attrs for attrs in scripts)
    init = c.get(reverse("swagger-ui") + "?script=")
    assert init.status_code == 200 and "SwaggerUIBundle" in init.content.decode()


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "inline event handler"),
    (re.compile(r"\shx-on[:-]", re.I), "hx-on handler (eval)"),
    (re.compile(r"href=[\"']javascript:", re.I), "javascript: URL"),
]


def project_templates() -> list[Path]:
    roots = [settings.BASE_DIR / "templates"] + [settings.BASE_DIR / app / "templates" for app in settings.INSTALLED_APPS
                                                 if (settings.BASE_DIR / app / "templates").is_dir()]
    return sorted(p for root in roots for p in root.rglob("*.html"))


def test_no_template_has_inline_code():
    templates = project_templates()
    assert len(templates) > 50
    found = [f"{path.relative_to(settings.BASE_DIR)}:{text[:m.start()].count(chr(10)) + 1}: {what}"
             for path in templates for text in [path.read_text()] for pattern, what in INLINE
             for m in pattern.finditer(text)]
    assert not found, "\n".join(found)
