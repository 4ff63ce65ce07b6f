"""Figures of a load test: per-action timings, errors, counters, and the server's memory over time."""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict

import numpy as np

try:
    import psutil
except ImportError:   # fall back on /proc
    psutil = None


class Recorder:
    """Thread-safe store of durations per action, errors per step, and counters."""

    def __init__(self):
        self._lock = threading.Lock()
        self.durations: dict[str, list[float]] = defaultdict(list)
        self.errors: list[tuple[str, str]] = []
        self.unfinished_steps: Counter = Counter()
        self.counts: Counter = Counter()

    def timed(self, action: str, call):
        seconds = call()
        self.add(action, seconds)
        return seconds

    def add(self, action: str, seconds: float) -> None:
        with self._lock:
            self.durations[action].append(seconds)

    def error(self, step: str, message: str) -> None:
        with self._lock:
            self.errors.append((step, message))

    def unfinished(self, step: str) -> None:
        with self._lock:
            self.unfinished_steps[step] += 1

    def count(self, name: str, n: int = 1) -> None:
        with self._lock:
            self.counts[name] += n

    def add_auto_reruns(self, n: int) -> None:
        self.count("fragment auto-reruns sent", n)


def print_report(recorder: Recorder) -> None:
    print(f"{'action':38s} {'n':>4s} {'p50 s':>8s} {'p95 s':>8s} {'max s':>8s}")
    for action, values in recorder.durations.items():
        v = np.asarray(values)
        print(f"{action:38s} {len(v):4d} {np.percentile(v, 50):8.2f} {np.percentile(v, 95):8.2f} {v.max():8.2f}")
    for name, n in sorted(recorder.counts.items()):
        print(f"{name}: {n}")
    print(f"errors: {len(recorder.errors)}")
    for (step, message), n in Counter(recorder.errors).most_common(8):
        print(f"  {n} x at '{step}': {message}")
    for step, n in recorder.unfinished_steps.items():
        print(f"unfinished at the wall cap: {n} x at '{step}'")


def _rss_tree(pid: int) -> tuple[float, float, int]:
    """(server MB, children MB summed, number of children) of the process `pid` and its descendants."""
    if psutil is not None:
        parent = psutil.Process(pid)
        children = parent.children(recursive=True)
        child_mb = 0.0
        for child in children:
            try:
                child_mb += child.memory_info().rss / 2**20
            except psutil.NoSuchProcess:
                pass
        return parent.memory_info().rss / 2**20, child_mb, len(children)
    return _proc_rss(pid), 0.0, 0   # without psutil: the server only


def _proc_rss(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class MemorySampler:
    """Samples the server's and its children's resident memory every `every` seconds in a thread.

    pid: the server's process, or a list of them (replicas: their memory is summed, and so is their workers').
    """

    def __init__(self, pid: int | list[int] | None, every: float = 2.0):
        pids = [p for p in (pid if isinstance(pid, (list, tuple)) else [pid]) if p is not None]
        self.pid = pids or None
        self.every = every
        self.samples: list[tuple[float, str, float, float, int]] = []   # (t, label, server, children, n)
        self._stop = threading.Event()
        self._start = time.perf_counter()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        if self.pid is not None:
            self.sample("start")
            self._thread.start()

    def stop(self) -> None:
        if self.pid is not None:
            self.sample("end")
            self._stop.set()

    def sample(self, label: str = "") -> None:
        if self.pid is None:
            return
        try:
            trees = [_rss_tree(pid) for pid in self.pid]
        except (OSError, Exception):   # noqa: BLE001 - the server exited: no sample
            return
        server, children, n = (sum(column) for column in zip(*trees))
        self.samples.append((time.perf_counter() - self._start, label, server, children, n))

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()


def print_memory(sampler: MemorySampler, rows: int = 12) -> None:
    if not sampler.samples:
        print("memory: not measured (no server process)")
        return
    samples = sampler.samples
    labelled = [s for s in samples if s[1] not in ("", "start", "end")]
    pick = labelled if labelled else samples
    step = max(1, len(pick) // rows)
    shown = list(dict.fromkeys([samples[0]] + pick[::step] + [samples[-1]]))
    print(f"{'t s':>7s} {'server MB':>10s} {'children MB':>12s} {'n':>3s}  label")
    for t, label, server, children, n in shown:
        print(f"{t:7.1f} {server:10.0f} {children:12.0f} {n:3d}  {label}")
    server_max = max(s[2] for s in samples)
    child_max = max(s[3] for s in samples)
    print(f"memory max: server {server_max:.0f} MB, children {child_max:.0f} MB; "
          f"server start -> end {samples[0][2]:.0f} -> {samples[-1][2]:.0f} MB")
