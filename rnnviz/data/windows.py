"""From a series to supervised windows, as the course builds them: X.shape = [n_samples, look_back, n_features].

The series is cut in time, never shuffled across the cut: the first part trains, the next validates, the
last tests. A window belongs to the part that holds its targets; its inputs are the `look_back` steps just
before them (which may lie in an earlier part: the past is always known). The scaler is fitted on the
training part alone, so nothing measured on the future leaks into training.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .dataset import check_choice, check_int, digest_of, options_text
from .series_sources import RawSeries, check_number

SCALINGS = ("standard", "minmax", "none")
SPLIT_NAMES = ("train", "validation", "test")


@dataclass(frozen=True)
class Scaler:
    """(value - offset) / scale per feature; offset and scale: (n_features,), fitted on the training part."""

    kind: str
    offset: np.ndarray
    scale: np.ndarray

    @classmethod
    def fit(cls, values: np.ndarray, kind: str, columns: tuple[str, ...]) -> "Scaler":
        """values: (n_steps, n_features), the training part only."""
        check_choice("scaling", kind, SCALINGS)
        n_features = values.shape[1]
        if kind == "none":
            return cls(kind, np.zeros(n_features), np.ones(n_features))
        offset = values.mean(axis=0) if kind == "standard" else values.min(axis=0)
        scale = values.std(axis=0) if kind == "standard" else values.max(axis=0) - values.min(axis=0)
        if (scale == 0).any():
            column = columns[int(np.argmax(scale == 0))]
            raise ValueError(f"the training part of {column!r} is constant: it cannot be scaled and there is "
                             "nothing to learn from it")
        return cls(kind, offset, scale)

    def transform(self, values: np.ndarray, feature: int | None = None) -> np.ndarray:
        """Scale (n, n_features) values, or any-shape values of one feature."""
        if feature is None:
            return (values - self.offset) / self.scale
        return (values - self.offset[feature]) / self.scale[feature]

    def inverse(self, values: np.ndarray, feature: int | None = None) -> np.ndarray:
        if feature is None:
            return values * self.scale + self.offset
        return values * self.scale[feature] + self.offset[feature]


@dataclass(frozen=True)
class WindowSplit:
    """One part of a windowed series.

    x: (n_samples, look_back, n_features) float32, scaled.
    y: (n_samples, horizon) float32, the target feature's next `horizon` values, scaled.
    target_steps: (n_samples,) int, the series index of each sample's first target (y[i, 0] is the series at
    target_steps[i]).
    """

    x: np.ndarray
    y: np.ndarray
    target_steps: np.ndarray

    def __len__(self) -> int:
        return len(self.y)


@dataclass
class SeriesDataset:
    """A series forecasting task: the raw series, its chronological split, the scaler, and the windows."""

    name: str
    description: str
    values: np.ndarray               # (n_steps, n_features) float64, the raw series
    times: pd.Index                  # n_steps time labels
    columns: tuple[str, ...]         # feature names
    target: int                      # which feature is forecast
    look_back: int
    horizon: int
    stride: int
    boundaries: tuple[int, int]      # series index where validation starts and where test starts
    scaler: Scaler
    train: WindowSplit
    validation: WindowSplit
    test: WindowSplit
    options: dict = field(default_factory=dict)
    task: str = "regression"
    description_id: str = ""         # the description's message id (see data/descriptions.py)
    description_values: tuple = ()

    @property
    def display_description(self) -> str:
        """The description in the current language, for captions and titles."""
        from .descriptions import description_text

        return description_text(self)

    @property
    def n_features(self) -> int:
        return self.values.shape[1]

    @property
    def sequence_length(self) -> int:
        return self.look_back

    @property
    def target_name(self) -> str:
        return self.columns[self.target]

    def identity(self) -> str:
        """Which series task this is, for every server-wide cache key (as Dataset.identity): a digest of the
        series, its columns and target, the windowing, the scaler and every part's windows."""
        if getattr(self, "_identity", None) is None:
            self._identity = digest_of(
                ("series", self.name, self.task, self.columns, self.target, self.look_back, self.horizon,
                 self.stride, self.boundaries, self.scaler.kind, options_text(self.options)),
                self.values, self.scaler.offset, self.scaler.scale,
                *(array for part in (self.train, self.validation, self.test) for array in (part.x, part.y)))
        return self._identity

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_identity", None)
        return state

    def split(self, name: str) -> WindowSplit:
        check_choice("split", name, SPLIT_NAMES)
        return getattr(self, name)

    def part_ranges(self) -> dict[str, tuple[int, int]]:
        """Series index range [start, stop) of the targets of each part."""
        n_val, n_test = self.boundaries
        return {"train": (0, n_val), "validation": (n_val, n_test), "test": (n_test, len(self.values))}

    def shape_text(self, split: str = "train") -> str:
        """The shapes as the course writes them, e.g. 'X.shape = [340, 20, 1]  y.shape = [340, 1]'."""
        part = self.split(split)
        return f"X.shape = [{', '.join(map(str, part.x.shape))}]  y.shape = [{', '.join(map(str, part.y.shape))}]"

    def inverse_scale(self, y: np.ndarray) -> np.ndarray:
        """Target values from the scaled units the model sees back to the series' own units (any shape)."""
        return self.scaler.inverse(np.asarray(y, dtype=np.float64), feature=self.target)

    def first_training_rows(self, train_size: int | None) -> "SeriesDataset":
        """A copy keeping the first `train_size` training windows (in time order); None keeps all."""
        if train_size is None:
            return self
        train_size = check_int("train_size", train_size, 1, len(self.train))
        part = self.train
        return replace(self, train=WindowSplit(part.x[:train_size], part.y[:train_size],
                                               part.target_steps[:train_size]))


