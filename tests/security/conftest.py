import pytest


@pytest.fixture(scope="session")
def recording(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    from .recording import record

    with django_db_blocker.unblock():
        return record(tmp_path_factory.mktemp("media"))
