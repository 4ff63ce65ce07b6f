"""Where a training job runs: a pool of worker processes (the app's default), threads, or a Dask cluster.

Every executor has `capacity` (jobs it runs at once) and `submit(fn, *args) -> concurrent.futures.Future`;
the service never hands it more than `capacity` jobs, so no job ever waits inside an executor (CPython
gh-115634: ProcessPoolExecutor with max_tasks_per_child hangs when jobs queue inside it). The queue, the
merging of identical requests and the fairness between sessions live in the service, in the server.

`ProcessSlots`: `capacity` single-process 'spawn' pools. A worker imports TensorFlow in its initializer
(at start, not at its first job), lowers its CPU priority below the server's (os.nice), exits when the
server dies (a watchdog thread), and is replaced after `recycle_after` trainings, since TensorFlow never
returns the memory of a fit. A worker killed mid-training fails only its own job; its slot starts afresh.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
import types
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:      # not Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(parent_pid: int, nice: int) -> None:
    """Worker start: lower priority, a watchdog on the parent, TensorFlow imported ahead of the first job."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if nice:
        os.nice(nice)

    def watch_parent():
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(1)             # the server is gone: free the ~700 MB of TensorFlow at once

    threading.Thread(target=watch_parent, name="rnnviz-parent-watchdog", daemon=True).start()
    import keras  # noqa: F401 - the ~5 s import happens here, while the worker waits for its first job


def _ready() -> int:
    return os.getpid()


_MAIN_LOCK = threading.Lock()


@contextlib.contextmanager
def _neutral_main():
    """Start child processes with a __main__ that has no file: a 'spawn' child re-imports the parent's __main__
    from its file, and Streamlit installs each running script (app.py, a page) as sys.modules['__main__'], so a
    worker started during a script run would run the whole app, which starts workers of its own."""
    with _MAIN_LOCK:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            if main is not None:
                sys.modules["__main__"] = main


class WorkerLost(RuntimeError):
    """The worker process died during the job (killed, or out of memory)."""


class _Slot:
    def __init__(self, owner: "ProcessSlots"):
        self.owner = owner
        self.trainings = 0
        self.busy = False
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
                                       initargs=(os.getpid(), self.owner.nice))
        with _neutral_main():
            executor.submit(_ready)      # starts the process now, so its TensorFlow import is done early
        return executor

    def restart(self) -> None:
        old, self.executor, self.trainings = self.executor, self._start(), 0
        old.shutdown(wait=False, cancel_futures=True)


class ProcessSlots:
    """`capacity` worker processes, one job each at a time; see the module docstring."""

    def __init__(self, capacity: int | None = None, recycle_after: int = 10, nice: int = 10):
        self.capacity = capacity or default_workers()
        self.recycle_after = recycle_after
        self.nice = nice
        self._lock = threading.Lock()
        self._slots = [_Slot(self) for _ in range(self.capacity)]

    def submit(self, fn, *args) -> Future:
        with self._lock:
            slot = next((s for s in self._slots if not s.busy), None)
            if slot is None:
                raise RuntimeError("every worker is busy: the service hands out at most `capacity` jobs")
            slot.busy = True
            inner = slot.executor.submit(fn, *args)
        outer: Future = Future()
        inner.add_done_callback(lambda done: self._finished(slot, done, outer))
        return outer

    def _finished(self, slot: _Slot, inner: Future, outer: Future) -> None:
        error = inner.exception()
        with self._lock:
            slot.trainings += 1
            if isinstance(error, BrokenProcessPool) or slot.trainings >= self.recycle_after:
                slot.restart()
            slot.busy = False
        if isinstance(error, BrokenProcessPool):
            outer.set_exception(WorkerLost("the training's worker process stopped unexpectedly (killed or out "
                                           "of memory); a new worker has started, so you can train again"))
        elif error is not None:
            outer.set_exception(error)
        else:
            outer.set_result(inner.result())

    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (for tests and the load test's memory report)."""
        with self._lock:
            return [pid for slot in self._slots for pid in (slot.executor._processes or {})]

    def shutdown(self) -> None:
        for slot in self._slots:
            slot.executor.shutdown(wait=True, cancel_futures=True)


class ThreadSlots:
    """Jobs in threads of this process (notebooks, tests): same protocol, no process start or pickling."""

    def __init__(self, capacity: int | None = None):
        self.capacity = capacity or default_workers()
        self._pool = ThreadPoolExecutor(self.capacity, thread_name_prefix="rnnviz-training")

    def submit(self, fn, *args) -> Future:
        return self._pool.submit(_after_keras, fn, *args)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _after_keras(fn, *args):
    """fn(*args) once Keras is imported: a training thread must not import TensorFlow while another thread
    does (rnnviz.keras_import)."""
    from ..keras_import import import_keras

    import_keras()
    return fn(*args)
