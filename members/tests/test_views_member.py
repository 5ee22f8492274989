import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from members.models import Member, MigrantInfo


@pytest.mark.parametrize("who,status", [
    ("county", 200), ("township", 200), ("secretary", 200), ("viewer", 200),
    ("other_secretary", 404), ("west_clerk", 404), ("nobody", 404),
])
def test_detail_scope(login, people, member, who, status):
    response = login(getattr(people, who)).get(reverse("members:detail", args=[member.pk]))
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "110105**********2X" in body and "11010519491231002X" not in body


@pytest.mark.parametrize("who,status", [("viewer", 403), ("other_secretary", 404), ("nobody", 404)])
def test_edit_refused(login, people, member, who, status):
    client = login(getattr(people, who))
    assert client.get(reverse("members:edit", args=[member.pk])).status_code == status
    assert client.post(reverse("members:edit", args=[member.pk]), {"name": "x"}).status_code == status


@pytest.mark.parametrize("who,status", [("viewer", 403), ("other_secretary", 404), ("nobody", 404)])
def test_create_refused(login, people, tree, who, status):
    assert login(getattr(people, who)).post(reverse("members:create", args=[tree.b1.pk]), {}).status_code == status


@pytest.mark.parametrize("who,status", [("viewer", 403), ("other_secretary", 404), ("nobody", 404), ("secretary", 200)])
def test_reveal(login, people, member, who, status):
    response = login(getattr(people, who)).post(reverse("members:reveal", args=[member.pk, "id_number"]))
    assert response.status_code == status
    assert AuditEvent.objects.filter(action=AuditAction.REVEAL).exists() == (status == 200)
    if status == 200:
        assert "11010519491231002X" in response.content.decode()


@pytest.mark.parametrize("who,status", [("viewer", 403), ("other_secretary", 404)])
def test_migrant_refused(login, people, member, who, status):
    assert login(getattr(people, who)).post(reverse("members:migrant", args=[member.pk]), {"destination": "x"}).status_code == status


def test_secretary_creates_and_edits(login, people, tree):
    client = login(people.secretary)
    data = {"name": "刘洋", "id_number": "11010519491231002x", "phone": "13812345678", "ethnicity": "01",
            "join_date": "1975-07-01", "full_member_date": "1976-07-01", "category": "full", "status": "in_branch"}
    response = client.post(reverse("members:create", args=[tree.b1.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    member = Member.objects.get(name="刘洋")
    assert member.sex == "female"
    response = client.post(reverse("members:edit", args=[member.pk]), {**data, "occupation": "村医", "sex": "female",
                                                                      "birth_date": "1949-12-31"})
    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).occupation == "村医"


def test_create_shows_chinese_errors(login, people, tree):
    response = login(people.secretary).post(reverse("members:create", args=[tree.b1.pk]), {
        "name": "刘洋", "id_number": "11010519491231003X", "ethnicity": "01", "join_date": "1975-07-01",
        "category": "full", "status": "in_branch"})
    assert response.status_code == 200 and "校验位不正确" in response.content.decode()


def test_migrant_recorded_then_ended(login, people, member):
    client = login(people.secretary)
    url = reverse("members:migrant", args=[member.pk])
    assert client.post(url, {"destination": "浙江省杭州市"}).status_code == 302
    assert Member.objects.get(pk=member.pk).status == "migrant"
    assert client.get(url).context["can_end"] is True
    assert client.post(url, {"end": "1"}).status_code == 302  # the switch alone, no other field
    assert Member.objects.get(pk=member.pk).status == "in_branch" and not MigrantInfo.objects.exists()
