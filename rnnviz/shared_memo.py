"""A memo shared by every session of a server: a pure computation keyed by plain values is done once.

A class of 30-60 students presses the same preset and gets the same weights (identical presses are merged), then
opens the same pages within seconds. Without a shared memo the server traces, checks and draws the same sentence
60 times in one interpreter, one after another (bench/load_test.py measured a minute for Hidden states). With it the
first student computes and the others, arriving while that runs, wait for that one result ("single flight").

Keys must hold everything the value depends on (e.g. a fingerprint of the weights, never a session's run id), so
sharing never shows one student anything their own model would not give: it only skips recomputing it.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import pickle
import threading
from collections import OrderedDict
from typing import Callable, Hashable


class SharedMemo:
    """A thread-safe LRU of computed values with one computation per key in flight.

    >>> memo = SharedMemo(max_entries=2)
    >>> memo.get_or_compute("a", lambda: 1), memo.get_or_compute("a", lambda: 2)
    (1, 1)
    """

    def __init__(self, max_entries: int):
        if int(max_entries) < 1:
            raise ValueError(f"max_entries must be at least 1, got {max_entries!r}")
        self.max_entries = int(max_entries)
        self._values: OrderedDict = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}   # key -> lock held while its value is computed
        self._lock = threading.Lock()
        self.computed = 0           # how many values were computed (a hit costs nothing): for tests and benches

    def peek(self, key: Hashable):
        """The stored value of `key`, or None (nothing is computed)."""
        with self._lock:
            if key not in self._values:
                return None
            self._values.move_to_end(key)
            return self._values[key]

    def get_or_compute(self, key: Hashable, compute: Callable[[], object]):
        """The value of `key`: stored, computed by another thread right now (waited for), or compute()d here.

        An exception in compute() reaches this caller only; a thread waiting on the same key then computes itself.
        """
        sentinel = object()
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            flight = self._computing.setdefault(key, threading.Lock())
        with flight:
            found = self._stored(key, sentinel)
            if found is not sentinel:
                return found
            try:
                value = compute()
                self._store(key, value)
                self.computed += 1
            finally:
                with self._lock:
                    self._computing.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)

    def _stored(self, key, default):
        with self._lock:
            return self._values.get(key, default)

    def _store(self, key, value) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.max_entries:
                self._values.popitem(last=False)


def content_digest(value) -> str | None:
    """A digest of `value`'s pickle (arrays, tables, dataclasses, strings), or None when it cannot be pickled."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return None
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def shared_by_content(memo: SharedMemo | int, key_extra: Callable[[], Hashable] = lambda: None,
                      store: Callable = lambda value: value, restore: Callable = copy.deepcopy):
    """Decorate a pure function: equal arguments (by content) give the stored result.

    memo: the SharedMemo to keep results in, or its size for one of its own.
    key_extra: what else the result depends on, read at call time (e.g. the interface language).
    store / restore: what is kept of a result, and how each caller gets its own copy back (a deep copy).
    Arguments that cannot be pickled are computed without the memo. The decorated function has `.uncached`.
    """
    memo = SharedMemo(memo) if isinstance(memo, int) else memo

    def decorate(function):
        name = f"{function.__module__}.{function.__qualname__}"

        @functools.wraps(function)
        def cached(*args, **kwargs):
            digest = content_digest((args, sorted(kwargs.items())))
            if digest is None:
                return function(*args, **kwargs)
            kept = memo.get_or_compute((name, key_extra(), digest), lambda: store(function(*args, **kwargs)))
            return restore(kept)

        cached.uncached = function
        return cached
    return decorate
