"""The history import of the development pipeline (development.importing) on LibreOffice-written
fixtures (fixtures/make_fixtures.py): exact records and steps, exact errors, all-or-nothing
commit, idempotent re-import, scope."""

import datetime
import pathlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditAction, AuditEvent
from core.testing import make_user
from development.importing import ApplicantImport
from development.models import Applicant, Step
from development.services import applicant_create
from members.models import Member

from .fixtures.make_fixtures import CHEN, HUANG, LIU, ZHOU

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
D = datetime.date


def run(name, user):  # type: ignore[no-untyped-def]
    with open(FIXTURES / name, "rb") as f:
        return ApplicantImport().plan(f, name, user=user)


def errors(plan):  # type: ignore[no-untyped-def]
    return [(e["row"], e["column"], e["message"]) for e in plan.errors]


def test_check_writes_nothing(world):
    plan = run("development.xlsx", world.clerk_a)
    assert errors(plan) == []
    assert (plan.total, plan.new, plan.existing) == (4, 4, 0)
    assert not Applicant.objects.exists() and not Member.objects.exists()


def test_commit_records_each_person_at_the_stage_reached(world):
    kind = ApplicantImport()
    assert kind.commit(run("development.xlsx", world.clerk_a), user=world.clerk_a,
                       filename="development.xlsx") == {"created": 4, "unchanged": 0}
    assert [(a.organization.code, a.name, a.sex, a.ethnicity, a.education, a.phone, a.stage, a.stage_since,
             a.next_due_kind, a.next_due_on) for a in Applicant.objects.order_by("applied_on")] == [
        ("T-A2", "周伟", "male", "01", "", "", "full", D(2026, 1, 10), "", None),
        ("T-A1", "陈静", "female", "03", "", "", "candidate", D(2025, 4, 10), "", None),
        ("T-A1", "黄磊", "male", "01", "", "", "activist", D(2025, 6, 1), "candidate", D(2026, 6, 1)),
        ("T-A1", "刘晓燕", "female", "01", "college", "13812345678", "applicant", D(2026, 10, 10), "talk",
         D(2026, 11, 10))]
    assert {a.name: a.id_number for a in Applicant.objects.all()} == {"周伟": ZHOU, "陈静": CHEN, "黄磊": HUANG,
                                                                       "刘晓燕": LIU}
    assert [(s.applicant.name, s.kind, s.date, s.start_date, s.hours, s.people)
            for s in Step.objects.select_related("applicant").order_by("applicant__applied_on", "date", "id")] == [
        ("周伟", "application", D(2023, 2, 1), None, None, ""),
        ("周伟", "talk", D(2023, 2, 15), None, None, ""),
        ("周伟", "activist", D(2023, 4, 3), None, None, ""),
        ("周伟", "candidate", D(2024, 4, 8), None, None, ""),
        ("周伟", "political_review", D(2024, 5, 6), None, None, ""),
        ("周伟", "short_training", D(2024, 5, 15), D(2024, 5, 13), None, ""),
        ("周伟", "public_notice", D(2024, 5, 24), D(2024, 5, 20), None, ""),
        ("周伟", "branch_meeting", D(2024, 6, 3), None, None, ""),
        ("周伟", "approval", D(2024, 10, 20), None, None, ""),
        ("周伟", "oath", D(2024, 10, 25), None, None, ""),
        ("周伟", "extension", D(2025, 6, 5), None, None, ""),
        ("周伟", "full_meeting", D(2025, 12, 5), None, None, ""),
        ("周伟", "full_approval", D(2026, 1, 10), None, None, ""),
        ("陈静", "application", D(2024, 1, 5), None, None, ""),
        ("陈静", "talk", D(2024, 1, 20), None, None, ""),
        ("陈静", "activist", D(2024, 4, 1), None, None, ""),
        ("陈静", "candidate", D(2025, 4, 10), None, None, ""),
        ("陈静", "political_review", D(2025, 5, 6), None, None, ""),
        ("陈静", "short_training", D(2025, 5, 14), D(2025, 5, 12), 24, ""),
        ("陈静", "public_notice", D(2025, 5, 23), D(2025, 5, 19), None, ""),
        ("黄磊", "application", D(2025, 3, 1), None, None, ""),
        ("黄磊", "talk", D(2025, 3, 20), None, None, "王建国"),
        ("黄磊", "activist", D(2025, 6, 1), None, None, "李明"),
        ("刘晓燕", "application", D(2026, 10, 10), None, None, "")]
    approval, extension = Step.objects.get(kind="approval"), Step.objects.get(kind="extension")
    assert (approval.is_special, approval.note, extension.months) == (True, "审批时正值换届,延期审批", 6)  # cells are read as NFKC text
    # approved as a probationary member: on the roll from the branch meeting, full when the
    # probation extended by six months ended
    zhou = Member.objects.get()
    assert (zhou.name, zhou.organization, zhou.category, zhou.join_date, zhou.full_member_date, zhou.id_number) == (
        "周伟", world.branch_a2, "full", D(2024, 6, 3), D(2025, 12, 3), ZHOU)
    assert Applicant.objects.get(name="周伟").member == zhou
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert (event.actor, event.extra) == (world.clerk_a, {"file": "development.xlsx", "kind": "applicantimport",
                                                          "created": 4, "unchanged": 0})
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, content_type__model="applicant").count() == 4
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, content_type__model="step").count() == 20


