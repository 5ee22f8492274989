"""GB 11643-1999 citizen identity numbers (公民身份号码) and phone numbers: pure functions."""

from __future__ import annotations

import datetime
import re

import phonenumbers
from phonenumbers import PhoneMetadata

from core.importing.cells import normalize_text

# GB 11643-1999 §8.2: weights of the 17 body digits; sum mod 11 indexes the check table.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# GB/T 2260: province-level codes (first two digits). 71 台湾, 81 香港, 82 澳门 (residence permits).
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
})


def normalize_id(value: str) -> str:
    return normalize_text(value).replace(" ", "").upper()


def looks_like_id(text: str) -> bool:
    """True for anything close to a full ID number (15-digit old numbers and mistyped ones
    included): such text must not travel in a URL or land in an audit row."""
    value = normalize_id(text or "")
    return len(value) >= 15 and value[:15].isdigit()


def check_char(body17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(body17, WEIGHTS)) % 11]


def id_error(value: str) -> str | None:
    """The Chinese reason `value` (already normalized) is not a valid ID number, or None."""
    if len(value) != 18:
        return "公民身份号码应为18位。"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "公民身份号码前17位应为数字，最后一位为数字或X。"
    if value[:2] not in PROVINCE_CODES:
        return f"公民身份号码的地址码“{value[:6]}”无效。"
    if id_birth_date(value) is None:
        return f"公民身份号码中的出生日期“{value[6:14]}”不是有效日期。"
    if check_char(value[:17]) != value[17]:
        return "公民身份号码校验位不正确，请核对。"
    return None


def id_birth_date(value: str) -> datetime.date | None:
    try:
        born = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None
    if born.year < 1900 or born > datetime.date.today():
        return None
    return born


def id_sex(value: str) -> str:
    """"male" when the 17th digit (sequence code) is odd, else "female"."""
    return "male" if int(value[16]) % 2 else "female"


# The mask keeps the address code (6 digits) and the last 2 characters (the third sequence
# digit, whose parity is the sex, and the check character); the birth date and the first two
# sequence digits are hidden. Beside a mask the product shows at most the birth YEAR (never the
# month and day: lists, API, exports and audit rows carry `birth_year`), so what a user sees
# without a reveal leaves month+day (366) x two sequence digits (100) = 36,600 bodies, of which
# the shown check character keeps about 1 in 11: some 3,300 numbers fit. The old mask (last 4
# shown) beside the full birth date was the whole number; beside the birth year only it would
# still leave ~33 candidates, too few. A search by ID number is the remaining oracle: it is
# exact-match only and limited per user (members.selectors.take_id_search).
MASK_ID_KEEP_HEAD = 6
MASK_ID_KEEP_TAIL = 2


def mask_id(value: str) -> str:
    if len(value) != 18:
        return "*" * len(value)
    hidden = 18 - MASK_ID_KEEP_HEAD - MASK_ID_KEEP_TAIL
    return value[:MASK_ID_KEEP_HEAD] + "*" * hidden + value[-MASK_ID_KEEP_TAIL:]


# libphonenumber's own pattern and lengths for Chinese mobile numbers: a plain 11-digit
# number matching them is what `phonenumbers.is_valid_number` accepts as a CN mobile,
# without parsing (the import checks 10,000s of them). Anything else takes the full path.
_CN_MOBILE = PhoneMetadata.metadata_for_region("CN").mobile
_CN_MOBILE_RE = re.compile(_CN_MOBILE.national_number_pattern)


def _is_cn_mobile(text: str) -> bool:
    return (len(text) in _CN_MOBILE.possible_length and text.isascii() and text.isdigit()
            and _CN_MOBILE_RE.fullmatch(text) is not None)


def normalize_phone(value: str) -> tuple[str, str | None]:
    """(normalized national number, error or None). libphonenumber knows 166/199 etc."""
    text = normalize_text(value).replace(" ", "").replace("-", "")
    if not text:
        return "", None
    if _is_cn_mobile(text):
        return text, None
    try:
        parsed = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return text, "联系电话格式不正确。"
    if not phonenumbers.is_valid_number(parsed):
        return text, "联系电话不是有效的号码。"
    if parsed.country_code != 86:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), None
    national = str(parsed.national_number)
    # mobiles are 11 digits starting with 1; landlines keep their trunk prefix 0 (010…)
    return (national if len(national) == 11 and national.startswith("1") else "0" + national), None


def mask_phone(value: str) -> str:
    """138****5678 (the national norm for mobiles); other numbers keep only their last 4.
    Nothing else in the product shows a phone's middle digits."""
    if not value:
        return ""
    if len(value) == 11 and value.startswith("1"):
        return value[:3] + "****" + value[7:]
    return "*" * max(len(value) - 4, 0) + value[-4:]


def make_id(region: str, born: datetime.date, seq: int, sex: str) -> str:
    """A valid ID number (for demo data and tests): 3-digit sequence, odd for men."""
    seq = seq % 1000
    if (seq % 2 == 1) != (sex == "male"):
        seq = (seq + 1) % 1000
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + check_char(body)
