"""Captions written from the measured numbers, never from the textbook.

Each function reads a measurement and says what it shows, including when the result is not the one the
course predicts (e.g. an untrained SimpleRNN keeping more gradient than an LSTM).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..i18n import _, _n
from ..locale_numbers import format_in
from ..stop_reasons import stop_reason_text
from .lag_experiment import CHANCE, LagResult

GOOD_ACCURACY = 0.9     # "remembered" = validation accuracy at least this (chance is 0.5)
COLLAPSE_DROP = 0.1     # a last epoch this far below the best one: the model learnt the lag, then lost it
# Below float32's resolution relative to its size at the last word the gradient has vanished: the early words'
# share of a weight's gradient is lost in rounding when added to the last word's, and which of two vanished
# gradients is "larger" says nothing about learning.
VANISHED = float(np.finfo(np.float32).eps)


def distance_axis_title(reads_backward: bool) -> str:
    """The axis of distances along a direction's reading: it ends at the last word, or the first going backward."""
    if reads_backward:
        return _("steps before the last word read (0 = the first word: this direction reads backward)")
    return _("steps before the last word (0 = last word)")


def reading_end(reads_backward: bool) -> str:
    """'the last word', or 'the first word (read last, going backward)' for a backward direction."""
    return _("the first word (read last, going backward)") if reads_backward else _("the last word")


def format_ratio(ratio: float) -> str:
    """0.2 -> '0.2x', 3.1e-08 -> '3.1e-08x'; the ratio of two measured norms."""
    if not math.isfinite(ratio):
        return _("not a number (overflow or NaN)")
    if ratio == 0:
        return _("0x (below the smallest float32 number)")
    return format_in(ratio, ".2g" if 1e-3 <= ratio < 1e4 else ".1e") + "x"   # the student's decimal sign


def first_to_last_ratios(summaries: dict, column: str = "median") -> tuple[int, dict]:
    """(distance, {label: norm at that distance / norm at distance 0}) at the farthest distance all curves reach."""
    distance = min(int(summary.index.max()) for summary in summaries.values())
    ratios = {}
    for label, summary in summaries.items():
        last, first = summary[column].loc[0], summary[column].loc[distance]
        with np.errstate(all="ignore"):
            ratios[label] = float(first / last) if last > 0 else float("nan")
    return distance, ratios


def describe_through_time(summaries: dict, what: str | None = None, column: str = "median") -> str:
    """One caption for curves of gradient norm against distance from the end.

    summaries: label -> DataFrame from GradientNorms.summary() (index distance, a `column` of norms); a
    backward direction's summary (attrs["reads_backward"]) is read along its own reading, which ends on the
    first word. what: the quantity measured, in the reader's language (None: "gradient").
    """
    distance, ratios = first_to_last_ratios(summaries, column)
    if distance == 0:
        return _("Measured on a single word: there is no earlier step to compare with.")
    far = {label: float(summary[column].loc[distance]) for label, summary in summaries.items()}
    measured = ", ".join(f"{label} {format_ratio(ratio)} ({format_in(far[label], '.2g')})"
                         for label, ratio in ratios.items())
    text = _("Measured: the {what} {distance} steps before {where}, as a multiple of its size there "
             "(and its absolute size): {measured}.").format(
        what=_("gradient") if what is None else what, distance=distance, where=_reading_ends(summaries),
        measured=measured)
    finite = {label: ratio for label, ratio in ratios.items() if math.isfinite(ratio)}
    text += _comparison(finite, far)
    growing = [label for label, ratio in finite.items() if ratio > 1]
    if growing:
        exploding = max(finite[label] for label in growing) >= 100
        text += (_(" It grows going back in time for {cells}: by over 100x, exploding.") if exploding
                 else _(" It grows going back in time for {cells}.")).format(cells=", ".join(growing))
    return text


def _reading_ends(summaries: dict) -> str:
    """Where the curves' distances start: the last word, the first (backward), or each direction's end."""
    backward = [bool(summary.attrs.get("reads_backward")) for summary in summaries.values()]
    if all(backward):
        return _("the end of the backward reading (the first word)")
    if any(backward):
        return _("the end of each direction's reading (the last word forward, the first word backward)")
    return _("the last word")


