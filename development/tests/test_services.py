import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditAction, AuditEvent
from development import services
from development.choices import DueKind, Stage, StepKind
from development.models import Applicant, Step
from members.choices import Category
from members.models import Member

from .factories import D, advance, applicant, new_id


def record(a, kind, actor=None, **data):
    return services.step_record(applicant=a, actor=actor, kind=kind, **data)


def test_applicant_must_be_18_on_the_day_of_application(world):
    born = D(2002, 3, 2)
    ok = services.applicant_create(organization=world.branch_a1, actor=world.secretary_a1, name="满十八",
                                   id_number=new_id(born), applied_on=D(2020, 3, 2))
    assert ok.birth_date == born
    with pytest.raises(ValidationError) as exc:
        services.applicant_create(organization=world.branch_a1, actor=world.secretary_a1, name="差一天",
                                  id_number=new_id(born), applied_on=D(2020, 3, 1))
    assert "年满18周岁" in str(exc.value)


def test_applicant_personal_data_encrypted_and_audited_masked(world):
    a = applicant(world.branch_a1, world.secretary_a1, phone="13912345678")
    assert Applicant.objects.get(pk=a.pk).phone == "13912345678"
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(a.pk), content_type__model="applicant")
    assert a.id_number not in str(event.changes) and "139****5678" in str(event.changes)
    assert event.org_path == world.branch_a1.path


def test_applications_only_in_branches(world):
    with pytest.raises(ValidationError) as exc:
        applicant(world.town_a, world.clerk_a)
    assert exc.value.message_dict == {"organization": ["党员只能编入党支部或联合党支部。"]}
    assert not Applicant.objects.exists() and not Step.objects.exists()
    assert not AuditEvent.objects.filter(content_type__model="applicant").exists()


def test_one_open_record_per_person(world):
    number = new_id()
    services.applicant_create(organization=world.branch_a1, actor=None, name="甲", id_number=number,
                              applied_on=D(2020, 3, 2))
    with pytest.raises(ValidationError) as exc:
        services.applicant_create(organization=world.branch_b1, actor=world.county_officer, name="甲",
                                  id_number=number, applied_on=D(2020, 3, 2))
    assert "已在发展党员流程中" in str(exc.value)


def test_talk_within_one_month_boundary(world):
    a = applicant(world.branch_a1)
    with pytest.raises(ValidationError) as exc:
        record(a, StepKind.TALK, date=D(2020, 4, 3))
    assert "1个月内谈话" in str(exc.value)
    record(a, StepKind.TALK, date=D(2020, 4, 2))


def test_a_step_before_its_prerequisite_is_refused(world):
    a = applicant(world.branch_a1)
    with pytest.raises(ValidationError) as exc:
        record(a, StepKind.ACTIVIST, date=D(2020, 3, 10))
    assert "须先完成：派人谈话" in str(exc.value)
    record(a, StepKind.TALK, date=D(2020, 3, 20))
    with pytest.raises(ValidationError) as exc:
        record(a, StepKind.ACTIVIST, date=D(2020, 3, 19))
    assert "不能早于“派人谈话”" in str(exc.value)


def test_future_dates_refused(world):
    a = applicant(world.branch_a1)
    with pytest.raises(ValidationError) as exc:
        record(a, StepKind.TALK, date=D(2020, 3, 20), today=D(2020, 3, 19))
    assert exc.value.message_dict == {"date": ["日期不能晚于今天。"]}
    assert not Step.objects.filter(applicant=a, kind=StepKind.TALK).exists()
    a.refresh_from_db()
    assert (a.next_due_kind, a.next_due_on) == (DueKind.TALK, D(2020, 4, 2))  # the talk is still due


def test_activist_one_year_before_candidate_boundary(world):
    a = advance(applicant(world.branch_a1), through=StepKind.ACTIVIST)
    assert (a.next_due_kind, a.next_due_on) == (DueKind.CANDIDATE, D(2021, 4, 10))
    with pytest.raises(ValidationError) as exc:
        record(a, StepKind.CANDIDATE, date=D(2021, 4, 9))
    assert "最早可于2021年4月10日" in str(exc.value)
    record(a, StepKind.CANDIDATE, date=D(2021, 4, 10))
    assert Applicant.objects.get(pk=a.pk).stage == Stage.CANDIDATE


