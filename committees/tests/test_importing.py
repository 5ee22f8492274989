"""The history imports of committees (committees.importing on core.importing.resources), run on
the fixture files LibreOffice wrote (fixtures/make_fixtures.py): exact rows created, exact
errors, all-or-nothing commit, idempotent re-import, scope."""

import datetime
import pathlib

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditAction, AuditEvent
from committees.importing import ReserveImport, TermImport, TrainingImport
from committees.models import CommitteePost, ReserveCadre, Term, TrainingAttendance, TrainingCourse
from committees.rules import CadreState, TermState
from members.choices import MemberStatus
from members.idcard import mask_id
from members.models import Member
from members.tests.factories import MemberFactory

from .factories import elect

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
D = datetime.date
ZHOU_1, ZHOU_2 = "510822198001010031", "510822197506120020"


@pytest.fixture
def books(world):  # type: ignore[no-untyped-def]
    """The rolls the fixture files name: five full members of 柳树村党支部, two 周强 and 孙丽 of
    城关镇机关党支部."""
    a1 = {n: MemberFactory(organization=world.branch_a1, name=n) for n in ("王建国", "李明", "张秀英", "赵刚", "陈芳")}
    a2 = {"周强1": MemberFactory(organization=world.branch_a2, name="周强", id_number=ZHOU_1),
          "周强2": MemberFactory(organization=world.branch_a2, name="周强", id_number=ZHOU_2),
          "孙丽": MemberFactory(organization=world.branch_a2, name="孙丽")}
    return {**a1, **a2}


def run(kind, name, user):  # type: ignore[no-untyped-def]
    with open(FIXTURES / name, "rb") as f:
        return kind.plan(f, name, user=user)


def errors(plan):  # type: ignore[no-untyped-def]
    return [(e["row"], e["column"], e["message"]) for e in plan.errors]


# --- past terms --------------------------------------------------------------------------------
def test_terms_check_writes_nothing(world, books):
    plan = run(TermImport(), "terms.xlsx", world.clerk_a)
    assert errors(plan) == []
    assert (plan.total, plan.new, plan.existing) == (3, 3, 0)
    assert not Term.objects.exists() and not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()


def test_terms_commit_writes_each_term_in_order_with_its_posts(world, books):
    kind = TermImport()
    result = kind.commit(run(kind, "terms.xlsx", world.clerk_a), user=world.clerk_a, filename="terms.xlsx")
    assert result == {"created": 3, "unchanged": 0}
    first, second = Term.objects.filter(organization=world.branch_a1).order_by("elected_on")
    assert (first.number, first.elected_on, first.state, first.replaced_on) == (1, D(2016, 3, 10), TermState.REPLACED,
                                                                                  D(2021, 3, 15))
    assert (second.number, second.elected_on, second.state, second.approval_ref) == (2, D(2021, 3, 15), TermState.CURRENT,
                                                                                      "城委〔2021〕12号")
    assert sorted((p.post, p.member.name, p.ended_on) for p in first.posts.all()) == [
        ("deputy", "李明", D(2021, 3, 15)), ("secretary", "王建国", D(2021, 3, 15))]
    assert sorted((p.post, p.member.name, p.ended_on) for p in second.posts.all()) == [
        ("deputy", "王建国", None), ("secretary", "李明", None)]
    organ = Term.objects.get(organization=world.branch_a2)
    assert organ.ends_on == D(2025, 6, 1) and organ.posts.get().member == books["周强1"]
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert (event.actor, event.extra) == (world.clerk_a, {"file": "terms.xlsx", "kind": "termimport", "created": 3,
                                                          "unchanged": 0})
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, content_type__model="term").count() == 3


def test_terms_reimport_creates_nothing(world, books):
    kind = TermImport()
    kind.commit(run(kind, "terms.xlsx", world.clerk_a), user=world.clerk_a, filename="terms.xlsx")
    again = run(kind, "terms.xlsx", world.clerk_a)
    assert (errors(again), again.new, again.existing) == ([], 0, 3)
    assert kind.commit(again, user=world.clerk_a, filename="terms.xlsx") == {"created": 0, "unchanged": 3}
    assert Term.objects.count() == 3 and CommitteePost.objects.count() == 5


def test_terms_commit_is_all_or_nothing(world, books):
    """The roll changed between the check and the commit so that the last row now fails: none
    of the file's terms is written."""
    kind = TermImport()
    plan = run(kind, "terms.xlsx", world.clerk_a)
    Member.objects.filter(pk=books["周强1"].pk).update(status=MemberStatus.TRANSFERRED_OUT)
    with pytest.raises(ValidationError) as exc:
        kind.commit(plan, user=world.clerk_a, filename="terms.xlsx")
    assert exc.value.messages == [f"第4行 书记：名册上找不到身份证号为“{mask_id(ZHOU_1)}”的党员。"]
    assert not Term.objects.exists() and not CommitteePost.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()


