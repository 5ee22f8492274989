"""The 工作日历 pages: county organization department and system administrators only."""

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from audit.models import AuditAction, AuditEvent
from workcalendar.models import CalendarDay

D = datetime.date
OUTSIDERS = ["clerk_a", "clerk_b", "secretary_a1", "secretary_b1", "viewer_a", "auditor", "nobody"]


def _upload(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "类型", "名称"])
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "2027.xlsx"
    return buffer


def _urls(pk):
    return [reverse("workcalendar:index"), reverse("workcalendar:create"), reverse("workcalendar:edit", args=[pk]),
            reverse("workcalendar:delete", args=[pk]), reverse("workcalendar:import"),
            reverse("workcalendar:import_template"), reverse("workcalendar:index") + "?export=xlsx"]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_other_roles_get_403_everywhere(world, client_for, persona):
    client = client_for(getattr(world, persona))
    day = CalendarDay.objects.get(date=D(2025, 10, 1))
    for url in _urls(day.pk):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("workcalendar:create"), {"date": "2027-01-01", "is_workday": "0", "name": "元旦"}).status_code == 403
    assert client.post(reverse("workcalendar:edit", args=[day.pk]), {"date": "2025-10-01", "is_workday": "0", "name": "改"}).status_code == 403
    assert client.post(reverse("workcalendar:delete", args=[day.pk])).status_code == 403
    assert client.post(reverse("workcalendar:import"), {"year": 2027, "file": _upload([("2027-01-01", "放假", "元旦")])}).status_code == 403
    day.refresh_from_db()
    assert day.name == "国庆节、中秋节" and not CalendarDay.objects.filter(date__year=2027).exists()
    assert not AuditEvent.objects.filter(content_type__model="calendarday").exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("workcalendar:index"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("persona,shown", [("county_officer", True), ("sysadmin", True), ("clerk_a", False),
                                           ("secretary_a1", False), ("auditor", False)])
def test_nav_link_only_for_keepers(world, client_for, persona, shown):
    body = client_for(getattr(world, persona)).get(reverse("home:home")).content.decode()
    assert (reverse("workcalendar:index") in body) is shown


@pytest.mark.parametrize("persona", ["county_officer", "sysadmin"])
def test_year_view_lists_the_arrangement(world, client_for, persona, django_assert_max_num_queries):
    client = client_for(getattr(world, persona))
    with django_assert_max_num_queries(14):  # session, user, roles, menu flags + 4 of the page: none per row
        response = client.get(reverse("workcalendar:index") + "?year=2025")
    body = response.content.decode()
    assert response.status_code == 200
    assert "国庆节、中秋节" in body and "10月1日至10月8日（共8天）" in body and "9月28日（周日）、10月11日（周六）" in body
    assert "放假 28 天，调休上班 5 天" in body


def test_year_view_filters_and_warns_for_a_year_not_entered(world, client_for):
    client = client_for(world.county_officer)
    body = client.get(reverse("workcalendar:index") + "?year=2025&type=workday").content.decode()
    assert body.count("badge text-bg-primary\">上班</span></td>") == 5
    body = client.get(reverse("workcalendar:index") + "?year=2025&q=春节").content.decode()
    assert "<td>2025-01-28</td>" in body and "<td>2025-10-01</td>" not in body
    body = client.get(reverse("workcalendar:index") + "?year=2031").content.decode()
    assert "2031年尚未录入放假安排" in body


def test_export_is_audited(world, client_for):
    response = client_for(world.county_officer).get(reverse("workcalendar:index") + "?year=2026&type=holiday&export=xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 33 and rows[1][:3] == (datetime.datetime(2026, 1, 1), "放假", "元旦")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.extra["rows"] == 33 and event.extra["year"] == 2026


def test_add_edit_and_delete_with_confirmation(world, client_for):
    client = client_for(world.county_officer)
    response = client.post(reverse("workcalendar:create"), {"date": "2027-01-01", "is_workday": "0", "name": "元旦"})
    assert response.status_code == 302 and response["Location"].endswith("?year=2027")
    day = CalendarDay.objects.get(date=D(2027, 1, 1))
    response = client.post(reverse("workcalendar:edit", args=[day.pk]), {"date": "2027-01-01", "is_workday": "0", "name": "元旦节"})
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.name == "元旦节"
    confirm = client.get(reverse("workcalendar:delete", args=[day.pk]))
    assert "确认删除" in confirm.content.decode() and CalendarDay.objects.filter(pk=day.pk).exists()
    client.post(reverse("workcalendar:delete", args=[day.pk]))
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    actions = list(AuditEvent.objects.filter(content_type__model="calendarday").values_list("action", flat=True))
    assert sorted(actions) == sorted([AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE])


def test_form_errors_keep_the_input(world, client_for):
    client = client_for(world.county_officer)
    response = client.post(reverse("workcalendar:create"), {"date": "2027-01-04", "is_workday": "1", "name": "元旦"})
    body = response.content.decode()
    assert response.status_code == 200 and "只能是周六或周日" in body and 'value="2027-01-04"' in body
    response = client.post(reverse("workcalendar:create"), {"date": "2025-10-01", "is_workday": "0", "name": "国庆节"})
    assert "已在工作日历中" in response.content.decode()


def test_import_checks_then_writes_on_confirm(world, client_for):
    client = client_for(world.county_officer)
    url = reverse("workcalendar:import")
    response = client.post(url, {"year": 2027, "file": _upload([("2027-01-01", "放假", "元旦"), ("2027-02-06", "上班", "春节")])})
    body = response.content.decode()
    assert "将新增 <strong>2</strong> 天" in body and not CalendarDay.objects.filter(date__year=2027).exists()
    response = client.post(url, {"token": response.context["token"]})
    assert response.status_code == 302
    assert CalendarDay.objects.filter(date__year=2027).count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT).count() == 1


def test_import_with_bad_rows_lists_them_and_writes_nothing(world, client_for):
    client = client_for(world.county_officer)
    response = client.post(reverse("workcalendar:import"), {
        "year": 2027, "file": _upload([("2027-01-01", "放假", "元旦"), ("2027-01-04", "上班", ""), ("2027-01-05", "放假", "")])})
    body = response.content.decode()
    assert "发现 2 处错误，未写入任何数据" in body and 'name="token"' not in body
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_import_confirm_says_what_changed_and_returns_to_the_year(world, client_for):
    client = client_for(world.county_officer)
    url = reverse("workcalendar:import")
    token = client.post(url, {"year": 2027, "file": _upload([("2027-01-01", "放假", "元旦")])}).context["token"]
    response = client.post(url, {"token": token})
    assert response.status_code == 302 and response["Location"] == "/calendar/?year=2027"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "2027年工作日历导入完成：新增 1 天、更新 0 天、未变 0 天、删除 0 天。"]


