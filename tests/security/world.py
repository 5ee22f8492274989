"""The seeded world of the site-wide security tests: `core.testing.build_world()` plus at
least one object of every kind a URL takes the id of, in branch_a1 / town_a (the "own"
scope of clerk_a, secretary_a1 and viewer_a; the sibling scope of clerk_b and secretary_b1),
and members with real ID numbers and phones in branch_a1, branch_a2 and branch_b1.

Built through the apps' own services and test factories, as a user would."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from core.testing import build_world

D = datetime.date
NUMERALS = "甲乙丙丁戊己庚辛"  # distinct member names: a page naming branch_a1's members is recognized
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _members(world: Any) -> dict[str, list]:
    from members.models import Member
    from members.tests.factories import MemberFactory, valid_id

    rolls: dict[str, list] = {}
    phone = iter(range(13900000001, 13900000100))
    for key, prefix, org, n in (("a1", "柳树", world.branch_a1, 8), ("a2", "机关", world.branch_a2, 3),
                                ("b1", "石桥", world.branch_b1, 8)):
        rolls[key] = [
            MemberFactory(organization=org, phone=str(next(phone)), id_number=valid_id(sex="male"), name=f"{prefix}{NUMERALS[i]}",
                          party_group=world.group_a1 if key == "a1" and i < 2 else None)
            for i in range(n)
        ]
    # on the roll since long ago (the art. 9 clock starts from records, not from today)
    Member.objects.update(created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc))
    return rolls


def _sysadmin_permissions(world: Any) -> None:
    """The model permissions seed_demo gives the sysadmin persona (accounts and roles, and a
    view of the organization tree) so the /sysadmin/ pages answer as in production."""
    from demo.management.commands.seed_demo import Command  # noqa: F401  (documents the source)

    perms = Permission.objects.filter(content_type__app_label="accounts",
                                      content_type__model__in=["user", "roleassignment"])
    world.sysadmin.user_permissions.add(*perms, Permission.objects.get(codename="view_organization"))


def build_security_world() -> SimpleNamespace:  # noqa: PLR0915  (one object of each kind, in order)
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import User, UserSession
    from accounts.services.tokens import api_token_create
    from assessments import services as assessments
    from assessments.choices import Grade
    from assessments.tests.factories import make_sheet
    from committees.services import secretaries as secretary_services
    from committees.services import terms as committees
    from committees.tests.factories import elect
    from development.tests.factories import applicant
    from dues.models import DuesRate
    from dues.services import ledger as dues
    from meetings.models import MeetingType
    from meetings.services import records as meetings
    from members.models import ImportJob
    from members.services import transfers
    from rectification import services as rectification
    from rectification.models import ProblemCategory
    from reminders.models import Notification
    from workcalendar.models import CalendarDay

    world = build_world()
    _sysadmin_permissions(world)
    rolls = _members(world)
    a1, b1 = rolls["a1"], rolls["b1"]
    today = datetime.date.today()
    w = SimpleNamespace(world=world, rolls=rolls, member=a1[0], member_b=b1[0])

    # committees: an election in each branch, a delay request, first secretary, reserve, review, audit
    w.term = elect(world.branch_a1, a1, on=D(2022, 3, 1), actor=world.clerk_a)
    w.term_b = elect(world.branch_b1, b1, on=D(2022, 3, 1), actor=world.clerk_b)
    w.post = w.term.posts.order_by("pk").first()
    w.delay = committees.delay_request(term=w.term, until=w.term.ends_on + datetime.timedelta(days=90),
                                       reason="村两委换届统一安排", actor=world.secretary_a1)
    w.first_secretary = secretary_services.first_secretary_add(
        organization=world.branch_a1, actor=world.clerk_a, name="赵驻村", sending_unit="县财政局", started_on=D(2024, 1, 1))
    w.reserve = secretary_services.reserve_add(organization=world.branch_a1, actor=world.clerk_a, name="钱后备", sex="male",
                                               birth_date=D(1990, 1, 1))
    w.secretary_review = secretary_services.review_record(
        organization=world.branch_a1, member=a1[0], actor=world.clerk_a, year=today.year - 1,
        reviewed_on=D(today.year, 1, 15), reviewer="城关镇党委", good=5)

    # meetings: a submitted meeting with evidence in branch_a1
    w.meeting = meetings.meeting_record(
        organization=world.branch_a1, meeting_type=MeetingType.objects.get(code="theme_day"), held_on=today.replace(day=1),
        topic="主题党日", actor=world.secretary_a1, submit=True, uploads=[(_pdf("签到表.pdf"), "sign_in")], today=today)

    # members: an internal transfer a1 → a2 waiting for confirmation, an import job
    w.transfer = transfers.transfer_start_internal(member=a1[-1], to_org=world.branch_a2, actor=world.clerk_a,
                                                   letter_number="城组转〔2026〕1号")
    w.import_job = ImportJob.objects.create(original_name="名册.xlsx", scope_path=world.branch_a1.path,
                                            created_by=world.clerk_a, file="imports/none.xlsx")

    # development: an applicant in branch_a1
    w.applicant = applicant(world.branch_a1, world.secretary_a1, name="孙申请")

    # dues: a base and a payment
    dues.base_set(member=a1[1], actor=None, kind="employed", effective_from=D(today.year, 1, 1),
                  monthly_income=Decimal("4000"))
    w.payment = dues.dues_pay(member=a1[1], months=[D(today.year, today.month, 1)], paid_on=today,
                              actor=world.secretary_a1)[0]
    w.dues_base = a1[1].dues_bases.first()
    w.rate_day = DuesRate.objects.order_by("-effective_from").values_list("effective_from", flat=True).first()

    # rectification: a year, a listed entry with problem, measure, leader, evidence; a county category
    w.year = rectification.year_open(county=world.county, year=today.year, actor=world.county_officer)
    entry = rectification.candidate_propose(year=w.year, organization=world.branch_a1, reason="组织生活不经常",
                                            actor=world.clerk_a)
    rectification.year_confirm(year=w.year, listed=[entry.pk], actor=world.county_officer)
    entry.refresh_from_db()
    w.entry = entry
    category = ProblemCategory.objects.filter(county__isnull=True).order_by("pk").first()
    w.problem = rectification.problem_add(entry=entry, category=category, description="全年仅召开2次党员大会",
                                          actor=world.clerk_a)
    w.measure = rectification.measure_add(problem=w.problem, description="制定三会一课计划", responsible_person="李明",
                                          deadline=today + datetime.timedelta(days=30), actor=world.clerk_a)
    rectification.measure_transition(measure=w.measure, action="start", actor=world.secretary_a1)
    rectification.progress_add(measure=w.measure, on=today, content="已召开支部党员大会", files=[_pdf("整改.pdf")],
                               actor=world.secretary_a1)
    w.evidence = w.measure.progress.get().evidence.get()
    w.leader = rectification.leader_add(entry=entry, actor=world.clerk_a, role="township_secretary", name="周领导",
                                        start_on=D(today.year, 1, 1))
    w.category_global = category
    w.category_county = rectification.category_add(county=world.county, name="本县自定类别", actor=world.county_officer)

    # assessments: a published sheet, a review of branch_a1, a grading, a democratic review round
    w.sheet = make_sheet(world)
    w.sheet_item = w.sheet.items.order_by("pk").first()
    w.review = assessments.review_open(sheet=w.sheet, organization=world.branch_a1, actor=world.clerk_a)
    w.grading = assessments.grading_propose(organization=world.branch_a1, year=today.year - 1, grade=Grade.ADVANCED,
                                            notes={}, actor=world.clerk_a)
    w.round = assessments.round_open(organization=world.branch_a1, year=today.year - 1, actor=world.secretary_a1)
    w.rating = w.round.ratings.order_by("pk").first()
    w.assessment_evidence = assessments.evidence_add(review=w.review, item=w.sheet_item, label="签到表",
                                                     actor=world.clerk_a, file=_pdf("考评材料.pdf"))
    w.meeting_file = w.meeting.files.order_by("pk").first()

    # reminders: a notification to clerk_a about branch_a1
    w.notification = Notification.objects.create(
        recipient=world.clerk_a, kind="meeting_gap", subject_key="meeting-gap:1", period=f"{today:%Y-%m}",
        organization=world.branch_a1, title="三会一课提醒", send_after=datetime.datetime.now(datetime.timezone.utc))
    w.calendar_day = CalendarDay.objects.order_by("pk").first()

    # what other URLs take: dashboard keys, a year, the admin's objects
    w.year_number = today.year
    w.chart_key, w.panel_key = "branches_by_field", "life_trend"
    w.rate = DuesRate.objects.order_by("pk").first()
    w.ct_user = ContentType.objects.get_for_model(User).pk
    w.group = Group.objects.create(name="演示组")
    w.token = api_token_create(user=world.clerk_a, name="数据对接").token
    w.user_session = UserSession.objects.create(user=world.clerk_a, session_key="security-matrix-session",
                                                ip="10.0.0.1", user_agent="t")
    w.axes_attempt = AccessAttempt.objects.create(username="clerk_a", ip_address="10.0.0.1", user_agent="t",
                                                  failures_since_start=1)
    w.axes_log = AccessLog.objects.create(username="clerk_a", ip_address="10.0.0.1", user_agent="t")
    w.axes_failure = AccessFailureLog.objects.create(username="clerk_a", ip_address="10.0.0.1", user_agent="t")
    return w