def _comparison(ratios: dict, far: dict) -> str:
    """Compare only what is comparable: the vanished gradients are named together, never ranked; the one kept
    best relative to its own end is ranked among the others, and its absolute size is checked too."""
    if len(ratios) < 2:
        return ""
    vanished = [label for label, ratio in ratios.items() if ratio < VANISHED]
    kept = {label: ratio for label, ratio in ratios.items() if ratio >= VANISHED}
    text = ""
    if vanished:
        text += _vanished(vanished, bool(kept))
    if len(kept) > 1:
        best, worst = max(kept, key=kept.get), min(kept, key=kept.get)
        text += _(" Relative to its own size at the end, {best} keeps the most of it and {worst} the "
                  "least.").format(best=best, worst=worst)
    elif len(kept) == 1 and vanished:
        text += _(" Only {cell} keeps a usable gradient.").format(cell=next(iter(kept)))
    if kept:
        best = max(kept, key=kept.get)
        largest = max(far, key=lambda label: far[label] if math.isfinite(far[label]) else -1.0)
        if largest != best and far[best] > 0 and far[largest] / far[best] >= 10:
            text += _(" In absolute size, though, {largest}'s gradient there is {times:.2g} times "
                      "{best}'s.").format(largest=largest, times=far[largest] / far[best], best=best)
    return text


def _vanished(vanished: list, any_kept: bool) -> str:
    """The sentence naming the curves whose gradient vanished (together: none is ranked above another)."""
    names = (_("{first} and {second}").format(first=vanished[0], second=vanished[1]) if len(vanished) == 2
             else ", ".join(vanished))
    if len(vanished) > 1 and not any_kept:
        text = (_(" {names} both vanished (below {eps:.1e}x, float32's resolution)") if len(vanished) == 2
                else _(" {names} all vanished (below {eps:.1e}x, float32's resolution)"))
    else:
        text = _(" {names} vanished (below {eps:.1e}x, float32's resolution)")
    text = text.format(names=names, eps=VANISHED)
    return text + (_(": none keeps a usable gradient here, so none keeps more of it than the other.")
                   if not any_kept else ".")


def describe_simple_rnn_regime(linearity: dict, ratio: float, distance: int, initializer: str,
                               gain: float) -> str:
    """Why the untrained SimpleRNN's gradient looks as it does, from its measured tanh' (simple_rnn_linearity).

    Each step back multiplies the gradient by diag(tanh'(a_t)) U^T: with tanh' near 1 the cell is almost
    linear and U decides (an orthogonal U with gain 1 keeps lengths; the gain scales them); well below 1,
    saturation shrinks the gradient at every step.
    """
    derivative, pre = linearity.get("mean_derivative"), linearity["mean_abs_pre_activation"]
    if derivative is None:
        return ""
    measured = _("Measured on the untrained SimpleRNN: mean |pre-activation| {pre:.2g}, mean tanh' "
                 "{derivative:.3f}; its gradient {distance} steps back is {ratio} of its size at the end.").format(
        pre=pre, derivative=derivative, distance=distance, ratio=format_ratio(ratio))
    if derivative >= 0.95:
        weights = (_("an orthogonal matrix keeps a vector's length, so nothing shrinks it: ")
                   if initializer == "orthogonal" and gain == 1
                   else _("{initializer} recurrent weights with gain {gain:g} set the change at each step: ").format(
                       initializer=initializer, gain=gain))
        return measured + _(" Why: small inputs keep tanh in its linear part (tanh' close to 1), so each step back "
                            "multiplies the gradient by about the recurrent weights U^T alone; {weights}"
                            "that is why SimpleRNN holds its gradient here.").format(weights=weights)
    return measured + _(" Why: tanh is pushed into saturation (tanh' well below 1), and each step back multiplies "
                        "the gradient by tanh' again: it shrinks geometrically, the textbook vanishing gradient.")


def describe_lag_result(result: LagResult) -> str:
    """What the accuracy-against-lag experiment measured, and whether gated cells remembered further."""
    table, settings = result.table, result.settings
    if table.empty:
        return _("No trial finished yet.")
    longest = int(table["lag"].max())
    at_longest = table[table["lag"] == longest].set_index("cell")["val_accuracy"]
    text = _("Measured (seed {seed}, {epochs} and {units} units for every model): at lag {lag}, "
             "validation accuracy was {accuracies} (chance: {chance:.2f}).").format(
        seed=settings.seed, epochs=_n("{n} epoch", "{n} epochs", settings.epochs).format(n=settings.epochs),
        units=settings.units, lag=longest, chance=CHANCE,
        accuracies=", ".join(f"{cell} {format_in(accuracy, '.2f')}" for cell, accuracy in at_longest.items()))
    reach = remembered_up_to(result)
    none = _("(none)")
    text += _(" Accuracy stayed at or above {good:.2f} up to lag: {lags}.").format(
        good=GOOD_ACCURACY, lags=", ".join(f"{cell} {lag if lag else none}" for cell, lag in reach.items()))
    text += _who_remembered_further(reach)
    if "best_epoch" in table:
        collapsed = table[(table["best_val_accuracy"] >= GOOD_ACCURACY)
                          & (table["val_accuracy"] <= table["best_val_accuracy"] - COLLAPSE_DROP)]
        if len(collapsed):
            text += _(" Learnt, then lost: {runs} (its last epoch is what is plotted).").format(runs="; ".join(
                _("{cell} at lag {lag} reached {best:.2f} at epoch {epoch} and ended at {last:.2f}").format(
                    cell=r.cell, lag=r.lag, best=r.best_val_accuracy, epoch=r.best_epoch, last=r.val_accuracy)
                for r in collapsed.itertuples()))
    if table["diverged"].any():
        text += _(" Some trainings diverged (NaN loss): {runs}.").format(runs=", ".join(
            _("{cell} at lag {lag}").format(cell=r.cell, lag=r.lag) for r in table[table["diverged"]].itertuples()))
    return text + _(" One seed: another seed can move a point; rerun with another seed before concluding.")


