"""The job function: one TrainingRequest in, plain values out. Runs in a pool worker, a Dask task or a thread.

`run_training_job(request, directory, job_id)` loads the request's dataset (cached per worker), trains with
the one training path (`run_request`), reports every epoch to the job's progress file, stops when the
job's cancel file appears, and returns a `TrainingResult` (weights, history, scores, stop reason, what lab
callbacks recorded): nothing that needs the worker's TensorFlow to read.
"""

from __future__ import annotations

import functools
import os
import time

from ..run import TrainingResult
from ..training_request import TrainingRequest
from .progress import JobFiles

BATCH_EVENT_EVERY_S = 0.5   # batch-level progress lines for a smooth bar; epochs are always written


def run_training_job(request: TrainingRequest, directory: str, job_id: str, dataset=None) -> TrainingResult:
    """Train `request`; progress and Stop through the JobFiles of (directory, job_id).

    dataset: the request's Dataset if the server already has it (pickling it costs far less than generating
    it again); else the worker generates it (and keeps it for the next job on the same data).
    """
    from ..training import TrainingMonitor
    from ..training_request import run_request

    files = JobFiles(directory, job_id)
    if dataset is None:
        dataset = _dataset(request.dataset_name, tuple(sorted(request.dataset_options.items())))
    monitor = TrainingMonitor(request.epochs)
    run = run_request(request, dataset, monitor=monitor, callbacks=[_progress_callback(files, monitor)])
    return run.to_result()


@functools.lru_cache(maxsize=8)
def _dataset(name: str, options: tuple):
    """A worker generates each dataset once (a class asks for the same few); Dataset is read-only here."""
    from ..data import load_dataset

    return load_dataset(name, **dict(options))


def _progress_callback(files: JobFiles, monitor):
    import keras

    class FileProgress(keras.callbacks.Callback):
        """Writes begin/batch/epoch events to the job's file; turns its cancel file into monitor.request_stop()."""

        _last_batch_event = 0.0

        def on_train_begin(self, logs=None):
            files.write({"event": "begin", "pid": os.getpid(), "steps_per_epoch": monitor.steps_per_epoch,
                         "epochs": monitor.epochs})

        def on_train_batch_end(self, batch, logs=None):
            if files.cancelled():
                monitor.request_stop()      # the monitor's own callback, next in line, ends fit at this batch
            now = time.monotonic()
            if now - self._last_batch_event > BATCH_EVENT_EVERY_S:
                self._last_batch_event = now
                files.write({"event": "batch", "epoch": len(monitor.rows) + 1, "batch": batch + 1})

        def on_epoch_end(self, epoch, logs=None):
            files.write({"event": "epoch", "epoch": epoch + 1, **{k: float(v) for k, v in (logs or {}).items()}})
            if files.cancelled():
                monitor.request_stop()      # asked during the epoch's last batch: stop at this boundary

    return FileProgress()