def test_short_training_three_days_or_24_hours(world):
    a = advance(applicant(world.branch_a1), through=StepKind.POLITICAL_REVIEW)
    with pytest.raises(ValidationError) as exc:
        record(a, StepKind.SHORT_TRAINING, start_date=D(2021, 5, 10), date=D(2021, 5, 11), hours=23)
    assert "不少于3天或24学时" in str(exc.value)
    record(a, StepKind.SHORT_TRAINING, start_date=D(2021, 5, 10), date=D(2021, 5, 11), hours=24)


def test_short_training_of_three_days_needs_no_hours(world):
    a = advance(applicant(world.branch_a1), through=StepKind.POLITICAL_REVIEW)
    step = record(a, StepKind.SHORT_TRAINING, start_date=D(2021, 5, 10), date=D(2021, 5, 12))
    assert step.hours is None
    assert Step.objects.filter(applicant=a, kind=StepKind.SHORT_TRAINING, hours__isnull=True).exists()


def test_public_notice_five_working_days(world):
    a = advance(applicant(world.branch_a1), through=StepKind.SHORT_TRAINING)
    with pytest.raises(ValidationError) as exc:  # Wed–Mon: 4 working days
        record(a, StepKind.PUBLIC_NOTICE, start_date=D(2021, 5, 19), date=D(2021, 5, 24))
    assert "不少于5个工作日（本次4个）" in str(exc.value)
    record(a, StepKind.PUBLIC_NOTICE, start_date=D(2021, 5, 19), date=D(2021, 5, 25))


def test_public_notice_over_national_day_2025_is_refused(world):
    # 2025-09-29 (Mon) to 2025-10-09 (Thu): nine Mondays–Fridays, but 10月1日至8日 are holidays
    a = advance(applicant(world.branch_a1), through=StepKind.SHORT_TRAINING)
    with pytest.raises(ValidationError) as exc:
        record(a, StepKind.PUBLIC_NOTICE, start_date=D(2025, 9, 29), date=D(2025, 10, 9))
    assert "不少于5个工作日（本次3个）" in str(exc.value) and "法定节假日不计" in str(exc.value)
    assert not Step.objects.filter(applicant=a, kind=StepKind.PUBLIC_NOTICE).exists()


def test_public_notice_counts_an_adjusted_working_saturday(world):
    # 2025-10-09 (Thu) to 10-14 (Tue): Monday–Friday gives 4, with 10月11日（周六）上班 it is 5
    a = advance(applicant(world.branch_a1), through=StepKind.SHORT_TRAINING)
    record(a, StepKind.PUBLIC_NOTICE, start_date=D(2025, 10, 9), date=D(2025, 10, 14))
    assert Step.objects.filter(applicant=a, kind=StepKind.PUBLIC_NOTICE).exists()


def test_public_notice_follows_a_day_the_county_adds(world):
    from workcalendar import services as calendar_services

    a = advance(applicant(world.branch_a1), through=StepKind.SHORT_TRAINING)
    calendar_services.calendar_day_create(actor=world.county_officer, date=D(2021, 5, 21), is_workday=False,
                                          name="测试假日")
    with pytest.raises(ValidationError) as exc:  # Mon–Fri 2021-05-17..21 less the new holiday
        record(a, StepKind.PUBLIC_NOTICE, start_date=D(2021, 5, 17), date=D(2021, 5, 21))
    assert "本次4个" in str(exc.value)


def test_branch_meeting_only_after_the_notice_ends(world):
    a = advance(applicant(world.branch_a1), through=StepKind.PUBLIC_NOTICE)
    with pytest.raises(ValidationError) as exc:  # the notice ends on 2021-05-21
        record(a, StepKind.BRANCH_MEETING, date=D(2021, 5, 21))
    assert "支部大会应在公示期满（2021年5月21日）之后召开" in str(exc.value)
    assert not Step.objects.filter(applicant=a, kind=StepKind.BRANCH_MEETING).exists()
    record(a, StepKind.BRANCH_MEETING, date=D(2021, 5, 22))
    a.refresh_from_db()
    assert Step.objects.get(applicant=a, kind=StepKind.BRANCH_MEETING).date == D(2021, 5, 22)
    # the meeting starts the higher committee's three months
    assert (a.stage, a.next_due_kind, a.next_due_on) == (Stage.CANDIDATE, DueKind.APPROVAL, D(2021, 8, 22))


