"""The cell's equations as the course writes them, with the real numbers of one (word, unit) filled in.

`explain_step(cell_trace, step, unit)` returns one `FormulaLine` per equation of the cell: the symbolic form
(f_t = sigma(W_f . [h_{t-1}, x_t] + b_f)), the same with this step's numbers (the input's contribution, the
previous state's contribution, the bias, their sum, the activation), and the value. The numbers are
recomputed here in float64 from the layer's weights; `recomputed` equals the traced `value` up to float32
rounding, which the tests check.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..i18n import _
from ..locale_numbers import format_in
from ..model_plan import GATE_NAMES, SIGMOID_GATES
from .cells import ACTIVATIONS

_LATEX_ACTIVATIONS = {"tanh": r"\tanh", "sigmoid": r"\sigma", "linear": "", "hard_sigmoid": r"\sigma_{\text{hard}}"}
_SYMBOLS = {"h_tilde": r"\tilde{h}", "pre_activation": "a"}


@dataclass(frozen=True)
class FormulaLine:
    """One equation of the cell at one (step, unit)."""

    name: str          # what it computes: a gate name, "c" or "h"
    symbolic: str      # LaTeX, as the course writes it
    numeric: str       # LaTeX, with the numbers of this step and unit
    value: float       # the traced value
    recomputed: float  # the value recomputed in float64 from the numbers shown


def convention_note(cell: str) -> str | None:
    """Where Keras' equations differ from the course's, one sentence for the formula view (None: they agree).

    Keras' GRU weighs the old state by z; the course's formula (Cho et al. 2014) weighs the new one.
    """
    if cell != "GRU":
        return None
    return _("Keras weighs the old state by z: h_t = z ⊙ h_(t-1) + (1 − z) ⊙ h̃_t. The course (Cho et al. 2014) "
             "writes h_t = (1 − z) ⊙ h_(t-1) + z ⊙ h̃_t, weighing the new state by z: the same cell, with "
             "Keras' z playing the part of the course's 1 − z.")


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
    explain = {"SimpleRNN": _simple_rnn, "LSTM": _lstm, "GRU": _gru}[cell_trace.cell]
    return explain(_Step(cell_trace, int(step), int(unit)))


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

    def gate_line(self, name: str, activation: str) -> FormulaLine:
        """name_t = act(W . [h_{t-1}, x_t] + b) with the input part, recurrent part and bias shown apart
        (for SimpleRNN's pre-activation, without the activation)."""
        from_input = float(self.x @ self.column("kernel", name))
        from_state = float(self.h_prev @ self.column("recurrent_kernel", name))
        bias = float(self.column("bias", name)) + float(self.column("recurrent_bias", name))
        total = from_input + from_state + bias
        (shown_input, shown_state, shown_bias), shown_total = _addends([from_input, from_state, bias])
        word_from, word_bias = _("from"), _("bias")     # the words under the braces, in the reader's language
        parts = (rf"\underbrace{{{shown_input}}}_{{\text{{{word_from} }} x_t}} + "
                 rf"\underbrace{{{shown_state}}}_{{\text{{{word_from} }} h_{{t-1}}}} + "
                 rf"\underbrace{{{shown_bias}}}_{{\text{{{word_bias}}}}}")
        if name == "pre_activation":
            return FormulaLine(name, r"a_t = W \cdot [h_{t-1}, x_t] + b", rf"= {parts} = {shown_total}",
                               self.traced(name), total)
        symbol, act = _symbol(name), _latex_activation(activation)
        symbolic = rf"{symbol}_t = {act}\left(W_{{{symbol}}} \cdot [h_{{t-1}}, x_t] + b_{{{symbol}}}\right)"
        numeric = (rf"= {act}\left({parts}\right) = {act}\left({shown_total}\right) = "
                   rf"{_number(self.traced(name))}")
        return FormulaLine(name, symbolic, numeric, self.traced(name), _apply(activation, total))


def _simple_rnn(s: _Step) -> list[FormulaLine]:
    pre = s.gate_line("pre_activation", "linear")
    act = s.weights.activation
    latex_act = _latex_activation(act) or r"\mathrm{id}"
    h = FormulaLine("h", rf"h_t = {latex_act}(a_t)",
                    rf"= {latex_act}\left({_number(pre.value)}\right) = {_number(s.traced('h'))}",
                    s.traced("h"), _apply(act, pre.value))
    return [pre, h]


def _lstm(s: _Step) -> list[FormulaLine]:
    gate_act, act = s.weights.recurrent_activation, s.weights.activation
    lines = [s.gate_line(name, gate_act if name != "g" else act) for name in GATE_NAMES["LSTM"]]   # i, f, g, o
    i, f, g, o = (line.value for line in lines)
    c_prev = float(s.trace.c_prev[s.step, s.unit])
    c = s.traced("c")
    lines.append(FormulaLine(
        "c", r"c_t = f_t \odot c_{t-1} + i_t \odot g_t",
        rf"= {_number(f)} \times {_bracket(c_prev)} + {_number(i)} \times {_bracket(g)} = {_number(c)}",
        c, f * c_prev + i * g))
    latex_act = _latex_activation(act)
    lines.append(FormulaLine(
        "h", rf"h_t = o_t \odot {latex_act}(c_t)",
        rf"= {_number(o)} \times {latex_act}\left({_number(c)}\right) = {_number(s.traced('h'))}",
        s.traced("h"), o * _apply(act, c)))
    return lines


def _gru(s: _Step) -> list[FormulaLine]:
    gate_act, act = s.weights.recurrent_activation, s.weights.activation
    lines = [s.gate_line(name, gate_act) for name in SIGMOID_GATES["GRU"]]    # z, r
    z, r = lines[0].value, lines[1].value
    from_input = float(s.x @ s.column("kernel", "h_tilde"))
    bias, recurrent_bias = float(s.column("bias", "h_tilde")), float(s.column("recurrent_bias", "h_tilde"))
    latex_act = _latex_activation(act)
    if s.weights.reset_after:   # the Keras default: r multiplies U_h h_{t-1} (plus its bias)
        from_state = float(s.h_prev @ s.column("recurrent_kernel", "h_tilde")) + recurrent_bias
        symbolic = rf"\tilde{{h}}_t = {latex_act}\left(W_h x_t + b_h + r_t \odot (U_h h_{{t-1}} + b'_h)\right)"
        inside = (rf"{_number(from_input)} + {_bracket(bias)} + {_number(r)} \times {_bracket(from_state)}")
        total = from_input + bias + r * from_state
        shown_total = _number(total)      # a product inside: the terms are not a plain sum
    else:                       # the original GRU: r multiplies h_{t-1} before U_h
        all_r = s.trace.gates["r"][s.step].astype(np.float64)        # (n_units,) every unit's reset gate
        from_state = float((all_r * s.h_prev) @ s.column("recurrent_kernel", "h_tilde"))
        symbolic = rf"\tilde{{h}}_t = {latex_act}\left(W_h x_t + U_h (r_t \odot h_{{t-1}}) + b_h\right)"
        total = from_input + from_state + bias
        shown, shown_total = _addends([from_input, from_state, bias])
        inside = " + ".join(shown)
    candidate = s.traced("h_tilde")
    lines.append(FormulaLine("h_tilde", symbolic, rf"= {latex_act}\left({inside}\right) = {latex_act}"
                             rf"\left({shown_total}\right) = {_number(candidate)}", candidate, _apply(act, total)))
    h_prev = float(s.h_prev[s.unit])
    lines.append(FormulaLine(
        "h", r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t",
        rf"= {_number(z)} \times {_bracket(h_prev)} + {_number(1 - z)} \times {_bracket(candidate)} = "
        rf"{_number(s.traced('h'))}", s.traced("h"), z * h_prev + (1 - z) * candidate))
    return lines


def _apply(activation: str, value: float) -> float:
    with np.errstate(over="ignore"):
        return float(ACTIVATIONS[activation](np.array([value], np.float64))[0])


def _latex_activation(name: str) -> str:
    return _LATEX_ACTIVATIONS.get(name, rf"\mathrm{{{name}}}")


def _symbol(name: str) -> str:
    return _SYMBOLS.get(name, name)


def _number(value: float) -> str:
    """A number for a formula: 4 significant digits (powers of ten for very small or large ones)."""
    if value == 0 or 1e-3 <= abs(value) < 1e4:
        return _latex_decimal(f"{value:.4g}".replace("-", "{-}"))
    mantissa, exponent = f"{value:.2e}".split("e")
    return rf"{_latex_decimal(mantissa.replace('-', '{-}'))} \times 10^{{{int(exponent)}}}"


def _latex_decimal(text: str) -> str:
    """A number written with Python's '.' in the reader's decimal sign ('{,}' in LaTeX: a comma without the
    space TeX puts after a punctuation comma)."""
    decimal = format_in(0.5, ".1f")[1]
    return text.replace(".", "{,}" if decimal == "," else decimal)


def _addends(values: list[float]) -> tuple[list[str], str]:
    """Terms of a sum and the sum, written with the same decimals so that the shown terms add up exactly to the
    shown sum: each term is rounded, then the fewest terms are nudged by one last digit (those rounded the
    furthest) until their total is the rounded sum. Negative terms come in parentheses, as written by hand."""
    largest = max([abs(v) for v in values] + [abs(sum(values))])
    # 4 significant digits of the largest number, and never fewer than 4 decimals
    decimals = int(min(12, max(4, 3 - np.floor(np.log10(largest))))) if largest > 0 else 4
    scale = 10 ** decimals
    exact = [v * scale for v in values]
    rounded = [round(x) for x in exact]
    missing = round(sum(values) * scale) - sum(rounded)
    step = 1 if missing > 0 else -1
    # nudge first the terms whose rounding moved them furthest against the needed direction
    order = sorted(range(len(values)), key=lambda k: step * (rounded[k] - exact[k]))
    for k in order[:abs(missing)]:
        rounded[k] += step
    terms = [_fixed(r, decimals) for r in rounded]
    terms = [f"({t})" if r < 0 else t for t, r in zip(terms, rounded)]
    return terms, _fixed(sum(rounded), decimals)


def _fixed(scaled: int, decimals: int) -> str:
    """An integer count of 10^-decimals written as a decimal number (exact: no float rounding)."""
    sign, digits = ("{-}" if scaled < 0 else ""), str(abs(scaled)).rjust(decimals + 1, "0")
    return _latex_decimal(f"{sign}{digits[:-decimals]}.{digits[-decimals:]}")


def _bracket(value: float) -> str:
    """A number inside a sum: negative ones in parentheses, as written by hand."""
    return f"({_number(value)})" if value < 0 else _number(value)
