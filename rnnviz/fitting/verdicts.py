"""The three questions `diagnose` asks of a history, each answered with a yes/no and the sentence that shows why.

- Is the training error high, measured against chance's error? (underfitting)
- Does validation keep most of what the training set gained over chance? (if not: overfitting, the gap)
- Did the validation loss turn up by more than its own noise while the training loss fell? (overfitting, the rise)
"""

from __future__ import annotations

import math

import numpy as np

from ..i18n import _
from .curves import Rise, window_means

MILD_KEPT = 0.9   # validation keeping less than 90 % of the training gain is called a mild gap in the reasons


def shown(value: float, threshold: float, step: float) -> float:
    """`value` rounded to `step` (0.01 for a whole percent, 0.1 for one decimal) the way that keeps its
    comparison with `threshold` true once both are printed: 0.696 against 0.7 shows as 0.69, not 0.70 ("69 %
    (under 70 %)"); ordinary rounding wherever it does not contradict."""
    units, limit = value / step, threshold / step
    rounded = round(units)
    if value < threshold and rounded >= limit - 1e-9:
        rounded = math.ceil(limit - 1e-9) - 1          # the largest printed value still under the threshold
    elif value > threshold and rounded <= limit + 1e-9:
        rounded = math.floor(limit + 1e-9) + 1         # the smallest printed value still over it
    return rounded * step


def judge_training_error(train_metric: float | None, train_loss: float, chance_metric: float, chance_loss: float,
                         max_share: float, metric: str, where: str,
                         chance_name: str | None = None) -> tuple[bool, float, str]:
    """(high, training error / chance's error, sentence); from the loss when there is no metric.

    chance_name: what chance's loss stands for, already in the reader's language (None: the class shares).
    """
    if train_metric is not None:
        error, chance_error = 1 - train_metric, 1 - chance_metric
        share = error / chance_error if chance_error > 0 else 0.0
        measured = _("training error {error:.3f} ({where}) is {share:.0%} of chance's error {chance_error:.3f} "
                     "(always answering the majority class)")
    else:
        error, chance_error = train_loss, chance_loss
        share = error / chance_error if chance_error > 0 else 0.0
        measured = _("training loss {error:.3f} ({where}) is {share:.0%} of chance's loss {chance_error:.3f} "
                     "({chance_name})")
    high = share > max_share
    verdict = (_(": high (over {max_share:.0%}), the model does not fit even its training data") if high
               else _(": low (at most {max_share:.0%})"))
    chance_name = _("predicting the class shares") if chance_name is None else chance_name
    values = dict(error=error, where=where, share=shown(share, max_share, 0.01), chance_error=chance_error,
                  chance_name=chance_name)
    return high, share, measured.format(**values) + verdict.format(max_share=max_share)


def judge_gap(train: float, validation: float, chance: float, min_kept: float, min_gap: float, what: str,
              higher_is_better: bool) -> tuple[bool, float | None, str]:
    """(wide, share of the training gain over chance that validation keeps, sentence).

    train, validation: smoothed levels of an accuracy (higher_is_better) or of a loss; chance: its chance level.
    """
    sign = 1.0 if higher_is_better else -1.0
    train_gain, val_gain = sign * (train - chance), sign * (validation - chance)
    gap = train_gain - val_gain
    scale = 1 - chance if higher_is_better else chance       # chance's error, or chance's loss
    smallest = min_gap * scale
    measured = _("training {what} {train:.3f} vs validation {validation:.3f} (chance {chance:.3f})").format(
        what=what, train=train, validation=validation, chance=chance)
    if train_gain <= 0:
        return False, None, measured + _(": the training set is not learnt above chance, so there is no gap to "
                                         "measure")
    kept = val_gain / train_gain
    wide = kept < min_kept and gap > smallest
    if wide:
        verdict = _("validation keeps only {kept:.0%} of the training set's gain over chance (under {min_kept:.0%}, "
                    "gap {gap:.3f} over {smallest:.3f}): the training error is much lower than the validation error")
    elif kept < MILD_KEPT and gap > smallest:
        verdict = _("validation keeps {kept:.0%} of the training set's gain over chance: a mild gap "
                    "({min_kept:.0%} or more is not overfitting)")
    else:
        verdict = (_("validation keeps {kept:.0%} of the training set's gain over chance: the errors are close")
                   + (_(" (validation does better: dropout or another training-only penalty)") if gap < 0 else ""))
    # printed figures keep the side of each threshold the verdict rests on
    kept_shown = shown(kept, min_kept if kept < MILD_KEPT else MILD_KEPT, 0.01)
    verdict = verdict.format(kept=kept_shown, min_kept=min_kept, gap=shown(gap, smallest, 0.001), smallest=smallest)
    return wide, float(kept), f"{measured}: {verdict}"