def test_reimport_creates_nothing(world):
    kind = ApplicantImport()
    kind.commit(run("development.xlsx", world.clerk_a), user=world.clerk_a, filename="development.xlsx")
    again = run("development.xlsx", world.clerk_a)
    assert (errors(again), again.new, again.existing) == ([], 0, 4)
    assert kind.commit(again, user=world.clerk_a, filename="development.xlsx") == {"created": 0, "unchanged": 4}
    assert (Applicant.objects.count(), Step.objects.count(), Member.objects.count()) == (4, 24, 1)


def test_commit_is_all_or_nothing(world):
    """刘晓燕 applied in the other branch between the check and the commit: her row now fails,
    and none of the file's people is written."""
    kind = ApplicantImport()
    plan = run("development.xlsx", world.clerk_a)
    applicant_create(organization=world.branch_a2, actor=world.clerk_a, name="刘晓燕", id_number=LIU,
                     applied_on=D(2026, 9, 1))
    with pytest.raises(ValidationError) as exc:
        kind.commit(plan, user=world.clerk_a, filename="development.xlsx")
    assert exc.value.messages == ["第2行 公民身份号码：此人已在发展党员流程中。"]
    assert list(Applicant.objects.values_list("name", "organization__code")) == [("刘晓燕", "T-A2")]
    assert (Step.objects.count(), Member.objects.count()) == (1, 0)
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()


def test_check_lists_every_bad_row(world):
    plan = run("development_bad.xlsx", world.clerk_a)
    assert errors(plan) == [
        (2, "确定为积极分子日期", "“确定为入党积极分子”不能早于“派人谈话”（2025年1月20日）。"),
        (3, "确定为发展对象日期", "入党积极分子须经过12个月以上培养考察，最早可于2025年3月1日确定为发展对象。"),
        (4, "党支部", "找不到党组织“石桥村党支部”，或它不在您的管理范围内。"),
        (5, "公民身份号码", "公民身份号码校验位不正确，请核对。"),
        (7, "公民身份号码", "与文件中前面的行身份证号重复：每人只填一行。"),
        (8, "谈话日期", "应在收到入党申请书后1个月内谈话（最迟2025年2月5日）。"),
        (9, "确定为积极分子日期", "登记“确定为入党积极分子”之前，须先完成：派人谈话。"),
        (10, "申请入党日期", "日期“2025-02-30”不存在。"),
        (11, "姓名", "“姓名”为必填项，不能为空。"),
        (12, "培训学时", "集中培训不少于3天或24学时（本次1天、8学时）。"),
        (13, "上级党委审批日期", "上级党委应在支部大会通过后3个月内审批，最迟2024年9月3日（特殊情况最长6个月，须注明）。"),
    ]
    assert (plan.total, plan.new) == (12, 1)  # row 6 alone is good
    assert not Applicant.objects.exists() and not Step.objects.exists()


def test_approval_needs_the_higher_committee(world):
    """A branch secretary imports the pipeline of the branch, but not 上级党委审批: that row is refused."""
    secretary = make_user("secretary_a2", Role.BRANCH_SECRETARY, world.branch_a2)
    plan = run("development.xlsx", secretary)
    assert errors(plan) == [
        (2, "党支部", "找不到党组织“柳树村党支部”，或它不在您的管理范围内。"),
        (3, "党支部", "找不到党组织“柳树村党支部”，或它不在您的管理范围内。"),
        (4, "党支部", "找不到党组织“T-A1”，或它不在您的管理范围内。"),
        (5, "上级党委审批日期", "审批须由上级党委（乡镇党委或县委组织部）登记。")]


def test_page_commits_another_township_gets_nothing_a_reader_is_refused(world, client_for):
    content = (FIXTURES / "development.xlsx").read_bytes()
    outsider = client_for(world.clerk_b).post(reverse("development:import"),
                                              {"file": SimpleUploadedFile("development.xlsx", content)})
    assert [(e["row"], e["message"]) for e in outsider.context["plan"].errors] == [
        (2, "找不到党组织“柳树村党支部”，或它不在您的管理范围内。"), (3, "找不到党组织“柳树村党支部”，或它不在您的管理范围内。"),
        (4, "找不到党组织“T-A1”，或它不在您的管理范围内。"), (5, "找不到党组织“城关镇机关党支部”，或它不在您的管理范围内。")]
    assert outsider.context["token"] == "" and not Applicant.objects.exists()  # nothing to confirm
    reader = client_for(world.viewer_a)
    assert reader.get(reverse("development:import")).status_code == 403
    assert reader.post(reverse("development:import"),
                       {"file": SimpleUploadedFile("development.xlsx", content)}).status_code == 403
    assert reader.get(reverse("development:import_template")).status_code == 403
    client = client_for(world.clerk_a)
    board = client.get(reverse("development:board"))
    assert reverse("development:import") in board.content.decode()
    checked = client.post(reverse("development:import"), {"file": SimpleUploadedFile("development.xlsx", content)})
    done = client.post(reverse("development:import"), {"token": checked.context["token"]})
    assert done.status_code == 302 and Applicant.objects.count() == 4 and Step.objects.count() == 24
    template = client.get(reverse("development:import_template"))
    assert template.status_code == 200 and template["Content-Disposition"].endswith(
        "%E5%8F%91%E5%B1%95%E5%85%9A%E5%91%98%E5%8F%B0%E8%B4%A6%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx")


def test_the_same_file_saved_as_xls(world):
    """The .xls LibreOffice wrote, read by the core reader (every format goes through it)."""
    plan = run("development.xls", world.clerk_a)
    assert (errors(plan), plan.total, plan.new) == ([], 4, 4)
    ApplicantImport().commit(plan, user=world.clerk_a, filename="development.xls")
    assert Applicant.objects.count() == 4 and Step.objects.count() == 24
