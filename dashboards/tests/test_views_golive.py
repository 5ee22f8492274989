"""The go-live checklist 上线检查 (dashboards:golive) and its gap lists (dashboards:golive_gaps):
exact counts on a hand-built county, ready/not ready, scope, pinned queries, the drill-down,
both exports, the book registry, and the menu link."""

import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from core.testing import make_user
from dashboards.golive import BOOKS, Book, Figure
from development.tests.factories import applicant
from dues.services.ledger import dues_pay
from dues.tests.factories import member_with_base
from meetings.tests.conftest import on_roll, record, with_committee
from members.choices import ImportStatus
from members.models import ImportJob
from organizations.models import Organization
from organizations.rules import Field, Kind

URL = "/dashboards/golive/"
GAPS = "/dashboards/golive/gaps/"
D = datetime.date


def job(world, scope, status, at):  # type: ignore[no-untyped-def]
    j = ImportJob.objects.create(file="imports/x.xlsx", original_name="名册.xlsx", scope_path=scope.path,
                                 created_by=world.clerk_a, status=status)
    ImportJob.objects.filter(pk=j.pk).update(created_at=at)
    return j


@pytest.fixture
def books(world, frozen):
    """On 2026-04-15:
    城关镇 (a1, a2): a1 has 3 on the roll (2 with a dues base), a committee with its 书记, a
      payment for March, a 党小组 meeting this year, one applicant; a2 has nothing. Roll imports:
      one failed (a1), one checked and waiting (town_a), one failed but overtaken by a later
      successful import of the same scope → not ready.
    石桥乡 (b1): 2 on the roll, both with a base, a committee; no payment and only a 2025 meeting
      (informational) → ready."""
    a1 = [member_with_base(world.branch_a1), member_with_base(world.branch_a1), *on_roll(world.branch_a1, 1)]
    with_committee(world.branch_a1, a1)
    dues_pay(member=a1[0], months=[D(2026, 3, 1)], paid_on=D(2026, 4, 1), actor=None)
    record(world.group_a1, "group_meeting", D(2026, 2, 8))
    applicant(world.branch_a1)
    b1 = [member_with_base(world.branch_b1), member_with_base(world.branch_b1)]
    with_committee(world.branch_b1, b1)
    record(world.branch_b1, "branch_committee", D(2025, 11, 5))
    record(world.branch_b1, "branch_committee", D(2026, 3, 5), submit=False)  # a draft does not count
    t0 = datetime.datetime(2026, 4, 1, 9, tzinfo=datetime.timezone.utc)
    job(world, world.branch_a1, ImportStatus.FAILED, t0)
    job(world, world.town_a, ImportStatus.CHECKED, t0)
    job(world, world.branch_a2, ImportStatus.FAILED, t0)
    job(world, world.branch_a2, ImportStatus.DONE, t0 + datetime.timedelta(hours=1))
    job(world, world.branch_b1, ImportStatus.DONE, t0)
    return world


def figures(row):  # type: ignore[no-untyped-def]
    return {book.key: (fig.done, fig.expected) for book, fig in row.figures}


def test_county_officer_sees_every_township_with_exact_counts(books, client_for):
    r = client_for(books.county_officer).get(URL)
    assert r.status_code == 200
    rows = r.context["result"].rows
    assert [row.unit.name for row in rows] == ["城关镇党委", "石桥乡党委"]
    a, b = rows
    assert figures(a) == {"tree": (2, None), "roll": (1, 2), "terms": (1, 2), "secretaries": (1, 2),
                          "dues_bases": (2, 3), "dues_payments": (1, 2), "meetings": (1, 2), "development": (1, None)}
    assert (a.failed_imports, a.awaiting_imports, a.ready) == (1, 1, False)
    assert a.missing_books == ["有党员的党支部", "有本届班子的党组织", "配备书记的党支部", "已核定本年基数的党员"]
    assert figures(b) == {"tree": (1, None), "roll": (1, 1), "terms": (1, 1), "secretaries": (1, 1),
                          "dues_bases": (2, 2), "dues_payments": (0, 1), "meetings": (0, 1), "development": (0, None)}
    assert (b.failed_imports, b.awaiting_imports, b.ready) == (0, 0, True)
    html = r.content.decode()
    assert "共 2 个乡镇（街道），已就绪 <strong>1</strong> 个。" in html
    assert f'href="{GAPS}?book=roll&amp;unit={books.town_a.pk}">缺 1</a>' in html
    assert 'href="/members/import/"' in html and 'href="/organizations/import/"' in html
    # every book's import exists now (#17): each column links to its page
    for url in ("/committees/import/terms/", "/dues/import/bases/", "/dues/import/payments/", "/meetings/import/",
                "/development/import/"):
        assert f'href="{url}"' in html, url
    assert "暂无导入功能" not in html
    assert 'id="golive-calendar"' in html  # the county imports the holiday calendar


