import datetime

import pytest

from members.rules import clean_member_data

D = datetime.date
BASE = {"id_number": "11010519491231002X", "join_date": D(1975, 7, 1), "full_member_date": D(1976, 7, 1),
        "category": "full", "phone": ""}


@pytest.mark.parametrize("change,field,fragment", [
    ({}, None, None),
    ({"id_number": "11010519491231002x"}, None, None),
    ({"id_number": ""}, "id_number", "请填写"),
    ({"id_number": "11010519491231003X"}, "id_number", "校验位"),
    ({"birth_date": D(1949, 12, 30)}, "birth_date", "不一致"),
    ({"sex": "male"}, "sex", "不一致"),
    ({"join_date": D(1960, 7, 1)}, "join_date", "年满18周岁"),
    ({"join_date": D(1967, 12, 30)}, "join_date", "年满18周岁"),
    ({"join_date": D(2999, 1, 1), "full_member_date": None}, "join_date", "晚于今天"),
    ({"full_member_date": D(1975, 7, 1)}, "full_member_date", "晚于入党日期"),
    ({"full_member_date": D(1970, 1, 1)}, "full_member_date", "晚于入党日期"),
    ({"phone": "12345"}, "phone", "有效"),
    ({"phone": "199 1234 5678"}, None, None),
])
def test_member_rules(change, field, fragment):
    data, errors = clean_member_data({**BASE, **change})
    if field is None:
        assert errors == {}
        assert data["id_number"] == "11010519491231002X"
        assert data["birth_date"] == D(1949, 12, 31) and data["sex"] == "female"
    else:
        assert fragment in errors[field]


def test_joined_on_the_eighteenth_birthday_is_allowed():
    _, errors = clean_member_data({**BASE, "join_date": D(1967, 12, 31), "full_member_date": None})
    assert "join_date" not in errors


def test_full_member_within_a_year_of_joining_is_refused():
    today = datetime.date.today()
    _, errors = clean_member_data({**BASE, "join_date": today - datetime.timedelta(days=30), "full_member_date": None})
    assert "预备党员" in errors["category"]
