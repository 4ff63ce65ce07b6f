"""Gate saturation over many sentences (Karpathy, Johnson and Fei-Fei 2015, "Visualizing and Understanding
Recurrent Networks").

A sigmoid gate is "left-saturated" when it is nearly closed (below 0.1) and "right-saturated" when it is nearly
open (above 0.9). Counting, for every unit, the fraction of steps each gate spends in either state shows what
the unit does: a forget gate almost always above 0.9 keeps its cell state for a long time (an integrator, a
long-term memory); one that is never saturated mixes old and new information at every word.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model_plan import SIGMOID_GATES, plan_model
from .walk import run_plan

MAX_BATCH = 256   # sequences traced at once (bounds memory: every gate of every step is kept)


def gate_saturation(model, token_ids, low: float = 0.1, high: float = 0.9) -> pd.DataFrame:
    """Fraction of steps each sigmoid gate of each unit spends below `low` and above `high`.

    Parameters
    ----------
    model : the keras model (or a Run).
    token_ids : (n_sequences, n_steps) int token ids, e.g. ``dataset.validation.x``; padding steps (skipped
        by a masking model) are not counted.
    low, high : the saturation thresholds, 0 <= low < high <= 1.

    Returns
    -------
    DataFrame with one row per (layer, gate, unit): layer (the direction's shared name, as CellTrace.label), cell, gate, unit,
    left (fraction of steps with gate < low), right (fraction with gate > high), n_steps (steps counted).
    Empty for a model without sigmoid gates (SimpleRNN).
    """
    model = getattr(model, "model", model)
    if not (isinstance(low, (int, float)) and isinstance(high, (int, float)) and 0 <= low < high <= 1):
        raise ValueError(f"thresholds must satisfy 0 <= low < high <= 1, got low={low!r}, high={high!r}")
    token_ids = np.asarray(token_ids)
    if token_ids.ndim != 2 or token_ids.size == 0 or not np.issubdtype(token_ids.dtype, np.integer):
        raise ValueError(f"token_ids must be a non-empty (n_sequences, n_steps) integer array, got shape "
                         f"{token_ids.shape} of {token_ids.dtype}")
    plan = plan_model(model, convolution=True)   # a Conv1D stage: its gates are counted per step
    counts: dict = {}   # (layer label, cell, gate) -> [n_low (n_units,), n_high (n_units,), n_steps]
    for start in range(0, len(token_ids), MAX_BATCH):
        records, _, mask = run_plan(plan, token_ids[start:start + MAX_BATCH])
        n_counted = int(mask.sum())
        for step, direction, _, record in records:
            label = direction.name
            for gate in SIGMOID_GATES[direction.weights.cell]:
                values = record[gate][mask]                           # (n_counted, n_units), no padding
                entry = counts.setdefault((label, direction.weights.cell, gate), [0, 0, 0])
                entry[0] = entry[0] + (values < low).sum(axis=0)
                entry[1] = entry[1] + (values > high).sum(axis=0)
                entry[2] += n_counted
    frames = []
    for (label, cell, gate), (n_low, n_high, n_steps) in counts.items():
        n_units = len(np.atleast_1d(n_low))
        frames.append(pd.DataFrame({
            "layer": label, "cell": cell, "gate": gate, "unit": np.arange(n_units),
            "left": np.atleast_1d(n_low) / max(n_steps, 1), "right": np.atleast_1d(n_high) / max(n_steps, 1),
            "n_steps": n_steps}))
    columns = ["layer", "cell", "gate", "unit", "left", "right", "n_steps"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
