"""Regression tests of "personal data that cannot leak": the full ID number and phone leave
the server only through the audited reveal and full export; nothing a user sees without a
reveal fills in a masked number; an ID number never travels in a URL or an audit row."""

from __future__ import annotations

import datetime
import io
import json
from urllib.parse import urlparse

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from audit.models import AuditAction, AuditEvent
from members import selectors
from members.idcard import WEIGHTS, check_char, id_sex, make_id, mask_id
from members.models import Member
from members.services.importing import plan_import
from members.services.member import member_create, member_update

from .factories import MemberFactory
from .test_services_importing import xlsx

FULL_ID, PHONE, BORN = "11010519491231002X", "13812345678", "1949-12-31"
NEW_ID = make_id("110105", datetime.date(1951, 3, 8), 123, "female")


def _leaks(text: str) -> list[str]:
    return [secret for secret in (FULL_ID, PHONE, BORN, "110105********002X") if secret in text]


@pytest.mark.parametrize("who", ["viewer", "county", "secretary"])
def test_browsable_api_page_shows_no_stored_values(api, people, member, who):
    response = api(getattr(people, who)).get(f"/api/v1/members/{member.pk}/?format=api")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert mask_id(FULL_ID) in body
    assert _leaks(body) == []
    # no HTML or raw-data forms at all: DRF would pre-fill them from the write serializer
    assert 'name="_content"' not in body and 'name="id_number"' not in body


def test_edit_form_shows_masks_and_no_birth_date(login, people, member):
    body = login(people.secretary).get(reverse("members:edit", args=[member.pk])).content.decode()
    assert mask_id(FULL_ID) in body and "138****5678" in body
    assert _leaks(body) == []


def _edit_data(member: Member, **changes: str) -> dict[str, str]:
    return {"name": member.name, "id_number": member.id_number_masked, "phone": member.phone_masked,
            "ethnicity": "01", "sex": member.sex, "join_date": "1975-07-01", "full_member_date": "1976-07-01",
            "category": "full", "status": "in_branch", **changes}


def test_saving_the_edit_form_untouched_keeps_the_stored_values(login, people, member):
    response = login(people.secretary).post(reverse("members:edit", args=[member.pk]), _edit_data(member, occupation="村医"))
    assert response.status_code == 302
    fresh = Member.objects.get(pk=member.pk)
    assert (fresh.id_number, fresh.phone, fresh.occupation) == (FULL_ID, PHONE, "村医")
    assert fresh.birth_date == datetime.date(1949, 12, 31)


def test_typing_a_full_new_id_changes_it_and_the_birth_date_follows(login, people, member):
    response = login(people.secretary).post(reverse("members:edit", args=[member.pk]),
                                            _edit_data(member, id_number=NEW_ID, phone="13900001111"))
    assert response.status_code == 302, response.content.decode()[:500]
    fresh = Member.objects.get(pk=member.pk)
    assert (fresh.id_number, fresh.phone, fresh.birth_date) == (NEW_ID, "13900001111", datetime.date(1951, 3, 8))
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(member.pk))
    assert event.changes["id_number"] == [mask_id(FULL_ID), mask_id(NEW_ID)]
    assert event.changes["birth_year"] == [1949, 1951]
    assert NEW_ID not in json.dumps(event.changes) and "1951-03-08" not in json.dumps(event.changes)


def test_a_new_id_with_the_same_mask_is_still_audited(people, member):
    same_mask = next(n for n in (make_id("110105", datetime.date(1949, 1, d), s, "female")
                                 for d in range(1, 29) for s in range(2, 1000, 10)) if n[-2:] == FULL_ID[-2:])
    member_update(member=member, actor=people.secretary, id_number=same_mask)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(member.pk))
    assert event.changes["id_number"] == [mask_id(FULL_ID), mask_id(same_mask)] and mask_id(same_mask) == mask_id(FULL_ID)


def test_a_tampered_mask_is_refused(login, people, member):
    response = login(people.secretary).post(reverse("members:edit", args=[member.pk]),
                                            _edit_data(member, id_number="110105**********9X"))
    assert response.status_code == 200 and "请保留原脱敏显示" in response.content.decode()
    assert Member.objects.get(pk=member.pk).id_number == FULL_ID


