"""The browser fixtures work and live_server serves the vendored assets."""

import pytest

pytestmark = pytest.mark.browser

VENDORED = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/echarts/echarts.min.js",
    "vendor/tom-select/tom-select.bootstrap5.min.css",
    "vendor/tom-select/tom-select.complete.min.js",
]


def test_browser_opens_vendored_htmx(live_server, page):
    response = page.goto(f"{live_server.url}/static/vendor/htmx/htmx.min.js")
    assert response is not None and response.status == 200


def test_live_server_serves_every_vendored_asset(live_server, page):
    for path in VENDORED:
        response = page.request.get(f"{live_server.url}/static/{path}")
        assert response.status == 200, path
