"""Training: `train(model, dataset)` fits with validation data and returns a `Run`.

A Run is what every inspection page receives: the model, the data it learnt from, and the measured history.
Training is deterministic for a seed without touching TensorFlow's global random state (so two students
training at once on one server do not disturb each other): the batches of every epoch come from a NumPy
generator, and every initialiser and dropout mask is seeded by the model's config.

Progress reaches a user interface through `TrainingMonitor`, a Keras callback that records each epoch and
stops cleanly when asked, from any thread. The core never draws anything.
"""

from __future__ import annotations

import math
import threading
import time

import keras
import numpy as np
import pandas as pd

from .data.dataset import Dataset, check_int
from .run import Run, TrainingResult, recorded_fields  # noqa: F401 - Run and TrainingResult are re-exported
from .stop_reasons import DIVERGED, EARLY_STOPPING, STOPPED_AFTER, STOPPED_AFTER_ONE, STOPPED_DURING, stop_reason
from .training_request import MAX_BATCH_SIZE, MAX_EPOCHS, MAX_SEED


class TrainingMonitor:
    """Records each epoch's metrics and stops training on request; safe to read from another thread.

    Pass `monitor.callback()` to train(); read `monitor.rows`, `monitor.fraction_done`; call
    `monitor.request_stop()` to end training cleanly after the current batch, keeping the epochs done.
    """

    def __init__(self, epochs: int):
        self.epochs = epochs
        self.rows: list[dict] = []      # appended by the training thread (list.append is atomic)
        self.batches_done = 0
        self.steps_per_epoch = 1
        self.stopped_in_epoch: int | None = None   # the epoch a Stop cut short (Keras still logs it)
        self._stop = threading.Event()

    def request_stop(self) -> None:
        self._stop.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @property
    def fraction_done(self) -> float:
        done = len(self.rows) + min(self.batches_done / max(self.steps_per_epoch, 1), 0.999)
        return min(done / max(self.epochs, 1), 1.0)

    def callback(self) -> keras.callbacks.Callback:
        return _MonitorCallback(self)


class _MonitorCallback(keras.callbacks.Callback):
    def __init__(self, monitor: TrainingMonitor):
        super().__init__()
        self.monitor = monitor

    def on_epoch_begin(self, epoch, logs=None):
        self.monitor.batches_done = 0

    def on_train_batch_end(self, batch, logs=None):
        self.monitor.batches_done = batch + 1
        if self.monitor.stop_requested and not self.model.stop_training:
            self.model.stop_training = True
            if batch + 1 < self.monitor.steps_per_epoch:   # Keras will still log this unfinished epoch
                self.monitor.stopped_in_epoch = len(self.monitor.rows) + 1

    def on_epoch_end(self, epoch, logs=None):
        self.monitor.rows.append({"epoch": epoch + 1, **{k: float(v) for k, v in (logs or {}).items()}})
        if self.monitor.stop_requested:   # asked during the epoch's last steps: stop at this clean boundary
            self.model.stop_training = True


