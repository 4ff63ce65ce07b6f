"""Read a training history the way the course's symptoms table does, and say what it measured.

Underfitting: the training error stays high (the model cannot even learn its training set). Overfitting: the
training error is much lower than the validation error, or the validation loss turns up after some epoch while
the training loss keeps falling (the model learns its training examples, not the task). The two rows are not
exclusive: a model can fit its training set badly and still much better than unseen sentences ("underfitting
and overfitting"). A good fit: neither.

Nothing here is tuned to one data set. Errors are measured against chance (the majority class, the class
prior's cross-entropy), the gap as the share of the training set's gain over chance that validation keeps, and a
rise of the validation loss against the curve's own epoch-to-epoch noise (`curves.py`), on averages of the last
epochs rather than single noisy values. `diagnose(history)` returns a `Diagnosis`: the label plus every number it
looked at and one sentence per reason, so a student can check the verdict against the curves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import _, _n
from . import curves
from .labels import (  # noqa: F401 - LABELS and TABLE_ROWS are re-exported here
    CANNOT_TELL,
    GOOD_FIT,
    LABELS,
    OVERFITTING,
    TABLE_ROWS,
    UNDER_AND_OVERFITTING,
    UNDERFITTING,
    label_name,
    table_rows,
)
from .verdicts import judge_gap, judge_rise, judge_training_error

_CONTEXT = "context"    # tag of reasons that say which epochs were read: always shown first
MIN_EPOCHS = 3          # a trend needs at least three points
FLAT_TOLERANCE = 0.01   # a training loss that moves by less than 1 % of its mean is flat
BALANCED_BINARY = (0.5, 0.5)


@dataclass(frozen=True)
class Diagnosis:
    """The verdict on one training history and the measurements behind it (None where not measurable)."""

    label: str                          # one of LABELS
    reasons: tuple[str, ...]            # one measured sentence per reason, most important first
    n_epochs: int                       # epochs with finite losses that were read
    epoch: int | None                   # the epoch whose model is judged (the last, or the restored one)
    metric: str | None                  # the metric column read, e.g. "accuracy" (None: losses only)
    train_loss: float | None            # training loss at `epoch`
    val_loss: float | None              # validation loss at `epoch`
    train_metric: float | None          # training metric at `epoch`
    val_metric: float | None            # validation metric at `epoch`
    gap: float | None                   # train_metric - val_metric (or val_loss - train_loss without a metric)
    gap_trend: float | None             # change of the loss gap per epoch over the second half of training
    best_epoch: int | None              # epoch with the lowest validation loss
    best_val_loss: float | None
    val_loss_rise: float | None         # smoothed: last `window`-epoch mean minus the lowest one, up to `epoch`
    diverged_at: int | None = None      # first epoch whose loss was NaN or infinite
    window: int | None = None           # epochs each smoothed level averages
    val_loss_noise: float | None = None  # one epoch's standard deviation of the validation loss
    rise_score: float | None = None     # val_loss_rise in standard deviations of a difference of two means
    chance_metric: float | None = None  # accuracy of always answering the majority class
    kept_share: float | None = None     # (validation - chance) / (training - chance), on smoothed levels
    train_error_share: float | None = None  # smoothed training error / chance's error (losses: loss / chance's)

    @property
    def findings(self) -> tuple[str, ...]:
        """The course-table rows this verdict stands for, e.g. ('underfitting', 'overfitting')."""
        return table_rows(self.label)

    @property
    def label_name(self) -> str:
        """The label in the current language, for display (compare `label` itself in code)."""
        return label_name(self.label)

    @property
    def val_loss_rise_relative(self) -> float | None:
        """The rise after the best epochs as a fraction of the best validation loss."""
        if self.val_loss_rise is None or not self.best_val_loss:
            return None
        return self.val_loss_rise / self.best_val_loss

    def measures(self) -> pd.DataFrame:
        """The measurements as a two-column table (measure, value) for a diagnosis card."""
        metric = _metric_name(self.metric) if self.metric else _("metric")
        gap = (_("gap (training - validation {metric})") if self.metric else _("gap (validation - training loss)"))
        rows = [(_("epochs read"), self.n_epochs), (_("epoch judged"), self.epoch),
                (_("training loss"), self.train_loss), (_("validation loss"), self.val_loss),
                (_("training {metric}"), self.train_metric), (_("validation {metric}"), self.val_metric),
                (gap, self.gap),
                (_("gap trend per epoch (loss, 2nd half)"), self.gap_trend),
                (_("best epoch (lowest validation loss)"), self.best_epoch),
                (_("epochs per smoothed level"), self.window),
                (_("validation loss rise ({window}-epoch means)"), self.val_loss_rise),
                (_("validation loss noise (1 epoch, sd)"), self.val_loss_noise),
                (_("rise / its noise"), self.rise_score),
                (_("chance {metric} (majority class)"), self.chance_metric),
                (_("share of the training gain over chance kept on validation"), self.kept_share),
                (_("training error / chance's error"), self.train_error_share)]
        return pd.DataFrame([(name.format(metric=metric, window=self.window), _format(value))
                             for name, value in rows if value is not None], columns=[_("measure"), _("value")])


def diagnose(history: pd.DataFrame, *, metric: str = "accuracy", class_shares=BALANCED_BINARY,
             max_train_error: float = 0.4, min_kept: float = 0.7, min_gap: float = 0.1, rise_z: float = 4.0,
             min_rise: float = 0.02, restored_epoch: int | None = None, min_epochs: int = MIN_EPOCHS,
             chance_loss: float | None = None, chance_name: str | None = None) -> Diagnosis:
    """Label a training history underfitting, good fit, overfitting or both, with the measured reasons.

    Parameters
    ----------
    history : DataFrame, (n_epochs, n_columns)
        One row per epoch, in order (as `Run.history`): `loss` is required; `val_loss`, `<metric>` and
        `val_<metric>` are read when present.
    metric : str
        The accuracy-like column (higher is better, between 0 and 1); its error is 1 - metric.
    class_shares : sequence of floats
        Share of each class in the training labels (default balanced binary); sets chance: the majority
        class's accuracy and the class prior's cross-entropy. `diagnose_run` measures it on the run's data.
    max_train_error : float
        Training error above this share of chance's error is high: underfitting (losses only: training
        loss above this share of chance's cross-entropy).
    min_kept, min_gap : float
        Overfitting by the gap: validation keeps less than `min_kept` of the training set's gain over chance,
        and the gap exceeds `min_gap` times chance's error (so that two errors near chance are not a gap).
    rise_z : float
        Overfitting by the curve: the validation loss's last smoothed level must sit more than `rise_z`
        standard deviations (of a difference of two smoothed levels, from the curve's own noise) above its
        lowest, while the training loss fell.
    min_rise : float
        The rise must also exceed this share of chance's cross-entropy: near a loss of 0, tiny wiggles are
        large relative changes.
    restored_epoch : int, optional
        Judge the model of this epoch instead of the last one (early stopping restores the best weights).
    min_epochs : int
        Fewer finite epochs than this: "not enough epochs to tell".
    chance_loss, chance_name : float, str
        The loss of the best answer that ignores the input, and what that answer is, for a history without an
        accuracy column: default the class prior's cross-entropy. A forecast's is the training targets' MSE
        around their mean (`curves.regression_chance_loss`; `diagnose_run` measures it on a series run's data).

    Raises
    ------
    ValueError
        If history is not a DataFrame with a `loss` column, or an argument is outside its range.
    """
    if not isinstance(history, pd.DataFrame) or "loss" not in history.columns:
        columns = list(history.columns) if isinstance(history, pd.DataFrame) else type(history).__name__
        raise ValueError(f"history must be a DataFrame with a 'loss' column (one row per epoch), got {columns}")
    for name, value, high in (("max_train_error", max_train_error, 1), ("min_kept", min_kept, 1),
                              ("min_gap", min_gap, 1), ("min_rise", min_rise, 1), ("rise_z", rise_z, 100)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= high:
            raise ValueError(f"{name} must be a number from 0 to {high}, got {value!r}")
    chance_metric, class_loss = curves.chance_levels(class_shares)
    if chance_loss is None:
        chance_loss = class_loss
    elif isinstance(chance_loss, bool) or not isinstance(chance_loss, (int, float)) or not chance_loss > 0 \
            or not math.isfinite(chance_loss):
        raise ValueError(f"chance_loss must be a positive number (the loss of a constant answer), got {chance_loss!r}")
    epochs = np.arange(1, len(history) + 1) if history.index.dtype.kind not in "iu" else history.index.to_numpy()
    columns = [c for c in ("loss", "val_loss", metric, f"val_{metric}") if c in history.columns]
    values = history[columns].to_numpy(dtype=float)                               # (n_epochs, n_columns)
    finite = np.isfinite(values).all(axis=1)
    diverged_at = None if finite.all() else int(epochs[np.argmin(finite)])
    n_read = len(values) if diverged_at is None else int(np.argmin(finite))      # rows before the first bad one
    curve = {name: values[:n_read, i] for i, name in enumerate(columns)}           # each (n_read,)
    epochs = epochs[:n_read]
    has_metric = metric in curve and f"val_{metric}" in curve
    reasons = []   # (label the reason supports, _CONTEXT or None; sentence)
    if diverged_at is not None:
        reasons.append((_CONTEXT, _n("the loss became NaN or infinite in epoch {epoch}: training diverged; "
                                     "only the {n} epoch before it are read",
                                     "the loss became NaN or infinite in epoch {epoch}: training diverged; "
                                     "only the {n} epochs before it are read", n_read).format(
            epoch=diverged_at, n=n_read)))
    if n_read < min_epochs:
        reasons.append((CANNOT_TELL, _n("{n} finite epoch: at least {needed} are needed to see a trend",
                                        "{n} finite epochs: at least {needed} are needed to see a trend",
                                        n_read).format(n=n_read, needed=min_epochs)))
        return _empty(reasons, n_read, metric if has_metric else None, diverged_at, chance_metric)
    at = n_read - 1
    if restored_epoch is not None:
        if restored_epoch not in epochs:
            raise ValueError(f"restored_epoch must be one of the epochs read ({epochs[0]} to {epochs[-1]}), "
                             f"got {restored_epoch!r}")
        at = int(np.flatnonzero(epochs == restored_epoch)[0])
        reasons.append((_CONTEXT, _("early stopping restored the weights of epoch {epoch}: that model "
                                    "is judged").format(epoch=restored_epoch)))
    window = curves.tail_window(n_read)
    # The levels judged: the mean of the last `window` epochs (one noisy epoch does not decide), or the
    # restored model's own numbers (it is one model, measured once).
    chosen = slice(n_read - window, n_read) if at == n_read - 1 else slice(at, at + 1)
    level = {name: float(np.mean(c[chosen])) for name, c in curve.items()}
    where = (_("averaged over the last {window} epochs") if at == n_read - 1 else _("in epoch {epoch}")).format(
        window=window, epoch=epochs[at])
    train_loss = curve["loss"]
    flat = bool(np.ptp(train_loss) <= FLAT_TOLERANCE * max(float(np.mean(np.abs(train_loss))), 1e-12))
    if flat:
        reasons.append((UNDERFITTING, _("the training loss is flat: it moved by {moved:.3g} over "
                                        "{n} epochs (around {mean:.3g})").format(
            moved=np.ptp(train_loss), n=n_read, mean=train_loss.mean())))
    train_level = level[metric] if metric in curve else None
    high, share, sentence = judge_training_error(train_level, level["loss"], chance_metric, chance_loss,
                                                 max_train_error, metric, where, chance_name)
    reasons.append((UNDERFITTING if high else GOOD_FIT, sentence))
    under = high or flat and train_level is None
    if "val_loss" not in curve:
        reasons.append((CANNOT_TELL, _("no validation columns (val_loss): the gap between training and validation "
                                       "cannot be measured, so overfitting cannot be seen")))
        label = UNDERFITTING if under or flat else CANNOT_TELL
        return Diagnosis(label=label, reasons=_order(reasons, label), n_epochs=n_read, epoch=int(epochs[at]),
                         metric=metric if metric in curve else None, train_loss=float(train_loss[at]),
                         val_loss=None, train_metric=None if train_level is None else float(curve[metric][at]),
                         val_metric=None, gap=None, gap_trend=None, best_epoch=None, best_val_loss=None,
                         val_loss_rise=None, diverged_at=diverged_at, window=window, chance_metric=chance_metric,
                         train_error_share=share)
    val_loss = curve["val_loss"]
    rise = curves.measure_rise(val_loss[:at + 1], window)
    rising, rise_reasons = judge_rise(rise, train_loss[:at + 1], val_loss, epochs, at, rise_z, min_rise * chance_loss)
    reasons += [(OVERFITTING if rising and i == 0 else None, text) for i, text in enumerate(rise_reasons)]
    if has_metric:
        wide, kept, sentence = judge_gap(level[metric], level[f"val_{metric}"], chance_metric, min_kept, min_gap,
                                         f"{_metric_name(metric)} {where}", higher_is_better=True)
    else:
        wide, kept, sentence = judge_gap(level["loss"], level["val_loss"], chance_loss, min_kept, min_gap,
                                         _("loss {where} (no '{metric}' column: judged from the losses)").format(
                                             where=where, metric=metric),
                                         higher_is_better=False)
    reasons.append((OVERFITTING if wide else GOOD_FIT, sentence))
    over = rising or wide
    label = (UNDER_AND_OVERFITTING if over and under else OVERFITTING if over else UNDERFITTING if under
             else GOOD_FIT)
    loss_gap = val_loss - train_loss                                                # (n_read,)
    half = n_read // 2
    gap_trend = curves.slope(loss_gap[half:])                                       # >= 2 points: n_read >= 3
    reasons.append((OVERFITTING if gap_trend > 0 and over else None,
                    (_("the loss gap widened by {change:.3f} per epoch over the last {n} epochs") if gap_trend > 0
                     else _("the loss gap narrowed or held by {change:.3f} per epoch over the last {n} epochs")
                     ).format(change=abs(gap_trend), n=n_read - half)))
    if label == GOOD_FIT:
        reasons.append((GOOD_FIT, _("neither row of the table applies: low training error, validation keeps most "
                                    "of the training gain, no rise beyond the noise")))
    train_metric = float(curve[metric][at]) if has_metric else None
    val_metric = float(curve[f"val_{metric}"][at]) if has_metric else None
    best = int(np.argmin(val_loss))
    return Diagnosis(label=label, reasons=_order(reasons, label), n_epochs=n_read, epoch=int(epochs[at]),
                     metric=metric if has_metric else None, train_loss=float(train_loss[at]),
                     val_loss=float(val_loss[at]), train_metric=train_metric, val_metric=val_metric,
                     gap=train_metric - val_metric if has_metric else float(loss_gap[at]), gap_trend=gap_trend,
                     best_epoch=int(epochs[best]), best_val_loss=float(val_loss[best]), val_loss_rise=rise.size,
                     diverged_at=diverged_at, window=window, val_loss_noise=rise.noise, rise_score=rise.score,
                     chance_metric=chance_metric if has_metric else None, kept_share=kept,
                     train_error_share=share)


def diagnose_run(run, **options) -> Diagnosis:
    """diagnose(run.history) against the run's own chance level, judging the restored epoch after early stopping.

    Keras' EarlyStopping(restore_best_weights=True) restores the epoch with the lowest val_loss at the end
    of training, whether or not it stopped early: train() records the patience in run.early_stopping_patience.
    """
    history = run.history
    restored = getattr(run, "restored_epoch", None)
    early = getattr(run, "early_stopping_patience", None) is not None
    if restored is None and early and "val_loss" in history \
            and np.isfinite(history["val_loss"].to_numpy(dtype=float)).any():
        restored = int(history.index[int(np.nanargmin(history["val_loss"].to_numpy(dtype=float)))])
    dataset = getattr(run, "dataset", None)
    if getattr(dataset, "task", None) == "regression":   # a forecast: no classes, chance is the training mean
        loss = getattr(getattr(run, "model", None), "loss", "mse")
        options.setdefault("chance_loss", curves.regression_chance_loss(dataset.train.y, loss))
        options.setdefault("chance_name", _("always forecasting the training median") if loss == "mae"
                           else _("always forecasting the training mean"))
    elif "class_shares" not in options and dataset is not None:
        labels = np.asarray(run.dataset.train.y).ravel()
        options["class_shares"] = tuple(np.bincount(labels, minlength=run.dataset.n_classes) / len(labels))
    try:
        return diagnose(history, restored_epoch=restored, **options)
    except ValueError as error:  # the restored epoch lies after a NaN: judge the history as it is
        if "restored_epoch" not in str(error):
            raise
        return diagnose(history, **options)


def _empty(reasons, n_read, metric, diverged_at, chance_metric) -> Diagnosis:
    return Diagnosis(label=CANNOT_TELL, reasons=_order(reasons, CANNOT_TELL), n_epochs=n_read, epoch=None,
                     metric=metric, train_loss=None, val_loss=None, train_metric=None, val_metric=None, gap=None,
                     gap_trend=None, best_epoch=None, best_val_loss=None, val_loss_rise=None,
                     diverged_at=diverged_at, chance_metric=chance_metric if metric else None)


def _order(reasons: list[tuple[str | None, str]], label: str) -> tuple[str, ...]:
    """The sentences in reading order: what was read (context), then what supports the label, then the rest."""
    rank = {_CONTEXT: 0, **{row: 1 for row in table_rows(label)}}
    return tuple(text for _, text in sorted(reasons, key=lambda reason: rank.get(reason[0], 2)))


def _format(value) -> str:
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float) and math.isinf(value):
        return "inf"
    return f"{value:+.3f}" if value < 0 else f"{value:.3f}"


def compare_diagnoses(diagnoses: dict[str, Diagnosis]) -> pd.DataFrame:
    """One row per run (index: run name): the label and the measurements, side by side."""
    rows = {name: _comparison_row(d) for name, d in diagnoses.items()}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(_("run"))


def _comparison_row(d: Diagnosis) -> dict:
    """One run's row of compare_diagnoses, its column names in the current language."""
    metric = _metric_name(d.metric) if d.metric else _("metric")
    return {_("diagnosis"): d.label_name, _("epochs"): d.n_epochs, _("epoch judged"): d.epoch,
            _("best epoch"): d.best_epoch, _("lowest val loss"): d.best_val_loss,
            _("val loss rise (smoothed)"): d.val_loss_rise, _("rise / noise"): d.rise_score,
            _("train loss"): d.train_loss, _("val loss"): d.val_loss,
            _("train {metric}").format(metric=metric): d.train_metric,
            _("val {metric}").format(metric=metric): d.val_metric,
            _("gap"): d.gap, _("share of gain kept"): d.kept_share}


def _metric_name(metric: str) -> str:
    """A metric column's name for a sentence: accuracy in the current language, other columns as they are."""
    return _("accuracy") if metric == "accuracy" else metric
