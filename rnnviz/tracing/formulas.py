"""The cell's equations as the course writes them, with the real numbers of one (word, unit) filled in.

`explain_step(cell_trace, step, unit)` returns one `FormulaLine` per equation of the cell: the symbolic form
(f_t = sigma(W_f . [h_{t-1}, x_t] + b_f)), the same with this step's numbers (the input's contribution, the
previous state's contribution, the bias, their sum, the activation), and the value. The numbers are
recomputed here in float64 from the layer's weights; `recomputed` equals the traced `value` up to float32
rounding, which the tests check.
"""

from __future__ import annotations

import numpy as np

from ..cells import get_cell
from ..cells.equations import FormulaLine
from ..cells.equations import addends as _addends
from ..cells.equations import apply as _apply
from ..cells.equations import latex_activation as _latex_activation
from ..cells.equations import number as _number
from ..cells.equations import symbol as _symbol
from ..i18n import _


def convention_note(cell: str) -> str | None:
    """Where Keras' equations differ from the course's, one sentence for the formula view (None: they agree).

    E.g. Keras' GRU weighs the old state by z; the course's formula (Cho et al. 2014) weighs the new one.
    """
    note = get_cell(cell).formula_note
    return None if note is None else _(note)


def explain_step(cell_trace, step: int, unit: int) -> list[FormulaLine]:
    """The cell's equations at token position `step` for hidden unit `unit`, numbers filled in.

    Raises ValueError for a step or unit out of range, or a padding step (Keras skips it: nothing to explain).
    For a backward direction, h_{t-1} is the state the step starts from: the one after the next word.
    """
    n_steps, n_units = cell_trace.h.shape
    if not (isinstance(step, (int, np.integer)) and 0 <= step < n_steps):
        raise ValueError(f"step must be an integer from 0 to {n_steps - 1}, got {step!r}")
    if not (isinstance(unit, (int, np.integer)) and 0 <= unit < n_units):
        raise ValueError(f"unit must be an integer from 0 to {n_units - 1}, got {unit!r}")
    first_gate = cell_trace.gates[cell_trace.weights.gate_names[0]]
    if np.isnan(first_gate[step, unit]):
        raise ValueError(_("step {step} is padding: Keras skips it and carries the previous state over").format(
            step=step))
    return get_cell(cell_trace.cell).explain(_Step(cell_trace, int(step), int(unit)))


class _Step:
    """The float64 numbers of one (step, unit): the pieces every equation is made of."""

    def __init__(self, cell_trace, step: int, unit: int):
        self.trace, self.step, self.unit = cell_trace, step, unit
        self.weights = cell_trace.weights
        self.x = cell_trace.inputs[step].astype(np.float64)           # (n_inputs,)
        self.h_prev = cell_trace.h_prev[step].astype(np.float64)      # (n_units,)

    def column(self, matrix: str, gate: str) -> np.ndarray | float:
        """This unit's column of `gate`'s block (by name, in the plan's gate table) of a weight matrix."""
        values = self.weights.block(matrix, gate)
        if values is None:
            return 0.0
        values = values.astype(np.float64)
        return values[..., self.unit] if values.ndim == 1 else values[:, self.unit]

    def traced(self, name: str) -> float:
        if name in self.trace.gates:
            return float(self.trace.gates[name][self.step, self.unit])
        return float(getattr(self.trace, name)[self.step, self.unit])

    def gate_line(self, name: str, activation: str, extras=()) -> FormulaLine:
        r"""name_t = act(W . [h_{t-1}, x_t] + b) with the input part, recurrent part and bias shown apart
        (for SimpleRNN's pre-activation, without the activation).

        extras: more addends of the sum, (symbolic LaTeX term, LaTeX name under its number, value) each, e.g. a
        peephole's (r"p_i \odot c_{t-1}", "c_{t-1}", p_i * c_{t-1}): shown between the state's part and the bias."""
        from_input = float(self.x @ self.column("kernel", name))
        from_state = float(self.h_prev @ self.column("recurrent_kernel", name))
        bias = float(self.column("bias", name)) + float(self.column("recurrent_bias", name))
        extra_values = [float(value) for _term, _under, value in extras]
        total = from_input + from_state + sum(extra_values) + bias
        shown, shown_total = _addends([from_input, from_state, *extra_values, bias])
        shown_input, shown_state, shown_extras, shown_bias = shown[0], shown[1], shown[2:-1], shown[-1]
        word_from, word_bias = _("from"), _("bias")     # the words under the braces, in the reader's language
        parts = (rf"\underbrace{{{shown_input}}}_{{\text{{{word_from} }} x_t}} + "
                 rf"\underbrace{{{shown_state}}}_{{\text{{{word_from} }} h_{{t-1}}}} + " +
                 "".join(rf"\underbrace{{{value}}}_{{\text{{{word_from} }} {under}}} + "
                         for value, (_term, under, _value) in zip(shown_extras, extras)) +
                 rf"\underbrace{{{shown_bias}}}_{{\text{{{word_bias}}}}}")
        if name == "pre_activation":
            return FormulaLine(name, r"a_t = W \cdot [h_{t-1}, x_t] + b", rf"= {parts} = {shown_total}",
                               self.traced(name), total)
        symbol, act = _symbol(name), _latex_activation(activation)
        terms = "".join(f" + {term}" for term, _under, _value in extras)
        symbolic = (rf"{symbol}_t = {act}\left(W_{{{symbol}}} \cdot [h_{{t-1}}, x_t]{terms} + "
                    rf"b_{{{symbol}}}\right)")
        numeric = (rf"= {act}\left({parts}\right) = {act}\left({shown_total}\right) = "
                   rf"{_number(self.traced(name))}")
        return FormulaLine(name, symbolic, numeric, self.traced(name), _apply(activation, total))
