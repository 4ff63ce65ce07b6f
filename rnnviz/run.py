"""A `Run` (a trained model and what was measured while training it) and its plain-value form.

A training can happen in another process (a worker of the training service, a Dask task): it then sends back
a `TrainingResult`, plain values only (weights as NumPy arrays, the history as a dict of lists, scores, the
stop reason and what lab callbacks recorded), and the caller rebuilds its own model from it with
`Run.from_result`. The identical-request cache goes through the same path, so a shared result always
becomes a fresh model that belongs to one student. That model is built when something first reads `run.model`:
the students of a merged training mostly look at pictures the server already made from equal weights (keyed by
`Run.fingerprint()`, which reads the weights without a model), so most of them never need one.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .data.dataset import Dataset
from .models import ModelConfig
from .stop_reasons import stop_reason_text

_RUN_IDS = itertools.count(1)

# What a lab callback may record into a Run (its `run_extras` names one of these fields).
RECORDED_FIELDS = ("gradient_history",)


def _next_run_id() -> int:
    return next(_RUN_IDS)


@dataclass
class _ModelToBuild:
    """A Run's model not built yet: `build()` makes it once (shared by shallow copies of the Run, as a model is)."""

    dataset: Dataset
    config: object
    weights: list
    _built: object = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def build(self):
        from .models import build_model

        with self._lock:
            if self._built is None:
                model = build_model(self.dataset, self.config)
                model.set_weights(self.weights)
                self._built = model
            return self._built


_MODEL_SLOT = "_model_value"     # where a Run keeps its model, or the _ModelToBuild that will make it


class _ModelField:
    """`Run.model`: the Keras model, built on first read when the Run was made with a _ModelToBuild.

    A dataclass field whose default is this descriptor: its class access raises AttributeError, so the field stays
    required (dataclasses' rule for descriptor-typed fields), and `Run(model=...)` stores through `__set__`.
    """

    def __get__(self, run, owner=None):
        if run is None:
            raise AttributeError("model")
        value = run.__dict__[_MODEL_SLOT]
        if isinstance(value, _ModelToBuild):
            value = value.build()
            run.__dict__[_MODEL_SLOT] = value
        return value

    def __set__(self, run, value) -> None:
        run.__dict__[_MODEL_SLOT] = value


def history_diverged(history: pd.DataFrame) -> bool:
    """True when a history's loss became NaN or infinite."""
    return bool(history["loss"].isna().any() or np.isinf(history["loss"]).any()) if len(history) else False