def test_township_staff_sees_their_own_township_only(books, client_for):
    r = client_for(books.clerk_b).get(URL)
    assert [row.unit.name for row in r.context["result"].rows] == ["石桥乡党委"]
    html = r.content.decode()
    assert "城关镇" not in html and 'id="golive-calendar"' not in html
    a = client_for(books.clerk_a).get(URL).context["result"].rows
    assert [(row.unit.name, row.failed_imports, row.awaiting_imports) for row in a] == [("城关镇党委", 1, 1)]


def test_a_clerk_who_also_views_the_county_checks_their_township_only(books, client_for):
    from accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=books.clerk_b, role=Role.VIEWER, organization=books.county)
    rows = client_for(books.clerk_b).get(URL).context["result"].rows
    assert [row.unit.name for row in rows] == ["石桥乡党委"]


def test_another_county_gets_nothing_of_this_one(books, client_for):
    other = Organization.add_root(name="中共远山县委", kind=Kind.COUNTY, code="O-C")
    town = other.add_child(name="远山镇党委", kind=Kind.TOWNSHIP, code="O-T")
    town.add_child(name="远山村党支部", kind=Kind.BRANCH, field=Field.VILLAGE, code="O-B")
    officer = make_user("other_county", Role.COUNTY_OFFICER, Organization.objects.get(pk=other.pk))
    r = client_for(officer).get(URL)
    rows = r.context["result"].rows
    assert [(row.unit.name, figures(row)["tree"], figures(row)["roll"], row.outstanding_imports) for row in rows] == [
        ("远山镇党委", (1, None), (0, 1), 0)]
    assert "城关镇" not in r.content.decode() and "石桥" not in r.content.decode()
    # naming this county's township in the gap list: 404, not its branches
    assert client_for(officer).get(GAPS, {"book": "roll", "unit": books.town_a.pk}).status_code == 404


@pytest.mark.parametrize("persona", ["secretary_a1", "viewer_a", "sysadmin", "auditor", "nobody"])
def test_roles_that_import_nothing_are_refused(world, client_for, persona):
    c = client_for(getattr(world, persona))
    assert c.get(URL).status_code == 403
    assert c.get(GAPS, {"book": "roll"}).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    for url in (URL, GAPS):
        r = client.get(url)
        assert r.status_code == 302 and "/login" in r["Location"]


def test_empty_county_says_to_import_the_tree_first(db, client_for):
    county = Organization.add_root(name="中共新县委", kind=Kind.COUNTY, code="N-C")
    officer = make_user("new_county", Role.COUNTY_OFFICER, county)
    r = client_for(officer).get(URL)
    assert r.context["result"].rows == []
    assert "您的管辖范围内还没有乡镇（街道）党组织。请先" in r.content.decode()


def test_a_township_with_no_branches_reads_zero_and_not_ready(world, client_for):
    world.county.add_child(name="新设镇党委", kind=Kind.TOWNSHIP, code="T-N")
    rows = client_for(world.county_officer).get(URL).context["result"].rows
    new = next(row for row in rows if row.unit.name == "新设镇党委")
    assert figures(new) == {"tree": (0, None), "roll": (0, 0), "terms": (0, 0), "secretaries": (0, 0),
                            "dues_bases": (0, 0), "dues_payments": (0, 0), "meetings": (0, 0), "development": (0, None)}
    assert not new.ready and new.missing_books[0] == "党支部"