def test_api_patch_with_the_mask_keeps_the_stored_id(api, people, member):
    r = api(people.secretary).patch(f"/api/v1/members/{member.pk}/", {"id_number": mask_id(FULL_ID), "notes": "x"},
                                    format="json")
    assert r.status_code == 200, r.content
    assert Member.objects.get(pk=member.pk).id_number == FULL_ID and _leaks(r.content.decode()) == []


def test_api_birth_date_mismatch_does_not_quote_the_stored_date(api, people, member):
    r = api(people.secretary).patch(f"/api/v1/members/{member.pk}/", {"birth_date": "1950-01-01"}, format="json")
    assert r.status_code == 400 and _leaks(r.content.decode()) == []


def test_pages_api_and_masked_export_show_the_birth_year_only(login, api, people, member):
    client = login(people.viewer)
    for url in (reverse("members:roll"), reverse("members:detail", args=[member.pk])):
        body = client.get(url).content.decode()
        assert "1949" in body and _leaks(body) == [], url
    item = api(people.viewer).get("/api/v1/members/").json()["results"][0]
    assert item["birth_year"] == 1949 and "birth_date" not in item and _leaks(json.dumps(item)) == []
    response = client.get(reverse("members:roll"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][3] == "出生年份" and rows[1][3] == 1949 and rows[1][4] == mask_id(FULL_ID)


def test_full_export_keeps_the_full_birth_date(login, people, member):
    response = login(people.township).get(reverse("members:roll"), {"export": "xlsx", "full": "1"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][3] == "出生日期" and rows[1][3].date() == datetime.date(1949, 12, 31) and rows[1][4] == FULL_ID


def test_audit_rows_of_a_member_hold_no_birth_date_beside_the_mask(people, tree):
    m = member_create(organization=tree.b1, actor=people.secretary, name="刘洋", id_number=FULL_ID, phone=PHONE,
                      join_date=datetime.date(1975, 7, 1), full_member_date=datetime.date(1976, 7, 1), category="full")
    member_update(member=m, actor=people.secretary, phone="13900001111")
    text = json.dumps([[e.changes, e.extra] for e in AuditEvent.objects.all()], ensure_ascii=False)
    assert _leaks(text) == [] and "13900001111" not in text and mask_id(FULL_ID) in text


def test_old_audit_rows_are_shown_redacted(login, people, member):
    # written before the fix: the old mask beside the full birth date, a raw ID in the filters
    event = AuditEvent.objects.create(
        action=AuditAction.UPDATE, object_id=str(member.pk), org_path=member.organization.path,
        content_type=ContentType.objects.get_for_model(Member),
        changes={"birth_date": [None, BORN], "id_number": [None, "110105********002X"]},
        extra={"filters": {"q": FULL_ID}})
    assert event.shown_changes == {"birth_year": [None, "1949"], "id_number": [None, mask_id(FULL_ID)]}
    assert event.shown_extra == {"filters": {"q": mask_id(FULL_ID)}}
    body = login(people.viewer).get(reverse("members:detail", args=[member.pk])).content.decode()
    assert _leaks(body) == [] and mask_id(FULL_ID) in body


def _candidates(masked: str, birth_year: int, sex: str) -> int:
    """How many valid ID numbers fit a mask, a birth year and a sex (what a user sees)."""
    head, tail = masked[:6], masked[-2:]
    count = 0
    day = datetime.date(birth_year, 1, 1)
    while day.year == birth_year:
        for seq in range(1000):
            body = f"{head}{day:%Y%m%d}{seq:03d}"
            if body[-1] == tail[0] and check_char(body) == tail[1] and id_sex(body + "0") == sex:
                count += 1
        day += datetime.timedelta(days=1)
    return count


def test_what_is_shown_cannot_be_filled_in_to_one_number(member):
    assert len(WEIGHTS) == 17
    # the old mask beside the full birth date was the number itself; the new one leaves thousands
    assert _candidates(member.id_number_masked, member.birth_year, member.sex) > 1000


def test_roll_search_by_id_keeps_the_number_out_of_urls_and_audit(login, people, member):
    client = login(people.township)
    response = client.post(reverse("members:roll"), {"q": FULL_ID.lower()})
    assert response.status_code == 302
    location = response["Location"]
    assert FULL_ID not in location.upper() and "idq=" in location
    page = client.get(location)
    assert [m.name for m in page.context["page"].object_list] == ["王红"]
    export = client.get(location + "&export=xlsx")
    assert export.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert _leaks(json.dumps(event.extra, ensure_ascii=False)) == []
    assert urlparse(location).query.split("idq=")[1] not in json.dumps(event.extra)


def test_a_hand_made_url_with_an_id_is_moved_out_and_never_audited(login, people, member):
    client = login(people.township)
    response = client.get(reverse("members:roll"), {"q": FULL_ID, "export": "xlsx"})
    assert response.status_code == 302 and FULL_ID not in response["Location"]
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_id_search_finds_nobody_outside_the_scope(login, people, member):
    client = login(people.west_clerk)
    page = client.get(client.post(reverse("members:roll"), {"q": FULL_ID})["Location"])
    assert list(page.context["page"].object_list) == []


def test_id_searches_are_limited_per_user(login, people, member, monkeypatch):
    monkeypatch.setattr(selectors, "ID_SEARCHES_PER_HOUR", 2)
    client = login(people.viewer)
    locations = [client.post(reverse("members:roll"), {"q": FULL_ID})["Location"] for _ in range(3)]
    assert ["idq=" in loc for loc in locations] == [True, True, False]
    assert api_search_status(people.viewer) == 429


def api_search_status(user) -> int:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client.post("/api/v1/members/search/", {"id_number": FULL_ID}, format="json").status_code


def test_api_refuses_an_id_in_the_query_string_and_searches_by_post(api, people, member, tree):
    MemberFactory(organization=tree.b2, name="西村党员")
    client = api(people.viewer)
    r = client.get("/api/v1/members/", {"q": FULL_ID})
    assert r.status_code == 400 and "POST" in str(r.json()["q"])
    found = client.post("/api/v1/members/search/", {"id_number": FULL_ID}, format="json").json()
    assert [m["name"] for m in found] == ["王红"] and _leaks(json.dumps(found)) == []
    assert api(people.west_clerk).post("/api/v1/members/search/", {"id_number": FULL_ID}, format="json").json() == []


def test_create_with_an_id_on_another_townships_roll_says_nothing_about_it(login, people, member, tree):
    data = {"name": "刘洋", "id_number": FULL_ID, "ethnicity": "01", "join_date": "1975-07-01",
            "full_member_date": "1976-07-01", "category": "full", "status": "in_branch"}
    body = login(people.other_secretary).post(reverse("members:create", args=[tree.b2.pk]), data).content.decode()
    assert "该公民身份号码无法登记" in body
    assert "王红" not in body and "东村" not in body and "在册党员记录" not in body
    assert Member.objects.filter(id_number_index=member.id_number_index).count() == 1


def test_a_duplicate_inside_the_scope_is_named_as_such(login, people, member, tree):
    data = {"name": "刘洋", "id_number": FULL_ID, "ethnicity": "01", "join_date": "1975-07-01",
            "full_member_date": "1976-07-01", "category": "full", "status": "in_branch"}
    body = login(people.township).post(reverse("members:create", args=[tree.b1b.pk]), data).content.decode()
    assert "已有一条在册党员记录" in body


def test_import_of_an_id_on_another_townships_roll_says_nothing_about_it(people, member):
    rows = [["刘洋", FULL_ID, "1975-07-01", "1976-07-01", "正式党员", "西村党支部", "", "", ""]]
    plan = plan_import(xlsx(rows), "roll.xlsx", user=people.west_clerk)
    messages = " ".join(e["message"] for e in plan.errors)
    assert "该公民身份号码无法登记" in messages and plan.creates == []
    assert "王红" not in messages and "东村" not in messages and "党员" not in messages