@dataclass
class Run:
    """A trained model and everything measured while training it.

    history: one row per finished epoch, indexed by epoch number from 1, with columns
    loss, accuracy, val_loss, val_accuracy.
    """

    model: object = _ModelField()       # the keras.Model, trained (built on first read, see _ModelField)
    dataset: Dataset
    history: pd.DataFrame
    config: ModelConfig | None          # None for a model not built by rnnviz
    test_scores: dict                   # {"loss": ..., "accuracy": ...} on the test split; {} if diverged
    wall_time_s: float                  # seconds spent in fit
    epochs_requested: int
    batch_size: int
    seed: int
    stop_reason: str | None = None      # None when every requested epoch ran
    early_stopping_patience: int | None = None
    name: str = ""
    restored_epoch: int | None = None   # the epoch whose weights the model holds when Keras restored the best
    stopped_by_user: bool = False       # a Stop cut it short (never shared with another student)
    request: object = None              # the TrainingRequest it was trained from (None: rnnviz.train directly)
    reused: bool = False                # rebuilt from an identical training done earlier on this server
    gradient_history: object = None     # a GradientHistory when the gradients lab's recorder ran
    loaded_from: str | None = None      # the file it was loaded from (rnnviz.load_run), None if trained here
    run_id: int = field(default_factory=_next_run_id, init=False)   # unique per Run object: the key of caches
    _fingerprint: str | None = field(default=None, init=False, repr=False, compare=False)

    def fingerprint(self) -> str:
        """A short hash of the weights, the architecture and the dataset's identity: equal fingerprints give equal
        traces, projections and figures, so work keyed by it can be shared by every session of a server (students
        who got the same merged training). The dataset enters through `Dataset.identity()` (vocabulary, sequence
        length, padding, classes, options, data): equal weights read through another vocabulary are another model.
        Computed once: a run's weights never change after training."""
        if self._fingerprint is None:
            digest = hashlib.sha1()
            for weights in self.weights():
                weights = np.ascontiguousarray(weights)
                digest.update(repr((weights.dtype.str, weights.shape)).encode())
                digest.update(weights.tobytes())
            # rnnviz's config names the architecture; a model from elsewhere is named by its layers
            architecture = repr(self.config) if self.config is not None else (
                type(self.model).__name__, [layer.name for layer in self.model.layers])
            digest.update(repr((architecture, self.dataset.identity())).encode())
            self._fingerprint = digest.hexdigest()[:16]
        return self._fingerprint

    def weights(self) -> list:
        """The model's weights (model.get_weights() order), read without building a model that is not built yet.

        Read-only: for a run rebuilt from a result they are that result's arrays, which other students share.
        """
        pending = self.__dict__.get(_MODEL_SLOT)
        if isinstance(pending, _ModelToBuild):
            return pending.weights
        return self.model.get_weights()

    @property
    def diverged(self) -> bool:
        """True when the loss became NaN or infinite."""
        return history_diverged(self.history)

    @property
    def epochs_done(self) -> int:
        return len(self.history)

    @property
    def group(self) -> str:
        """The request's group (lets a page find the runs it asked for); '' without a request."""
        return getattr(self.request, "group", "") or ""

    @property
    def reported_epoch(self) -> int | None:
        """The epoch the model's weights come from: the restored best one after early stopping, else the last."""
        return self.restored_epoch if self.restored_epoch is not None else (self.epochs_done or None)

    def reported(self) -> pd.Series:
        """The history row of `reported_epoch` (empty if no epoch ran): the numbers of the model as it is."""
        return self.history.loc[self.reported_epoch] if self.reported_epoch else pd.Series(dtype=float)

    def summary(self) -> dict:
        """One row for a comparison table; accuracies are those of the epoch the model holds."""
        row = self.reported()
        return {"run": self.name, "model": self.config.label() if self.config else self.model.name,
                "dataset": self.dataset.name, "epochs": self.epochs_done, "reported epoch": self.reported_epoch,
                "train accuracy": row.get("accuracy"), "val accuracy": row.get("val_accuracy"),
                "val loss": row.get("val_loss"), "test accuracy": self.test_scores.get("accuracy"),
                "seconds": round(self.wall_time_s, 1), "note": stop_reason_text(self.stop_reason) or ""}

    def to_result(self) -> "TrainingResult":
        """The plain values of this run (weights copied), to send across a process boundary or cache."""
        return TrainingResult(
            weights=[np.array(w, copy=True) for w in self.weights()],
            history={column: self.history[column].tolist() for column in self.history.columns},
            test_scores=dict(self.test_scores), wall_time_s=float(self.wall_time_s), stop_reason=self.stop_reason,
            restored_epoch=self.restored_epoch, stopped_by_user=self.stopped_by_user,
            recorded={name: getattr(self, name) for name in RECORDED_FIELDS if getattr(self, name) is not None})

    @classmethod
    def from_result(cls, result: "TrainingResult", dataset: Dataset, request, reused: bool = False) -> "Run":
        """Rebuild a run from plain values: a fresh model of `request.config` holding `result.weights`.

        dataset: the request's dataset as loaded by the caller (its training split is cut to train_size here).
        """
        dataset = dataset.first_training_rows(request.train_size)
        model = _ModelToBuild(dataset, request.config, result.weights)   # built when first read
        history = result.history_frame()
        return cls(model=model, dataset=dataset, history=history, config=request.config,
                   test_scores=dict(result.test_scores), wall_time_s=result.wall_time_s,
                   epochs_requested=request.epochs, batch_size=request.batch_size, seed=request.seed,
                   stop_reason=result.stop_reason, early_stopping_patience=request.early_stopping_patience,
                   name=request.run_name, restored_epoch=result.restored_epoch,
                   stopped_by_user=result.stopped_by_user, request=request, reused=reused,
                   # a copy: a cached result's records are shared by every student who gets it
                   **{name: copy.deepcopy(result.recorded.get(name)) for name in RECORDED_FIELDS})


@dataclass
class TrainingResult:
    """What a training sends back: plain, picklable values (no Keras object).

    weights: model.get_weights() arrays; history: column -> one value per epoch.
    """

    weights: list
    history: dict
    test_scores: dict
    wall_time_s: float
    stop_reason: str | None = None
    restored_epoch: int | None = None
    stopped_by_user: bool = False
    recorded: dict = field(default_factory=dict)   # Run field name -> value recorded by a lab callback

    @property
    def epochs_done(self) -> int:
        return len(self.history.get("loss", []))

    def history_frame(self) -> pd.DataFrame:
        """The history as a Run holds it: one row per epoch, indexed from 1 (name "epoch")."""
        return pd.DataFrame(self.history, index=pd.RangeIndex(1, self.epochs_done + 1, name="epoch"))

    @property
    def shareable(self) -> bool:
        """Only a training that ran as asked may be handed to another student (never one cut short by Stop)."""
        return not self.stopped_by_user


def recorded_fields(callbacks) -> dict:
    """Run field -> value, from every callback's `run_extras`; ValueError for a name that is not a Run field."""
    recorded = {}
    for callback in callbacks:
        for name, value in getattr(callback, "run_extras", {}).items():
            if name not in RECORDED_FIELDS:
                raise ValueError(f"a callback recorded {name!r}, which is not a Run field; "
                                 f"allowed: {', '.join(RECORDED_FIELDS)}")
            recorded[name] = value
    return recorded

