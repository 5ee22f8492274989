"""The helpers of the assessment pages (views/common.py): the year shown, the drill-down
and search of the lists, and the message of a refused write."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import BadRequest, ValidationError
from django.test import RequestFactory

from assessments import services
from assessments.choices import Grade
from assessments.models import Grading
from assessments.views.common import current_year, filter_by_org, report, year_choices

NOTES = {"leadership": "a", "members": "b", "mechanism": "c", "results": "d", "opinion": "e"}


@pytest.fixture
def gradings(world):  # type: ignore[no-untyped-def]
    for org, actor in ((world.branch_a1, world.clerk_a), (world.branch_a2, world.clerk_a), (world.branch_b1, world.clerk_b)):
        services.grading_propose(organization=org, year=2025, grade=Grade.ADVANCED, notes=NOTES, actor=actor)


def _get(**params):  # type: ignore[no-untyped-def]
    return RequestFactory().get("/", params)


def test_current_year_is_the_parameter_or_last_year():
    assert current_year(_get(year="2023")) == 2023
    assert current_year(_get()) == datetime.date.today().year - 1
    with pytest.raises(BadRequest):
        current_year(_get(year="x"))


def test_year_choices_are_this_year_and_five_before():
    this = datetime.date.today().year
    assert year_choices() == [this, this - 1, this - 2, this - 3, this - 4, this - 5]


def test_drill_down_and_search_narrow_the_users_scope(world, gradings):
    names = lambda qs: sorted(g.organization.name for g in qs)  # noqa: E731
    mine = Grading.objects.for_user(world.county_officer)
    assert names(filter_by_org(mine, _get(ancestor=str(world.town_a.pk)))) == ["城关镇机关党支部", "柳树村党支部"]
    assert names(filter_by_org(mine, _get(q="柳树"))) == ["柳树村党支部"]
    assert names(filter_by_org(mine, _get(q="t-b1"))) == ["石桥村党支部"]  # the code, any case
    assert names(filter_by_org(mine, _get(ancestor="999999"))) == []
    assert names(filter_by_org(mine, _get(ancestor="x"))) == names(mine)  # malformed: ignored


def test_drilling_into_another_township_shows_nothing(world, gradings):
    theirs = Grading.objects.for_user(world.clerk_b)
    assert filter_by_org(theirs, _get(ancestor=str(world.town_a.pk))).count() == 0
    assert filter_by_org(theirs, _get()).count() == 1


def test_report_shows_the_messages_of_a_refusal():
    request = _get()
    request.session = {}
    request._messages = FallbackStorage(request)
    report(request, ValidationError({"name": "请填写评分表名称。", "year": "年度填写有误。"}))
    assert [str(m) for m in get_messages(request)] == ["请填写评分表名称。 年度填写有误。"]
