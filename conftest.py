"""Fixtures shared by every app's tests."""

import pytest
from django.test import Client

from core.testing import World, build_world


def pytest_configure(config) -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings

    # Argon2 costs ~50 ms a hash on purpose; tests log in many personas.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded files of the whole run go to a temporary private root (worker processes inherit it).
    import os
    import tempfile

    os.environ["PRIVATE_MEDIA_ROOT"] = settings.PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="jiceng-private-")

    _let_test_flush_empty_the_audit_trail()


def _let_test_flush_empty_the_audit_trail() -> None:
    """Transactional tests end with a flush (TRUNCATE of every table), which the audit trail's
    no-truncate trigger refuses. Only here, in tests, is the trigger switched off around the
    flush, inside the flush's own transaction."""
    from django.db import transaction
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):  # type: ignore[no-untyped-def]
        with transaction.atomic(using=self.connection.alias):
            with self.connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_no_truncate")
            original(self, sql_list)
            with self.connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_no_truncate")

    DatabaseOperations.execute_sql_flush = execute_sql_flush


@pytest.fixture(autouse=True)
def _fresh_data_version():  # type: ignore[no-untyped-def]
    """Each test's database is new while Redis is shared: start every test on a new data
    version so no cached figure from another test is served."""
    from core import dataversion

    dataversion._incr()  # the global counter is part of every version


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):  # type: ignore[no-untyped-def]
    """Transactional tests (live_server, real workers) run after a flush that emptied the
    tables filled by data migrations; put that reference data back first."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    if transactional:
        request.getfixturevalue("transactional_db")
        from core.testing import restore_reference_data

        restore_reference_data()


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


@pytest.fixture
def client_for():  # type: ignore[no-untyped-def]
    """client_for(user) -> a Django test client logged in as that user (second factor done)."""
    from core.testing import mark_second_factor_done

    def make(user):  # type: ignore[no-untyped-def]
        c = Client()
        c.force_login(user)
        mark_second_factor_done(c, user)
        return c

    return make


def _database_url_of_test_db() -> str:
    """A DATABASE_URL for a worker subprocess that points at the test database, whether the
    server is reached over TCP or (the embedded engine) a unix socket given in OPTIONS."""
    from urllib.parse import quote, urlencode

    from django.conf import settings

    db = settings.DATABASES["default"]
    auth = quote(db.get("USER") or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    options = {k: v for k, v in (db.get("OPTIONS") or {}).items() if isinstance(v, (str, int))}
    query = ("?" + urlencode(options, safe="/")) if options else ""
    return f"postgres://{auth}@{host}{port}/{db['NAME']}{query}"


@pytest.fixture
def celery_worker_queue(transactional_db):  # type: ignore[no-untyped-def]
    """A real Celery worker process on a private queue, using the test database.
    Tasks it enqueues itself go to the same queue. Yields the queue name."""
    import os
    import uuid

    from core.testing import start_celery_worker, stop_process

    queue = f"test-{uuid.uuid4().hex}"
    env = {**os.environ, "DATABASE_URL": _database_url_of_test_db(), "CELERY_QUEUE": queue,
           "DATABASE_CONN_MAX_AGE": "0"}
    worker = start_celery_worker(queue, env)
    try:
        yield queue
    finally:
        stop_process(worker)


# --- Browser tests: Playwright driving Debian's Chromium (playwright install cannot download here) ---
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """One headless Chromium per session. Playwright's sync API runs an event loop in the test
    thread while tests use the ORM with live_server, so Django's async-safety check is off."""
    import os

    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A desktop page in a fresh context (zh-CN)."""
    context = browser.new_context(locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser):  # type: ignore[no-untyped-def]
    """A phone-sized page (390×844, touch) in a fresh context."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()
