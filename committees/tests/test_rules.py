import datetime

import pytest

from committees.rules import (
    Post,
    Rating,
    add_months,
    committee_errors,
    default_term_years,
    review_result,
    size_flags,
    term_ends_on,
    term_years_error,
)
from organizations.rules import Field

S, D, ORG, P, J = Post.SECRETARY, Post.DEPUTY, Post.ORGANIZATION, Post.PUBLICITY, Post.DISCIPLINE


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 3, 15), -3) == datetime.date(2025, 12, 15)


def test_term_ends_on_the_same_date_years_later_and_29_february_ends_on_28th():
    assert term_ends_on(datetime.date(2021, 6, 30), 5) == datetime.date(2026, 6, 30)
    assert term_ends_on(datetime.date(2024, 2, 29), 3) == datetime.date(2027, 2, 28)


def test_default_term_is_five_years_for_villages_and_communities_three_for_others():
    assert default_term_years(Field.VILLAGE) == 5
    assert default_term_years(Field.COMMUNITY) == 5
    assert default_term_years(Field.SCHOOL) == 3


def test_term_years_outside_three_to_five_are_refused():
    assert term_years_error(2) == "任期年限应为3至5年。"
    assert term_years_error(6)
    assert term_years_error(3) is None and term_years_error(5) is None


def test_term_length_defaults_follow_settings(settings):
    settings.TERMS_OTHER_YEARS = 4
    assert default_term_years(Field.ORGAN) == 4


def test_branch_with_seven_full_members_needs_a_committee_of_three_to_seven():
    assert committee_errors(full_members=7, posts=[S, D, ORG]) == []
    assert committee_errors(full_members=7, posts=[S, D, ORG, P, J, Post.YOUTH, Post.OTHER]) == []
    assert "现为2名" in committee_errors(full_members=7, posts=[S, D])[0]
    assert "现为8名" in committee_errors(full_members=30, posts=[S, D, ORG, P, J, Post.YOUTH, Post.OTHER, Post.OTHER])[0]


def test_branch_with_six_full_members_has_only_a_secretary_and_at_most_one_deputy():
    assert committee_errors(full_members=6, posts=[S]) == []
    assert committee_errors(full_members=6, posts=[S, D]) == []
    assert "不设支部委员会" in committee_errors(full_members=6, posts=[S, D, ORG])[0]
    assert "不设支部委员会" in committee_errors(full_members=6, posts=[S, D, D])[0]


def test_a_secretary_is_always_required_and_only_one():
    assert committee_errors(full_members=3, posts=[D]) == ["必须选出书记1名。"]
    assert "必须选出书记1名。" in committee_errors(full_members=9, posts=[S, S, ORG])


def test_fewer_than_three_full_members_is_flagged_for_a_joint_branch():
    assert size_flags(full_members=2, total_members=2) == ["正式党员不足3名，应与邻近单位成立联合党支部。"]
    assert size_flags(full_members=3, total_members=3) == []


def test_more_than_fifty_members_is_flagged_for_a_general_branch():
    assert size_flags(full_members=40, total_members=50) == []
    assert size_flags(full_members=40, total_members=51) == ["党员超过50名，可以成立党总支。"]


@pytest.mark.parametrize(("counts", "result"), [
    ({Rating.GOOD: 10}, Rating.GOOD),
    ({Rating.GOOD: 5, Rating.FAIRLY_GOOD: 5}, Rating.GOOD),  # mean 90
    ({Rating.GOOD: 4, Rating.FAIRLY_GOOD: 6}, Rating.FAIRLY_GOOD),  # mean 88
    ({Rating.AVERAGE: 5, Rating.POOR: 5}, Rating.POOR),  # mean 50
    ({Rating.FAIRLY_GOOD: 1, Rating.AVERAGE: 3}, Rating.AVERAGE),  # mean 65
    ({}, None),
])
def test_review_result_aggregates_the_ratings(counts, result):
    assert review_result(counts) == result
