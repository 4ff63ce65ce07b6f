"""A recurrent cell's weights as Keras lays them out: the gate blocks of each cell kind, written once.

Part of the one model reader (`rnnviz.model_plan`, which re-exports everything here): `CellWeights` copies a
Keras cell of any registered kind (`rnnviz.cells`) into float32 arrays, `block_of` / `split_blocks` cut them by gate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .cells import cell_names, get_cell

# The gate blocks of each cell kind, in Keras' column-block order of kernel, recurrent_kernel and bias (the
# registry's tables): e.g. LSTM i, f, c (the candidate, called g here), o; SimpleRNN one block, its pre-activation.
GATE_NAMES = {name: get_cell(name).gate_names for name in cell_names()}
# Gates squashed by the recurrent activation (sigmoid): the ones that can saturate at 0 or 1.
SIGMOID_GATES = {name: get_cell(name).sigmoid_gates for name in cell_names()}
# Activations every replay (NumPy cells, TF gradient replay) can compute, by Keras name.
ACTIVATION_NAMES = ("tanh", "sigmoid", "hard_sigmoid", "relu", "relu6", "linear", "elu", "softplus", "softsign",
                    "silu", "swish", "exponential", "softmax")

def to_numpy(variable) -> np.ndarray:
    """A Keras variable's value as a float32 array (`.numpy()` is the quickest way out of TensorFlow)."""
    value = variable.numpy() if hasattr(variable, "numpy") else np.asarray(variable)
    return value.astype(np.float32, copy=False)


def activation_name(function) -> str:
    """The Keras name of an activation function (None means linear); ValueError if it cannot be replayed."""
    if function is None:
        return "linear"
    name = getattr(function, "__name__", None) or type(function).__name__
    if name not in ACTIVATION_NAMES:
        raise ValueError(f"activation {name!r} cannot be replayed; supported: {', '.join(sorted(ACTIVATION_NAMES))}")
    return name


@dataclass(frozen=True)
class CellWeights:
    """A recurrent cell's weights and activations, copied out of Keras as float32 arrays.

    kernel: (n_inputs, n_blocks * n_units); recurrent_kernel: (n_units, n_blocks * n_units);
    bias: (n_blocks * n_units,), or (2, 3 * n_units) for a GRU with reset_after=True, or None (use_bias=False).
    n_blocks = len(GATE_NAMES[cell]): 1 for SimpleRNN, 4 for LSTM, 3 for GRU.
    extra: the kind's other arrays (`CellKind.extra_weights`), name -> (n_blocks_of_it * n_units,).
    """

    cell: str                         # a registered cell kind: "SimpleRNN" | "LSTM" | "GRU" | ...
    kernel: np.ndarray
    recurrent_kernel: np.ndarray
    bias: np.ndarray | None
    activation: str                   # the cell's activation (tanh by default)
    recurrent_activation: str         # the gates' activation (sigmoid by default; unused by SimpleRNN)
    reset_after: bool = True          # GRU only
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_keras_cell(cls, cell) -> CellWeights:
        """Copy the weights of a Keras cell of a registered kind (SimpleRNNCell, LSTMCell, GRUCell, ...)."""
        kind = type(cell).__name__.removesuffix("Cell")
        if kind not in GATE_NAMES:
            raise ValueError(f"cell {type(cell).__name__!r} cannot be read; supported: "
                             f"{', '.join(name + 'Cell' for name in GATE_NAMES)}")
        bias = None if getattr(cell, "bias", None) is None else to_numpy(cell.bias)
        return cls(cell=kind, kernel=to_numpy(cell.kernel), recurrent_kernel=to_numpy(cell.recurrent_kernel),
                   bias=bias, activation=activation_name(cell.activation),
                   recurrent_activation=activation_name(getattr(cell, "recurrent_activation", None)),
                   reset_after=bool(getattr(cell, "reset_after", True)),
                   extra={name: to_numpy(getattr(cell, name)) for name in get_cell(kind).extra_weights})

    @property
    def n_units(self) -> int:
        return self.recurrent_kernel.shape[0]

    @property
    def n_inputs(self) -> int:
        return self.kernel.shape[0]

    @property
    def gate_names(self) -> tuple[str, ...]:
        return GATE_NAMES[self.cell]

    def block(self, matrix: str, gate: int | str):
        """Columns of one gate block (an index or a name of GATE_NAMES) of "kernel", "recurrent_kernel", "bias"
        or "recurrent_bias"; works on the float32 arrays and on any copy with the same layout (see `arrays`).

        For a GRU with reset_after=True, "bias" is the input-side row and "recurrent_bias" the recurrent-side
        row; otherwise "recurrent_bias" is None. Returns None where the cell has no such array.
        """
        return block_of(self.arrays(), self.cell, self.n_units, matrix, gate)

    def arrays(self) -> dict:
        """{"kernel", "recurrent_kernel", "bias"} arrays (bias None without use_bias), and the kind's extra ones."""
        return {"kernel": self.kernel, "recurrent_kernel": self.recurrent_kernel, "bias": self.bias, **self.extra}


def block_of(arrays: dict, cell: str, n_units: int, matrix: str, gate: int | str):
    """The gate block `gate` of arrays[matrix] in Keras' layout (arrays: NumPy or TF, as in CellWeights.arrays)."""
    index = GATE_NAMES[cell].index(gate) if isinstance(gate, str) else gate
    columns = slice(index * n_units, (index + 1) * n_units)
    if matrix in ("bias", "recurrent_bias"):
        bias = arrays["bias"]
        if bias is None:
            return None
        if len(bias.shape) == 2:  # GRU reset_after: row 0 input side, row 1 recurrent side
            return bias[int(matrix == "recurrent_bias"), columns]
        return bias[columns] if matrix == "bias" else None
    return arrays[matrix][:, columns]


def split_blocks(values, cell: str) -> dict:
    """(..., n_blocks * n_units) NumPy or TF values -> gate name -> (..., n_units), in Keras' block order."""
    names = GATE_NAMES[cell]
    n_units = values.shape[-1] // len(names)
    return {name: values[..., index * n_units:(index + 1) * n_units] for index, name in enumerate(names)}