def window_series(raw: RawSeries, name: str, look_back: int = 20, horizon: int = 1, stride: int = 1,
                  validation_fraction: float = 0.15, test_fraction: float = 0.15, scaling: str = "standard",
                  target: str | None = None, options: dict | None = None) -> SeriesDataset:
    """Split `raw` in time, fit the scaler on the training part, and cut every part into windows.

    Sample i of a part: x = series[s - look_back : s], y = target feature at series[s : s + horizon], for
    first-target steps s in the part, every `stride` steps, with all of y inside the part.
    """
    n_steps = len(raw.values)
    look_back = check_int("look_back", look_back, 1, 10_000)
    horizon = check_int("horizon", horizon, 1, 1000)
    stride = check_int("stride", stride, 1, 1000)
    validation_fraction = check_number("validation_fraction", validation_fraction, 0.01, 0.5)
    test_fraction = check_number("test_fraction", test_fraction, 0.01, 0.5)
    target_index = 0 if target is None else _column_index(raw.columns, target)
    n_val = int(round(n_steps * (1 - validation_fraction - test_fraction)))
    n_test = int(round(n_steps * (1 - test_fraction)))
    _check_fits(n_steps, n_val, n_test, look_back, horizon)
    scaler = Scaler.fit(raw.values[:n_val], scaling, raw.columns)
    scaled = scaler.transform(raw.values)
    parts = {part: _windows(scaled, start, stop, look_back, horizon, stride, target_index)
             for part, (start, stop) in zip(SPLIT_NAMES, ((look_back, n_val), (n_val, n_test), (n_test, n_steps)))}
    return SeriesDataset(name=name, description=raw.description, description_id=raw.description_id,
                         description_values=raw.description_values, values=raw.values, times=raw.times,
                         columns=raw.columns, target=target_index, look_back=look_back, horizon=horizon,
                         stride=stride, boundaries=(n_val, n_test), scaler=scaler, **parts,
                         options=dict(options or {}))


def _windows(scaled: np.ndarray, start: int, stop: int, look_back: int, horizon: int, stride: int,
             target: int) -> WindowSplit:
    """Windows whose targets start at start, start + stride, ... and end at or before `stop`."""
    first_targets = np.arange(start, stop - horizon + 1, stride)
    x = np.stack([scaled[s - look_back:s] for s in first_targets]).astype(np.float32)
    y = np.stack([scaled[s:s + horizon, target] for s in first_targets]).astype(np.float32)
    return WindowSplit(x, y, first_targets)


def _check_fits(n_steps: int, n_val: int, n_test: int, look_back: int, horizon: int) -> None:
    if look_back + horizon > n_val:
        raise ValueError(f"look_back {look_back} is too long for this series: its training part has {n_val} of "
                         f"its {n_steps} steps, which must hold look_back + horizon ({look_back + horizon}); "
                         f"use a look_back of at most {max(n_val - horizon, 0)}")
    if horizon > min(n_test - n_val, n_steps - n_test):
        raise ValueError(f"horizon {horizon} is longer than the validation ({n_test - n_val} steps) or test "
                         f"({n_steps - n_test} steps) part of this {n_steps}-step series")


def _column_index(columns: tuple[str, ...], target: str) -> int:
    if target not in columns:
        raise ValueError(f"target {target!r} is not a column of the series; its columns: {', '.join(columns)}")
    return columns.index(target)
