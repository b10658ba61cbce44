"""Inputs kept while one version of the database is served: what several analyses of a page read alike.

The dashboard's data access (``dashboard/data.py``) runs each analysis inside ``keeping(store)``, with a store it
renews whenever the database file changes, as it renews its result cache. Inside, ``kept(kind, key, work)`` returns
what an earlier analysis worked out for ``key``, if the store keeps that kind of input; outside (the CLI, the tests'
direct calls) it always does the work. The hot spots page's map, evaluation and patrol plan read the same
incidents on the same grid: with this, once; an area profile asked which months are loaded 20 times: now once.

A kept value is shared by every analysis that asks for it, so none may change it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

Value = TypeVar("Value")


class KeptValues:
    """The last ``entries`` values worked out, by key, the least recently used dropped first (also the public map's
    rendered pages). Two threads asking for one key at once may both work it out."""

    def __init__(self, entries: int) -> None:
        self._entries = entries
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, work: Callable[[], Value]) -> Value:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[return-value]
        value = work()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._entries:
                self._values.popitem(last=False)
        return value


class KeptInputs:
    """For each kind of input, its last few values: ``entries`` says how many of each kind (a kind not named is
    not kept), so a large input kept once does not push out small ones asked for often, nor they it."""

    def __init__(self, entries: dict[str, int]) -> None:
        self._shelves = {kind: KeptValues(count) for kind, count in entries.items()}

    def get(self, kind: str, key: Hashable, work: Callable[[], Value]) -> Value:
        shelf = self._shelves.get(kind)
        return work() if shelf is None else shelf.get(key, work)


_STORE: ContextVar[KeptInputs | None] = ContextVar("cspmap_kept_inputs", default=None)


@contextmanager
def keeping(store: KeptInputs) -> Iterator[None]:
    """Within the block, ``kept`` looks in ``store`` first."""
    token = _STORE.set(store)
    try:
        yield
    finally:
        _STORE.reset(token)


def kept(kind: str, key: Hashable, work: Callable[[], Value]) -> Value:
    """``work()``, or what it gave for this ``kind`` and ``key`` earlier in a ``keeping`` block on the same store."""
    store = _STORE.get()
    return work() if store is None else store.get(kind, key, work)
