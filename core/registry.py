"""The one registry mechanism. An app offers a `Registry` of things other apps contribute
(reminder sources, dashboard panels, rectification candidate sources, assessment calculators);
contributors register in their `AppConfig.ready()`, never as an import side effect elsewhere:

    # reminders/registry.py                       # meetings/apps.py
    SOURCES = Registry("reminder source")         def ready(self) -> None:
                                                      from reminders.registry import SOURCES
                                                      from . import reminders
                                                      SOURCES.register(reminders.DEADLINES)

Items are keyed by an attribute (`key` by default); registering a key again replaces it, so a
test may swap an item and put the original back."""

from __future__ import annotations

from typing import Generic, Iterator, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, what: str, key_attr: str = "key") -> None:
        self.what = what
        self.key_attr = key_attr
        self._items: dict[str, T] = {}

    def key_of(self, item: T) -> str:
        return str(getattr(item, self.key_attr))

    def register(self, item: T) -> T:
        self._items[self.key_of(item)] = item
        return item

    def unregister(self, key: str) -> T | None:
        return self._items.pop(key, None)

    def get(self, key: str) -> T | None:
        return self._items.get(key)

    def __getitem__(self, key: str) -> T:
        try:
            return self._items[key]
        except KeyError:
            raise KeyError(f"no {self.what} registered as {key!r}") from None

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items.values()))

    def __len__(self) -> int:
        return len(self._items)

    def all(self) -> list[T]:
        return list(self._items.values())
