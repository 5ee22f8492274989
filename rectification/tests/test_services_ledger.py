import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from rectification import services
from rectification.models import Measure
from rectification.rules import MeasureStatus

from .conftest import close_measure, pdf, with_evidence


def _audits(obj):
    return AuditEvent.objects.filter(content_type__model=obj._meta.model_name, object_id=str(obj.pk))


def test_full_path_draft_to_closed_is_audited_step_by_step(world, measure):
    closed = close_measure(world, measure)
    assert closed.status == MeasureStatus.CLOSED
    assert closed.closed_on == datetime.date.today() and closed.closed_by == world.clerk_a
    steps = [e.extra.get("transition") for e in _audits(measure).order_by("id")]
    assert steps == [None, "start", "propose_close", "close"]  # None: the creation
    close_event = _audits(measure).get(extra__transition="close")
    assert close_event.actor == world.clerk_a
    assert close_event.changes["status"] == ["proposed_closed", "closed"]
    assert close_event.org_path == world.branch_a1.path


@pytest.mark.parametrize("persona", ["secretary_a1", "clerk_a", "county_officer"])
def test_branch_and_township_may_start_and_propose(world, measure, persona):
    user = getattr(world, persona)
    services.measure_transition(measure=measure, action="start", actor=user)
    with_evidence(world, measure)
    m = services.measure_transition(measure=measure, action="propose_close", actor=user, public_ack="群众认可")
    assert m.status == MeasureStatus.PROPOSED_CLOSED


def test_secretary_cannot_close_own_item(world, measure):
    services.measure_transition(measure=measure, action="start", actor=world.secretary_a1)
    with_evidence(world, measure)
    services.measure_transition(measure=measure, action="propose_close", actor=world.secretary_a1, public_ack="认可")
    with pytest.raises(PermissionDenied, match="只有乡镇党委可以对整改措施销号"):
        services.measure_transition(measure=measure, action="close", actor=world.secretary_a1)
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.PROPOSED_CLOSED


@pytest.mark.parametrize("persona", ["clerk_b", "secretary_b1", "viewer_a", "nobody", "sysadmin", "auditor"])
def test_others_cannot_move_items(world, measure, persona):
    with pytest.raises(PermissionDenied):
        services.measure_transition(measure=measure, action="start", actor=getattr(world, persona))


def test_viewer_cannot_propose_even_in_scope(world, measure):
    services.measure_transition(measure=measure, action="start", actor=world.clerk_a)
    with pytest.raises(PermissionDenied, match="只有乡镇党委或党支部可以"):
        services.measure_transition(measure=measure, action="propose_close", actor=world.viewer_a)


def test_close_without_proposal_is_refused(world, measure):
    services.measure_transition(measure=measure, action="start", actor=world.clerk_a)
    with pytest.raises(ValidationError, match="当前状态为“整改中”，不能销号"):
        services.measure_transition(measure=measure, action="close", actor=world.clerk_a)


def test_start_twice_is_refused(world, measure):
    services.measure_transition(measure=measure, action="start", actor=world.clerk_a)
    with pytest.raises(ValidationError, match="不能开始整改"):
        services.measure_transition(measure=measure, action="start", actor=world.clerk_a)


def test_unknown_action_is_refused(world, measure):
    with pytest.raises(ValidationError, match="未知的操作"):
        services.measure_transition(measure=measure, action="teleport", actor=world.clerk_a)


def test_proposal_needs_evidence(world, measure):
    services.measure_transition(measure=measure, action="start", actor=world.secretary_a1)
    with pytest.raises(ValidationError, match="上传佐证材料"):
        services.measure_transition(measure=measure, action="propose_close", actor=world.secretary_a1, public_ack="认可")


def test_proposal_needs_public_ack_when_county_requires_it(world, measure, year):
    services.measure_transition(measure=measure, action="start", actor=world.secretary_a1)
    with_evidence(world, measure)
    with pytest.raises(ValidationError, match="群众认可"):
        services.measure_transition(measure=measure, action="propose_close", actor=world.secretary_a1)
    services.year_update(year=year, require_public_ack=False, actor=world.county_officer)
    m = services.measure_transition(measure=measure, action="propose_close", actor=world.secretary_a1)
    assert m.status == MeasureStatus.PROPOSED_CLOSED


