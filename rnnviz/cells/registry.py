"""What a recurrent cell kind is, once: the record every cell module registers, and the lookup the rest reads.

A cell kind (`CellKind`) holds everything the app knows about one cell: the Keras layer that runs it, its gate
blocks in Keras' column layout, the step the trace and the gradient replay compute, its equations with live
numbers, its colour and notes. `rnnviz.cells` imports every cell module of the package, and each registers its
kind here: nothing else names a cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

_KINDS: dict[str, CellKind] = {}


@dataclass(frozen=True)
class CellKind:
    """One recurrent cell kind. Array shapes: n_units U, n_blocks = len(gate_names)."""

    name: str                         # the Keras layer's class name and ModelConfig.cell: "LSTM"
    position: int                     # order in menus and comparisons (the course's order first)
    gate_names: tuple[str, ...]       # column blocks of kernel (D, n_blocks U), recurrent_kernel, bias
    sigmoid_gates: tuple[str, ...]    # blocks squashed by the recurrent activation: they can saturate
    # (arrays, x_kernel_t (B, n_blocks U), h (B, U), c (B, U), act, gate_act, reset_after, nudge_c)
    #   -> (gates: name -> (B, U), new h, new c); NumPy or TensorFlow arrays alike
    step: Callable
    explain: Callable                 # (rnnviz.tracing.formulas step numbers) -> [FormulaLine], one per equation
    layer_class: Callable             # () -> the Keras layer class (imports Keras only when called)
    colour: str                       # its colour in every chart that compares cells
    gate_titles: dict = field(default_factory=dict)   # gate name -> message id of its heatmap's title
    has_cell_state: bool = False      # carries c_t besides h_t (state_size [U, U]): traced, nudged, shown
    # arrays the Keras cell holds besides kernel, recurrent_kernel, bias: name -> number of U-wide blocks
    extra_weights: dict = field(default_factory=dict)
    bias_rows: int = 1                # bias rows of its Keras default (GRU reset_after=True: 2)
    formula_note: str | None = None   # message id: where Keras' equations differ from the course's
    equations_caption: str | None = None   # message id: one line under its equations on the Gates page
    saturation_note: str | None = None   # message id: how to read its gates' saturation plot
    course_comparison: bool = False   # one of the course's three cells the labs compare ("the three cells")

    @property
    def n_blocks(self) -> int:
        return len(self.gate_names)

    def parameters(self, n_inputs: int, n_units: int) -> int:
        """Keras' count_params of one direction reading n_inputs features with n_units units."""
        extra = sum(self.extra_weights.values()) * n_units
        return self.n_blocks * n_units * (n_inputs + n_units + self.bias_rows) + extra


def register(kind: CellKind) -> CellKind:
    """Add a cell kind (a cell module calls this once, at import); ValueError on a name taken twice."""
    if kind.name in _KINDS and _KINDS[kind.name] is not kind:
        raise ValueError(f"cell kind {kind.name!r} is registered twice")
    _KINDS[kind.name] = kind
    return kind


def cell_names() -> tuple[str, ...]:
    """Every registered cell kind, in menu order: ("SimpleRNN", "LSTM", "GRU", ...)."""
    return tuple(sorted(_KINDS, key=lambda name: _KINDS[name].position))


def course_cells() -> tuple[str, ...]:
    """The course's cells, compared side by side by the gradient labs and presets: SimpleRNN, LSTM, GRU."""
    return tuple(name for name in cell_names() if _KINDS[name].course_comparison)


def get_cell(name: str) -> CellKind:
    """The registered kind called `name`; ValueError naming the allowed ones."""
    if name not in _KINDS:
        raise ValueError(f"cell must be one of {', '.join(cell_names())}, got {name!r}")
    return _KINDS[name]


def register_keras_classes() -> dict:
    """Define every kind's Keras layer (custom ones register themselves as serializable): call before
    `keras.models.load_model`, so a saved model of any registered cell loads in safe mode. Returns name -> class."""
    return {name: get_cell(name).layer_class() for name in cell_names()}
