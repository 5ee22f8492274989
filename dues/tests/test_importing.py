"""The history imports of the dues ledger (dues.importing on core.importing.resources), run on
the fixture files LibreOffice wrote (fixtures/make_fixtures.py): exact bases and payments
created, exact errors, all-or-nothing commit, idempotent re-import, scope, the pages."""

import datetime
import io
import pathlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditAction, AuditEvent
from core.importing.cells import CellError
from dues.importing import BaseImport, PaymentImport, month_parser
from dues.models import DuesBase, DuesPayment
from members.tests.factories import MemberFactory

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
D = datetime.date


@pytest.fixture
def books(world):  # type: ignore[no-untyped-def]
    """The rolls the fixture files name: five members of 柳树村党支部, 孙丽 of 城关镇机关党支部,
    石大山 of 石桥村党支部 (the other township)."""
    joined = {"join_date": D(2010, 7, 1), "full_member_date": D(2011, 7, 1)}
    roll = {n: MemberFactory(organization=world.branch_a1, name=n, **joined) for n in ("王建国", "李明", "张秀英", "赵刚", "陈芳")}
    roll["孙丽"] = MemberFactory(organization=world.branch_a2, name="孙丽", **joined)
    roll["石大山"] = MemberFactory(organization=world.branch_b1, name="石大山", **joined)
    return roll


def run(kind, name, user):  # type: ignore[no-untyped-def]
    with open(FIXTURES / name, "rb") as f:
        return kind.plan(f, name, user=user)


def errors(plan):  # type: ignore[no-untyped-def]
    return [(e["row"], e["column"], e["message"]) for e in plan.errors]


def import_bases(world):  # type: ignore[no-untyped-def]
    kind = BaseImport()
    return kind.commit(run(kind, "bases.xlsx", world.clerk_a), user=world.clerk_a, filename="bases.xlsx")


def bases():  # type: ignore[no-untyped-def]
    return sorted((b.member.name, b.effective_from, b.kind, b.monthly_income, b.fixed_amount, b.note)
                  for b in DuesBase.objects.select_related("member"))


def payments():  # type: ignore[no-untyped-def]
    return sorted((p.member.name, p.organization.name, p.month, p.amount, p.amount_due, p.paid_on)
                  for p in DuesPayment.objects.select_related("member", "organization"))


# --- bases ---------------------------------------------------------------------------------------
def test_bases_check_writes_nothing(world, books):
    plan = run(BaseImport(), "bases.xlsx", world.clerk_a)
    assert errors(plan) == []
    assert (plan.total, plan.new, plan.existing) == (5, 5, 0)
    assert not DuesBase.objects.exists() and not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()


def test_bases_commit_writes_each_base_through_the_ledger(world, books):
    assert import_bases(world) == {"created": 5, "unchanged": 0}
    assert bases() == [
        ("孙丽", D(2025, 1, 1), "student", None, None, ""),
        ("张秀英", D(2025, 3, 1), "farmer", None, Decimal("0.50"), ""),
        ("李明", D(2025, 1, 1), "retired", Decimal("6000.00"), None, "离退休费"),
        ("王建国", D(2025, 1, 1), "employed", Decimal("4500.00"), None, ""),
        ("王建国", D(2026, 1, 1), "employed", Decimal("5200.00"), None, "调资")]
    assert set(DuesBase.objects.values_list("created_by", flat=True)) == {world.clerk_a.pk}
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert (event.actor, event.extra) == (world.clerk_a, {"file": "bases.xlsx", "kind": "duesbaseimport",
                                                          "created": 5, "unchanged": 0})
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, content_type__model="duesbase").count() == 5


def test_bases_reimport_creates_nothing(world, books):
    import_bases(world)
    kind = BaseImport()
    again = run(kind, "bases.xlsx", world.clerk_a)
    assert (errors(again), again.new, again.existing) == ([], 0, 5)
    assert kind.commit(again, user=world.clerk_a, filename="bases.xlsx") == {"created": 0, "unchanged": 5}
    assert DuesBase.objects.count() == 5


def test_bases_check_lists_every_bad_row(world, books):
    plan = run(BaseImport(), "bases_bad.xlsx", world.clerk_a)
    assert errors(plan) == [
        (2, "党组织", "找不到党组织“石桥村党支部”，或它不在您的管理范围内。"),
        (3, "姓名", "柳树村党支部名册上找不到党员“钱多多”。"),
        (4, "姓名", "柳树村党支部名册上找不到党员“石大山”。"),
        (5, "起始月份", "月份“2025-13”不存在。"),
        (6, "月收入", "金额“四千”不是数字。"),
        (7, "自报金额", "农民党员每月交纳0.20元至1.00元，请填写自报金额。"),
        (9, "起始月份", "王建国2025年01月在本文件中已有一行，同一党员同一月份只能填一行。"),
        (10, "月收入", "在岗职工和离退休人员须填写月收入（元）。"),
        (11, "党员类别", "“干部”不是可选值（可选：在岗职工（按月税后工资）、离退休人员（按月离退休费）、农民党员、学生党员、"
                        "下岗失业党员、依靠救济党员）。"),
    ]
    assert not DuesBase.objects.exists()
    with pytest.raises(ValidationError):
        BaseImport().commit(plan, user=world.clerk_a, filename="bases_bad.xlsx")
    assert not DuesBase.objects.exists()


