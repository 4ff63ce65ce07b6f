"""Callback factories that make tests of Stop and crashes deterministic: hold a training at a chosen point.

`HoldAt(epoch, batch, release_path)` blocks the training at the end of that batch (or, with batch=None, at
the end of that epoch) until `release_path` exists, after writing `<release_path>.reached`. A test waits
for the training to be exactly there (`wait_until_reached`), does what it tests (Stop, kill the worker),
then releases it: where the Stop lands never depends on timing. Plain values, so a worker process can
build it from a pickled TrainingRequest.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

HOLD_LIMIT_S = 120   # a held training that is never released fails instead of hanging the suite


@dataclass(frozen=True)
class HoldAt:
    """Keras callback factory: hold at (epoch from 1, batch from 1 or None = the epoch's end) until released."""

    epoch: int
    release_path: str
    batch: int | None = None

    def __call__(self, model, dataset):
        import keras

        hold = self

        class Hold(keras.callbacks.Callback):
            def on_train_batch_end(self, batch, logs=None):
                if hold.batch is not None and (self._epoch, batch + 1) == (hold.epoch, hold.batch):
                    hold.wait()

            def on_epoch_begin(self, epoch, logs=None):
                self._epoch = epoch + 1

            def on_epoch_end(self, epoch, logs=None):
                if hold.batch is None and epoch + 1 == hold.epoch:
                    hold.wait()

        return Hold()

    def wait(self) -> None:
        Path(self.release_path + ".reached").touch()
        deadline = time.monotonic() + HOLD_LIMIT_S
        while not Path(self.release_path).exists():
            if time.monotonic() > deadline:
                raise RuntimeError(f"held training never released ({self.release_path})")
            time.sleep(0.01)

    def wait_until_reached(self, timeout_s: float = HOLD_LIMIT_S) -> None:
        """Block until the training is held (raises after timeout_s: a bound, not a timing assumption)."""
        deadline = time.monotonic() + timeout_s
        while not Path(self.release_path + ".reached").exists():
            if time.monotonic() > deadline:
                raise TimeoutError(f"the training never reached epoch {self.epoch}, batch {self.batch}")
            time.sleep(0.01)

    def release(self) -> None:
        Path(self.release_path).touch()
