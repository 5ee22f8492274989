"""Encryption under rotating keys: the stored formats, old keys for reading, the blind
index under several keys, and the key checks."""

import pytest
from django.core.checks import run_checks

from members.crypto import UndecryptableError, blind_index, blind_indexes, decrypt, encrypt, is_current, key_id

from .keys import INDEX_A, INDEX_B, KEY_A, KEY_B, KEY_C, legacy_encrypt, legacy_index, use_keys


def test_new_values_name_the_current_key(settings):
    use_keys(settings, KEY_B, INDEX_B, old_field=(KEY_A,))
    stored = encrypt("11010519491231002X")
    assert stored.startswith(f"v2:{key_id(KEY_B)}:") and "11010519491231002X" not in stored
    assert decrypt(stored) == "11010519491231002X" and is_current(stored)
    assert len(key_id(KEY_B)) == 8 and key_id(KEY_A) != key_id(KEY_B)


def test_value_of_the_format_before_rotation_still_decrypts(settings):
    use_keys(settings, KEY_A, INDEX_A)
    stored = legacy_encrypt("13812345678", KEY_A)
    assert decrypt(stored) == "13812345678"
    assert not is_current(stored)  # no key id: the rotation rewrites it


def test_legacy_value_under_an_old_key_decrypts_after_the_key_changes(settings):
    stored = legacy_encrypt("13812345678", KEY_A)
    use_keys(settings, KEY_B, INDEX_B, old_field=(KEY_C, KEY_A))
    assert decrypt(stored) == "13812345678"


def test_value_under_an_old_key_decrypts_and_new_ones_use_the_current(settings):
    use_keys(settings, KEY_A, INDEX_A)
    old = encrypt("13812345678")
    use_keys(settings, KEY_B, INDEX_B, old_field=(KEY_A,))
    assert decrypt(old) == "13812345678" and not is_current(old)
    assert encrypt("13812345678").startswith(f"v2:{key_id(KEY_B)}:")


def test_value_whose_key_is_gone_is_refused_with_its_key_id(settings):
    use_keys(settings, KEY_A, INDEX_A)
    old = encrypt("13812345678")
    use_keys(settings, KEY_B, INDEX_B)
    with pytest.raises(UndecryptableError) as exc:
        decrypt(old)
    assert key_id(KEY_A) in str(exc.value)
    with pytest.raises(UndecryptableError):
        decrypt(legacy_encrypt("13812345678", KEY_C))
    with pytest.raises(UndecryptableError):
        decrypt("v0:garbage")


def test_blind_index_uses_the_current_key_and_lookups_the_old_ones_too(settings):
    use_keys(settings, KEY_A, INDEX_B, old_index=(INDEX_A,))
    assert blind_index("11010519491231002X") == legacy_index("11010519491231002X", INDEX_B)
    assert blind_indexes("11010519491231002X") == [legacy_index("11010519491231002X", INDEX_B),
                                                   legacy_index("11010519491231002X", INDEX_A)]


def test_the_current_key_listed_again_as_old_is_used_once(settings):
    use_keys(settings, KEY_A, INDEX_A, old_field=(KEY_A,), old_index=(INDEX_A,))
    assert blind_indexes("11010519491231002X") == [blind_index("11010519491231002X")]


def test_check_refuses_a_key_that_is_not_a_key(settings):
    use_keys(settings, KEY_B, INDEX_B, old_field=("bm90LWEta2V5",))  # "not-a-key", 9 bytes
    messages = [m for m in run_checks() if m.id and m.id.startswith("members.")]
    assert [m.id for m in messages] == ["members.E002"] and "JICENG_FIELD_KEY_OLD 第 1 项" in messages[0].msg
    use_keys(settings, KEY_B, INDEX_B, old_field=(KEY_A,), old_index=(INDEX_A,))
    assert not [m for m in run_checks() if m.id and m.id.startswith("members.")]
