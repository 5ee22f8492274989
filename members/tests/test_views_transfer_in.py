"""从系统外转入: a new member with the letter they brought, on a branch the user keeps."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditAction, AuditEvent
from members.choices import TransferKind, TransferStatus
from members.models import Member, Transfer

from .factories import user_with

URL = reverse("members:transfer_in")


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
