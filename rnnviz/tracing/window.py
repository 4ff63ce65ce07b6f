"""`trace(model, window)` for a forecasting model: one window of a series through the network, step by step.

A series model has no Embedding: it reads float vectors, a window (look_back, n_features) of scaled values
(`dataset.test.x[i]`). The result is the same `Trace` as for a sentence, with one step per value of the window,
named by its distance from the end ("t-11" ... "t-0": t-0 is the last value read, the forecast comes after it).
"""

from __future__ import annotations

import numpy as np

from .walk import apply_head, run_plan


def step_names(n_steps: int) -> tuple[str, ...]:
    """("t-{n_steps - 1}", ..., "t-0"): each step named by how far before the end of the window it is."""
    return tuple(f"t-{n_steps - 1 - t}" for t in range(n_steps))


def read_window(window, plan) -> np.ndarray:
    """(n_steps, n_features) float32 from a window (or (n_steps,) values for a one-feature model);
    ValueError naming the shape when the model cannot read it."""
    values = np.asarray(window)
    if values.ndim == 1 and plan.n_features == 1:
        values = values[:, None]
    if values.ndim == 3 and values.shape[0] == 1:   # a batch of one window, as model.predict takes it
        values = values[0]
    expected = f"({plan.input_length or 'n_steps'}, {plan.n_features})"
    if values.ndim != 2 or values.shape[0] == 0 or values.shape[1] != plan.n_features:
        raise ValueError(f"a window must be an array of shape {expected} (steps, features), got shape "
                         f"{values.shape}")
    if not np.issubdtype(values.dtype, np.number) or np.issubdtype(values.dtype, np.complexfloating):
        raise ValueError(f"a window must hold real numbers, got dtype {values.dtype}")
    if plan.input_length and values.shape[0] != plan.input_length:
        raise ValueError(f"the model reads windows of {plan.input_length} steps (its look_back), got "
                         f"{values.shape[0]}")
    values = values.astype(np.float32)
    if not np.isfinite(values).all():
        raise ValueError("a window must hold finite numbers, got NaN or infinity")
    return values


def forecasts_by_step(plan, window: np.ndarray, records, outputs: np.ndarray) -> np.ndarray:
    """(n_steps, n_outputs): the forecast had the window ended at each step.

    For a model read left to right the top layer's output at step t depends only on the values up to t, so
    the head applied to it is the model's forecast from that shorter window (what Keras' layers give on
    window[:t + 1]). A backward direction reads from the end: only the last row (the whole window) exists
    then, the others are NaN.
    """
    if plan.is_causal and not plan.recurrent[-1].bidirectional:
        return apply_head(plan, records[-1][3]["output"][0])
    rows = np.full((len(window), outputs.shape[1]), np.nan, outputs.dtype)
    rows[-1] = outputs[0]
    return rows


def window_inputs(plan, window) -> tuple[np.ndarray, list, np.ndarray, np.ndarray]:
    """(window (n_steps, n_features), records, outputs (1, n_outputs), mask (n_steps,)) of run_plan."""
    values = read_window(window, plan)
    records, outputs, mask = run_plan(plan, values[None])
    return values, records, outputs, mask[0]