def _who_remembered_further(reach: dict) -> str:
    """Whether the gated cells remembered further back than SimpleRNN (reach: cell -> longest lag remembered)."""
    simple = reach.get("SimpleRNN")
    gated = {cell: lag for cell, lag in reach.items() if cell != "SimpleRNN"}
    if simple is None or not gated:
        return ""
    best_gated = max(gated.values())
    if best_gated > simple:
        return _(" With these settings the gated cells remembered further back than SimpleRNN.")
    if best_gated < simple:
        return _(" With these settings SimpleRNN remembered further back than the gated cells: the "
                 "long-range advantage of LSTM/GRU did not appear within this budget.")
    return _(" With these settings no cell remembered further back than the others.")


def remembered_up_to(result: LagResult) -> dict:
    """cell -> the longest lag L such that every lag up to L reached GOOD_ACCURACY (0 if the first did not)."""
    reach = {}
    for cell, rows in result.table.sort_values("lag").groupby("cell", sort=False):
        longest = 0
        for row in rows.itertuples():
            if row.val_accuracy < GOOD_ACCURACY:
                break
            longest = int(row.lag)
        reach[cell] = longest
    return {cell: reach[cell] for cell in result.settings.cells if cell in reach}


def describe_training(history, quantity: str = "hidden", layer: str | None = None) -> str:
    """How the gradient at the farthest step changed from before training to the last recorded epoch."""
    matrix = history.matrix(quantity, layer)
    reached = np.flatnonzero(~np.isnan(matrix).all(axis=0))
    if not len(reached):
        return _("No gradient could be measured (every value is NaN).")
    far = int(reached.max())
    start, end = matrix[0, far], matrix[-1, far]
    backward = history.reads_backward(quantity, layer)
    text = _("Measured on {n} validation sequences: the median gradient {far} steps before {end_word} was "
             "{start:.2g} before training and {end:.2g} after epoch {epoch}").format(
        n=history.n_sequences, far=far, end_word=reading_end(backward), start=start, end=end,
        epoch=history.epochs[-1])
    with np.errstate(all="ignore"):
        ratios = matrix[:, far] / matrix[:, 0]
    if np.isfinite(ratios[[0, -1]]).all():
        text += _("; relative to {end_word} it went from {before} to {after}").format(
            end_word=_("the first word") if backward else _("the last word"),
            before=format_ratio(ratios[0]), after=format_ratio(ratios[-1]))
    if np.isnan(matrix[1:]).all(axis=1).any():
        first_nan = history.epochs[1 + int(np.flatnonzero(np.isnan(matrix[1:]).all(axis=1))[0])]
        text += _(". From epoch {epoch} on the weights hold NaN: training diverged").format(epoch=first_nan)
    return text + "."


def describe_clipping(histories: dict, stop_reasons: dict) -> str:
    """label -> history DataFrame (loss per epoch), label -> run.stop_reason: what clipping changed."""
    parts = []
    for label, history in histories.items():
        reason = stop_reasons.get(label) or ""
        if "NaN" in reason:
            parts.append(f"{label}: {stop_reason_text(reason).split(':')[0]}")
        elif len(history):
            parts.append(_("{label}: loss {first:.3g} after epoch 1, {last:.3g} after epoch {epochs}").format(
                label=label, first=history["loss"].iloc[0], last=history["loss"].iloc[-1], epochs=len(history)))
    return _("Measured: {runs}.").format(runs="; ".join(parts)) if parts else _("Nothing trained yet.")


def summary_table(summaries: dict, column: str = "median") -> pd.DataFrame:
    """A small table: per label, the norm at the last word, at the farthest step, and their ratio."""
    distance, ratios = first_to_last_ratios(summaries, column)
    earlier = _("{distance} steps earlier").format(distance=distance)
    return pd.DataFrame([{_("cell"): label, _("at the last word"): summary[column].loc[0],
                          earlier: summary[column].loc[distance],
                          _("ratio"): ratios[label]} for label, summary in summaries.items()])
