"""Can the network remember a word from `lag` steps ago? Validation accuracy against lag, per cell kind.

Two tasks. memory_task hides one marker ("a" or "b") `lag` steps before the end of a sequence of random
tokens; the label is the marker. order_task (Hochreiter and Schmidhuber's temporal order) places one "x" and
one "y" at random positions, the later at least `lag` steps before the end; the label is their order, which a
bag of words cannot see. Every cell kind is trained on every lag with the same budget (units, epochs, batch size,
learning rate) and the same seed, so the curves differ only by the cell. The result is whatever was measured:
a gated cell may keep its accuracy at long lags, or it may not within this budget.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from ..data.dataset import check_choice, check_int
from ..i18n import N_
from ..models import COURSE_CELLS, RECURRENT_CELLS, ModelConfig

CHANCE = 0.5    # both tasks: two balanced classes
# task -> what "lag" means in it (the figure's axis and the page's text); marked N_: translate where shown, _().
LAG_TASKS = {
    "memory_task": N_("lag: steps between the marker and the end of the sequence"),
    "order_task": N_("lag: at least this many steps between the later marker and the end"),
}
TASK_DESCRIPTIONS = {
    "memory_task": N_("`memory_task`: the label is a marker (a or b) placed *lag* steps before the end of random "
                      "tokens. One marker, so remembering it needs no more than a fading trace."),
    "order_task": N_("`order_task`: one x and one y at random positions, the later at least *lag* steps before "
                     "the end; the label is which came first. Every sequence holds the same two markers, so only "
                     "their order decides: the network must keep it through the noise that follows."),
}


@dataclass(frozen=True)
class LagExperiment:
    """The settings of one accuracy-against-lag experiment (hashable: a cache key as it is)."""

    lags: tuple[int, ...] = (1, 11, 20, 30)            # steps between the marker and the end (1 = last token)
    task: str = "memory_task"                          # memory_task | order_task (see LAG_TASKS)
    n_steps: int = 30                                  # length of every sequence
    cells: tuple[str, ...] = COURSE_CELLS              # cell kinds compared (any registered ones)
    units: int = 16                                    # hidden units of each model
    epochs: int = 8                                    # training budget, the same for every model
    batch_size: int = 64
    learning_rate: float = 0.01
    embedding_scale: float = 0.05                      # word vectors start uniform in [-scale, scale]
    size: int = 1000                                   # sequences per dataset (70% train, 15% validation)
    seed: int = 0                                      # data, initial weights and batch order

    def __post_init__(self):
        lags = tuple(sorted({check_int("lag", lag, 1, 1000) for lag in self.lags}))
        if not lags:
            raise ValueError("lags must hold at least one lag, e.g. (1, 10, 20)")
        check_choice("task", self.task, tuple(LAG_TASKS))
        check_int("n_steps", self.n_steps, 2, 1000)
        longest = self.n_steps - (self.task == "order_task")   # the order task needs room for two markers
        if lags[-1] > longest:
            raise ValueError(f"lag {lags[-1]} is longer than the sequences (n_steps={self.n_steps}) allow for "
                             f"{self.task}: lags must be from 1 to {longest}")
        unknown = [cell for cell in self.cells if cell not in RECURRENT_CELLS]
        if unknown or not self.cells:
            raise ValueError(f"cells must be some of {', '.join(RECURRENT_CELLS)}, got {self.cells!r}")
        check_int("units", self.units, 1, 256)
        check_int("epochs", self.epochs, 1, 100)
        check_int("batch_size", self.batch_size, 1, 4096)
        check_int("size", self.size, 60, 200_000)
        check_int("seed", self.seed, 0, 2**31 - 1)
        object.__setattr__(self, "lags", lags)
        object.__setattr__(self, "cells", tuple(self.cells))
        self.model_config(self.cells[0])   # validates learning rate and embedding scale

    @classmethod
    def for_task(cls, task: str) -> "LagExperiment":
        """The page's default settings for `task`: memory_task as above; order_task the long-range preset's
        budget (rnnviz.presets.LONG_RANGE), tried at 4 lags up to the preset's."""
        check_choice("task", task, tuple(LAG_TASKS))
        if task == "memory_task":
            return cls()
        from ..presets import LONG_RANGE

        options, config = LONG_RANGE.dataset_options, LONG_RANGE.config
        lags = tuple(int(lag) for lag in np.unique(np.round(np.linspace(1, options["lag"], 4)).astype(int)))
        return cls(lags=lags, task=task, n_steps=options["n_steps"], units=config.units, epochs=LONG_RANGE.epochs,
                   batch_size=LONG_RANGE.batch_size, learning_rate=config.learning_rate,
                   embedding_scale=config.embedding_scale, size=options["size"])

    @property
    def n_trials(self) -> int:
        return len(self.cells) * len(self.lags)

    def model_config(self, cell: str) -> ModelConfig:
        return ModelConfig(cell=cell, units=self.units, embedding_dim=8, learning_rate=self.learning_rate,
                           embedding_scale=self.embedding_scale, seed=self.seed)