def test_approval_within_three_months_or_six_in_special_cases(world):
    a = advance(applicant(world.branch_a1), through=StepKind.BRANCH_MEETING)
    assert (a.next_due_kind, a.next_due_on) == (DueKind.APPROVAL, D(2021, 8, 28))
    with pytest.raises(ValidationError) as exc:
        record(a, StepKind.APPROVAL, actor=world.clerk_a, date=D(2021, 8, 29))
    assert "3个月内审批" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        record(a, StepKind.APPROVAL, actor=world.clerk_a, date=D(2021, 11, 29), is_special=True, note="党委换届")
    assert "6个月内审批" in str(exc.value)
    with pytest.raises(ValidationError):  # special needs a reason
        record(a, StepKind.APPROVAL, actor=world.clerk_a, date=D(2021, 11, 28), is_special=True)
    record(a, StepKind.APPROVAL, actor=world.clerk_a, date=D(2021, 11, 28), is_special=True, note="党委换届")


def test_approval_within_three_months_on_the_last_day(world):
    a = advance(applicant(world.branch_a1), through=StepKind.BRANCH_MEETING)
    assert a.next_due_on == D(2021, 8, 28)
    record(a, StepKind.APPROVAL, actor=world.clerk_a, date=D(2021, 8, 28))
    a.refresh_from_db()
    assert a.stage == Stage.PROBATIONARY and a.member_id is not None


def test_branch_secretary_cannot_record_the_higher_committees_approval(world):
    a = advance(applicant(world.branch_a1), through=StepKind.BRANCH_MEETING)
    with pytest.raises(PermissionDenied) as exc:
        record(a, StepKind.APPROVAL, actor=world.secretary_a1, date=D(2021, 6, 25))
    assert "审批须由上级党委" in str(exc.value)
    with pytest.raises(PermissionDenied):  # another township's clerk
        record(a, StepKind.APPROVAL, actor=world.clerk_b, date=D(2021, 6, 25))
    a.refresh_from_db()
    assert a.stage == Stage.CANDIDATE and a.member_id is None
    assert not Step.objects.filter(applicant=a, kind=StepKind.APPROVAL).exists()


def test_approval_puts_a_probationary_member_on_the_roll_through_the_members_service(world):
    a = applicant(world.branch_a1, world.secretary_a1, phone="13912345678", education="bachelor", occupation="村文书")
    a = advance(a, through=StepKind.APPROVAL, actor=world.secretary_a1, approver=world.clerk_a)
    member = Member.objects.get(pk=a.member_id)
    assert a.stage == Stage.PROBATIONARY
    assert (member.name, member.id_number, member.phone, member.organization) == (a.name, a.id_number, "13912345678", world.branch_a1)
    assert member.category == Category.PROBATIONARY and member.join_date == D(2021, 5, 28)
    assert member.education == "bachelor" and member.full_member_date is None
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, content_type__model="member",
                                     object_id=str(member.pk), actor=world.clerk_a).exists()
    assert (a.next_due_kind, a.next_due_on) == (DueKind.PROBATION_END, D(2022, 5, 28))


def test_full_meeting_not_before_probation_ends(world):
    a = advance(applicant(world.branch_a1), through=StepKind.OATH, approver=world.clerk_a)
    with pytest.raises(ValidationError) as exc:
        record(a, StepKind.FULL_MEETING, date=D(2022, 5, 27))
    assert "预备期满（2022年5月28日）" in str(exc.value)
    record(a, StepKind.FULL_MEETING, date=D(2022, 5, 28))


def test_full_approval_changes_the_members_category_audited(world):
    a = advance(applicant(world.branch_a1), through=StepKind.FULL_APPROVAL, approver=world.clerk_a)
    member = Member.objects.get(pk=a.member_id)
    assert a.stage == Stage.FULL and a.next_due_on is None
    assert member.category == Category.FULL and member.full_member_date == D(2022, 5, 28)
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, content_type__model="member",
                                      object_id=str(member.pk)).latest("id")
    assert event.changes["category"] == [Category.PROBATIONARY, Category.FULL]


