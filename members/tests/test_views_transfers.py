"""The transfer pages: the list of both sides, a letter issued, confirmed, withdrawn, its
receipt recorded; and 从系统外转入, a new member with the letter they brought, on a branch
the user keeps."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from audit.models import AuditAction, AuditEvent
from members.choices import TransferKind, TransferStatus
from members.models import Member, Transfer
from members.services.transfers import transfer_start_internal

from .factories import user_with

URL = reverse("members:transfer_in")


@pytest.fixture
def pending(tree, people, member):  # type: ignore[no-untyped-def]
    return transfer_start_internal(member=member, to_org=tree.b2, actor=people.secretary, letter_number="L1")


def test_browser_flow(login, people, tree, member):
    client = login(people.township)
    response = client.post(reverse("members:transfer_start", args=[member.pk]),
                           {"to_org": tree.b2.pk, "letter_number": "东组转1号", "letter_date": datetime.date.today().isoformat()})
    assert response.status_code == 302
    client = login(people.other_secretary)
    page = client.get(reverse("members:transfers"))
    assert page.context["incoming"] == 1
    transfer = Transfer.objects.get()
    client.post(reverse("members:transfer_confirm", args=[transfer.pk]))
    assert Member.objects.get(pk=member.pk).organization == tree.b2


@pytest.mark.parametrize("who,visible", [
    ("secretary", True), ("other_secretary", True), ("county", True), ("west_clerk", True),
    ("viewer", True), ("nobody", False),
])
def test_list_shows_both_sides_only(login, people, pending, who, visible):
    response = login(getattr(people, who)).get(reverse("members:transfers"))
    assert (len(response.context["page"].object_list) == 1) == visible


def test_list_filters_by_status_and_exports_both_sides(login, people, pending):
    client = login(people.other_secretary)  # the receiving side
    assert len(client.get(reverse("members:transfers"), {"status": "confirmed"}).context["page"].object_list) == 0
    assert len(client.get(reverse("members:transfers"), {"status": "pending"}).context["page"].object_list) == 1
    response = client.get(reverse("members:transfers"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][0] == "党员" and len(rows) == 2 and rows[1][0] == pending.member.name and rows[1][4] == "L1"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=people.other_secretary).count() == 1
    nobody = login(people.nobody).get(reverse("members:transfers"), {"export": "xlsx"})
    assert len(list(load_workbook(io.BytesIO(b"".join(nobody.streaming_content))).active.iter_rows())) == 1


def test_the_pager_keeps_the_filters(login, people, pending):
    """Page 2 of a filtered list is page 2 of the same filter (the pager links carry the query)."""
    response = login(people.other_secretary).get(reverse("members:transfers"), {"status": "pending", "page": "1"})
    assert response.context["query"] == "status=pending"


def test_outsider_gets_404(login, people, tree, pending):
    from .factories import org, user_with

    stranger = user_with("branch_secretary", org(tree.north, "北街党支部", "branch"), "stranger")
    client = login(stranger)
    assert client.post(reverse("members:transfer_confirm", args=[pending.pk])).status_code == 404
    assert client.post(reverse("members:transfer_cancel", args=[pending.pk])).status_code == 404


def test_sender_cannot_confirm_and_viewer_cannot_start(login, people, member, pending):
    login(people.secretary).post(reverse("members:transfer_confirm", args=[pending.pk]))
    assert Transfer.objects.get().status == "pending"
    assert login(people.viewer).get(reverse("members:transfer_start", args=[member.pk])).status_code == 403
    assert login(people.viewer).post(reverse("members:transfer_confirm", args=[pending.pk])).status_code == 403


def test_receipt_page_refuses_the_receiver(login, people, pending):
    assert login(people.other_secretary).get(reverse("members:transfer_receipt", args=[pending.pk])).status_code == 403


# --- 从系统外转入 ----------------------------------------------------------------------------
def _data(branch, **extra):  # type: ignore[no-untyped-def]
    data = {"organization": branch.pk, "external_org_name": "外省某县某村党支部", "letter_number": "外转字〔2026〕3号",
            "letter_date": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(), "name": "周敏",
            "id_number": "11010519491231002X", "ethnicity": "01", "education": "", "occupation": "",
            "join_date": "1975-07-01", "full_member_date": "1976-07-01", "category": "full", "phone": "",
            "notes": ""}
    data.update(extra)
    return data


def test_clerk_records_a_member_arriving_from_outside(login, people, tree):
    response = login(people.township).post(URL, _data(tree.b1))
    member = Member.objects.get()
    assert response.status_code == 302 and response.url == reverse("members:detail", args=[member.pk])
    assert member.organization == tree.b1 and member.status == "in_branch" and member.sex == "female"
    transfer = Transfer.objects.get()
    assert (transfer.kind, transfer.status, transfer.to_org, transfer.member) == (
        TransferKind.IN_EXTERNAL, TransferStatus.CONFIRMED, tree.b1, member)
    assert transfer.external_org_name == "外省某县某村党支部" and transfer.receipt_date == datetime.date.today()
    assert transfer.valid_until > transfer.letter_date
    actions = set(AuditEvent.objects.filter(org_path=tree.b1.path).values_list("action", flat=True))
    assert {AuditAction.CREATE} == actions and AuditEvent.objects.filter(object_id=str(transfer.pk)).exists()


def test_bad_record_writes_neither_member_nor_letter(login, people, tree):
    response = login(people.township).post(URL, _data(tree.b1, id_number="11010519491231003X"))
    assert response.status_code == 200 and "校验位不正确" in response.content.decode()
    future = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = login(people.township).post(URL, _data(tree.b1, letter_date=future))
    assert "不能晚于今天" in response.content.decode()
    assert Member.objects.count() == 0 and Transfer.objects.count() == 0


def test_person_already_active_in_the_system_is_refused(login, people, tree, member):
    response = login(people.township).post(URL, _data(tree.b1b))
    assert "已有一条在册党员记录" in response.content.decode()
    assert Transfer.objects.count() == 0 and Member.objects.count() == 1


def test_page_offers_only_branches_in_scope(login, people, tree):
    page = login(people.secretary).get(URL + f"?org={tree.b1.pk}")
    assert list(page.context["form"].fields["organization"].queryset) == [tree.b1]
    assert page.context["form"].initial["organization"] == str(tree.b1.pk)
    page = login(people.secretary).get(URL + f"?org={tree.b2.pk}")
    assert "organization" not in page.context["form"].initial


@pytest.mark.parametrize("who", ["other_secretary", "west_clerk", "secretary"])
def test_branch_outside_scope_cannot_receive(login, people, tree, who):
    target = tree.b1b if who != "west_clerk" else tree.b1
    response = login(getattr(people, who)).post(URL, _data(target))
    assert response.status_code == 200 and "organization" in response.context["form"].errors
    assert Member.objects.count() == 0


@pytest.mark.parametrize("role", [None, Role.VIEWER, Role.SYSADMIN, Role.AUDITOR])
def test_readers_and_outsiders_are_refused(login, tree, role):
    scope = tree.east if role == Role.VIEWER else None
    user = user_with(role, scope, f"u-{role}")
    client = login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data(tree.b1)).status_code == 403
    assert Member.objects.count() == 0


def test_list_page_links_to_it_for_writers_only(login, people):
    assert URL in login(people.township).get(reverse("members:transfers")).content.decode()
    assert URL not in login(people.viewer).get(reverse("members:transfers")).content.decode()


def test_letter_to_an_organization_outside_the_system(login, people, member):
    client = login(people.secretary)
    url = reverse("members:transfer_start", args=[member.pk])
    page = client.get(url, {"external": "1"})
    assert "external_org_name" in page.context["form"].fields and page.context["external"] is True
    assert "to_org" in client.get(url).context["form"].fields
    response = client.post(url, {"external": "1", "external_org_name": "外省某党支部", "letter_number": "外1",
                                 "letter_date": datetime.date.today().isoformat()})
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    assert (transfer.kind, transfer.status) == (TransferKind.OUT_EXTERNAL, TransferStatus.PENDING)
    assert Member.objects.get(pk=member.pk).status == "transferred_out"
