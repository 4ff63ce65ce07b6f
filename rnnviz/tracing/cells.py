"""The three recurrent cells of the course, replayed step by step in NumPy from a Keras layer's own weights.

Keras computes every gate of an LSTM or GRU and then throws it away: only h (and, on request, the final c)
come out of the layer. To show students the gates we recompute each step from the layer's weight matrices,
with the same equations, the same weight layout and the same order of additions as Keras, in float32. The
result matches the layer's own outputs to about 1e-7 (`rnnviz.tracing.verify` checks it on every model).

Weight layout (the column blocks of kernel, recurrent_kernel and bias, in this order):

    SimpleRNN   one block                   h_t = act(x_t W + b + h_{t-1} U)
    LSTM        i, f, g (candidate), o       c_t = f * c_{t-1} + i * g;  h_t = o * act(c_t)
    GRU         z, r, h~                     h_t = z * h_{t-1} + (1 - z) * h~   (z weighs the OLD state in Keras)

A GRU with reset_after=True (the Keras default) has two bias rows, input side and recurrent side, and applies
the reset gate after the recurrent matrix product; with reset_after=False it has one bias row and applies r
to h_{t-1} before the product.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Gate arrays each cell kind records, in Keras' column-block order. SimpleRNN has no gate: its
# pre-activation (the number inside tanh) is what the formula view explains.
GATE_NAMES = {"SimpleRNN": ("pre_activation",), "LSTM": ("i", "f", "g", "o"), "GRU": ("z", "r", "h_tilde")}
# Gates squashed by the recurrent activation (sigmoid): the ones that can saturate at 0 or 1.
SIGMOID_GATES = {"SimpleRNN": (), "LSTM": ("i", "f", "o"), "GRU": ("z", "r")}


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


def to_numpy(variable) -> np.ndarray:
    """A Keras variable's value as a float32 array (`.numpy()` is the quickest way out of TensorFlow)."""
    value = variable.numpy() if hasattr(variable, "numpy") else np.asarray(variable)
    return value.astype(np.float32, copy=False)


def activation_name(function) -> str:
    """The Keras name of an activation function (None means linear); ValueError if NumPy cannot replay it."""
    if function is None:
        return "linear"
    name = getattr(function, "__name__", None) or type(function).__name__
    if name not in ACTIVATIONS:
        raise ValueError(f"activation {name!r} cannot be replayed; supported: {', '.join(sorted(ACTIVATIONS))}")
    return name


