import pytest
from django.urls import reverse

from assessments import services
from assessments.choices import Step

from .conftest import messages_of
from .factories import D, make_sheet

OUTSIDERS_OF_A1 = ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"]
READERS_OF_A1 = ["county_officer", "clerk_a", "secretary_a1", "viewer_a"]


@pytest.fixture
def review(world):  # type: ignore[no-untyped-def]
    return services.review_open(sheet=make_sheet(world), organization=world.branch_a1, actor=world.clerk_a)


@pytest.mark.parametrize("persona", READERS_OF_A1)
def test_readers_see_the_sheet_and_the_printable_result(world, client_for, review, persona):
    c = client_for(getattr(world, persona))
    assert c.get(reverse("assessments:review", args=[review.pk])).status_code == 200
    body = c.get(reverse("assessments:review", args=[review.pk]) + "?print=1").content.decode()
    assert "达标创优考评结果表" in body


@pytest.mark.parametrize("persona", OUTSIDERS_OF_A1)
def test_outsiders_get_404_on_review_pages_and_actions(world, client_for, review, persona):
    c = client_for(getattr(world, persona))
    assert c.get(reverse("assessments:review", args=[review.pk])).status_code == 404
    assert c.post(reverse("assessments:review_score", args=[review.pk, "self"])).status_code == 404
    assert c.post(reverse("assessments:review_public", args=[review.pk])).status_code == 404


@pytest.mark.parametrize("persona", OUTSIDERS_OF_A1)
def test_outsiders_see_an_empty_queue(world, client_for, review, persona):
    body = client_for(getattr(world, persona)).get(reverse("assessments:reviews") + "?year=2025").content.decode()
    assert "柳树村党支部" not in body


def test_viewer_gets_403_on_writes(world, client_for, review):
    c = client_for(world.viewer_a)
    assert c.post(reverse("assessments:review_score", args=[review.pk, "self"])).status_code == 403
    assert c.post(reverse("assessments:review_evidence", args=[review.pk])).status_code == 403


def test_secretary_fills_and_submits_self_assessment_through_the_page(world, client_for, review):
    items = {i.code: i for i in review.sheet.items.all()}
    data = {f"points_{items['A1'].pk}": "50", f"points_{items['A2'].pk}": "30", f"points_{items['B1'].pk}": "0",
            f"points_{items['C1'].pk}": "0", "submit": "1"}
    r = client_for(world.secretary_a1).post(reverse("assessments:review_score", args=[review.pk, "self"]), data)
    assert r.status_code == 302
    review.refresh_from_db()
    assert (review.step, review.self_score) == (Step.PUBLIC, D("80.00"))


def test_secretary_cannot_enter_the_public_rating_of_own_branch(world, client_for, review):
    for i in review.sheet.items.all():
        services.self_score_set(review=review, item=i, points=D(1), actor=world.secretary_a1)
    services.self_submit(review=review, actor=world.secretary_a1)
    r = client_for(world.secretary_a1).post(reverse("assessments:review_public", args=[review.pk]),
                                            {"group": "residents", "satisfied": 10})
    assert r.status_code == 403


def test_queue_filters_and_pins_queries(world, client_for, django_assert_max_num_queries):
    sheet = make_sheet(world)
    services.reviews_open_under(sheet=sheet, under=world.county, actor=world.county_officer)
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(12):
        body = c.get(reverse("assessments:reviews") + f"?year=2025&ancestor={world.town_a.pk}").content.decode()
    assert "柳树村党支部" in body and "石桥村党支部" not in body


def test_review_page_query_count_does_not_grow_with_items(world, client_for, review, django_assert_max_num_queries):
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(20):
        c.get(reverse("assessments:review", args=[review.pk]))


def test_export_is_audited(world, client_for, review):
    from audit.models import AuditAction, AuditEvent

    r = client_for(world.clerk_a).get(reverse("assessments:reviews") + "?year=2025&export=xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=world.clerk_a).exists()


def _in_public_step(world, review):  # type: ignore[no-untyped-def]
    for i in review.sheet.items.all():
        services.self_score_set(review=review, item=i, points=D(1), actor=world.secretary_a1)
    services.self_submit(review=review, actor=world.secretary_a1)


def test_public_counts_that_are_not_numbers_are_refused(world, client_for, review):
    _in_public_step(world, review)
    r = client_for(world.clerk_a).post(reverse("assessments:review_public", args=[review.pk]),
                                       {"group": "residents", "satisfied": "十", "unsatisfied": "1"})
    assert messages_of(r) == ["人数须为整数。"] and not review.public_ratings.exists()
    r = client_for(world.clerk_a).post(reverse("assessments:review_public", args=[review.pk]),
                                       {"group": "residents", "satisfied": "10", "basically_satisfied": ""})
    assert messages_of(r) == ["已保存。"] and review.public_ratings.get().satisfied == 10


def test_scores_that_are_not_numbers_are_skipped(world, client_for, review):
    items = {i.code: i for i in review.sheet.items.all()}
    r = client_for(world.secretary_a1).post(reverse("assessments:review_score", args=[review.pk, "self"]),
                                            {f"points_{items['A1'].pk}": "五十", f"points_{items['A2'].pk}": "30",
                                             f"reason_{items['A2'].pk}": "发展党员2名"})
    assert messages_of(r) == ["已保存。"]
    scores = {s.item.code: (s.points, s.reason) for s in review.scores.select_related("item") if s.points is not None}
    assert scores == {"A2": (D(30), "发展党员2名")}


def test_an_unknown_score_step_is_404(world, client_for, review):
    assert client_for(world.secretary_a1).post(reverse("assessments:review_score", args=[review.pk, "final"])).status_code == 404


def test_evidence_needs_an_item_of_the_reviews_sheet(world, client_for, review):
    other = make_sheet(world, publish=False).items.first()
    for data in ({"label": "签到表"}, {"item": other.pk, "label": "签到表"}):
        r = client_for(world.secretary_a1).post(reverse("assessments:review_evidence", args=[review.pk]), data)
        assert r.url == reverse("assessments:review", args=[review.pk]) and messages_of(r) == ["请选择评分细则。"]
    item = review.sheet.items.first()
    r = client_for(world.secretary_a1).post(reverse("assessments:review_evidence", args=[review.pk]),
                                            {"item": item.pk, "label": "签到表"})
    assert messages_of(r) == ["已添加痕迹材料。"] and review.evidence.get().label == "签到表"