def test_import_with_an_expired_upload_starts_again(world, client_for):
    response = client_for(world.county_officer).post(reverse("workcalendar:import"), {"token": "gone"})
    assert response.status_code == 302 and response["Location"] == "/calendar/import/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["上传的文件已过期，请重新上传。"]


def test_import_refuses_a_file_over_one_megabyte(world, client_for):
    big = SimpleUploadedFile("2027.csv", b"x" * (1024 * 1024 + 1), content_type="text/csv")
    body = client_for(world.county_officer).post(reverse("workcalendar:import"), {"year": 2027, "file": big}).content.decode()
    assert "文件超过 1 MB：一个年度的安排只有几十行，请检查是否选错了文件。" in body and 'name="token"' not in body


def test_import_page_keeps_the_year_of_the_calendar_it_came_from(world, client_for):
    response = client_for(world.county_officer).get(reverse("workcalendar:import") + "?year=2026")
    body = response.content.decode()
    assert response.status_code == 200 and 'value="2026"' in body and 'href="/calendar/?year=2026"' in body


def test_import_template_downloads(world, client_for):
    response = client_for(world.sysadmin).get(reverse("workcalendar:import_template"))
    wb = load_workbook(io.BytesIO(response.content))
    assert next(wb["工作日历"].iter_rows(values_only=True)) == ("日期", "类型", "名称")
