import datetime

import pytest
from django.urls import reverse

from members.models import Member, Transfer
from members.transfers import transfer_start_internal


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
