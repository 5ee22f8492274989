"""Fixtures shared by every app's tests."""

import pytest
from django.test import Client

from core.testing import World, build_world


def pytest_configure(config) -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings

    # Argon2 costs ~50 ms a hash on purpose; tests log in many personas.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


@pytest.fixture
def client_for():  # type: ignore[no-untyped-def]
    """client_for(user) -> a Django test client logged in as that user."""

    def make(user):  # type: ignore[no-untyped-def]
        c = Client()
        c.force_login(user)
        return c

    return make
