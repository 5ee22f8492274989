import pytest
from django.urls import reverse

from assessments import services
from assessments.choices import Grade, GradingStatus

NOTES = {"leadership": "a", "members": "b", "mechanism": "c", "results": "d", "opinion": "e"}


@pytest.fixture
def grading(world):  # type: ignore[no-untyped-def]
    return services.grading_propose(organization=world.branch_a1, year=2025, grade=Grade.ADVANCED, notes=NOTES,
                                    actor=world.clerk_a)


def test_clerk_proposes_through_the_form(world, client_for):
    url = reverse("assessments:grading_propose", args=[world.branch_a2.pk, 2025])
    r = client_for(world.clerk_a).post(url, {"grade": Grade.ORDINARY, **NOTES})
    assert r.status_code == 302
    assert world.branch_a2.gradings.get(year=2025).grade == Grade.ORDINARY


def test_secretary_gets_403_on_the_form_of_own_branch(world, client_for):
    url = reverse("assessments:grading_propose", args=[world.branch_a1.pk, 2025])
    assert client_for(world.secretary_a1).get(url).status_code == 403


@pytest.mark.parametrize("persona", ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"])
def test_outsiders_get_404_and_empty_list(world, client_for, grading, persona):
    c = client_for(getattr(world, persona))
    assert c.get(reverse("assessments:grading_propose", args=[world.branch_a1.pk, 2025])).status_code == 404
    assert c.post(reverse("assessments:grading_confirm", args=[grading.pk])).status_code == 404
    assert c.get(reverse("assessments:org_history", args=[world.branch_a1.pk])).status_code == 404
    assert "柳树村党支部" not in c.get(reverse("assessments:gradings") + "?year=2025").content.decode()


def test_viewer_gets_403_on_confirm(world, client_for, grading):
    assert client_for(world.viewer_a).post(reverse("assessments:grading_confirm", args=[grading.pk])).status_code == 403


def test_county_confirms_from_the_list(world, client_for, grading):
    client_for(world.county_officer).post(reverse("assessments:grading_confirm", args=[grading.pk]))
    grading.refresh_from_db()
    assert grading.status == GradingStatus.CONFIRMED


def test_list_pins_queries_and_filters_by_grade(world, client_for, grading, django_assert_max_num_queries):
    services.grading_propose(organization=world.branch_b1, year=2025, grade=Grade.LAGGING, notes=NOTES, actor=world.clerk_b)
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(12):
        body = c.get(reverse("assessments:gradings") + "?year=2025&grade=lagging").content.decode()
    assert "石桥村党支部" in body and "柳树村党支部" not in body


def test_dashboard_shows_distribution_by_township_in_scope(world, client_for, grading):
    body = client_for(world.county_officer).get(reverse("assessments:index") + "?year=2025").content.decode()
    assert "城关镇党委" in body
    body = client_for(world.clerk_b).get(reverse("assessments:index") + "?year=2025").content.decode()
    assert "城关镇党委" not in body
