"""Captions written from the measured numbers, never from the textbook.

Each function reads a measurement and says what it shows, including when the result is not the one the
course predicts (e.g. an untrained SimpleRNN keeping more gradient than an LSTM).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

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
        return "steps before the last word read (0 = the first word: this direction reads backward)"
    return "steps before the last word (0 = last word)"


def reading_end(reads_backward: bool) -> str:
    """'the last word', or 'the first word (read last, going backward)' for a backward direction."""
    return "the first word (read last, going backward)" if reads_backward else "the last word"


def format_ratio(ratio: float) -> str:
    """0.2 -> '0.2x', 3.1e-08 -> '3.1e-08x'; the ratio of two measured norms."""
    if not math.isfinite(ratio):
        return "not a number (overflow or NaN)"
    if ratio == 0:
        return "0x (below the smallest float32 number)"
    return f"{ratio:.2g}x" if 1e-3 <= ratio < 1e4 else f"{ratio:.1e}x"


def first_to_last_ratios(summaries: dict, column: str = "median") -> tuple[int, dict]:
    """(distance, {label: norm at that distance / norm at distance 0}) at the farthest distance all curves reach."""
    distance = min(int(summary.index.max()) for summary in summaries.values())
    ratios = {}
    for label, summary in summaries.items():
        last, first = summary[column].loc[0], summary[column].loc[distance]
        with np.errstate(all="ignore"):
            ratios[label] = float(first / last) if last > 0 else float("nan")
    return distance, ratios


def describe_through_time(summaries: dict, what: str = "gradient", column: str = "median") -> str:
    """One caption for curves of gradient norm against distance from the end.

    summaries: label -> DataFrame from GradientNorms.summary() (index distance, a `column` of norms); a
    backward direction's summary (attrs["reads_backward"]) is read along its own reading, which ends on the
    first word.
    """
    distance, ratios = first_to_last_ratios(summaries, column)
    if distance == 0:
        return "Measured on a single word: there is no earlier step to compare with."
    backward = [bool(summary.attrs.get("reads_backward")) for summary in summaries.values()]
    if all(backward):
        where = "the end of the backward reading (the first word)"
    elif any(backward):
        where = "the end of each direction's reading (the last word forward, the first word backward)"
    else:
        where = "the last word"
    far = {label: float(summary[column].loc[distance]) for label, summary in summaries.items()}
    text = (f"Measured: the {what} {distance} steps before {where}, as a multiple of its size there "
            "(and its absolute size): "
            + ", ".join(f"{label} {format_ratio(ratio)} ({far[label]:.2g})" for label, ratio in ratios.items())
            + ".")
    finite = {label: ratio for label, ratio in ratios.items() if math.isfinite(ratio)}
    text += _comparison(finite, far)
    growing = [label for label, ratio in finite.items() if ratio > 1]
    if growing:
        text += f" It grows going back in time for {', '.join(growing)}"
        text += ": by over 100x, exploding." if max(finite[label] for label in growing) >= 100 else "."
    return text


def _comparison(ratios: dict, far: dict) -> str:
    """Compare only what is comparable: the vanished gradients are named together, never ranked; the one kept
    best relative to its own end is ranked among the others, and its absolute size is checked too."""
    if len(ratios) < 2:
        return ""
    vanished = [label for label, ratio in ratios.items() if ratio < VANISHED]
    kept = {label: ratio for label, ratio in ratios.items() if ratio >= VANISHED}
    text = ""
    if vanished:
        names = " and ".join(vanished) if len(vanished) == 2 else ", ".join(vanished)
        together = ("both " if len(vanished) == 2 else "all ") if len(vanished) > 1 and not kept else ""
        text += f" {names} {together}vanished (below {VANISHED:.1e}x, float32's resolution)"
        text += ": none keeps a usable gradient here, so none keeps more of it than the other." if not kept else "."
    if len(kept) > 1:
        best, worst = max(kept, key=kept.get), min(kept, key=kept.get)
        text += f" Relative to its own size at the end, {best} keeps the most of it and {worst} the least."
    elif len(kept) == 1 and vanished:
        text += f" Only {next(iter(kept))} keeps a usable gradient."
    if kept:
        best = max(kept, key=kept.get)
        largest = max(far, key=lambda label: far[label] if math.isfinite(far[label]) else -1.0)
        if largest != best and far[best] > 0 and far[largest] / far[best] >= 10:
            text += (f" In absolute size, though, {largest}'s gradient there is "
                     f"{far[largest] / far[best]:.2g} times {best}'s.")
    return text


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
    measured = (f"Measured on the untrained SimpleRNN: mean |pre-activation| {pre:.2g}, mean tanh' {derivative:.3f}"
                f"; its gradient {distance} steps back is {format_ratio(ratio)} of its size at the end.")
    if derivative >= 0.95:
        weights = ("an orthogonal matrix keeps a vector's length, so nothing shrinks it: " if initializer ==
                   "orthogonal" and gain == 1 else f"{initializer} recurrent weights with gain {gain:g} set the "
                   "change at each step: ")
        return (f"{measured} Why: small inputs keep tanh in its linear part (tanh' close to 1), so each step back "
                f"multiplies the gradient by about the recurrent weights U^T alone; {weights}"
                f"that is why SimpleRNN holds its gradient here.")
    return (f"{measured} Why: tanh is pushed into saturation (tanh' well below 1), and each step back multiplies "
            "the gradient by tanh' again: it shrinks geometrically, the textbook vanishing gradient.")


def describe_lag_result(result: LagResult) -> str:
    """What the accuracy-against-lag experiment measured, and whether gated cells remembered further."""
    table, settings = result.table, result.settings
    if table.empty:
        return "No trial finished yet."
    longest = int(table["lag"].max())
    at_longest = table[table["lag"] == longest].set_index("cell")["val_accuracy"]
    text = (f"Measured (seed {settings.seed}, {settings.epochs} epochs and {settings.units} units for every model): "
            f"at lag {longest}, validation accuracy was "
            + ", ".join(f"{cell} {accuracy:.2f}" for cell, accuracy in at_longest.items())
            + f" (chance: {CHANCE:.2f}).")
    reach = remembered_up_to(result)
    text += " Accuracy stayed at or above " + f"{GOOD_ACCURACY:.2f} up to lag: " + ", ".join(
        f"{cell} {lag if lag else '(none)'}" for cell, lag in reach.items()) + "."
    simple = reach.get("SimpleRNN")
    gated = {cell: lag for cell, lag in reach.items() if cell != "SimpleRNN"}
    if simple is not None and gated:
        best_gated = max(gated.values())
        if best_gated > simple:
            text += " With these settings the gated cells remembered further back than SimpleRNN."
        elif best_gated < simple:
            text += (" With these settings SimpleRNN remembered further back than the gated cells: the "
                     "long-range advantage of LSTM/GRU did not appear within this budget.")
        else:
            text += " With these settings no cell remembered further back than the others."
    if "best_epoch" in table:
        collapsed = table[(table["best_val_accuracy"] >= GOOD_ACCURACY)
                          & (table["val_accuracy"] <= table["best_val_accuracy"] - COLLAPSE_DROP)]
        if len(collapsed):
            text += " Learnt, then lost: " + "; ".join(
                f"{r.cell} at lag {r.lag} reached {r.best_val_accuracy:.2f} at epoch {r.best_epoch} and ended at "
                f"{r.val_accuracy:.2f}" for r in collapsed.itertuples()) + " (its last epoch is what is plotted)."
    if table["diverged"].any():
        text += " Some trainings diverged (NaN loss): " + ", ".join(
            f"{r.cell} at lag {r.lag}" for r in table[table["diverged"]].itertuples()) + "."
    return text + " One seed: another seed can move a point; rerun with another seed before concluding."


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
        return "No gradient could be measured (every value is NaN)."
    far = int(reached.max())
    start, end = matrix[0, far], matrix[-1, far]
    end_word = reading_end(history.reads_backward(quantity, layer))
    text = (f"Measured on {history.n_sequences} validation sequences: the median gradient {far} steps before "
            f"{end_word} was {start:.2g} before training and {end:.2g} after epoch {history.epochs[-1]}")
    with np.errstate(all="ignore"):
        ratios = matrix[:, far] / matrix[:, 0]
    if np.isfinite(ratios[[0, -1]]).all():
        text += (f"; relative to {end_word.split(' (')[0]} it went from {format_ratio(ratios[0])} to "
                 f"{format_ratio(ratios[-1])}")
    if np.isnan(matrix[1:]).all(axis=1).any():
        first_nan = history.epochs[1 + int(np.flatnonzero(np.isnan(matrix[1:]).all(axis=1))[0])]
        text += f". From epoch {first_nan} on the weights hold NaN: training diverged"
    return text + "."


def describe_clipping(histories: dict, stop_reasons: dict) -> str:
    """label -> history DataFrame (loss per epoch), label -> run.stop_reason: what clipping changed."""
    parts = []
    for label, history in histories.items():
        reason = stop_reasons.get(label) or ""
        if "NaN" in reason:
            parts.append(f"{label}: {reason.split(':')[0]}")
        elif len(history):
            parts.append(f"{label}: loss {history['loss'].iloc[0]:.3g} after epoch 1, "
                         f"{history['loss'].iloc[-1]:.3g} after epoch {len(history)}")
    return "Measured: " + "; ".join(parts) + "." if parts else "Nothing trained yet."


def summary_table(summaries: dict, column: str = "median") -> pd.DataFrame:
    """A small table: per label, the norm at the last word, at the farthest step, and their ratio."""
    distance, ratios = first_to_last_ratios(summaries, column)
    return pd.DataFrame([{"cell": label, "at the last word": summary[column].loc[0],
                          f"{distance} steps earlier": summary[column].loc[distance],
                          "ratio": ratios[label]} for label, summary in summaries.items()])
