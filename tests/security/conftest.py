"""The session's one recording of every URL as every persona (see recording.py)."""

import pytest


@pytest.hookimpl(trylast=True)  # after -k / -m deselected: the marked one is among those that run
def pytest_collection_modifyitems(items) -> None:  # type: ignore[no-untyped-def]
    """The thousands of cell tests only read the recording: one of them carries the django_db
    mark, so that the test database is set up whenever any of them runs, and the others are
    spared a transaction each."""
    ours = [item for item in items if "tests/security/" in item.nodeid.replace("\\", "/")]
    if ours and not any(item.get_closest_marker("django_db") for item in ours):
        ours[0].add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def recording(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    from django.db import connection

    from .recording import record

    assert connection.settings_dict["NAME"].startswith("test_"), "the test database is not set up"
    with django_db_blocker.unblock():
        return record(tmp_path_factory.mktemp("media"))
