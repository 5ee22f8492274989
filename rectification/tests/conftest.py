"""Fixtures of the rectification tests: a year of the test county with a listed village branch."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rectification import services
from rectification.models import ProblemCategory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "签到表.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def year(world):
    return services.year_open(county=world.county, year=datetime.date.today().year, actor=world.county_officer)


@pytest.fixture
def category(db):
    return ProblemCategory.objects.get(code="irregular_meetings", county__isnull=True)


@pytest.fixture
def entry(world, year):
    """柳树村党支部, proposed by 城关镇 and listed by the county."""
    e = services.candidate_propose(year=year, organization=world.branch_a1, reason="组织生活不经常", actor=world.clerk_a)
    services.year_confirm(year=year, listed=[e.pk], actor=world.county_officer)
    e.refresh_from_db()
    return e


@pytest.fixture
def problem(world, entry, category):
    return services.problem_add(entry=entry, category=category, description="全年仅召开 2 次支部党员大会", actor=world.clerk_a)


@pytest.fixture
def measure(world, problem):
    return services.measure_add(problem=problem, description="制定三会一课计划并按月报备", responsible_person="李明",
                                deadline=datetime.date.today() + datetime.timedelta(days=30), actor=world.clerk_a)


def with_evidence(world, measure):
    services.progress_add(measure=measure, on=datetime.date.today(), content="已召开支部党员大会", files=[pdf()],
                          actor=world.secretary_a1)


def close_measure(world, measure):
    """Take a draft measure all the way to closed, as the branch and the township would."""
    services.measure_transition(measure=measure, action="start", actor=world.secretary_a1)
    with_evidence(world, measure)
    services.measure_transition(measure=measure, action="propose_close", actor=world.secretary_a1, public_ack="村民代表会议认可")
    return services.measure_transition(measure=measure, action="close", actor=world.clerk_a)


@pytest.fixture
def builtin_sources_only():
    """Only the sources of this app (carry-over, proposals): the evidence sources fed by other
    apps would name every empty test branch (no meetings, no members)."""
    from rectification import candidates, evidence_sources

    keys = [evidence_sources.ASSESSMENT, evidence_sources.MEETING_GAPS, evidence_sources.SECRETARY_VACANT,
            evidence_sources.NO_DEVELOPMENT]
    for source in keys:
        candidates.unregister(source.key)
    yield
    evidence_sources.register_sources()
