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
from .reading import CONTEXT as _CONTEXT
from .reading import History, check_options, divergence_reasons, judged_index, judged_levels, read_history
from .tables import compare_diagnoses, measures_table  # noqa: F401 - compare_diagnoses is re-exported
from .tables import metric_name as _metric_name
from .verdicts import judge_gap, judge_rise, judge_training_error

MIN_EPOCHS = 3          # a trend needs at least three points
MIN_RISE_EPOCHS = 5     # a rise is told from noise estimated on >= 3 second differences: 5 epochs up to the judged
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
        return measures_table(self)


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
    chance_metric, chance_loss = check_options(history, chance_loss, class_shares, max_train_error=max_train_error,
                                                min_kept=min_kept, min_gap=min_gap, min_rise=min_rise, rise_z=rise_z)
    read = read_history(history, metric)
    reasons = divergence_reasons(read)
    if read.n_read < min_epochs:
        reasons.append((CANNOT_TELL, _n("{n} finite epoch: at least {needed} are needed to see a trend",
                                        "{n} finite epochs: at least {needed} are needed to see a trend",
                                        read.n_read).format(n=read.n_read, needed=min_epochs)))
        return _empty(reasons, read, chance_metric)
    at = judged_index(read.epochs, restored_epoch, reasons)
    window = curves.tail_window(read.n_read)
    level, where = judged_levels(read, at, window)
    under, share = _judge_underfitting(read, level, where, reasons, chance_metric, chance_loss, max_train_error,
                                       chance_name)
    if "val_loss" not in read.curve:
        return _without_validation(read, at, window, under, share, reasons, chance_metric)
    rising, rise = _judge_rise(read, at, window, reasons, rise_z, min_rise * chance_loss)
    wide, kept = _judge_gap(read, level, where, reasons, chance_metric, chance_loss, min_kept, min_gap)
    over = rising or wide
    label = (UNDER_AND_OVERFITTING if over and under else OVERFITTING if over else UNDERFITTING if under
             else GOOD_FIT)
    gap_trend = _gap_trend(read, over, reasons)
    if label == GOOD_FIT:
        reasons.append((GOOD_FIT, _("neither row of the table applies: low training error, validation keeps most "
                                    "of the training gain, no rise beyond the noise")))
    return _full_diagnosis(read, at, label, reasons, window, rise, gap_trend, kept, share, chance_metric)


def _judge_underfitting(read, level, where, reasons, chance_metric, chance_loss, max_train_error,
                        chance_name) -> tuple[bool, float]:
    """(underfitting, training error / chance's error); appends the flat-loss and training-error reasons."""
    train_loss = read.curve["loss"]
    flat = bool(np.ptp(train_loss) <= FLAT_TOLERANCE * max(float(np.mean(np.abs(train_loss))), 1e-12))
    if flat:
        reasons.append((UNDERFITTING, _("the training loss is flat: it moved by {moved:.3g} over "
                                        "{n} epochs (around {mean:.3g})").format(
            moved=np.ptp(train_loss), n=read.n_read, mean=train_loss.mean())))
    train_level = level.get(read.metric)
    high, share, sentence = judge_training_error(train_level, level["loss"], chance_metric, chance_loss,
                                                 max_train_error, read.metric, where, chance_name)
    reasons.append((UNDERFITTING if high else GOOD_FIT, sentence))
    return bool(high or flat), share


def _judge_rise(read, at, window, reasons, rise_z, min_size) -> tuple[bool, curves.Rise | None]:
    """(rising, the rise measured or None when too few epochs were read to tell it from noise)."""
    rise = curves.measure_rise(read.curve["val_loss"][:at + 1], window) if at + 1 >= MIN_RISE_EPOCHS else None
    rising, sentences = judge_rise(rise, read.curve["loss"][:at + 1], read.curve["val_loss"], read.epochs, at,
                                   rise_z, min_size, MIN_RISE_EPOCHS)
    reasons += [(OVERFITTING if rising and i == 0 else None, text) for i, text in enumerate(sentences)]
    return rising, rise


