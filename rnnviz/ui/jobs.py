"""Training in the background of one student's session, with live progress and a Stop button.

A page asks for one or more trainings (`TrainingRequest`s); a worker thread of this session trains them one
after another with the pure core (`rnnviz.train`), reporting through a `TrainingMonitor`. The page redraws the
progress every half second from a fragment, and a Stop button ends training cleanly after the current batch,
keeping the epochs done. No st.* call ever happens in the worker thread.

Identical trainings (same data, config, budget and seed) give identical models, so a finished one is kept in
a small process-wide cache of immutable results (weights, history, scores) and handed to the next student
who asks for it, instead of training it again: what a class pressing the same preset button needs.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import pandas as pd

from ..training_request import TrainingRequest, run_request

MAX_CACHED_RESULTS = 64


@dataclass
class TrainingJob:
    """A queue of trainings running in one session's worker thread."""

    requests: list[TrainingRequest]
    datasets: list                               # the Dataset of each request, loaded by the caller
    runs: list = field(default_factory=list)     # finished Runs, in order
    error: str | None = None
    index: int = 0                               # request being trained
    monitor: object = None                       # TrainingMonitor of the current request
    stop_all: bool = False
    thread: threading.Thread | None = None

    @property
    def done(self) -> bool:
        return self.thread is not None and not self.thread.is_alive()

    @property
    def fraction_done(self) -> float:
        current = self.monitor.fraction_done if self.monitor is not None else 0.0
        return min((self.index + current) / max(len(self.requests), 1), 1.0)

    def current_history(self) -> pd.DataFrame:
        rows = list(self.monitor.rows) if self.monitor is not None else []
        return pd.DataFrame(rows).set_index("epoch") if rows else pd.DataFrame()

    def request_stop(self) -> None:
        self.stop_all = True
        if self.monitor is not None:
            self.monitor.request_stop()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the worker has finished (for tests and notebooks)."""
        if self.thread is not None:
            self.thread.join(timeout)

    def start(self) -> "TrainingJob":
        self.thread = threading.Thread(target=self._work, name="rnnviz-training", daemon=True)
        self.thread.start()
        return self

    def _work(self) -> None:
        from ..training import TrainingMonitor

        try:
            for index, (request, dataset) in enumerate(zip(self.requests, self.datasets)):
                monitor = TrainingMonitor(request.epochs)
                if self.stop_all:      # Stop pressed between two trainings: the queue ends here
                    break
                self.monitor, self.index = monitor, index   # the panel reads these two together
                self.runs.append(_train_or_reuse(request, dataset, monitor))
        except ValueError as error:          # a setting the core refused: its message names it
            self.error = str(error)
        except Exception as error:           # noqa: BLE001 - shown to the student as one line, not a traceback
            self.error = f"training failed: {type(error).__name__}: {error}"


def _train_or_reuse(request: TrainingRequest, dataset, monitor):
    key = request.cache_key()
    cached = _RESULTS.get(key) if key is not None else None
    if cached is not None:
        from ..models import build_model

        dataset = dataset.first_training_rows(request.train_size)
        model = build_model(dataset, request.config)
        model.set_weights(cached["weights"])
        run = _run_from_cache(model, dataset, request, cached)
        monitor.rows.extend(run.history.reset_index().to_dict("records"))
        return run
    run = run_request(request, dataset, monitor)
    finished = run.stop_reason is None or run.stop_reason.startswith("early stopping")
    if key is not None and finished and not monitor.stop_requested:   # never share a model cut short
        _RESULTS.put(key, {"weights": [w.copy() for w in run.model.get_weights()], "history": run.history.copy(),
                           "test_scores": dict(run.test_scores), "wall_time_s": run.wall_time_s,
                           "stop_reason": run.stop_reason})
    return run


def _run_from_cache(model, dataset, request: TrainingRequest, cached: dict):
    from ..training import Run

    return Run(model=model, dataset=dataset, history=cached["history"].copy(), config=request.config,
               test_scores=dict(cached["test_scores"]), wall_time_s=cached["wall_time_s"],
               epochs_requested=request.epochs, batch_size=request.batch_size, seed=request.seed,
               stop_reason=cached["stop_reason"], name=request.run_name,
               early_stopping_patience=request.early_stopping_patience,
               extras={"group": request.group, "request": request, "reused": True})


class _ResultCache:
    """A small thread-safe LRU of finished trainings: weights (NumPy copies), history, scores. Never models."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            return None

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_RESULTS = _ResultCache(MAX_CACHED_RESULTS)
