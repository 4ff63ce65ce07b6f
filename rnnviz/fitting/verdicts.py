"""The three questions `diagnose` asks of a history, each answered with a yes/no and the sentence that shows why.

- Is the training error high, measured against chance's error? (underfitting)
- Does validation keep most of what the training set gained over chance? (if not: overfitting, the gap)
- Did the validation loss turn up by more than its own noise while the training loss fell? (overfitting, the rise)
"""

from __future__ import annotations

import numpy as np

from .curves import Rise, measure_rise, window_means

MILD_KEPT = 0.9   # validation keeping less than 90 % of the training gain is called a mild gap in the reasons


def judge_training_error(train_metric: float | None, train_loss: float, chance_metric: float, chance_loss: float,
                         max_share: float, metric: str, where: str,
                         chance_name: str = "predicting the class shares") -> tuple[bool, float, str]:
    """(high, training error / chance's error, sentence); from the loss when there is no metric."""
    if train_metric is not None:
        error, chance_error = 1 - train_metric, 1 - chance_metric
        share = error / chance_error if chance_error > 0 else 0.0
        measured = (f"training error {error:.3f} ({where}) is {share:.0%} of chance's error {chance_error:.3f} "
                    f"(always answering the majority class)")
    else:
        error, chance_error = train_loss, chance_loss
        share = error / chance_error if chance_error > 0 else 0.0
        measured = (f"training loss {error:.3f} ({where}) is {share:.0%} of chance's loss {chance_error:.3f} "
                    f"({chance_name})")
    high = share > max_share
    verdict = (f": high (over {max_share:.0%}), the model does not fit even its training data" if high
               else f": low (at most {max_share:.0%})")
    return high, share, measured + verdict


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
    measured = f"training {what} {train:.3f} vs validation {validation:.3f} (chance {chance:.3f})"
    if train_gain <= 0:
        return False, None, measured + ": the training set is not learnt above chance, so there is no gap to measure"
    kept = val_gain / train_gain
    wide = kept < min_kept and gap > smallest
    if wide:
        verdict = (f"validation keeps only {kept:.0%} of the training set's gain over chance (under {min_kept:.0%}, "
                   f"gap {gap:.3f} over {smallest:.3f}): the training error is much lower than the validation error")
    elif kept < MILD_KEPT and gap > smallest:
        verdict = (f"validation keeps {kept:.0%} of the training set's gain over chance: a mild gap "
                   f"({min_kept:.0%} or more is not overfitting)")
    else:
        verdict = (f"validation keeps {kept:.0%} of the training set's gain over chance: the errors are close"
                   + (" (validation does better: dropout or another training-only penalty)" if gap < 0 else ""))
    return wide, float(kept), f"{measured}: {verdict}"


def judge_rise(rise: Rise, train_loss: np.ndarray, val_loss: np.ndarray, epochs: np.ndarray, at: int,
               rise_z: float, min_size: float) -> tuple[bool, list[str]]:
    """(rising, sentences): did the validation loss, read up to index `at`, turn up beyond its noise?

    rise: measure_rise(val_loss[:at + 1]); train_loss: (at + 1,) training losses up to `at`;
    val_loss, epochs: (n_read,) the whole curve and its epoch numbers.
    """
    window = rise.window
    first, last = rise.best_epochs
    train_means = window_means(train_loss, window)
    train_fell = bool(train_means[-1] < train_means[first])
    best = float(window_means(val_loss[:at + 1], window)[first])
    tail = best + rise.size
    span = f"epochs {epochs[first]}-{epochs[last]}" if last > first else f"epoch {epochs[first]}"
    rising = rise.score > rise_z and rise.size > min_size and train_fell
    measured = (f"validation loss over the last {window} epochs averaged {tail:.3f}, {rise.size:.3f} above its "
                f"lowest {window}-epoch average ({best:.3f}, {span}): {rise.score:.1f} times the noise of such a "
                f"difference (one epoch wobbles by {rise.noise:.3f})")
    if rising:
        sentences = [f"{measured}, over the {rise_z:g} needed, while the training loss fell from "
                     f"{train_means[first]:.3f} to {train_means[-1]:.3f}: the validation loss turned up"]
    elif last == at:
        sentences = [f"validation loss was still falling: its lowest {window}-epoch average is the last one "
                     f"({best:.3f}, {span})"]
    else:
        needed = f"overfitting needs over {rise_z:g} times the noise and a rise over {min_size:.3f}"
        sentences = [f"{measured}; {needed}" + ("" if train_fell else ", with the training loss falling")]
    if at < len(val_loss) - 1:
        later = measure_rise(val_loss[at:], min(window, len(val_loss) - at))
        sentences.append(f"after epoch {epochs[at]} the validation loss rose by {later.size:.3f} "
                         f"({later.score:.1f} times its noise); early stopping kept epoch {epochs[at]}'s weights, "
                         "so that rise does not count against this model")
    return rising, sentences
