"""Gradient norms through time, recorded while a model trains: one row per epoch, one column per step.

`GradientRecorder` is a Keras callback: before training and after every epoch it measures ||dL/dh_t|| on a
fixed batch of sequences (the same ones every time) and keeps the median over the batch at each distance
from the end. Pass it to `rnnviz.train(..., callbacks=[recorder])`: what it recorded lands in
`run.gradient_history`. From the app, `RecordGradients()` is the factory that a TrainingRequest's
callback_factories takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import keras
import numpy as np

from .through_time import GradientNorms, gradient_norms

EXTRAS_KEY = "gradient_history"


@dataclass
class GradientHistory:
    """Median gradient norm over a fixed batch, per recorded epoch and distance from the end.

    epochs: (n_records,) epoch numbers; 0 = before training.
    hidden: layer name -> (n_records, n_distances) median ||dL/dh_t||; distance 0 = last word.
    cell_state: the same for LSTM layers' ||dL/dc_t||.
    inputs: (n_records, n_distances) median ||dL/dx_t||.
    losses: (n_records,) mean loss of the batch when it was measured (NaN once training diverged).
    backward_layers: names of the directions that read backward: their distance 0 is the first word (the
    last one they read), as in GradientNorms.by_distance_from_end.
    """

    n_sequences: int
    distances: np.ndarray
    epochs: list = field(default_factory=list)
    hidden: dict = field(default_factory=dict)
    cell_state: dict = field(default_factory=dict)
    inputs: list = field(default_factory=list)
    losses: list = field(default_factory=list)
    backward_layers: set = field(default_factory=set)

    def reads_backward(self, quantity: str = "hidden", layer: str | None = None) -> bool:
        """True when the recorded `layer` (default: the first) reads backward; the input x_t never does."""
        if quantity == "input" or not self.hidden:
            return False
        return (layer if layer is not None else next(iter(self.hidden))) in self.backward_layers

    def add(self, epoch: int, norms: GradientNorms) -> None:
        self.epochs.append(epoch)
        self.losses.append(float(np.mean(norms.losses)))
        self.inputs.append(self._medians(norms, "input", None))
        for layer in norms.layers:
            if layer.reads_backward:
                self.backward_layers.add(layer.layer)
            self.hidden.setdefault(layer.layer, []).append(self._medians(norms, "hidden", layer.layer))
            if layer.cell_state is not None:
                self.cell_state.setdefault(layer.layer, []).append(self._medians(norms, "cell", layer.layer))

    def matrix(self, quantity: str = "hidden", layer: str | None = None) -> np.ndarray:
        """(n_records, n_distances) medians of 'hidden', 'cell' or 'input' for one layer (default: the first)."""
        if quantity == "input":
            return np.array(self.inputs)
        table = {"hidden": self.hidden, "cell": self.cell_state}.get(quantity)
        if table is None:
            raise ValueError(f"quantity must be 'hidden', 'cell' or 'input', got {quantity!r}")
        if not table:
            raise ValueError(f"no {quantity} gradients recorded (a cell state exists for LSTM layers only)")
        name = layer if layer is not None else next(iter(table))
        if name not in table:
            raise ValueError(f"no recorded layer {name!r}; layers: {', '.join(table)}")
        return np.array(table[name])

    def _medians(self, norms: GradientNorms, quantity: str, layer: str | None) -> np.ndarray:
        aligned = norms.by_distance_from_end(quantity, layer)[:, :len(self.distances)]
        with np.errstate(all="ignore"):
            medians = np.full(len(self.distances), np.nan)
            reached = ~np.isnan(aligned).all(axis=0)
            medians[reached] = np.nanmedian(aligned[:, reached], axis=0)
        return medians


class GradientRecorder(keras.callbacks.Callback):
    """Records gradient norms through time on (x, y) before training and after every `every` epochs.

    x: (n_sequences, n_steps) token ids, y: (n_sequences,) labels, measured with the model's own loss.
    After training (or a stop, or a divergence), `run_extras` holds {"gradient_history": GradientHistory}.
    """

    def __init__(self, x, y, every: int = 1):
        super().__init__()
        self.x, self.y = np.asarray(x), np.asarray(y)
        if self.x.ndim != 2 or len(self.x) != len(self.y) or len(self.x) == 0:
            raise ValueError(f"x must be (n_sequences, n_steps) with one label per sequence, got x {self.x.shape} "
                             f"and y {self.y.shape}")
        if not isinstance(every, int) or every < 1:
            raise ValueError(f"every must be a positive integer (epochs between records), got {every!r}")
        self.every = every
        self.history = GradientHistory(n_sequences=len(self.x), distances=np.arange(self.x.shape[1]))
        self.run_extras = {EXTRAS_KEY: self.history}   # rnnviz.train puts this in run.gradient_history

    def on_train_begin(self, logs=None):
        if not self.history.epochs:      # a second fit on the same model continues the record
            self._record(0)

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every == 0:
            self._record(epoch + 1)

    def _record(self, epoch: int) -> None:
        # Weights may hold NaN after a divergence: the norms are then NaN too, and recorded as such.
        with np.errstate(all="ignore"):
            self.history.add(epoch, gradient_norms(self.model, self.x, self.y))


@dataclass(frozen=True)
class RecordGradients:
    """A callback factory (model, dataset) -> GradientRecorder on the first `n_sequences` validation sequences.

    Frozen and made of plain values, so a TrainingRequest holding it stays comparable and picklable.
    """

    n_sequences: int = 64
    every: int = 1

    def __call__(self, model, dataset) -> GradientRecorder:
        from .unroll import make_plan

        make_plan(model)  # refuse an unsupported model before training starts, not after the first epoch
        split = dataset.validation
        return GradientRecorder(split.x[:self.n_sequences], split.y[:self.n_sequences], every=self.every)
