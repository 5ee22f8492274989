import datetime
from io import BytesIO

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditAction, AuditEvent
from rectification.models import Measure
from rectification.rules import MeasureStatus, RectStatus

from .conftest import (
    LEDGER_POSTS,
    LEDGER_READS,
    LEDGER_WRITES,
    OUTSIDERS_OF_A1,
    YEAR_WRITES,
    close_measure,
    pdf,
)


@pytest.mark.parametrize("persona", OUTSIDERS_OF_A1)
def test_outsiders_get_404_on_every_ledger_page(world, client_for, objs, persona):
    c = client_for(getattr(world, persona))
    for name, key in LEDGER_READS:
        assert c.get(reverse(name, args=[objs[key]])).status_code == 404, name
    for name, key, _ in LEDGER_WRITES:
        assert c.get(reverse(name, args=[objs[key]])).status_code == 404, name
        assert c.post(reverse(name, args=[objs[key]]), {}).status_code == 404, name
    for name, key, action in LEDGER_POSTS:
        assert c.post(reverse(name, args=[objs[key], action])).status_code == 404, name
    assert Measure.objects.get(pk=objs["measure"]).status == MeasureStatus.IN_PROGRESS


def test_viewer_reads_ledger_but_gets_403_on_writes(world, client_for, objs):
    c = client_for(world.viewer_a)
    for name, key in LEDGER_READS:
        assert c.get(reverse(name, args=[objs[key]])).status_code == 200, name
    for name, key, _ in LEDGER_WRITES:
        assert c.get(reverse(name, args=[objs[key]])).status_code == 403, name
        assert c.post(reverse(name, args=[objs[key]]), {}).status_code == 403, name
    for name, key, action in LEDGER_POSTS:
        assert c.post(reverse(name, args=[objs[key], action])).status_code == 403, name
    for name, method in YEAR_WRITES:
        assert getattr(c, method)(reverse(name, args=[objs["year"]])).status_code == 403, name


@pytest.mark.parametrize("persona", ["county_officer", "clerk_a", "secretary_a1", "viewer_a"])
def test_readers_see_the_ledger(world, client_for, objs, persona):
    body = client_for(getattr(world, persona)).get(reverse("rectification:entry", args=[objs["entry"]])).content.decode()
    assert "柳树村党支部" in body and "制定三会一课计划并按月报备" in body and "签到表.pdf" in body


def test_secretary_close_is_403_and_changes_nothing(world, client_for, objs):
    c = client_for(world.secretary_a1)
    c.post(reverse("rectification:measure_transition", args=[objs["measure"], "propose_close"]), {"public_ack": "认可"})
    assert Measure.objects.get(pk=objs["measure"]).status == MeasureStatus.PROPOSED_CLOSED
    assert c.post(reverse("rectification:measure_transition", args=[objs["measure"], "close"])).status_code == 403
    assert Measure.objects.get(pk=objs["measure"]).status == MeasureStatus.PROPOSED_CLOSED


def test_clerk_closes_with_evidence_county_accepts_and_figures_change(world, client_for, year, problem):
    clerk, county = client_for(world.clerk_a), client_for(world.county_officer)
    entry = problem.rectification
    clerk.post(reverse("rectification:measure_create", args=[problem.pk]),
               {"description": "换届选举配强班子", "responsible_person": "李明", "deadline": "2000-01-01"})
    m = Measure.objects.get(description="换届选举配强班子")
    year_url = reverse("rectification:year", args=[year.pk])
    assert "text-danger fw-bold\">1<" in county.get(year_url).content.decode()  # one overdue item
    clerk.post(reverse("rectification:measure_transition", args=[m.pk, "start"]))
    response = clerk.post(reverse("rectification:progress_create", args=[m.pk]),
                          {"on": datetime.date.today().isoformat(), "content": "已完成补选", "files": [pdf("选举报告.pdf")]})
    assert response.status_code == 302
    clerk.post(reverse("rectification:measure_transition", args=[m.pk, "propose_close"]), {"public_ack": "党员群众认可"})
    clerk.post(reverse("rectification:measure_transition", args=[m.pk, "close"]))
    assert Measure.objects.get(pk=m.pk).status == MeasureStatus.CLOSED
    clerk.post(reverse("rectification:entry_transition", args=[entry.pk, "propose_acceptance"]))
    county.post(reverse("rectification:entry_transition", args=[entry.pk, "accept"]))
    entry.refresh_from_db()
    assert entry.status == RectStatus.ACCEPTED and entry.recheck_due
    progress = {r["unit"]: r for r in client_for(world.county_officer).get(year_url).context["progress"]}
    row = progress[world.town_a.path]
    assert (row["accepted"], row["open"], row["closed"], row["overdue"]) == (1, 0, 1, 0)


def test_transition_errors_are_shown_in_chinese(world, client_for, entry):
    response = client_for(world.clerk_a).post(
        reverse("rectification:entry_transition", args=[entry.pk, "propose_acceptance"]), follow=True)
    assert "还没有整改措施，不能申请验收" in response.content.decode()


def test_closed_measure_edit_page_refuses(world, client_for, measure):
    close_measure(world, measure)
    response = client_for(world.clerk_a).get(reverse("rectification:measure_edit", args=[measure.pk]), follow=True)
    assert "已销号的整改措施不能修改" in response.content.decode()


def test_ledger_export_is_audited_and_print_has_layout(world, client_for, objs):
    c = client_for(world.clerk_a)
    response = c.get(reverse("rectification:entry_export", args=[objs["entry"]]))
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("党组织", "问题类别", "问题", "整改措施") and rows[1][0] == "柳树村党支部"
    assert "签到表.pdf" in rows[1][-1]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=world.clerk_a).exists()
    body = c.get(reverse("rectification:entry_print", args=[objs["entry"]])).content.decode()
    assert "整顿台账" in body and "赵第一" in body
    # the print layout is a static stylesheet (Content-Security-Policy: no inline <style>)
    assert "css/rectification-print.css" in body
    css = (settings.BASE_DIR / "static" / "css" / "rectification-print.css").read_text()
    assert "@media print" in css and "A4 landscape" in css


def test_evidence_download_serves_the_file(world, client_for, objs):
    response = client_for(world.secretary_a1).get(reverse("rectification:evidence", args=[objs["evidence"]]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_ledger_page_query_count_is_constant(world, client_for, objs, django_assert_max_num_queries):
    c = client_for(world.clerk_a)
    with django_assert_max_num_queries(22):
        assert c.get(reverse("rectification:entry", args=[objs["entry"]])).status_code == 200
