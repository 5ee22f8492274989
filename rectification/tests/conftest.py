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
    from rectification.candidates import FROM_OTHER_APPS, SOURCES

    for source in FROM_OTHER_APPS:
        SOURCES.unregister(source.key)
    yield
    for source in FROM_OTHER_APPS:
        SOURCES.register(source)


# --- the ledger and year pages' tests (test_views_ledger.py, test_views_lists.py) -----------

OUTSIDERS_OF_A1 = ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"]
OUTSIDERS_OF_COUNTY = ["nobody", "sysadmin", "auditor"]


@pytest.fixture
def objs(world, measure):
    """A ledger of 柳树村 with a problem, a measure in progress with evidence, and a leader."""
    services.measure_transition(measure=measure, action="start", actor=world.clerk_a)
    with_evidence(world, measure)
    leader = services.leader_add(entry=measure.rectification, role="first_secretary", name="赵第一",
                                 start_on=datetime.date.today(), actor=world.clerk_a)
    ev = measure.progress.get().evidence.get()
    return {"entry": measure.rectification_id, "problem": measure.problem_id, "measure": measure.pk,
            "leader": leader.pk, "evidence": ev.pk, "year": measure.rectification.year_id}


# (url name, object key, method); POSTs change state.
LEDGER_READS = [("rectification:entry", "entry"), ("rectification:entry_print", "entry"),
                ("rectification:entry_export", "entry"), ("rectification:evidence", "evidence")]
LEDGER_WRITES = [
    ("rectification:problem_create", "entry", "get"), ("rectification:leader_create", "entry", "get"),
    ("rectification:problem_edit", "problem", "get"), ("rectification:measure_create", "problem", "get"),
    ("rectification:measure_edit", "measure", "get"), ("rectification:progress_create", "measure", "get"),
    ("rectification:leader_edit", "leader", "get"),
]
LEDGER_POSTS = [("rectification:entry_transition", "entry", "propose_acceptance"),
                ("rectification:measure_transition", "measure", "propose_close")]
YEAR_READS = ["rectification:year", "rectification:year_items"]
YEAR_WRITES = [("rectification:year_edit", "get"), ("rectification:year_propose", "get"),
               ("rectification:year_draw", "post"), ("rectification:year_confirm", "post")]