def test_extension_six_to_twelve_months_once(world):
    a = advance(applicant(world.branch_a1), through=StepKind.OATH, approver=world.clerk_a)
    with pytest.raises(ValidationError):
        record(a, StepKind.EXTENSION, date=D(2022, 5, 30), months=5)
    with pytest.raises(ValidationError):
        record(a, StepKind.EXTENSION, date=D(2022, 5, 30), months=13)
    with pytest.raises(ValidationError):  # only when probation ends
        record(a, StepKind.EXTENSION, date=D(2022, 5, 27), months=6)
    record(a, StepKind.EXTENSION, date=D(2022, 5, 30), months=6)
    a.refresh_from_db()
    assert a.next_due_on == D(2022, 11, 28)
    with pytest.raises(ValidationError) as exc:
        record(a, StepKind.EXTENSION, date=D(2022, 6, 30), months=6)
    assert "不能重复登记" in str(exc.value)
    with pytest.raises(ValidationError):
        record(a, StepKind.FULL_MEETING, date=D(2022, 11, 27))
    record(a, StepKind.FULL_MEETING, date=D(2022, 11, 28))
    record(a, StepKind.FULL_APPROVAL, actor=world.clerk_a, date=D(2022, 12, 20))
    assert Member.objects.get(pk=a.member_id).full_member_date == D(2022, 11, 28)


def test_observation_log_may_have_many_entries(world):
    a = advance(applicant(world.branch_a1), through=StepKind.ACTIVIST)
    record(a, StepKind.OBSERVATION, date=D(2020, 7, 1), note="第一季度考察")
    record(a, StepKind.OBSERVATION, date=D(2020, 10, 1), note="第二季度考察")
    assert Step.objects.filter(applicant=a, kind=StepKind.OBSERVATION).count() == 2


def test_stopping_ends_the_pipeline(world):
    a = advance(applicant(world.branch_a1), through=StepKind.ACTIVIST)
    services.applicant_stop(applicant=a, actor=world.secretary_a1, reason="本人申请退出")
    a.refresh_from_db()
    assert a.stage == Stage.STOPPED and a.next_due_on is None
    with pytest.raises(ValidationError):
        record(a, StepKind.CANDIDATE, date=D(2021, 4, 10))


def test_limits_are_settings(world, settings):
    settings.JICENG_DEV_TALK_WITHIN_MONTHS = 2
    a = applicant(world.branch_a1)
    with pytest.raises(ValidationError) as exc:  # the limit moves with the setting
        record(a, StepKind.TALK, date=D(2020, 5, 3))
    assert "2个月内谈话" in str(exc.value)
    record(a, StepKind.TALK, date=D(2020, 5, 2))  # beyond the default 1 month, within 2
    assert Step.objects.filter(applicant=a, kind=StepKind.TALK, date=D(2020, 5, 2)).exists()


def test_plan_set_creates_then_updates(world):
    plan = services.plan_set(organization=world.town_a, year=2025, planned=8, actor=world.clerk_a)
    services.plan_set(organization=world.town_a, year=2025, planned=10, actor=world.clerk_a)
    plan.refresh_from_db()
    assert plan.planned == 10
    event = AuditEvent.objects.filter(content_type__model="developmentplan").latest("id")
    assert event.changes == {"planned": [8, 10]}


@pytest.mark.parametrize("persona", ["viewer_a", "clerk_b", "secretary_b1"])
def test_writes_need_the_change_scope_inside_the_service(world, persona):
    """Authorization lives in the services: whatever page or API calls them, a read-only user or
    another township's staff is refused and nothing is written."""
    actor = getattr(world, persona)
    a = advance(applicant(world.branch_a1), through=StepKind.TALK)
    with pytest.raises(PermissionDenied):
        applicant(world.branch_a1, actor, name="越权")
    with pytest.raises(PermissionDenied):
        record(a, StepKind.ACTIVIST, actor=actor, date=D(2020, 4, 10))
    with pytest.raises(PermissionDenied):
        services.applicant_stop(applicant=a, actor=actor, reason="越权")
    with pytest.raises(PermissionDenied):
        services.applicant_update(applicant=a, actor=actor, name="改名")
    with pytest.raises(PermissionDenied):
        services.plan_set(organization=world.town_a, year=2025, planned=3, actor=actor)
    a.refresh_from_db()
    assert (a.name, a.stage) == ("张明", Stage.APPLICANT)
    assert list(Applicant.objects.values_list("name", flat=True)) == ["张明"]
    assert not Step.objects.filter(applicant=a, kind=StepKind.ACTIVIST).exists()
    assert not world.town_a.development_plans.exists()


@pytest.fixture(autouse=True)
def _today_is_after_the_path(monkeypatch):
    """The path's dates are in the past whatever day the tests run."""
    assert datetime.date.today() > D(2023, 1, 1)
