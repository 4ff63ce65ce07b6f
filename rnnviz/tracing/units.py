"""Which units matter for this sentence? Orderings that put the interesting hidden units first."""

from __future__ import annotations

import numpy as np

UNIT_ORDERS = ("index", "variance", "correlation")


def rank_units(cell_trace, by: str = "variance", trace_result=None) -> tuple[np.ndarray, np.ndarray]:
    """Order the units of one layer direction over the traced sentence.

    Parameters
    ----------
    cell_trace : a CellTrace.
    by : "index" (as numbered), "variance" (of h_t over the sentence's words, largest first) or
        "correlation" (|Pearson correlation| between h_t and the prediction after each word, largest first;
        needs `trace_result`).
    trace_result : the Trace the cell_trace belongs to (its mask and predictions).

    Returns
    -------
    (order, scores): order is (n_units,) unit indices, first shown first; scores is (n_units,) the score of
    each unit by index (variance, or signed correlation; 0 for a unit or prediction that does not vary).
    """
    if by not in UNIT_ORDERS:
        raise ValueError(f"units can be ordered by {', '.join(UNIT_ORDERS)}; got {by!r}")
    n_units = cell_trace.n_units
    if by == "index":
        return np.arange(n_units), np.arange(n_units, dtype=float)
    keep = np.ones(cell_trace.n_steps, bool) if trace_result is None else np.asarray(trace_result.mask, bool)
    h = cell_trace.h[keep].astype(np.float64)                         # (n_real_steps, n_units)
    if by == "variance":
        scores = h.var(axis=0)
        return np.argsort(-scores, kind="stable"), scores
    if trace_result is None:
        raise ValueError("ordering by correlation with the prediction needs the Trace (trace_result=)")
    prediction = trace_result.class_probability()[1][keep].astype(np.float64)   # (n_real_steps,)
    scores = correlations(h, prediction)
    return np.argsort(-np.abs(scores), kind="stable"), scores


def correlations(values: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Pearson correlation of each column of values (n_steps, n_units) with target (n_steps,); 0 where
    either does not vary (a correlation is undefined there, and 'no linear relation' is what a student sees)."""
    centred = values - values.mean(axis=0)                            # (n_steps, n_units)
    target_centred = target - target.mean()                           # (n_steps,)
    spread = np.sqrt((centred ** 2).mean(axis=0))                     # population standard deviations
    target_spread = np.sqrt((target_centred ** 2).mean())
    # A spread at float rounding level is not a variation: call it flat.
    flat = (spread <= 1e-9 * (1 + np.abs(values).max(axis=0))) | (target_spread <= 1e-9 * (1 + np.abs(target).max()))
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = (centred * target_centred[:, None]).mean(axis=0) / (spread * target_spread)
    return np.where(flat, 0.0, np.clip(scores, -1.0, 1.0))
