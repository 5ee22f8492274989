"""The URL × persona matrix (tests/security/matrix.py) against what every URL answers.

Every URL pattern of the project, enumerated from the URL resolver, is requested as every
persona with real ids from the seeded world (tests/security/recording.py). A URL pattern
without a row in the matrix fails, and so does a row whose URL no longer exists."""

from __future__ import annotations

import pytest

from .matrix import HOLES, MATRIX, OPEN, PERSONAS, PROFILES, expected, profile
from .routes import orphan_format_variants, routes


def matches(wanted: str, outcome) -> bool:  # type: ignore[no-untyped-def]
    status = outcome.status
    if wanted == "C":
        return status == 200 and not outcome.own_scope_seen
    if wanted == "L":
        return status == "login"
    if wanted == "R":
        return status == "redirect"
    if wanted == "D":
        return status in (401, 403, 404, "login")
    return status == int(wanted)


def _cells() -> list:  # type: ignore[type-arg]
    cells = []
    for key in MATRIX:
        for method in ("get", "post"):
            for persona in PERSONAS:
                wanted = expected(key, persona, method)
                if wanted in (None, "ok"):
                    continue
                hole = HOLES.get((key, persona, method))
                marks = [pytest.mark.xfail(strict=hole[0] == OPEN, reason=hole[1])] if hole else []
                cells.append(pytest.param(key, persona, method, wanted, marks=marks, id=f"{key}-{persona}-{method}"))
    return cells


def test_every_url_has_a_row() -> None:
    missing = sorted(r.key for r in routes() if r.key not in MATRIX)
    assert not missing, f"URL patterns with no row in tests/security/matrix.py (add one): {missing}"


def test_every_row_is_a_url() -> None:
    stale = sorted(set(MATRIX) - {r.key for r in routes()})
    assert not stale, f"rows of tests/security/matrix.py for URLs that no longer exist: {stale}"


def test_profiles_name_every_persona() -> None:
    for name in PROFILES:
        assert len(profile(name)) == len(PERSONAS)
    for key, (get, post) in MATRIX.items():
        assert get in PROFILES and (post is None or post in PROFILES), key
    for key, persona, method in HOLES:
        assert expected(key, persona, method) not in (None, "ok"), (key, persona, method)


def test_format_suffix_variants_have_their_base_url() -> None:
    """`/api/v1/members.json` is the same view as `/api/v1/members/`: tested through it."""
    assert orphan_format_variants() == []


@pytest.mark.parametrize(("key", "persona", "method", "wanted"), _cells())
def test_url_answers_persona_as_the_matrix_says(recording, key, persona, method, wanted) -> None:  # type: ignore[no-untyped-def]
    outcome = recording.outcomes.get((key, persona, method))
    assert outcome is not None, f"{key} was not requested (no such URL pattern?)"
    assert matches(wanted, outcome), (
        f"{method.upper()} {outcome.url} as {persona}: expected {wanted}, got {outcome.status}"
        + (f" naming town_a's {outcome.own_scope_seen}" if outcome.own_scope_seen and wanted == "C" else ""))
