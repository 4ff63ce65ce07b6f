"""Read a training history the way the course's symptoms table does, and say what it measured.

Underfitting: the training error stays high, close to the validation error (the model cannot even learn the
training set). Overfitting: the training error is much lower than the validation error, and the validation
loss turns up after some epoch while the training loss keeps falling (the model learns its training examples,
not the task). A good fit: low training error, validation close to it.

`diagnose(history)` measures those quantities on a history DataFrame (one row per epoch, as `Run.history`)
and returns a `Diagnosis`: the label plus every number it looked at and one sentence per reason, so a student
can check the verdict against the curves. The thresholds are keyword arguments, not hidden constants.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

UNDERFITTING = "underfitting"
GOOD_FIT = "good fit"
OVERFITTING = "overfitting"
CANNOT_TELL = "not enough epochs to tell"
LABELS = (UNDERFITTING, GOOD_FIT, OVERFITTING, CANNOT_TELL)

_CONTEXT = "context"    # tag of reasons that say which epochs were read: always shown first
MIN_EPOCHS = 3          # a trend needs at least three points
FLAT_TOLERANCE = 0.01   # a curve that moves by less than 1 % of its mean is flat


@dataclass(frozen=True)
class Diagnosis:
    """The verdict on one training history and the measurements behind it (None where not measurable)."""

    label: str                          # one of LABELS
    reasons: tuple[str, ...]            # one measured sentence per reason, most important first
    n_epochs: int                       # epochs with finite losses that were read
    epoch: int | None                   # the epoch whose values are "final" (the last, or the restored one)
    metric: str | None                  # the metric column read, e.g. "accuracy" (None: losses only)
    train_loss: float | None            # training loss at `epoch`
    val_loss: float | None              # validation loss at `epoch`
    train_metric: float | None          # training metric at `epoch`
    val_metric: float | None            # validation metric at `epoch`
    gap: float | None                   # train_metric - val_metric (or val_loss - train_loss without a metric)
    gap_trend: float | None             # change of the loss gap per epoch over the second half of training
    best_epoch: int | None              # epoch with the lowest validation loss
    best_val_loss: float | None
    val_loss_rise: float | None         # val_loss at the last epoch minus best_val_loss
    diverged_at: int | None = None      # first epoch whose loss was NaN or infinite

    @property
    def val_loss_rise_relative(self) -> float | None:
        """The rise after the best epoch as a fraction of the best validation loss."""
        if self.val_loss_rise is None or not self.best_val_loss:
            return None
        return self.val_loss_rise / self.best_val_loss

    def measures(self) -> pd.DataFrame:
        """The measurements as a two-column table (measure, value) for a diagnosis card."""
        metric = self.metric or "metric"
        rows = [("epochs read", self.n_epochs), ("epoch judged", self.epoch),
                ("training loss", self.train_loss), ("validation loss", self.val_loss),
                (f"training {metric}", self.train_metric), (f"validation {metric}", self.val_metric),
                ("gap" + (f" (training - validation {metric})" if self.metric else " (validation - training loss)"),
                 self.gap),
                ("gap trend per epoch (loss, 2nd half)", self.gap_trend),
                ("best epoch (lowest validation loss)", self.best_epoch),
                ("validation loss rise after best", self.val_loss_rise)]
        return pd.DataFrame([(name, _format(value)) for name, value in rows if value is not None],
                            columns=["measure", "value"])


def diagnose(history: pd.DataFrame, *, metric: str = "accuracy", high_error: float = 0.10, max_gap: float = 0.05,
             min_error_ratio: float = 1.5, max_rise: float = 0.10, min_rise: float = 0.02,
             restored_epoch: int | None = None, min_epochs: int = MIN_EPOCHS) -> Diagnosis:
    """Label a training history underfitting, good fit or overfitting, with the measured reasons.

    Parameters
    ----------
    history : DataFrame, (n_epochs, n_columns)
        One row per epoch, in order (as `Run.history`): `loss` is required; `val_loss`, `<metric>` and
        `val_<metric>` are read when present.
    metric : str
        The accuracy-like column (higher is better, between 0 and 1); its error is 1 - metric.
    high_error : float
        Training error (1 - metric) above which the training error counts as high: underfitting.
    max_gap : float
        Largest train - validation metric gap that still counts as "close". Above it, and with the
        validation error also more than `min_error_ratio` times the training error, the training error is
        "much lower": overfitting. (The ratio keeps two high errors, 0.41 and 0.46, "close".)
    min_error_ratio : float
        See max_gap.
    max_rise : float
        Largest rise of the validation loss after its best epoch, relative to that best value, that still
        counts as noise: above it (with the training loss still falling), overfitting.
    min_rise : float
        The rise must also exceed this absolute amount (in loss units): near a loss of 0, tiny wiggles are
        large relative changes.
    restored_epoch : int, optional
        Judge the model of this epoch instead of the last one (early stopping restores the best weights).
    min_epochs : int
        Fewer finite epochs than this: "not enough epochs to tell".

    Returns
    -------
    Diagnosis

    Raises
    ------
    ValueError
        If history is not a DataFrame with a `loss` column, or a threshold is outside its range.
    """
    if not isinstance(history, pd.DataFrame) or "loss" not in history.columns:
        columns = list(history.columns) if isinstance(history, pd.DataFrame) else type(history).__name__
        raise ValueError(f"history must be a DataFrame with a 'loss' column (one row per epoch), got {columns}")
    for name, value in (("high_error", high_error), ("max_gap", max_gap), ("max_rise", max_rise),
                        ("min_rise", min_rise)):
        if not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ValueError(f"{name} must be a number from 0 to 1, got {value!r}")
    if not isinstance(min_error_ratio, (int, float)) or not 1 <= min_error_ratio <= 100:
        raise ValueError(f"min_error_ratio must be a number from 1 to 100, got {min_error_ratio!r}")
    epochs = np.arange(1, len(history) + 1) if history.index.dtype.kind not in "iu" else history.index.to_numpy()
    columns = [c for c in ("loss", "val_loss", metric, f"val_{metric}") if c in history.columns]
    values = history[columns].to_numpy(dtype=float)                               # (n_epochs, n_columns)
    finite = np.isfinite(values).all(axis=1)
    diverged_at = None if finite.all() else int(epochs[np.argmin(finite)])
    n_read = len(values) if diverged_at is None else int(np.argmin(finite))      # rows before the first bad one
    curves = {name: values[:n_read, i] for i, name in enumerate(columns)}          # each (n_read,)
    epochs = epochs[:n_read]
    has_metric = metric in curves and f"val_{metric}" in curves
    reasons = []   # (label the reason supports, _CONTEXT or None; sentence)
    if diverged_at is not None:
        reasons.append((_CONTEXT, f"the loss became NaN or infinite in epoch {diverged_at}: training diverged; "
                                  f"only the {n_read} epoch{'s' * (n_read != 1)} before it are read"))
    if n_read < min_epochs:
        reasons.append((CANNOT_TELL, f"{n_read} finite epoch{'s' * (n_read != 1)}: at least {min_epochs} are "
                                     "needed to see a trend"))
        return _empty(reasons, n_read, metric if has_metric else None, diverged_at)
    at = n_read - 1
    if restored_epoch is not None:
        if restored_epoch not in epochs:
            raise ValueError(f"restored_epoch must be one of the epochs read ({epochs[0]} to {epochs[-1]}), "
                             f"got {restored_epoch!r}")
        at = int(np.flatnonzero(epochs == restored_epoch)[0])
        reasons.append((_CONTEXT, f"early stopping restored the weights of epoch {restored_epoch}: that model "
                                  "is judged"))
    train_loss = curves["loss"]
    flat = _is_flat(train_loss)
    if flat:
        reasons.append((UNDERFITTING, f"the training loss is flat: it moved by {np.ptp(train_loss):.3g} over "
                                      f"{n_read} epochs (around {train_loss.mean():.3g})"))
    if "val_loss" not in curves:
        return _without_validation(curves, epochs, at, metric if metric in curves else None, high_error, flat,
                                   reasons, diverged_at)
    val_loss = curves["val_loss"]
    best = int(np.argmin(val_loss))
    rise = float(val_loss[-1] - val_loss[best])
    relative_rise = rise / val_loss[best] if val_loss[best] > 0 else 0.0
    loss_gap = val_loss - train_loss                                                # (n_read,)
    half = n_read // 2
    gap_trend = float(np.polyfit(np.arange(n_read - half), loss_gap[half:], 1)[0])  # >= 2 points: n_read >= 3
    train_metric = float(curves[metric][at]) if has_metric else None
    val_metric = float(curves[f"val_{metric}"][at]) if has_metric else None
    gap = train_metric - val_metric if has_metric else float(loss_gap[at])
    # Overfitting, sign 1: validation loss turned up after its best epoch while the training loss kept falling.
    rising = (at > best and relative_rise > max_rise and rise > min_rise
              and train_loss[at] < train_loss[best])
    # Overfitting, sign 2: the model does much better on its training examples than on unseen ones.
    if has_metric:
        wide = gap > max_gap and 1 - val_metric > min_error_ratio * (1 - train_metric)
    else:
        wide = val_loss[at] > min_error_ratio * train_loss[at] and gap > max_gap
    high = has_metric and 1 - train_metric > high_error
    label = OVERFITTING if rising or wide else UNDERFITTING if high or (flat and not has_metric) else GOOD_FIT
    if rising:
        reasons.append((OVERFITTING, f"validation loss was lowest in epoch {epochs[best]} ({val_loss[best]:.3f}), "
                                     f"then rose by {rise:.3f} ({relative_rise:.0%}, over {max_rise:.0%}) "
                                     f"while the training loss fell from {train_loss[best]:.3f} to "
                                     f"{train_loss[at]:.3f}"))
    elif best == n_read - 1:
        reasons.append((None, f"validation loss was still falling: lowest in the last epoch, {epochs[best]} "
                              f"({val_loss[best]:.3f})"))
    else:
        reasons.append((None, f"validation loss was lowest in epoch {epochs[best]} ({val_loss[best]:.3f}); by the "
                              f"last epoch it rose by {rise:.3f} ({relative_rise:.0%}; overfitting needs over "
                              f"{max_rise:.0%} and {min_rise:g})"))
    if has_metric:
        train_error, val_error = 1 - train_metric, 1 - val_metric
        relation = "much lower than" if wide else "close to"
        ratio = f"{val_error / train_error:.3g}x" if train_error > 0 else "-"
        reasons.append((OVERFITTING if wide else None,
                        f"training {metric} {train_metric:.3f} vs validation {val_metric:.3f}: the training error "
                        f"({train_error:.3f}) is {relation} the validation error ({val_error:.3f}); gap "
                        f"{gap:+.3f} (limit {max_gap:.2f}), ratio {ratio} (limit {min_error_ratio:g}x)"))
        reasons.append((UNDERFITTING if high else GOOD_FIT,
                        f"training error {train_error:.3f} is {'above' if high else 'below'} {high_error:.2f}"
                        + (": high, the model does not fit even its training data" if label == UNDERFITTING
                           else "" if high else ": low")))
    else:
        reasons.append((OVERFITTING if wide else None,
                        f"validation loss {val_loss[at]:.3f} vs training loss {train_loss[at]:.3f}: gap {gap:+.3f} "
                        f"(no '{metric}' column: judged from the losses only, limits {max_gap:.2f} and "
                        f"{min_error_ratio:g}x)"))
    reasons.append((OVERFITTING if gap_trend > 0 and (rising or wide) else None,
                    f"the loss gap {'widened' if gap_trend > 0 else 'narrowed or held'} by {abs(gap_trend):.3f} "
                    f"per epoch over the last {n_read - half} epochs"))
    if label == GOOD_FIT:
        reasons.append((GOOD_FIT, "validation follows training: no sign of over- or underfitting"))
    return Diagnosis(label=label, reasons=_order(reasons, label), n_epochs=n_read, epoch=int(epochs[at]),
                     metric=metric if has_metric else None, train_loss=float(train_loss[at]),
                     val_loss=float(val_loss[at]), train_metric=train_metric, val_metric=val_metric, gap=gap,
                     gap_trend=gap_trend, best_epoch=int(epochs[best]), best_val_loss=float(val_loss[best]),
                     val_loss_rise=rise, diverged_at=diverged_at)


def diagnose_run(run, **thresholds) -> Diagnosis:
    """diagnose(run.history), judging the restored epoch when the run used early stopping.

    Keras' EarlyStopping(restore_best_weights=True) restores the epoch with the lowest val_loss at the end
    of training, whether or not it stopped early: train() records the patience in run.early_stopping_patience.
    """
    history = run.history
    early = getattr(run, "early_stopping_patience", None) is not None
    restored = None
    if early and "val_loss" in history and np.isfinite(history["val_loss"].to_numpy(dtype=float)).any():
        restored = int(history.index[int(np.nanargmin(history["val_loss"].to_numpy(dtype=float)))])
    try:
        return diagnose(history, restored_epoch=restored, **thresholds)
    except ValueError:  # the restored epoch lies after a NaN: judge the history as it is
        return diagnose(history, **thresholds)


def _without_validation(curves, epochs, at, metric, high_error, flat, reasons, diverged_at) -> Diagnosis:
    """No validation columns: only underfitting can be seen (high training error); the gap cannot."""
    train_loss = curves["loss"]
    train_metric = float(curves[metric][at]) if metric else None
    high = train_metric is not None and 1 - train_metric > high_error
    label = UNDERFITTING if high or flat else CANNOT_TELL
    reasons.append((CANNOT_TELL, "no validation columns (val_loss): the gap between training and validation "
                                 "cannot be measured, so overfitting cannot be seen"))
    if train_metric is not None:
        reasons.append((UNDERFITTING if high else None,
                        f"training error {1 - train_metric:.3f} is {'above' if high else 'below'} {high_error:.2f}"))
    return Diagnosis(label=label, reasons=_order(reasons, label), n_epochs=len(train_loss),
                     epoch=int(epochs[at]), metric=metric, train_loss=float(train_loss[at]), val_loss=None,
                     train_metric=train_metric, val_metric=None, gap=None, gap_trend=None, best_epoch=None,
                     best_val_loss=None, val_loss_rise=None, diverged_at=diverged_at)


def _empty(reasons, n_read, metric, diverged_at) -> Diagnosis:
    return Diagnosis(label=CANNOT_TELL, reasons=_order(reasons, CANNOT_TELL), n_epochs=n_read, epoch=None,
                     metric=metric, train_loss=None, val_loss=None, train_metric=None, val_metric=None, gap=None,
                     gap_trend=None, best_epoch=None, best_val_loss=None, val_loss_rise=None,
                     diverged_at=diverged_at)


def _is_flat(curve: np.ndarray) -> bool:
    """True when the curve's range is below FLAT_TOLERANCE of its mean size."""
    return bool(np.ptp(curve) <= FLAT_TOLERANCE * max(float(np.mean(np.abs(curve))), 1e-12))


def _order(reasons: list[tuple[str | None, str]], label: str) -> tuple[str, ...]:
    """The sentences in reading order: what was read (context), then what supports the label, then the rest."""
    rank = {_CONTEXT: 0, label: 1}
    return tuple(text for _, text in sorted(reasons, key=lambda reason: rank.get(reason[0], 2)))


def _format(value) -> str:
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:+.3f}" if value < 0 else f"{value:.3f}"


def compare_diagnoses(diagnoses: dict[str, Diagnosis]) -> pd.DataFrame:
    """One row per run (index: run name): the label and the measurements, side by side."""
    rows = {name: {"diagnosis": d.label, "epochs": d.n_epochs, "epoch judged": d.epoch,
                   "best epoch": d.best_epoch, "lowest val loss": d.best_val_loss,
                   "val loss rise after best": d.val_loss_rise, "train loss": d.train_loss, "val loss": d.val_loss,
                   f"train {d.metric or 'metric'}": d.train_metric, f"val {d.metric or 'metric'}": d.val_metric,
                   "gap": d.gap}
            for name, d in diagnoses.items()}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("run")
