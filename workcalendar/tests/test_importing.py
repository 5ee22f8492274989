"""Import of a year's arrangement: every bad row reported, nothing written unless all are good."""

import datetime
import io

from openpyxl import Workbook, load_workbook

from audit.models import AuditAction, AuditEvent
from workcalendar import services
from workcalendar.importing import plan_import
from workcalendar.models import CalendarDay

D = datetime.date


def xlsx(rows, headers=("日期", "类型", "名称")) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


GOOD_2027 = [("2027-01-01", "放假", "元旦"), (datetime.datetime(2027, 1, 2), "放假", "元旦"),
             ("2027/1/3", "放假", "元旦"), ("2027年2月6日", "上班", "春节")]


def _import(plan, user):
    return services.calendar_import(actor=user, year=plan.year, rows=plan.rows, filename="x.xlsx")


def test_a_good_file_is_written_and_audited(world):
    plan = plan_import(xlsx(GOOD_2027), "x.xlsx", year=2027)
    assert plan.errors == [] and (plan.created, plan.updated, plan.deleted) == (4, 0, 0)
    result = _import(plan, world.county_officer)
    assert result == {"created": 4, "updated": 0, "unchanged": 0, "deleted": 0}
    assert CalendarDay.objects.get(date=D(2027, 2, 6)).is_workday
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, content_type__model="calendarday").count() == 4
    summary = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert summary.extra["year"] == 2027 and summary.org_path == world.county.path


def test_every_bad_row_is_reported_and_nothing_written(world):
    rows = [
        ("2027-01-01", "放假", "元旦"),          # 2 good
        ("2027-01-04", "上班", ""),              # 3 a Monday cannot be an adjusted workday
        ("2027-01-05", "放假", ""),              # 4 a holiday needs a name
        ("2027-13-01", "放假", "元旦"),          # 5 no such date
        ("2027-01-06", "休假日", "元旦"),        # 6 unknown type
        ("2026-12-31", "放假", "元旦"),          # 7 another year
        ("2027-01-01", "放假", "元旦"),          # 8 duplicate of row 2
        ("", "放假", "元旦"),                    # 9 no date
    ]
    plan = plan_import(xlsx(rows), "x.xlsx", year=2027)
    assert [e["row"] for e in plan.errors] == [3, 4, 5, 6, 7, 8, 9]
    messages = " ".join(e["message"] for e in plan.errors)
    for text in ("只能是周六或周日", "放假日须填写名称", "不存在", "不是可选值", "不在2027年", "与第2行的日期重复", "必填"):
        assert text in messages
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_a_missing_column_is_reported(world):
    plan = plan_import(xlsx([("2027-01-01", "元旦")], headers=("日期", "名称")), "x.xlsx", year=2027)
    assert "缺少必填列：类型" in plan.errors[0]["message"]


def test_not_a_spreadsheet_is_reported(world):
    plan = plan_import(io.BytesIO(b"not a zip"), "x.xlsx", year=2027)
    assert plan.errors and plan.errors[0]["column"] == "文件"


def test_import_makes_the_year_exactly_the_file(world):
    services.calendar_day_create(actor=world.county_officer, date=D(2027, 5, 1), is_workday=False, name="劳动节")
    services.calendar_day_create(actor=world.county_officer, date=D(2027, 1, 1), is_workday=False, name="新年")
    plan = plan_import(xlsx(GOOD_2027), "x.xlsx", year=2027)
    assert (plan.created, plan.updated, plan.unchanged, plan.deleted) == (3, 1, 0, 1)
    _import(plan, world.county_officer)
    assert sorted(CalendarDay.objects.filter(date__year=2027).values_list("date", "name")) == [
        (D(2027, 1, 1), "元旦"), (D(2027, 1, 2), "元旦"), (D(2027, 1, 3), "元旦"), (D(2027, 2, 6), "春节")]
    assert CalendarDay.objects.filter(date__year=2025).count() == 33  # other years untouched
    again = plan_import(xlsx(GOOD_2027), "x.xlsx", year=2027)
    assert _import(again, world.county_officer) == {"created": 0, "updated": 0, "unchanged": 4, "deleted": 0}


def test_a_failure_while_writing_leaves_the_year_as_it_was(world):
    before = sorted(CalendarDay.objects.filter(date__year=2025).values_list("date", "is_workday", "name"))
    plan = plan_import(xlsx([("2025-10-01", "放假", "国庆节")]), "x.xlsx", year=2025)
    bad = services.ImportRow(number=3, date=D(2025, 10, 6), is_workday=True, name="")  # a Monday: refused mid-way
    try:
        services.calendar_import(actor=world.county_officer, year=2025, rows=[*plan.rows, bad])
    except Exception as exc:
        assert "第3行" in str(exc)
    else:
        raise AssertionError("the bad row was written")
    assert sorted(CalendarDay.objects.filter(date__year=2025).values_list("date", "is_workday", "name")) == before


def test_an_export_imports_back_unchanged(world, client_for):
    response = client_for(world.county_officer).get("/calendar/?year=2025&export=xlsx")
    content = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0] == ("日期", "类型", "名称", "星期") and len(rows) == 34
    plan = plan_import(io.BytesIO(content), "工作日历2025.xlsx", year=2025)
    assert plan.errors == [] and (plan.created, plan.updated, plan.unchanged, plan.deleted) == (0, 0, 33, 0)
