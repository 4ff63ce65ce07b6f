"""The recurrent cells, replayed step by step in NumPy from a Keras layer's own weights.

Keras computes every gate of an LSTM or GRU and then throws it away: only h (and, on request, the final c)
come out of the layer. To show students the gates we recompute each step from the layer's weight matrices,
with the same equations, the same weight layout and the same order of additions as Keras, in float32. The
result matches the layer's own outputs to about 1e-7 (`rnnviz.tracing.verify` checks it on every model).

Each cell kind's step and weight layout are its module's in `rnnviz.cells` (SimpleRNN, LSTM, GRU, ...); this
module runs any of them over a sequence, with Keras' masking and direction rules.
"""

from __future__ import annotations

import numpy as np

from ..cells import get_cell
from ..model_plan import ACTIVATION_NAMES, CellWeights


def _sigmoid(x):
    # exp overflows to inf for x < -88 (float32), and 1 / inf = 0: the right limit (callers silence the warning)
    return (1.0 / (1.0 + np.exp(-x))).astype(x.dtype, copy=False)


def _softmax(x):
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


# Keras activation name -> the same function in NumPy (Keras 3 definitions).
ACTIVATIONS = {
    "tanh": np.tanh,
    "sigmoid": _sigmoid,
    "hard_sigmoid": lambda x: np.clip(x + 3.0, 0.0, 6.0) / np.float32(6.0),   # relu6(x + 3) / 6
    "relu": lambda x: np.maximum(x, 0.0).astype(x.dtype, copy=False),
    "relu6": lambda x: np.clip(x, 0.0, 6.0),
    "linear": lambda x: x,
    "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0.0))).astype(x.dtype, copy=False),
    "softplus": lambda x: np.logaddexp(np.zeros_like(x), x),
    "softsign": lambda x: x / (1.0 + np.abs(x)),
    "silu": lambda x: x * _sigmoid(x),
    "exponential": np.exp,
    "softmax": _softmax,
}
ACTIVATIONS["swish"] = ACTIVATIONS["silu"]
assert set(ACTIVATIONS) == set(ACTIVATION_NAMES), "the NumPy cells must replay every activation the plan accepts"


def run_cell(weights: CellWeights, inputs: np.ndarray, mask: np.ndarray, go_backwards: bool = False,
             zero_output_for_mask: bool = False) -> dict[str, np.ndarray]:
    """Replay a recurrent layer over a batch of sequences, recording every state and gate.

    Parameters
    ----------
    weights : the cell's weights.
    inputs : (n_sequences, n_steps, n_inputs) float32 input vectors x_t, in token order.
    mask : (n_sequences, n_steps) bool, False where Keras skips the step (padding). A skipped step is still
        computed, then discarded: the state is carried over (as in Keras).
    go_backwards : process the last token first. Results are still indexed by token position.
    zero_output_for_mask : the layer emits 0 at skipped steps instead of repeating its previous output
        (Keras sets this for the halves of a Bidirectional layer that returns sequences).

    Returns
    -------
    dict of float32 arrays indexed by token position (n_sequences, n_steps, n_units): "h" (the state after the
    step), "h_prev" (the state the step started from), "output" (what the layer emits), "c" and "c_prev" for
    a cell with a cell state (LSTM), and one array per gate name of `GATE_NAMES` (NaN at skipped steps: Keras does not use them).
    """
    inputs = np.asarray(inputs, dtype=np.float32)
    mask = np.asarray(mask, dtype=bool)
    n_sequences, n_steps, n_inputs = inputs.shape
    if n_inputs != weights.n_inputs:
        raise ValueError(f"inputs have {n_inputs} features but the cell's kernel expects {weights.n_inputs}")
    n_units, kind = weights.n_units, weights.cell
    has_c = get_cell(kind).has_cell_state
    act = ACTIVATIONS[weights.activation]
    gate_act = ACTIVATIONS[weights.recurrent_activation]
    x_kernel = inputs @ weights.kernel                           # (n_sequences, n_steps, n_blocks * n_units)
    record = {name: np.full((n_sequences, n_steps, n_units), np.nan, np.float32)
              for name in ("h", "h_prev", "output", *weights.gate_names)}
    if has_c:
        record["c"] = np.zeros((n_sequences, n_steps, n_units), np.float32)
        record["c_prev"] = np.zeros((n_sequences, n_steps, n_units), np.float32)
    h = np.zeros((n_sequences, n_units), np.float32)
    c = np.zeros((n_sequences, n_units), np.float32)
    output = np.zeros((n_sequences, n_units), np.float32)
    arrays = weights.arrays()
    every_step_kept = bool(mask.all())      # the common case (no padding) skips the masking arithmetic
    with np.errstate(over="ignore"):        # exp overflow in sigmoid gives inf, and 1 / inf = 0: the right limit
        for t in (range(n_steps - 1, -1, -1) if go_backwards else range(n_steps)):
            record["h_prev"][:, t] = h
            if has_c:
                record["c_prev"][:, t] = c
            gates, new_h, new_c = cell_step(kind, arrays, weights.reset_after, x_kernel[:, t], h, c, act, gate_act)
            if has_c:
                c = new_c if every_step_kept else np.where(mask[:, t:t + 1], new_c, c)
                record["c"][:, t] = c
            if every_step_kept:
                for name, value in gates.items():
                    record[name][:, t] = value
                h = output = new_h
            else:
                keep = mask[:, t:t + 1]                               # (n_sequences, 1)
                for name, value in gates.items():
                    record[name][:, t] = np.where(keep, value, np.nan)
                h = np.where(keep, new_h, h)
                output = np.where(keep, new_h, 0.0 if zero_output_for_mask else output).astype(np.float32)
            record["h"][:, t] = h
            record["output"][:, t] = output
    return record


def cell_step(kind: str, arrays: dict, reset_after: bool, x_kernel_t, h, c, act, gate_act, nudge_c=None):
    """One step of a cell as Keras computes it (its registered kind's step), on NumPy or TensorFlow arrays alike
    (the gradient replay runs these same equations in TF float64).

    arrays: {"kernel", "recurrent_kernel", "bias", ...extra} in Keras' layout; x_kernel_t: (n_sequences,
    n_blocks * n_units) the input times the kernel; h, c: (n_sequences, n_units) the state before the step (c
    unused but by cells with a cell state). nudge_c: added to c_t before anything reads it (the gradient
    replay's zero delta_c), for cells with a cell state only.
    Returns (gates: name -> (n_sequences, n_units), new h, new c (c itself for cells without a cell state)).
    """
    return get_cell(kind).step(arrays, x_kernel_t, h, c, act, gate_act, reset_after=reset_after, nudge_c=nudge_c)
