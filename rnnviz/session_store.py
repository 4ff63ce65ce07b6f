"""A student's runs kept on the server between page loads, as plain values, under a per-browser key.

A browser session (a tab) of Streamlit ends at a reload: everything in it is gone. So that a reload, a
reconnect or a deep link in the same browser gives the student their runs back, the app keeps a copy of each
run here as plain values (the `TrainingRequest` it came from and its `TrainingResult`: weights, history,
scores), under a random key that lives in a cookie of that browser only (never in a URL, so a copied lesson
link never carries it). A new tab of the same browser rebuilds fresh models from these values.

Bounded, because one server holds a class: at most `max_browsers` keys (the least recently seen goes first),
at most `max_runs` runs and `max_bytes` of weights per key (the oldest unpinned runs go first), and a key not
seen for `idle_s` seconds is forgotten. A training still running when the tab went away is handed to the next
tab of the same browser (`attach_job` / `take_job`), never left orphaned.

Two tabs of one browser share the key: a save merges, never overwrites. Each tab says which stored runs it
knows (`known`: the ids it loaded or saved); a stored run it does not know is another tab's and stays, one it
knows but no longer has was deleted (or dropped) by this tab and goes.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
DEFAULT_IDLE_S = float(os.environ.get("RNNVIZ_SESSION_IDLE_HOURS", "12")) * 3600
DEFAULT_MAX_BROWSERS = 500
DEFAULT_MAX_RUNS = 12
DEFAULT_MAX_BYTES = 64 * 2**20      # weights kept per browser


def new_browser_key() -> str:
    """A random key for one browser: 128 bits, URL-safe."""
    return secrets.token_urlsafe(16)


def is_browser_key(value) -> bool:
    return isinstance(value, str) and bool(KEY_PATTERN.match(value))


@dataclass
class StoredRun:
    """One run as plain values: what rebuilds it (request + result) and how the student filed it."""

    name: str
    request: object                 # TrainingRequest
    result: object                  # TrainingResult
    pinned: bool = False            # never removed to make room
    run_id: object = None           # the id of the tab's Run: which tab's run this is, across renames

    @property
    def n_bytes(self) -> int:
        return int(sum(getattr(w, "nbytes", 0) for w in self.result.weights))


@dataclass
class BrowserEntry:
    runs: list[StoredRun] = field(default_factory=list)
    current: str | None = None      # the run the pages show
    last_seen: float = 0.0
    job: object = None              # a training still running for this browser
    sentences: dict = field(default_factory=dict)   # topic -> the sentence typed last (rnnviz.ui.widgets)


class SessionStore:
    """Thread-safe store of BrowserEntry by browser key (see the module docstring for its bounds)."""

    def __init__(self, max_browsers: int = DEFAULT_MAX_BROWSERS, max_runs: int = DEFAULT_MAX_RUNS,
                 max_bytes: int = DEFAULT_MAX_BYTES, idle_s: float = DEFAULT_IDLE_S, clock=time.monotonic):
        if max_browsers < 1 or max_runs < 1 or max_bytes < 1 or idle_s <= 0:
            raise ValueError("max_browsers, max_runs, max_bytes must be >= 1 and idle_s > 0, got "
                             f"{max_browsers}, {max_runs}, {max_bytes}, {idle_s}")
        self.max_browsers, self.max_runs, self.max_bytes, self.idle_s = max_browsers, max_runs, max_bytes, idle_s
        self._clock = clock
        self._entries: OrderedDict[str, BrowserEntry] = OrderedDict()
        self._lock = threading.Lock()

    def save(self, key: str, runs: list[StoredRun], current: str | None, known=None) -> list[str]:
        """Keep `runs` (in training order) and the current run for `key`; return the names dropped to fit.

        known: the run ids this tab has seen in the store (loaded or saved); the stored runs of other tabs of
        the browser (ids not known) are kept beside `runs`. None: `runs` replace everything stored.
        """
        _check_key(key)
        with self._lock:
            self._expire()
            entry = self._entries.pop(key, None) or BrowserEntry()
            merged = list(runs) if known is None else _merged(entry.runs, list(runs), set(known))
            entry.runs, dropped = _within_bounds(merged, self.max_runs, self.max_bytes)
            entry.current = current if any(run.name == current for run in entry.runs) else None
            entry.last_seen = self._clock()
            self._entries[key] = entry                      # most recently seen last
            while len(self._entries) > self.max_browsers:
                self._entries.popitem(last=False)
            return dropped

    def load(self, key: str) -> BrowserEntry | None:
        """The entry of `key` (None if unknown or expired); counts as a visit."""
        if not is_browser_key(key):
            return None
        with self._lock:
            self._expire()
            entry = self._entries.get(key)
            if entry is not None:
                entry.last_seen = self._clock()
                self._entries.move_to_end(key)
            return entry

    def save_sentences(self, key: str, sentences: dict) -> None:
        """Keep the sentences typed in this browser (topic -> text), so a reload opens on them."""
        _check_key(key)
        with self._lock:
            entry = self._entries.setdefault(key, BrowserEntry(last_seen=self._clock()))
            entry.sentences = dict(sentences)

    def attach_job(self, key: str, job) -> None:
        """Remember the training running for `key`, so the browser's next tab can follow it."""
        _check_key(key)
        with self._lock:
            entry = self._entries.setdefault(key, BrowserEntry(last_seen=self._clock()))
            entry.job = job

    def take_job(self, key: str):
        """The training running for `key` (handed over once), or None."""
        with self._lock:
            entry = self._entries.get(key)
            job, entry_job = (entry.job, None) if entry is not None else (None, None)
            if entry is not None:
                entry.job = entry_job
            return job

    def forget(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._entries)

    def _expire(self) -> None:
        now = self._clock()
        for key in [key for key, entry in self._entries.items() if now - entry.last_seen > self.idle_s]:
            entry = self._entries.pop(key)
            stop = getattr(entry.job, "stop", None)
            if callable(stop):            # nobody will ever collect it: stop it rather than orphan it
                stop()


def _merged(stored: list[StoredRun], runs: list[StoredRun], known: set) -> list[StoredRun]:
    """The stored runs with this tab's `runs` in their place: the other tabs' runs stay (renamed '#k' if a name
    is taken), those this tab knew and no longer has go, this tab's new runs come last."""
    mine = {run.run_id: run for run in runs}
    merged = []
    for old in stored:
        if old.run_id in mine:
            merged.append(mine.pop(old.run_id))
        elif old.run_id not in known:
            merged.append(old)
    merged += mine.values()
    names, own = {run.name for run in runs}, {id(run) for run in runs}
    for run in merged:
        if id(run) not in own and run.name in names:     # another tab's run under a name this tab uses
            base, k = run.name, 2
            while f"{base} #{k}" in names:
                k += 1
            run.name = f"{base} #{k}"
        names.add(run.name)
    return merged


def _within_bounds(runs: list[StoredRun], max_runs: int, max_bytes: int) -> tuple[list[StoredRun], list[str]]:
    """Drop the oldest unpinned runs until at most max_runs runs and max_bytes of weights remain."""
    dropped = []
    while len(runs) > max_runs or sum(run.n_bytes for run in runs) > max_bytes:
        oldest = next((run for run in runs if not run.pinned), None)
        if oldest is None:                 # only pinned runs left: they stay, even over the bounds
            break
        runs.remove(oldest)
        dropped.append(oldest.name)
    return runs, dropped


def _check_key(key) -> None:
    if not is_browser_key(key):
        raise ValueError(f"a browser key is 22 to 64 URL-safe characters, got {key!r}")
