"""Bad input never gives a 500: schemathesis generates requests from our own OpenAPI schema
(bounded examples, fixed seed) and sends them over HTTP to a live server as a county officer.

Every operation of the schema is exercised; operations on one object run half of their
examples against a real object of the seeded world (so bodies reach validation, not only 404).
"""

from __future__ import annotations

import datetime
import random

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.testing import build_world

from .world import api_headers, seeded_objects

EXAMPLES = 12  # per operation; ~70 operations
SEED = 20261202


def _schema() -> schemathesis.BaseSchema:
    generator = SchemaGenerator()
    document = generator.get_schema(request=None, public=True)
    # JSON round trip: the generator leaves lazy strings and tuples in the document
    import json

    from rest_framework.utils.encoders import JSONEncoder

    return schemathesis.openapi.from_dict(json.loads(json.dumps(document, cls=JSONEncoder)))


def _strategy(operation):  # type: ignore[no-untyped-def]
    """Valid and invalid requests alike: wrong types, missing fields, out-of-range values."""
    strategies = [operation.as_strategy(schemathesis.GenerationMode.POSITIVE)]
    try:
        strategies.append(operation.as_strategy(schemathesis.GenerationMode.NEGATIVE))
    except Exception:  # an operation with nothing to make invalid
        pass
    return st.one_of(*strategies)


def _operations(schema: schemathesis.BaseSchema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.django_db(transaction=True)
def test_no_server_error_on_any_operation(live_server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from rest_framework.throttling import UserRateThrottle

    # the per-user API rate (600/min) would answer 429 to most of the run; the throttle has its own tests
    monkeypatch.setattr(UserRateThrottle, "allow_request", lambda self, request, view: True)
    world = build_world()
    objects = seeded_objects(world)
    headers = api_headers(world.county_officer)
    schema = _schema()
    failures: list[str] = []
    rng = random.Random(SEED)
    for operation in _operations(schema):
        real_ids = objects.for_path(operation.path)

        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=_strategy(operation), use_real=st.booleans())
        def run(case, use_real: bool) -> None:  # type: ignore[no-untyped-def]
            if use_real and real_ids and case.path_parameters:
                case.path_parameters = {**case.path_parameters, **rng.choice(real_ids)}
            response = case.call(base_url=live_server.url, headers=headers)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}"
                                f" -> {response.status_code}")

        run()
    assert not failures, "server errors:\n" + "\n".join(failures[:40])


@pytest.mark.django_db
def test_schema_covers_every_api_operation() -> None:
    """The fuzz run is only as wide as the schema: the API has ~70 operations, every one listed."""
    operations = _operations(_schema())
    assert len(operations) >= 60
    paths = {op.path for op in operations}
    assert "/api/v1/members/{id}/" in paths and "/api/v1/compliance/" in paths


@pytest.mark.django_db
def test_probed_bad_parameters_answer_400(client_for, world) -> None:  # type: ignore[no-untyped-def]
    """The two 500s found by probing: answered as bad requests with a Chinese message."""
    client = client_for(world.county_officer)
    for url in ("/api/v1/compliance/?organization=null", "/api/v1/compliance/?from=2026-13",
                "/api/v1/dues/payments/?year=0.0", "/api/v1/dues/payments/?year=abc"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.json(), url
    today = datetime.date.today()
    assert client.get(f"/api/v1/compliance/?from={today.year}-01&to={today.year}-02").status_code == 200