@dataclass(frozen=True)
class LagResult:
    """What was measured: one row per (cell, lag).

    table columns: cell, lag, val_accuracy (last epoch), best_val_accuracy and best_epoch (its epoch),
    train_accuracy, epochs, diverged.
    """

    settings: LagExperiment
    table: pd.DataFrame
    seconds: float

    def accuracy(self, cell: str, lag: int) -> float:
        row = self.table[(self.table["cell"] == cell) & (self.table["lag"] == lag)]
        if row.empty:
            raise ValueError(f"no trial for cell {cell!r} at lag {lag}; cells {self.settings.cells}, "
                             f"lags {self.settings.lags}")
        return float(row["val_accuracy"].iloc[0])

    def to_dict(self) -> dict:
        return {"settings": asdict(self.settings), "table": self.table.to_dict("records"), "seconds": self.seconds}


def run_lag_experiment(settings: LagExperiment = LagExperiment(), progress=None, should_stop=None) -> LagResult:
    """Train every cell kind on every lag with the same budget and seed; return the accuracies.

    progress: optional f(trials_done, n_trials, message), called before each trial and at the end.
    should_stop: optional f() -> bool, checked between trials; stopping returns the trials done so far.
    One model per cell kind is built and compiled once, then reset to the same initial weights and a fresh
    optimizer state for each lag: the same as building it again (the initialisers are seeded), without
    paying Keras' graph tracing for every trial.
    """
    from ..data import load_dataset
    from ..models import build_model
    from ..training import train

    started = time.perf_counter()
    rows, done = [], 0
    datasets = {lag: load_dataset(settings.task, lag=lag, n_steps=settings.n_steps, size=settings.size,
                                  seed=settings.seed) for lag in settings.lags}
    for cell in settings.cells:
        model = build_model(datasets[settings.lags[0]], settings.model_config(cell))
        model.optimizer.build(model.trainable_variables)
        initial_weights = [w.copy() for w in model.get_weights()]
        initial_optimizer = [np.array(v) for v in model.optimizer.variables]
        for lag in settings.lags:
            if should_stop is not None and should_stop():
                return _result(settings, rows, time.perf_counter() - started)
            if progress is not None:
                progress(done, settings.n_trials, f"{cell}, lag {lag}")
            model.set_weights(initial_weights)
            for variable, value in zip(model.optimizer.variables, initial_optimizer):
                variable.assign(value)
            run = train(model, datasets[lag], epochs=settings.epochs, batch_size=settings.batch_size,
                        seed=settings.seed)
            rows.append(trial_row(cell, lag, run.history))
            done += 1
    if progress is not None:
        progress(done, settings.n_trials, "done")
    return _result(settings, rows, time.perf_counter() - started)


def trial_requests(settings: LagExperiment) -> list:
    """[(cell, lag, TrainingRequest)], one per trial: the experiment as the training service runs it (worker
    processes, identical trials merged between students). Each request builds its model afresh from the same
    seeded initialisers, so it trains exactly what run_lag_experiment trains (tests/test_lag_service.py)."""
    from ..training_request import TrainingRequest

    return [(cell, lag, TrainingRequest(
        dataset_name=settings.task,
        dataset_options={"lag": lag, "n_steps": settings.n_steps, "size": settings.size, "seed": settings.seed},
        config=settings.model_config(cell), epochs=settings.epochs, batch_size=settings.batch_size,
        seed=settings.seed, run_name=f"{cell} lag {lag}", group="lag experiment"))
        for cell in settings.cells for lag in settings.lags]


def result_from_trials(settings: LagExperiment, trials: list, seconds: float) -> LagResult:
    """LagResult from [(cell, lag, TrainingResult)] of the trials that ran (a stopped experiment has fewer)."""
    rows = [trial_row(cell, lag, result.history_frame()) for cell, lag, result in trials]
    return _result(settings, rows, seconds)


def trial_row(cell: str, lag: int, history: pd.DataFrame) -> dict:
    """One row of LagResult.table from one trial's history (one row per epoch, indexed from 1)."""
    from ..run import history_diverged

    return {"cell": cell, "lag": lag, "val_accuracy": float(history["val_accuracy"].iloc[-1]),
            "best_val_accuracy": float(history["val_accuracy"].max()),
            "best_epoch": int(history["val_accuracy"].idxmax()),
            "train_accuracy": float(history["accuracy"].iloc[-1]), "epochs": len(history),
            "diverged": history_diverged(history)}


def _result(settings: LagExperiment, rows: list, seconds: float) -> LagResult:
    columns = ["cell", "lag", "val_accuracy", "best_val_accuracy", "best_epoch", "train_accuracy", "epochs",
               "diverged"]
    return LagResult(settings, pd.DataFrame(rows, columns=columns), seconds)