@dataclass(frozen=True)
class CellWeights:
    """A recurrent cell's weights and activations, copied out of Keras as float32 arrays.

    kernel: (n_inputs, n_blocks * n_units); recurrent_kernel: (n_units, n_blocks * n_units);
    bias: (n_blocks * n_units,), or (2, 3 * n_units) for a GRU with reset_after=True, or None (use_bias=False).
    n_blocks is 1 for SimpleRNN, 4 for LSTM, 3 for GRU.
    """

    cell: str                         # "SimpleRNN" | "LSTM" | "GRU"
    kernel: np.ndarray
    recurrent_kernel: np.ndarray
    bias: np.ndarray | None
    activation: str                   # the cell's activation (tanh by default)
    recurrent_activation: str         # the gates' activation (sigmoid by default; unused by SimpleRNN)
    reset_after: bool = True          # GRU only

    @classmethod
    def from_keras_cell(cls, cell) -> "CellWeights":
        """Copy the weights of a Keras SimpleRNNCell, LSTMCell or GRUCell."""
        kind = type(cell).__name__.removesuffix("Cell")
        if kind not in GATE_NAMES:
            raise ValueError(f"cell {type(cell).__name__!r} cannot be traced; supported: "
                             "SimpleRNNCell, LSTMCell, GRUCell")
        bias = None if getattr(cell, "bias", None) is None else to_numpy(cell.bias)
        return cls(cell=kind, kernel=to_numpy(cell.kernel), recurrent_kernel=to_numpy(cell.recurrent_kernel),
                   bias=bias,
                   activation=activation_name(cell.activation),
                   recurrent_activation=activation_name(getattr(cell, "recurrent_activation", None)),
                   reset_after=bool(getattr(cell, "reset_after", True)))

    @property
    def n_units(self) -> int:
        return self.recurrent_kernel.shape[0]

    @property
    def n_inputs(self) -> int:
        return self.kernel.shape[0]

    @property
    def gate_names(self) -> tuple[str, ...]:
        return GATE_NAMES[self.cell]

    def block(self, matrix: str, index: int) -> np.ndarray | None:
        """Columns of block `index` (Keras order) of "kernel", "recurrent_kernel", "bias" or "recurrent_bias".

        For a GRU with reset_after=True, "bias" is the input-side row and "recurrent_bias" the recurrent-side
        row; otherwise "recurrent_bias" is None. Returns None where the cell has no such array.
        """
        n = self.n_units
        if matrix in ("bias", "recurrent_bias"):
            if self.bias is None:
                return None
            if self.bias.ndim == 2:  # GRU reset_after: row 0 input side, row 1 recurrent side
                return self.bias[int(matrix == "recurrent_bias"), index * n:(index + 1) * n]
            return self.bias[index * n:(index + 1) * n] if matrix == "bias" else None
        return getattr(self, matrix)[:, index * n:(index + 1) * n]


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
    an LSTM, and one array per gate name of `GATE_NAMES` (NaN at skipped steps: Keras does not use them).
    """
    inputs = np.asarray(inputs, dtype=np.float32)
    mask = np.asarray(mask, dtype=bool)
    n_sequences, n_steps, n_inputs = inputs.shape
    if n_inputs != weights.n_inputs:
        raise ValueError(f"inputs have {n_inputs} features but the cell's kernel expects {weights.n_inputs}")
    n_units, kind = weights.n_units, weights.cell
    act = ACTIVATIONS[weights.activation]
    gate_act = ACTIVATIONS[weights.recurrent_activation]
    x_kernel = inputs @ weights.kernel                           # (n_sequences, n_steps, n_blocks * n_units)
    record = {name: np.full((n_sequences, n_steps, n_units), np.nan, np.float32)
              for name in ("h", "h_prev", "output", *weights.gate_names)}
    if kind == "LSTM":
        record["c"] = np.zeros((n_sequences, n_steps, n_units), np.float32)
        record["c_prev"] = np.zeros((n_sequences, n_steps, n_units), np.float32)
    h = np.zeros((n_sequences, n_units), np.float32)
    c = np.zeros((n_sequences, n_units), np.float32)
    output = np.zeros((n_sequences, n_units), np.float32)
    rec_kernel, bias = weights.recurrent_kernel, weights.bias
    every_step_kept = bool(mask.all())      # the common case (no padding) skips the masking arithmetic
    with np.errstate(over="ignore"):        # exp overflow in sigmoid gives inf, and 1 / inf = 0: the right limit
        for t in (range(n_steps - 1, -1, -1) if go_backwards else range(n_steps)):
            record["h_prev"][:, t] = h
            if kind == "SimpleRNN":
                pre = x_kernel[:, t] if bias is None else x_kernel[:, t] + bias
                pre = pre + h @ rec_kernel                            # Keras: (x W + b) + h U
                gates = {"pre_activation": pre}
                new_h = act(pre)
            elif kind == "LSTM":
                record["c_prev"][:, t] = c
                z = x_kernel[:, t] + h @ rec_kernel                   # Keras: (x W + h U) + b
                if bias is not None:
                    z += bias
                squashed = gate_act(z)                                # i, f, o in one call (g block unused)
                gates = {"i": squashed[:, :n_units], "f": squashed[:, n_units:2 * n_units],
                         "g": act(z[:, 2 * n_units:3 * n_units]), "o": squashed[:, 3 * n_units:]}
                new_c = gates["f"] * c + gates["i"] * gates["g"]
                new_h = gates["o"] * act(new_c)
                c = new_c if every_step_kept else np.where(mask[:, t:t + 1], new_c, c)
                record["c"][:, t] = c
            else:
                gates, new_h = _gru_step(weights, x_kernel[:, t], h, act, gate_act)
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


def _gru_step(weights: CellWeights, x_kernel_t, h, act, gate_act):
    """One GRU step as Keras' implementation 2 computes it; returns (gates, new h)."""
    n = weights.n_units
    bias, rec_kernel = weights.bias, weights.recurrent_kernel
    if weights.reset_after:
        x_part = x_kernel_t if bias is None else x_kernel_t + bias[0]
        inner = h @ rec_kernel if bias is None else h @ rec_kernel + bias[1]   # (n_sequences, 3 * n_units)
        z = gate_act(x_part[:, :n] + inner[:, :n])
        r = gate_act(x_part[:, n:2 * n] + inner[:, n:2 * n])
        candidate = act(x_part[:, 2 * n:] + r * inner[:, 2 * n:])
    else:
        x_part = x_kernel_t if bias is None else x_kernel_t + bias
        inner = h @ rec_kernel[:, :2 * n]
        z = gate_act(x_part[:, :n] + inner[:, :n])
        r = gate_act(x_part[:, n:2 * n] + inner[:, n:2 * n])
        candidate = act(x_part[:, 2 * n:] + (r * h) @ rec_kernel[:, 2 * n:])
    return {"z": z, "r": r, "h_tilde": candidate}, z * h + (1 - z) * candidate