def train(model, dataset: Dataset, epochs: int = 10, batch_size: int = 32, seed: int = 0, callbacks=(),
          early_stopping_patience: int | None = None, monitor: TrainingMonitor | None = None,
          name: str = "") -> Run:
    """Fit `model` on dataset.train, validating on dataset.validation after every epoch; return a Run.

    Training stops early (and says why in run.stop_reason) when the loss becomes NaN, when the monitor is
    asked to stop, or, with early_stopping_patience=k, when val_loss has not improved for k epochs (the best
    weights are then restored).
    """
    epochs = check_int("epochs", epochs, 1, MAX_EPOCHS)
    batch_size = check_int("batch_size", batch_size, 1, MAX_BATCH_SIZE)
    seed = check_int("seed", seed, 0, MAX_SEED)
    if early_stopping_patience is not None:
        early_stopping_patience = check_int("early_stopping_patience", early_stopping_patience, 1, MAX_EPOCHS)
    x, y = dataset.train.x, dataset.train.y
    batches, steps_per_epoch = _seeded_batches(x, y, epochs, batch_size, seed)
    nan_guard = _NanGuard()
    all_callbacks = [nan_guard, *callbacks]
    if monitor is not None:
        monitor.steps_per_epoch = steps_per_epoch
        all_callbacks.append(monitor.callback())
    early_stopping = None
    if early_stopping_patience is not None:
        early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=early_stopping_patience,
                                                       restore_best_weights=True)
        all_callbacks.append(early_stopping)
    started = time.perf_counter()
    fit = model.fit(batches, epochs=epochs, steps_per_epoch=steps_per_epoch, verbose=0, callbacks=all_callbacks,
                    shuffle=False,  # the batches are already shuffled by seed
                    validation_data=(dataset.validation.x, dataset.validation.y), validation_batch_size=512)
    wall_time = time.perf_counter() - started
    history = pd.DataFrame(fit.history, index=pd.RangeIndex(1, len(fit.history.get("loss", [])) + 1, name="epoch"))
    stop_reason = _stop_reason(history, epochs, nan_guard, monitor, early_stopping)
    test_scores = {}
    if not nan_guard.diverged_at:
        test_scores = {name: float(value) for name, value in model.evaluate(   # loss + the compiled metrics
            dataset.test.x, dataset.test.y, batch_size=512, verbose=0, return_dict=True).items()}
    # Keras restores the best epoch's weights at the end of any fit with early stopping on (stopped or not).
    restored = early_stopping.best_epoch + 1 if early_stopping is not None and early_stopping.best_weights \
        is not None else None
    return Run(model=model, dataset=dataset, history=history, config=getattr(model, "rnnviz_config", None),
               test_scores=test_scores, wall_time_s=wall_time, epochs_requested=epochs, batch_size=batch_size,
               seed=seed, stop_reason=stop_reason, early_stopping_patience=early_stopping_patience, name=name,
               restored_epoch=restored, stopped_by_user=monitor is not None and monitor.stop_requested,
               **recorded_fields(callbacks))  # what a lab's callback recorded, through its `run_extras`


def _seeded_batches(x: np.ndarray, y: np.ndarray, epochs: int, batch_size: int, seed: int):
    """A tf.data pipeline of (x, y) batches, reshuffled every epoch in an order fixed by `seed` alone.

    Returns (dataset, steps_per_epoch). The orders come from NumPy, not from TensorFlow's global seed.
    """
    import tensorflow as tf

    n_sequences = len(y)
    orders = np.stack([np.random.default_rng([seed, epoch]).permutation(n_sequences) for epoch in range(epochs)])
    x_tensor, y_tensor = tf.constant(x), tf.constant(y)
    batches = (tf.data.Dataset.from_tensor_slices(orders)                          # (epochs, n_sequences)
               .flat_map(lambda order: tf.data.Dataset.from_tensor_slices(order).batch(batch_size))
               .map(lambda index: (tf.gather(x_tensor, index), tf.gather(y_tensor, index)))
               .prefetch(2))
    return batches, math.ceil(n_sequences / batch_size)


def _stop_reason(history, epochs, nan_guard, monitor, early_stopping) -> str | None:
    """Why training ended before `epochs`, in English (stored with the run; see rnnviz/stop_reasons.py)."""
    if nan_guard.diverged_at:
        return stop_reason(DIVERGED, epoch=nan_guard.diverged_at)
    if monitor is not None and monitor.stopped_in_epoch is not None:
        return stop_reason(STOPPED_DURING, epoch=monitor.stopped_in_epoch)
    if monitor is not None and monitor.stop_requested and len(history) < epochs:
        return stop_reason(STOPPED_AFTER_ONE if len(history) == 1 else STOPPED_AFTER, n=len(history))
    if early_stopping is not None and early_stopping.stopped_epoch > 0:
        return stop_reason(EARLY_STOPPING, epoch=len(history), best=early_stopping.best_epoch + 1)
    return None


class _NanGuard(keras.callbacks.Callback):
    """Ends training at the first NaN or infinite batch loss and remembers the epoch."""

    diverged_at: int | None = None
    _epoch = 1

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch + 1

    def on_train_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and not math.isfinite(float(loss)):
            self.diverged_at = self._epoch
            self.model.stop_training = True
