import datetime

import pytest

from members.idcard import id_error, id_sex, mask_id, mask_phone, normalize_id, normalize_phone


@pytest.mark.parametrize("value,error", [
    ("11010519491231002X", None),
    ("11010519491231002x", None),  # lower-case x is normalized
    ("１１０１０５１９４９１２３１００２Ｘ", None),  # full-width
    ("110105 19491231 002X", None),
    ("440524198001010013", None),
    ("11010519491231002", "应为18位"),
    ("11010519491231002XX", "应为18位"),
    ("1101051949123100A2", "前17位应为数字"),
    ("11010519491231002Y", "前17位应为数字"),
    ("11010519491231002A", "前17位应为数字"),
    ("11010519491231003X", "校验位不正确"),
    ("110105194912310021", "校验位不正确"),
    ("990105194912310023", "地址码"),
    ("110105194902300020", "不是有效日期"),  # 30 February
    ("110105194913010020", "不是有效日期"),  # month 13
    ("110105299901010020", "不是有效日期"),  # in the future
    ("110105180001010020", "不是有效日期"),  # before 1900
])
def test_id_number_rules(value, error):
    message = id_error(normalize_id(value))
    if error is None:
        assert message is None
    else:
        assert message is not None and error in message


def test_sex_comes_from_the_seventeenth_digit():
    assert id_sex("11010519491231002X") == "female"
    assert id_sex("440524198001010013") == "male"


def test_masks():
    assert mask_id("11010519491231002X") == "110105**********2X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""


@pytest.mark.parametrize("value,normalized,ok", [
    ("13812345678", "13812345678", True),
    ("16612345678", "16612345678", True),
    ("19912345678", "19912345678", True),
    ("+86 138 1234 5678", "13812345678", True),
    ("１３８１２３４５６７８", "13812345678", True),
    ("010-12345678", "01012345678", True),
    ("12345", None, False),
    ("1381234567", None, False),
    ("", "", True),
])
def test_phone_rules(value, normalized, ok):
    result, error = normalize_phone(value)
    assert (error is None) == ok
    if ok:
        assert result == normalized


def test_make_id_is_valid():
    from members.idcard import make_id

    for n in range(200):
        assert id_error(make_id("330102", datetime.date(1980, 1, 1) + datetime.timedelta(days=n), n, "female")) is None


def _full_path(text: str) -> bool:
    import phonenumbers

    return phonenumbers.is_valid_number(phonenumbers.parse(text, "CN"))


@pytest.mark.parametrize("text", [
    "13812345678", "16612345678", "19912345678", "17400012345", "17406123456", "14512345678",
    "12012345678", "10012345678", "11112345678", "19412345678", "16412345678", "17912345678",
    "1381234567", "138123456789",
])
def test_mobile_fast_path_agrees_with_libphonenumber(text):
    number, error = normalize_phone(text)
    assert (error is None) == _full_path(text)
    if error is None:
        assert number == text
