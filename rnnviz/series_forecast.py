"""Forecasts of a trained series model, in the series' own units, and the naive forecast to beat.

- `naive_forecast_scores`: "tomorrow = today" (repeat the last value of each window), scored per split.
- `one_step_predictions`: the model's direct output for every window of a split.
- `recursive_forecast`: feed the model its own predictions to go `steps` ahead from one window.
- `error_by_horizon`: how the error grows with the number of steps ahead, beside the naive one (a direct
  multi-step model is read from its own outputs: output k forecasts step k).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .data.dataset import check_choice, check_int
from .data.series_sources import shown_name
from .data.windows import SPLIT_NAMES, SeriesDataset
from .i18n import N_, _

SCALES = ("scaled", "original")


@dataclass(frozen=True)
class Forecast:
    """Predictions against the truth for one split or one recursive run.

    target_steps: (n,) series index of each prediction's first step; times: their time labels.
    prediction, truth: (n, horizon) float64 in the series' own units (truth NaN past the series' end).
    """

    target_steps: np.ndarray
    times: pd.Index
    prediction: np.ndarray
    truth: np.ndarray

    def scores(self) -> dict:
        """MSE and MAE over every (sample, step) where the truth is known."""
        error = (self.prediction - self.truth)[np.isfinite(self.truth)]
        return {"mse": float(np.mean(error ** 2)), "mae": float(np.mean(np.abs(error)))}


def naive_forecast_scores(dataset: SeriesDataset, scale: str = "scaled") -> pd.DataFrame:
    """MSE and MAE of repeating each window's last target value for the whole horizon, per split.

    scale="scaled" gives the units of the training loss (comparable with history's loss / val_loss);
    "original" the series' own units. Returns a DataFrame indexed by split with columns mse, mae.
    """
    check_choice("scale", scale, SCALES)
    rows = {}
    for name in SPLIT_NAMES:
        part = dataset.split(name)
        last = part.x[:, -1, dataset.target].astype(np.float64)[:, None]   # (n_samples, 1)
        prediction, truth = np.repeat(last, dataset.horizon, axis=1), part.y.astype(np.float64)
        if scale == "original":
            prediction, truth = dataset.inverse_scale(prediction), dataset.inverse_scale(truth)
        rows[name] = {"mse": float(np.mean((prediction - truth) ** 2)),
                      "mae": float(np.mean(np.abs(prediction - truth)))}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("split")


def one_step_predictions(model, dataset: SeriesDataset, split: str = "test") -> Forecast:
    """The model's output for every window of `split`, (n_samples, horizon), back in the series' units."""
    part = dataset.split(split)
    predicted = np.asarray(model.predict_on_batch(part.x), dtype=np.float64)   # a split fits in one batch
    return Forecast(part.target_steps, dataset.times[part.target_steps], dataset.inverse_scale(predicted),
                    dataset.inverse_scale(part.y))


def recursive_forecast(model, dataset: SeriesDataset, split: str = "test", steps: int = 20,
                       start: int = 0) -> Forecast:
    """Forecast `steps` ahead from window `start` of `split`, each step fed back as the next input.

    A model of horizon h gives h steps per call (its own outputs), then reads them back as inputs; it needs a
    single-feature series. Returns a Forecast with one row per step: prediction and truth have shape (steps, 1).
    """
    part = dataset.split(split)
    start = check_int("start", start, 0, len(part) - 1)
    steps = check_int("steps", steps, 1, 1000)
    prediction = _recursive(model, dataset, part.x[start:start + 1], steps)[0]
    first = int(part.target_steps[start])
    return Forecast(np.arange(first, first + steps), _times_ahead(dataset, first, steps),
                    dataset.inverse_scale(prediction)[:, None], _truth_ahead(dataset, first, steps)[:, None])


def error_by_horizon(model, dataset: SeriesDataset, split: str = "test", steps: int = 10,
                     scale: str = "original") -> pd.DataFrame:
    """Mean absolute error k steps ahead (k = 1..steps) over every window of `split` whose next `steps` values
    are known; beside the naive forecast's (the window's last value repeated). Steps 1..horizon are the model's
    own outputs (output k forecasts step k); further steps feed its forecasts back (see `_recursive`).

    Returns a DataFrame indexed by steps_ahead with columns model, naive (both MAE) and n_windows.
    """
    check_choice("scale", scale, SCALES)
    part = dataset.split(split)
    steps = check_int("steps", steps, 1, 1000)
    keep = part.target_steps + steps <= len(dataset.values)
    if not keep.any():
        raise ValueError(f"no window of the {split} split has {steps} known values after it; use fewer steps")
    x, first = part.x[keep], part.target_steps[keep]
    prediction = _recursive(model, dataset, x, steps)                                   # (n, steps), scaled
    truth = dataset.scaler.transform(np.stack([_truth_ahead(dataset, s, steps) for s in first]),
                                     feature=dataset.target)
    naive = np.repeat(x[:, -1, dataset.target].astype(np.float64)[:, None], steps, axis=1)
    if scale == "original":
        prediction, truth, naive = (dataset.inverse_scale(a) for a in (prediction, truth, naive))
    return pd.DataFrame({"model": np.abs(prediction - truth).mean(axis=0), "naive": np.abs(naive - truth).mean(axis=0),
                         "n_windows": len(x)}, index=pd.RangeIndex(1, steps + 1, name="steps_ahead"))


def _recursive(model, dataset: SeriesDataset, windows: np.ndarray, steps: int) -> np.ndarray:
    """windows: (n, look_back, 1) scaled -> (n, steps) scaled predictions.

    A model forecasts `horizon` steps at once (output k is step k): its whole block of outputs is used as is and
    then appended to the window to forecast the next block. A one-step model (horizon 1) thus feeds each
    prediction back; a direct multi-step model is read from its own outputs for its first `horizon` steps.
    """
    if dataset.n_features != 1:
        raise ValueError(f"a recursive forecast feeds predictions back as inputs, so it needs one feature; "
                         f"this series has {dataset.n_features} ({', '.join(dataset.columns)})")
    window = np.array(windows, dtype=np.float32)
    look_back = window.shape[1]
    predictions = np.empty((len(window), steps))
    done = 0
    while done < steps:
        # predict_on_batch: Keras' compiled predict step without predict()'s per-call data pipeline, and
        # ~50 times faster than an eager model(window) call for a recurrent layer.
        block = np.asarray(model.predict_on_batch(window), dtype=np.float64)        # (n, horizon)
        take = min(block.shape[1], steps - done)
        predictions[:, done:done + take] = block[:, :take]
        done += take
        window = np.concatenate([window, block[:, :, None].astype(np.float32)], axis=1)[:, -look_back:]
    return predictions


def _truth_ahead(dataset: SeriesDataset, first: int, steps: int) -> np.ndarray:
    """The target's values at first .. first + steps - 1, NaN past the end of the series."""
    values = np.full(steps, np.nan)
    known = dataset.values[first:first + steps, dataset.target]
    values[:len(known)] = known
    return values