def test_send_back_needs_reason_and_returns_to_in_progress(world, measure):
    services.measure_transition(measure=measure, action="start", actor=world.secretary_a1)
    with_evidence(world, measure)
    services.measure_transition(measure=measure, action="propose_close", actor=world.secretary_a1, public_ack="认可")
    with pytest.raises(ValidationError, match="退回须说明原因"):
        services.measure_transition(measure=measure, action="send_back", actor=world.clerk_a)
    with pytest.raises(PermissionDenied):
        services.measure_transition(measure=measure, action="send_back", actor=world.secretary_a1, reason="x")
    m = services.measure_transition(measure=measure, action="send_back", actor=world.clerk_a, reason="佐证材料不全")
    assert m.status == MeasureStatus.IN_PROGRESS and m.last_reason == "佐证材料不全"
    assert _audits(measure).get(extra__transition="send_back").extra["reason"] == "佐证材料不全"


def test_closed_item_is_not_editable_until_reopened_with_reason(world, measure):
    close_measure(world, measure)
    with pytest.raises(ValidationError, match="已销号的整改措施不能修改"):
        services.measure_update(measure=measure, description="改写", actor=world.clerk_a)
    with pytest.raises(ValidationError, match="不能再填报进展"):
        services.progress_add(measure=Measure.objects.get(pk=measure.pk), on=datetime.date.today(), content="x",
                              actor=world.secretary_a1)
    with pytest.raises(ValidationError, match="重新打开须说明原因"):
        services.measure_transition(measure=measure, action="reopen", actor=world.clerk_a)
    with pytest.raises(PermissionDenied):
        services.measure_transition(measure=measure, action="reopen", actor=world.secretary_a1, reason="x")
    m = services.measure_transition(measure=measure, action="reopen", actor=world.clerk_a, reason="群众反映问题仍存在")
    assert m.status == MeasureStatus.IN_PROGRESS and m.closed_on is None
    m = services.measure_update(measure=m, description="改写后的措施", actor=world.clerk_a)
    assert m.description == "改写后的措施"


def test_items_frozen_when_organization_not_listed(world, year, category):
    e = services.candidate_propose(year=year, organization=world.branch_b1, reason="空壳", actor=world.clerk_b)
    p = services.problem_add(entry=e, category=category, description="长期不活动", actor=world.clerk_b)
    m = services.measure_add(problem=p, description="调整班子", responsible_person="王强",
                             deadline=datetime.date.today(), actor=world.clerk_b)
    with pytest.raises(ValidationError, match="当前状态为“候选”，整改措施不能开始整改"):
        services.measure_transition(measure=m, action="start", actor=world.clerk_b)


def test_secretary_cannot_write_the_ledger_itself(world, entry, category, problem):
    with pytest.raises(PermissionDenied, match="只有乡镇党委可以登记问题"):
        services.problem_add(entry=entry, category=category, description="x", actor=world.secretary_a1)
    with pytest.raises(PermissionDenied):
        services.measure_add(problem=problem, description="x", responsible_person="x",
                             deadline=datetime.date.today(), actor=world.secretary_a1)


def test_evidence_must_be_image_or_pdf_and_small(world, measure, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.measure_transition(measure=measure, action="start", actor=world.clerk_a)
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="内容不是图片或 PDF"):
        services.progress_add(measure=measure, on=datetime.date.today(), content="x", files=[fake], actor=world.clerk_a)
    exe = SimpleUploadedFile("a.exe", b"%PDF-1.4", content_type="application/pdf")
    with pytest.raises(ValidationError, match="不是图片或 PDF"):
        services.progress_add(measure=measure, on=datetime.date.today(), content="x", files=[exe], actor=world.clerk_a)
    settings.RECTIFICATION_EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="超过"):
        services.progress_add(measure=measure, on=datetime.date.today(), content="x", files=[pdf()], actor=world.clerk_a)
    assert not measure.progress.exists()


def test_evidence_is_stored_through_storage_under_a_random_name(world, measure, media_root):
    services.measure_transition(measure=measure, action="start", actor=world.clerk_a)
    entry = services.progress_add(measure=measure, on=datetime.date.today(), content="x", files=[pdf("会议记录.pdf")],
                                  actor=world.clerk_a)
    ev = entry.evidence.get()
    assert ev.original_name == "会议记录.pdf" and ev.content_type == "application/pdf"
    assert "会议记录" not in ev.file.name and ev.file.name.endswith(".pdf")
    assert (media_root / ev.file.name).exists()