def test_a_term_older_than_the_current_one_on_file_is_recorded_as_past(world, books):
    """The current term was typed in before the books came: the file's older term is recorded
    as replaced on the current term's election day, its posts ended then."""
    current = elect(world.branch_a2, [books["孙丽"]], on=D(2023, 1, 5))
    kind = TermImport()
    assert kind.commit(run(kind, "terms.xlsx", world.clerk_a), user=world.clerk_a, filename="terms.xlsx")["created"] == 3
    past = Term.objects.get(organization=world.branch_a2, elected_on=D(2022, 6, 1))
    assert (past.state, past.replaced_on) == (TermState.REPLACED, D(2023, 1, 5))
    assert [(p.member, p.ended_on, p.end_reason) for p in past.posts.all()] == [(books["周强1"], D(2023, 1, 5), "换届")]
    current.refresh_from_db()
    assert current.state == TermState.CURRENT and current.posts.get().ended_on is None


def test_terms_of_another_township_get_nothing(world, books):
    plan = run(TermImport(), "terms.xlsx", world.clerk_b)
    assert errors(plan) == [
        (2, "党组织", "找不到党组织“柳树村党支部”，或它不在您的管理范围内。"),
        (3, "党组织", "找不到党组织“柳树村党支部”，或它不在您的管理范围内。"),
        (4, "党组织", "找不到党组织“T-A2”，或它不在您的管理范围内。"),
    ]


# --- training records ----------------------------------------------------------------------------
def test_training_commit_groups_rows_into_courses(world, books):
    kind = TrainingImport()
    plan = run(kind, "training.xlsx", world.clerk_a)
    assert (errors(plan), plan.new) == ([], 3)
    assert kind.commit(plan, user=world.clerk_a, filename="training.xlsx") == {"created": 3, "unchanged": 0}
    assert sorted(TrainingCourse.objects.values_list("organizer__name", "title", "started_on", "ended_on", "hours")) == [
        ("城关镇党委", "2025年村党组织书记轮训班", D(2025, 4, 8), D(2025, 4, 10), 24),
        ("城关镇党委", "党务干部培训", D(2024, 9, 1), D(2024, 9, 1), 6)]
    assert sorted(TrainingAttendance.objects.values_list("course__title", "member__name", "days")) == [
        ("2025年村党组织书记轮训班", "周强", 2), ("2025年村党组织书记轮训班", "王建国", 3), ("党务干部培训", "李明", 1)]
    assert TrainingAttendance.objects.get(member__name="周强").member == books["周强2"]
    again = run(kind, "training.xlsx", world.clerk_a)
    assert (errors(again), again.new, again.existing) == ([], 0, 3)


# --- reserve cadres ------------------------------------------------------------------------------
def test_reserves_commit_and_reimport(world, books):
    kind = ReserveImport()
    plan = run(kind, "reserves.xlsx", world.clerk_a)
    assert errors(plan) == []
    assert kind.commit(plan, user=world.clerk_a, filename="reserves.xlsx") == {"created": 2, "unchanged": 0}
    assert sorted(ReserveCadre.objects.values_list("organization__name", "name", "sex", "birth_date", "education",
                                                   "current_job", "state")) == [
        ("柳树村党支部", "刘晓燕", "female", D(1990, 5, 12), "college", "村委会委员", CadreState.ACTIVE),
        ("柳树村党支部", "黄磊", "male", D(1988, 3, 1), "high_school", "", CadreState.PROMOTED)]
    again = run(kind, "reserves.xlsx", world.clerk_a)
    assert (again.new, again.existing) == (0, 2)
    assert kind.commit(again, user=world.clerk_a, filename="reserves.xlsx") == {"created": 0, "unchanged": 2}
    assert ReserveCadre.objects.count() == 2


# --- every bad row, exact errors, nothing written --------------------------------------------------
BAD_FILES = {  # each file: its errors, one a line: row, column, reason
    "terms_bad.xlsx": (TermImport, """
2 实到会人数 到会党员未超过应到会党员的五分之四，选举无效。
3 党组织 找不到党组织“石桥村党支部”，或它不在您的管理范围内。
4 选举日期 日期“2021-13-01”不存在。
5 书记 名册上找不到党员“钱多多”。
6 书记 名册上有多名叫“周强”的党员，请写成“周强（身份证号）”。
7 实到会人数 “实到会人数”为必填项，不能为空。
7 书记 “书记”为必填项，不能为空。
"""),
    "training_bad.xlsx": (TrainingImport, """
2 举办单位 找不到党组织“石桥乡党委”，或它不在您的管理范围内。
3 参训天数 参训天数应为1至3天（培训班的天数）。
4 结束日期 结束日期不能早于开始日期。
5 学时 “十”不是数字。
7 结束日期 同一培训班（名称和开始日期相同）已登记为 2025-04-10 结束、24.0 学时，与本行不一致。
"""),
    "reserves_bad.xlsx": (ReserveImport, """
2 党组织 后备干部库只针对村、社区党组织书记建立。
3 党组织 找不到党组织“石桥村党支部”，或它不在您的管理范围内。
4 性别 “未知”不是可选值（可选：男、女）。
5 出生日期 出生日期不正确。
"""),
}


@pytest.mark.parametrize("fixture", BAD_FILES)
def test_check_lists_every_bad_row(world, books, fixture):
    kind, table = BAD_FILES[fixture]
    plan = run(kind(), fixture, world.clerk_a)
    assert [" ".join(map(str, e)) for e in errors(plan)] == table.strip().splitlines()
    assert not (Term.objects.exists() or TrainingCourse.objects.exists() or ReserveCadre.objects.exists())