def _judge_gap(read, level, where, reasons, chance_metric, chance_loss, min_kept, min_gap) -> tuple[bool, float]:
    """(wide, share of the training gain kept on validation): from the metric, or the losses without one."""
    if read.has_metric:
        metric = read.metric
        wide, kept, sentence = judge_gap(level[metric], level[f"val_{metric}"], chance_metric, min_kept, min_gap,
                                         f"{_metric_name(metric)} {where}", higher_is_better=True)
    else:
        what = _("loss {where} (no '{metric}' column: judged from the losses)").format(where=where,
                                                                                       metric=read.metric)
        wide, kept, sentence = judge_gap(level["loss"], level["val_loss"], chance_loss, min_kept, min_gap, what,
                                         higher_is_better=False)
    reasons.append((OVERFITTING if wide else GOOD_FIT, sentence))
    return wide, kept


def _gap_trend(read, over: bool, reasons: list) -> float:
    """Least-squares change per epoch of the loss gap over the second half of training (>= 2 epochs)."""
    half = read.n_read // 2
    gap_trend = curves.slope((read.curve["val_loss"] - read.curve["loss"])[half:])
    reasons.append((OVERFITTING if gap_trend > 0 and over else None,
                    (_("the loss gap widened by {change:.3f} per epoch over the last {n} epochs") if gap_trend > 0
                     else _("the loss gap narrowed or held by {change:.3f} per epoch over the last {n} epochs")
                     ).format(change=abs(gap_trend), n=read.n_read - half)))
    return gap_trend


def _without_validation(read, at, window, under, share, reasons, chance_metric) -> Diagnosis:
    reasons.append((CANNOT_TELL, _("no validation columns (val_loss): the gap between training and validation "
                                   "cannot be measured, so overfitting cannot be seen")))
    label = UNDERFITTING if under else CANNOT_TELL
    metric = read.metric if read.metric in read.curve else None
    return Diagnosis(label=label, reasons=_order(reasons, label), n_epochs=read.n_read, epoch=int(read.epochs[at]),
                     metric=metric, train_loss=float(read.curve["loss"][at]), val_loss=None,
                     train_metric=None if metric is None else float(read.curve[metric][at]), val_metric=None,
                     gap=None, gap_trend=None, best_epoch=None, best_val_loss=None, val_loss_rise=None,
                     diverged_at=read.diverged_at, window=window, chance_metric=chance_metric,
                     train_error_share=share)


def _full_diagnosis(read, at, label, reasons, window, rise, gap_trend, kept, share, chance_metric) -> Diagnosis:
    curve, metric = read.curve, read.metric
    train_metric = float(curve[metric][at]) if read.has_metric else None
    val_metric = float(curve[f"val_{metric}"][at]) if read.has_metric else None
    val_loss = curve["val_loss"]
    best = int(np.argmin(val_loss))
    gap = train_metric - val_metric if read.has_metric else float(val_loss[at] - curve["loss"][at])
    return Diagnosis(label=label, reasons=_order(reasons, label), n_epochs=read.n_read, epoch=int(read.epochs[at]),
                     metric=metric if read.has_metric else None, train_loss=float(curve["loss"][at]),
                     val_loss=float(val_loss[at]), train_metric=train_metric, val_metric=val_metric, gap=gap,
                     gap_trend=gap_trend, best_epoch=int(read.epochs[best]), best_val_loss=float(val_loss[best]),
                     val_loss_rise=None if rise is None else rise.size, diverged_at=read.diverged_at, window=window,
                     val_loss_noise=None if rise is None else rise.noise,
                     rise_score=None if rise is None else rise.score,
                     chance_metric=chance_metric if read.has_metric else None, kept_share=kept,
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


def _empty(reasons, read: History, chance_metric) -> Diagnosis:
    metric = read.metric if read.has_metric else None
    return Diagnosis(label=CANNOT_TELL, reasons=_order(reasons, CANNOT_TELL), n_epochs=read.n_read, epoch=None,
                     metric=metric, train_loss=None, val_loss=None, train_metric=None, val_metric=None, gap=None,
                     gap_trend=None, best_epoch=None, best_val_loss=None, val_loss_rise=None,
                     diverged_at=read.diverged_at, chance_metric=chance_metric if metric else None)


def _order(reasons: list[tuple[str | None, str]], label: str) -> tuple[str, ...]:
    """The sentences in reading order: what was read (context), then what supports the label, then the rest."""
    rank = {_CONTEXT: 0, **{row: 1 for row in table_rows(label)}}
    return tuple(text for _, text in sorted(reasons, key=lambda reason: rank.get(reason[0], 2)))