def test_month_cells():
    parse = month_parser(year_allowed=True)
    assert [parse(v) for v in ("2025-03", "2025/3", "2025.03", "2025年3月", "202503", "２０２５年３月", "2025-03-15",
                               2025, "2025年", D(2025, 3, 9), None, "")] == [
        D(2025, 3, 1)] * 7 + [D(2025, 1, 1)] * 2 + [D(2025, 3, 1), None, None]
    with pytest.raises(CellError, match="分不清是1月还是10月"):
        parse(2025.1)
    with pytest.raises(CellError, match="无法识别"):
        month_parser(year_allowed=False)("2025")


# --- payments ------------------------------------------------------------------------------------
def test_payments_commit_writes_each_month_at_the_amount_due_or_more(world, books):
    import_bases(world)
    kind = PaymentImport()
    plan = run(kind, "payments.xlsx", world.clerk_a)
    assert (errors(plan), plan.total, plan.new) == ([], 6, 6)
    assert not DuesPayment.objects.exists()
    assert kind.commit(plan, user=world.clerk_a, filename="payments.xlsx") == {"created": 6, "unchanged": 0}
    assert payments() == [
        ("孙丽", "城关镇机关党支部", D(2025, 3, 1), Decimal("0.20"), Decimal("0.20"), D(2025, 3, 31)),
        ("张秀英", "柳树村党支部", D(2025, 3, 1), Decimal("0.50"), Decimal("0.50"), D(2025, 3, 10)),
        ("李明", "柳树村党支部", D(2025, 3, 1), Decimal("60.00"), Decimal("60.00"), D(2025, 3, 15)),
        ("王建国", "柳树村党支部", D(2025, 1, 1), Decimal("45.00"), Decimal("45.00"), D(2025, 1, 20)),
        ("王建国", "柳树村党支部", D(2025, 2, 1), Decimal("45.00"), Decimal("45.00"), D(2025, 2, 28)),
        ("王建国", "柳树村党支部", D(2026, 1, 1), Decimal("100.00"), Decimal("78.00"), D(2026, 1, 5))]
    assert set(DuesPayment.objects.values_list("recorded_by", flat=True)) == {world.clerk_a.pk}
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT).latest("pk").extra == {
        "file": "payments.xlsx", "kind": "duespaymentimport", "created": 6, "unchanged": 0}
    again = run(kind, "payments.xlsx", world.clerk_a)
    assert (errors(again), again.new, again.existing) == ([], 0, 6)
    kind.commit(again, user=world.clerk_a, filename="payments.xlsx")
    assert DuesPayment.objects.count() == 6


def test_payments_check_lists_every_bad_row_and_the_commit_writes_nothing(world, books):
    import_bases(world)
    plan = run(PaymentImport(), "payments_bad.xlsx", world.clerk_a)
    assert errors(plan) == [
        (2, "党组织", "找不到党组织“石桥村党支部”，或它不在您的管理范围内。"),
        (3, "姓名", "柳树村党支部名册上找不到党员“钱多多”。"),
        (4, "姓名", "柳树村党支部名册上找不到党员“石大山”。"),
        (5, "所属月份", "月份“2025-00”不存在。"),
        (6, "交纳金额", "金额“-5”须大于零。"),
        (7, "交纳金额", "李明2025年01月应交60.00元，交纳金额不能少于应交金额。"),
        (9, "所属月份", "王建国2025年02月在本文件中已有一行，同一党员同一月份只能填一行。"),
        (10, "所属月份", "张秀英2024年12月未核定党费基数，请先核定。"),
    ]
    assert not DuesPayment.objects.exists()
    with pytest.raises(ValidationError):
        PaymentImport().commit(plan, user=world.clerk_a, filename="payments_bad.xlsx")
    assert not DuesPayment.objects.exists()


def test_commit_is_all_or_nothing_when_the_books_changed_since_the_check(world, books):
    """A row that became wrong between the check and the commit (李明 left the roll) rolls back
    the rows before it: nothing is written."""
    import_bases(world)
    kind = PaymentImport()
    plan = run(kind, "payments.xlsx", world.clerk_a)
    assert plan.errors == []
    books["李明"].status = "transferred_out"
    books["李明"].save(update_fields=["status"])
    with pytest.raises(ValidationError):
        kind.commit(plan, user=world.clerk_a, filename="payments.xlsx")
    assert not DuesPayment.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORT, extra__kind="duespaymentimport").exists()