def test_gap_lists_name_the_branches_missing_each_book(books, client_for):
    c = client_for(books.county_officer)

    def names(book, unit=None):  # type: ignore[no-untyped-def]
        params = {"book": book, **({"unit": unit.pk} if unit else {})}
        r = c.get(GAPS, params)
        assert r.status_code == 200
        return [o.name for o in r.context["page"].object_list]

    assert names("roll", books.town_a) == ["城关镇机关党支部"]
    assert names("terms", books.town_a) == ["城关镇机关党支部"]
    assert names("secretaries", books.town_a) == ["城关镇机关党支部"]
    assert names("dues_bases", books.town_a) == ["柳树村党支部"]
    assert names("meetings") == ["城关镇机关党支部", "石桥村党支部"]
    assert names("dues_payments", books.town_b) == ["石桥村党支部"]
    assert names("roll", books.town_b) == []
    empty = c.get(GAPS, {"book": "roll", "unit": books.town_b.pk}).content.decode()
    assert "这一项已经齐全，没有缺少的党组织。" in empty
    page = c.get(GAPS, {"book": "roll", "unit": books.town_a.pk})
    assert page.context["title"] == "城关镇党委：缺少“有党员的党支部”的党组织"
    assert page.context["page"].object_list[0].township_name == "城关镇党委"
    # a book without a gap list, an unknown one, a malformed unit
    assert c.get(GAPS, {"book": "development"}).status_code == 404
    assert c.get(GAPS, {"book": "nope"}).status_code == 404
    assert c.get(GAPS, {"book": "roll", "unit": "x"}).status_code == 400


def test_gap_list_of_another_township_is_404_and_own_scope_only(books, client_for):
    c = client_for(books.clerk_b)
    assert c.get(GAPS, {"book": "roll", "unit": books.town_a.pk}).status_code == 404
    r = c.get(GAPS, {"book": "meetings"})
    assert [o.name for o in r.context["page"].object_list] == ["石桥村党支部"]


def test_gap_list_export(books, client_for):
    r = client_for(books.county_officer).get(GAPS, {"book": "meetings", "export": "xlsx"})
    rows = list(load_workbook(BytesIO(b"".join(r.streaming_content))).active.iter_rows(values_only=True))
    assert rows[-3:] == [("乡镇（街道）", "党组织", "组织类别", "组织编码"),
                         ("城关镇党委", "城关镇机关党支部", "党支部", "T-A2"),
                         ("石桥乡党委", "石桥村党支部", "党支部", "T-B1")]


def test_checklist_export(books, client_for):
    r = client_for(books.county_officer).get(URL, {"export": "xlsx"})
    rows = list(load_workbook(BytesIO(b"".join(r.streaming_content))).active.iter_rows(values_only=True))
    header = rows[-3]
    assert header[:5] == ("乡镇（街道）", "组织树：党支部", "组织树：应有", "党员名册：有党员的党支部", "党员名册：应有")
    assert header[-4:] == ("导入失败", "待确认导入", "状态", "未齐项目")
    assert rows[-2] == ("城关镇党委", 2, None, 1, 2, 1, 2, 1, 2, 2, 3, 1, 2, 1, 2, 1, None, 1, 1, "未就绪",
                        "有党员的党支部、有本届班子的党组织、配备书记的党支部、已核定本年基数的党员")
    assert rows[-1] == ("石桥乡党委", 1, None, 1, 1, 1, 1, 1, 1, 2, 2, 0, 1, 0, 1, 0, None, 0, 0, "已就绪", None)


def test_query_count_is_constant_whatever_the_number_of_townships(books, client_for,
                                                                   django_assert_max_num_queries):
    c = client_for(books.county_officer)
    with django_assert_max_num_queries(19) as before:
        c.get(URL)
    for i in range(5):
        town = Organization.objects.get(pk=books.county.pk).add_child(name=f"新镇{i}党委", kind=Kind.TOWNSHIP,
                                                                      code=f"T-N{i}")
        branch = town.add_child(name=f"新村{i}党支部", kind=Kind.BRANCH, field=Field.VILLAGE, code=f"T-N{i}B")
        with_committee(branch, on_roll(branch, 2))
        record(branch, "branch_committee", D(2026, 3, 3))
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert len(c.get(URL).context["result"].rows) == 7


def test_a_registered_book_adds_its_column(books, client_for):
    """How a history import added later joins the checklist (DashboardsConfig.ready())."""
    book = Book(key="training", group="班子", label="书记参加培训", count=lambda cov: {cov.paths[0][:cov.width]: Figure(3, 4)},
                import_url="members:import", required=False)
    BOOKS.register(book)
    try:
        r = client_for(books.clerk_b).get(URL)
        (row,) = r.context["result"].rows
        assert figures(row)["training"] == (3, 4) and row.ready  # informational: does not block
        assert "书记参加培训" in r.content.decode()
    finally:
        BOOKS.unregister("training")


@pytest.mark.parametrize(("persona", "shown"), [
    ("county_officer", True), ("clerk_a", True), ("secretary_a1", False), ("viewer_a", False), ("sysadmin", False)])
def test_menu_link_only_for_the_offices_that_import(world, client_for, persona, shown):
    html = client_for(getattr(world, persona)).get("/").content.decode()
    assert ('id="nav-golive"' in html) is shown