def judge_rise(rise: Rise | None, train_loss: np.ndarray, val_loss: np.ndarray, epochs: np.ndarray, at: int,
               rise_z: float, min_size: float, min_epochs: int) -> tuple[bool, list[str]]:
    """(rising, sentences): did the validation loss, read up to index `at`, turn up beyond its noise?

    rise: measure_rise(val_loss[:at + 1]), or None when fewer than `min_epochs` epochs up to `at` were read (too
    few to estimate the noise: the sentence then says only how the loss moved); train_loss: (at + 1,) training
    losses up to `at`; val_loss, epochs: (n_read,) the whole curve and its epoch numbers.
    """
    if rise is None:
        rising, sentences = False, [_("the validation loss went from {first:.3f} (epoch {start}) to {last:.3f} "
                                      "(epoch {end}): {n} epochs are too few to tell a rise from the curve's own "
                                      "noise (at least {needed} are needed)").format(
            first=val_loss[0], start=epochs[0], last=val_loss[at], end=epochs[at], n=at + 1, needed=min_epochs)]
    else:
        rising, sentences = _rise_sentences(rise, train_loss, val_loss[:at + 1], epochs, at, rise_z, min_size)
    if at < len(val_loss) - 1:
        numbers = dict(epoch=epochs[at], before=val_loss[at], after=val_loss[-1], end=epochs[-1],
                       change=val_loss[-1] - val_loss[at])
        sentences.append(_("after epoch {epoch} the validation loss went from {before:.3f} to {after:.3f} by epoch "
                           "{end} ({change:+.3f}); early stopping kept epoch {epoch}'s weights, so that change does "
                           "not count against this model").format(**numbers))
    return rising, sentences


def _rise_sentences(rise: Rise, train_loss, val_loss, epochs, at, rise_z, min_size) -> tuple[bool, list[str]]:
    """judge_rise's verdict with a measured rise; val_loss: (at + 1,) the curve up to the judged epoch."""
    window = rise.window
    first, last = rise.best_epochs
    train_means = window_means(train_loss, window)
    train_fell = bool(train_means[-1] < train_means[first])
    best = float(window_means(val_loss, window)[first])
    tail = best + rise.size
    span = (_("epochs {first}-{last}") if last > first else _("epoch {first}")).format(
        first=epochs[first], last=epochs[last])
    rising = rise.score > rise_z and rise.size > min_size and train_fell
    numbers = dict(window=window, tail=tail, size=rise.size, best=best, span=span, noise=rise.noise,
                   rise_z=rise_z, min_size=min_size, score=shown(rise.score, rise_z, 0.1) if math.isfinite(
                       rise.score) else rise.score)
    measured = _("validation loss over the last {window} epochs averaged {tail:.3f}, {size:.3f} above its "
                 "lowest {window}-epoch average ({best:.3f}, {span}): {score:.1f} times the noise of such a "
                 "difference (one epoch wobbles by {noise:.3f})").format(**numbers)
    if rising:
        return rising, [measured + _(", over the {rise_z:g} needed, while the training loss fell from "
                                     "{start:.3f} to {end:.3f}: the validation loss turned up").format(
            rise_z=rise_z, start=train_means[first], end=train_means[-1])]
    if last == at:
        return rising, [_("validation loss was still falling: its lowest {window}-epoch average is the last one "
                          "({best:.3f}, {span})").format(**numbers)]
    needed = _("overfitting needs over {rise_z:g} times the noise and a rise over {min_size:.3f}").format(**numbers)
    return rising, [f"{measured}; {needed}" + ("" if train_fell else _(", with the training loss falling"))]
