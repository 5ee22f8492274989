import pytest
from django.urls import reverse

from development.choices import Stage, StepKind
from development.models import Applicant, Step
from members.models import Member

from .factories import D, advance, applicant, new_id

READERS = ["county_officer", "clerk_a", "secretary_a1", "viewer_a"]
OUTSIDERS = ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"]


@pytest.fixture
def rec(world):
    return applicant(world.branch_a1, world.secretary_a1, name="李青")


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_the_record_and_the_board(world, client_for, rec, persona):
    c = client_for(getattr(world, persona))
    assert c.get(reverse("development:detail", args=[rec.pk])).status_code == 200
    assert "李青" in c.get(reverse("development:board")).content.decode()


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_and_an_empty_board(world, client_for, rec, persona):
    c = client_for(getattr(world, persona))
    assert c.get(reverse("development:detail", args=[rec.pk])).status_code == 404
    assert c.post(reverse("development:step", args=[rec.pk]), {"kind": "talk", "date": "2020-03-20"}).status_code == 404
    assert "李青" not in c.get(reverse("development:board")).content.decode()


def test_viewer_gets_403_on_writes(world, client_for, rec):
    c = client_for(world.viewer_a)
    assert c.post(reverse("development:step", args=[rec.pk]), {"kind": "talk", "date": "2020-03-20"}).status_code == 403
    assert c.post(reverse("development:stop", args=[rec.pk]), {"reason": "x"}).status_code == 403
    assert c.get(reverse("development:create")).status_code == 403


def test_secretary_registers_an_application_and_advances_it(world, client_for):
    c = client_for(world.secretary_a1)
    response = c.post(reverse("development:create"), {
        "organization": world.branch_a1.pk, "name": "周敏", "id_number": new_id(D(1998, 6, 1), "female"),
        "applied_on": "2020-03-02", "ethnicity": "01", "phone": "",
    })
    a = Applicant.objects.get(name="周敏")
    assert response.status_code == 302 and a.sex == "female"
    ok = c.post(reverse("development:step", args=[a.pk]), {"kind": "talk", "date": "2020-03-20"})
    assert ok.status_code == 302 and Step.objects.filter(applicant=a, kind=StepKind.TALK).exists()


def test_an_early_step_is_refused_with_the_reason_on_the_page(world, client_for):
    a = advance(applicant(world.branch_a1), through=StepKind.ACTIVIST)
    response = client_for(world.secretary_a1).post(reverse("development:step", args=[a.pk]),
                                                   {"kind": "candidate", "date": "2021-01-10"})
    assert response.status_code == 400 and "最早可于2021年4月10日" in response.content.decode()
    assert Applicant.objects.get(pk=a.pk).stage == Stage.ACTIVIST


def test_township_approves_and_the_member_appears_on_the_roll(world, client_for):
    a = advance(applicant(world.branch_a1, name="新党员"), through=StepKind.BRANCH_MEETING)
    denied = client_for(world.secretary_a1).post(reverse("development:step", args=[a.pk]),
                                                 {"kind": "approval", "date": "2021-06-25"})
    assert denied.status_code == 400 and "上级党委" in denied.content.decode()
    client_for(world.clerk_a).post(reverse("development:step", args=[a.pk]), {"kind": "approval", "date": "2021-06-25"})
    assert Member.objects.get(name="新党员").category == "probationary"


def test_board_filters_late_records_and_exports(world, client_for):
    late = applicant(world.branch_a1, name="超期者")  # talk deadline 2020-04-02 long past
    advance(applicant(world.branch_a1, name="按期者"), through=StepKind.TALK)
    c = client_for(world.clerk_a)
    body = c.get(reverse("development:board"), {"late": "on"}).content.decode()
    assert "超期者" in body and "按期者" not in body
    export = c.get(reverse("development:board"), {"export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    assert late.pk


def test_board_query_count_is_pinned(world, client_for, django_assert_max_num_queries):
    for i in range(12):
        advance(applicant(world.branch_a1, name=f"人{i}"), through=StepKind.ACTIVIST)
    c = client_for(world.clerk_a)
    with django_assert_max_num_queries(14):
        c.get(reverse("development:board"))


def test_plans_show_plan_and_actual_in_scope(world, client_for):
    from development import services

    services.plan_set(organization=world.town_a, year=2021, planned=4, actor=world.clerk_a)
    advance(applicant(world.branch_a1), through=StepKind.APPROVAL, approver=world.clerk_a)
    body = client_for(world.clerk_a).get(reverse("development:plans"), {"year": 2021}).content.decode()
    assert "城关镇党委" in body and "25%" in body and "石桥乡党委" not in body
    assert client_for(world.clerk_b).post(reverse("development:plan_save"), {
        "organization": world.town_a.pk, "year": 2021, "planned": 9}).status_code == 404
    assert client_for(world.viewer_a).post(reverse("development:plan_save"), {
        "organization": world.town_a.pk, "year": 2021, "planned": 9}).status_code == 403


def test_plans_query_count_is_pinned(world, client_for, django_assert_max_num_queries):
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(14):
        c.get(reverse("development:plans"))
