import pytest

from core.registry import Registry


class Item:
    def __init__(self, key: str, label: str = "") -> None:
        self.key, self.label = key, label


def test_register_get_replace_and_unregister() -> None:
    reg: Registry[Item] = Registry("test item")
    first = reg.register(Item("a", "一"))
    reg.register(Item("b", "二"))
    assert reg.get("a") is first and "b" in reg and len(reg) == 2
    assert [i.key for i in reg] == ["a", "b"]
    replaced = reg.register(Item("a", "新"))
    assert reg["a"] is replaced and len(reg) == 2
    assert reg.unregister("a") is replaced and reg.get("a") is None and reg.unregister("a") is None
    with pytest.raises(KeyError, match="no test item registered as 'zz'"):
        reg["zz"]


def test_custom_key_attribute() -> None:
    reg: Registry[Item] = Registry("labelled item", key_attr="label")
    reg.register(Item("x", "甲"))
    assert reg["甲"].key == "x" and reg.all()[0].label == "甲"