def test_the_same_payments_saved_as_xls(world, books):
    """The .xls LibreOffice wrote, read by the core reader (every format goes through it)."""
    import_bases(world)
    plan = run(PaymentImport(), "payments.xls", world.clerk_a)
    assert (errors(plan), plan.total, plan.new) == ([], 6, 6)


# --- the pages -----------------------------------------------------------------------------------
KINDS = [("bases", "bases.xlsx", DuesBase, 5), ("payments", "payments.xlsx", DuesPayment, 6)]


def upload(client, name, fixture):  # type: ignore[no-untyped-def]
    content = (FIXTURES / fixture).read_bytes()
    return client.post(reverse(f"dues:import_{name}"), {"file": SimpleUploadedFile(fixture, content)})


def test_pages_check_confirm_commit(world, client_for, books):
    client = client_for(world.clerk_a)
    for name, fixture, model, rows in KINDS:
        checked = upload(client, name, fixture)
        assert checked.status_code == 200 and checked.context["plan"].errors == []
        assert not model.objects.exists()
        done = client.post(reverse(f"dues:import_{name}"), {"token": checked.context["token"]})
        assert done.status_code == 302 and done.url == reverse(f"dues:import_{name}")
        assert model.objects.count() == rows


def test_page_lists_the_bad_rows_and_offers_no_confirm(world, client_for, books):
    page = upload(client_for(world.clerk_a), "bases", "bases_bad.xlsx").content.decode()
    assert "共 10 行，其中 <strong>9</strong> 行有错误。" in page and 'name="token"' not in page
    assert "柳树村党支部名册上找不到党员“钱多多”。" in page


@pytest.mark.parametrize(("name", "fixture", "model", "rows"), KINDS)
def test_another_township_gets_nothing(world, client_for, books, name, fixture, model, rows):
    if name == "payments":
        import_bases(world)
    before = model.objects.count()
    response = upload(client_for(world.clerk_b), name, fixture)
    plan = response.context["plan"]
    assert plan.new == 0 and len(plan.errors) == rows and not response.context["token"]
    assert {e["message"].split("“")[0] for e in plan.errors} == {"找不到党组织"}
    assert model.objects.count() == before


@pytest.mark.parametrize("name", ["bases", "payments"])
def test_viewer_may_not_import(world, client_for, name):
    client = client_for(world.viewer_a)
    assert client.get(reverse(f"dues:import_{name}")).status_code == 403
    assert client.get(reverse(f"dues:import_{name}_template")).status_code == 403


def test_templates_carry_the_chinese_headers_and_an_example_row(world, client_for):
    client = client_for(world.clerk_a)
    sheets = {}
    for name in ("bases", "payments"):
        response = client.get(reverse(f"dues:import_{name}_template"))
        assert response.status_code == 200
        sheets[name] = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert sheets["bases"][:2] == [
        ("*党组织", "*姓名", "身份证号", "*党员类别", "月收入", "自报金额", "*起始月份", "说明"),
        ("柳树村党支部", "王建国", None, "在岗职工", 4500, None, "2025-01", "示例行（导入时跳过）")]
    assert sheets["payments"][0] == ("*党组织", "*姓名", "身份证号", "*所属月份", "交纳金额", "交纳日期")
    template = client.get(reverse("dues:import_payments_template")).content
    plan = client.post(reverse("dues:import_payments"),
                       {"file": SimpleUploadedFile("党费缴纳记录导入模板.xlsx", template)}).context["plan"]
    assert (plan.total, plan.skipped, plan.errors) == (0, 1, [])


def test_the_overview_links_to_the_imports(world, client_for):
    page = client_for(world.clerk_a).get(reverse("dues:overview")).content.decode()
    assert reverse("dues:import_bases") in page and reverse("dues:import_payments") in page
    assert reverse("dues:import_bases") not in client_for(world.viewer_a).get(reverse("dues:overview")).content.decode()


def test_the_go_live_checklist_links_to_the_imports_and_counts_what_they_wrote(world, client_for, books):
    client = client_for(world.clerk_a)
    html = client.get(reverse("dashboards:golive")).content.decode()
    assert f'<a href="{reverse("dues:import_bases")}" class="small">去导入</a>' in html
    assert f'<a href="{reverse("dues:import_payments")}" class="small">去导入</a>' in html
    import_bases(world)
    kind = PaymentImport()
    kind.commit(run(kind, "payments.xlsx", world.clerk_a), user=world.clerk_a, filename="payments.xlsx")
    (row,) = client.get(reverse("dashboards:golive")).context["result"].rows
    figures = {book.key: (fig.done, fig.expected) for book, fig in row.figures}
    paid_this_year = int(datetime.date.today().year == 2026)  # the fixture's one payment of 2026 (王建国, 1月)
    assert (figures["dues_bases"], figures["dues_payments"]) == ((4, 6), (paid_this_year, 2))