def _times_ahead(dataset: SeriesDataset, first: int, steps: int) -> pd.Index:
    """Time labels of first .. first + steps - 1, continued past the end of the series at its last spacing."""
    known = dataset.times[first:first + steps]
    if len(known) == steps:
        return known
    spacing = dataset.times[-1] - dataset.times[-2]
    extra = [dataset.times[-1] + spacing * k for k in range(1, steps - len(known) + 1)]
    return known.append(pd.Index(extra))


def metrics_table(runs: dict) -> pd.DataFrame:
    """One row per run, and one for the naive forecast of each distinct dataset, to compare forecasts.

    runs: name -> Run on a SeriesDataset. Columns: run, model, look_back, validation MAE, test MAE and test RMSE,
    all in the series' own units, named in each column's title (the same MAE as the training curve's); column
    names in the current language.
    """
    rows, seen = [], set()
    for name, run in runs.items():
        data = run.dataset
        key = (data.name, repr(sorted(data.options.items())))
        if key not in seen:
            seen.add(key)
            naive = naive_forecast_scores(data, scale="original")
            rows.append((_("naive (last value)") + f" · {data.name}", _("naive"), data.look_back,
                         naive.loc["validation", "mae"], naive.loc["test", "mae"],
                         float(np.sqrt(naive.loc["test", "mse"]))))
        scores = {part: one_step_predictions(run.model, data, part).scores() for part in ("validation", "test")}
        rows.append((name, run.config.label() if run.config else run.model.name, data.look_back,
                     scores["validation"]["mae"], scores["test"]["mae"], float(np.sqrt(scores["test"]["mse"]))))
    unit = shown_name(next(iter(runs.values())).dataset.target_name) if runs else ""
    columns = [_("run"), _("model"), "look_back"] + [_(column).format(unit=unit) for column in _ERROR_COLUMNS]
    return pd.DataFrame(rows, columns=columns)


_ERROR_COLUMNS = (N_("validation MAE ({unit})"), N_("test MAE ({unit})"), N_("test RMSE ({unit})"))
