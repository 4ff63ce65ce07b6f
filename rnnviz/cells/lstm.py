"""LSTM (Hochreiter & Schmidhuber 1997), as Keras computes it: blocks i, f, g (the candidate, Keras' "c"), o.

    i, f, o = sig(x W + h U + b)_i,f,o;  g = tanh(...)_g;  c_t = f * c_{t-1} + i * g;  h_t = o * tanh(c_t)
"""

from __future__ import annotations

from ..i18n import N_
from .equations import FormulaLine, apply, bracket, latex_activation, number
from .registry import CellKind, register

GATES = ("i", "f", "g", "o")


def step(arrays, x_kernel_t, h, c, act, gate_act, reset_after=True, nudge_c=None):
    """One step; nudge_c is added to c_t before anything reads it (the gradient replay's zero delta_c)."""
    z = x_kernel_t + h @ arrays["recurrent_kernel"]                  # Keras: (x W + h U) + b
    if arrays["bias"] is not None:
        z = z + arrays["bias"]
    n_units = z.shape[-1] // 4
    gates = {name: (act if name == "g" else gate_act)(z[..., k * n_units:(k + 1) * n_units])
             for k, name in enumerate(GATES)}
    new_c = gates["f"] * c + gates["i"] * gates["g"]
    if nudge_c is not None:
        new_c = new_c + nudge_c
    return gates, gates["o"] * act(new_c), new_c


def state_lines(s, i: float, f: float, g: float, o: float | None) -> list[FormulaLine]:
    """c_t = f c_{t-1} + i g and, given o, h_t = o act(c_t), with this step's numbers (shared by LSTM variants)."""
    c_prev, c = float(s.trace.c_prev[s.step, s.unit]), s.traced("c")
    lines = [FormulaLine(
        "c", r"c_t = f_t \odot c_{t-1} + i_t \odot g_t",
        rf"= {number(f)} \times {bracket(c_prev)} + {number(i)} \times {bracket(g)} = {number(c)}",
        c, f * c_prev + i * g)]
    if o is not None:
        lines.append(h_line(s, o))
    return lines


def h_line(s, o: float) -> FormulaLine:
    act, c = s.weights.activation, s.traced("c")
    shown_act = latex_activation(act)
    return FormulaLine("h", rf"h_t = o_t \odot {shown_act}(c_t)",
                       rf"= {number(o)} \times {shown_act}\left({number(c)}\right) = {number(s.traced('h'))}",
                       s.traced("h"), o * apply(act, c))


def explain(s) -> list[FormulaLine]:
    gate_act, act = s.weights.recurrent_activation, s.weights.activation
    lines = [s.gate_line(name, gate_act if name != "g" else act) for name in GATES]
    i, f, g, o = (line.value for line in lines)
    return lines + state_lines(s, i, f, g, o)


def layer_class():
    import keras

    return keras.layers.LSTM


GATE_TITLES = {
    "i": N_("input gate i: how much of the candidate is written"),
    "f": N_("forget gate f: how much of c<sub>t-1</sub> is kept"),
    "g": N_("candidate g: what could be written"),
    "o": N_("output gate o: how much of tanh(c) is shown as h"),
}
SATURATION_NOTE = N_("A forget gate almost always open keeps its cell state for a long time: a long-term "
                     "integrator.")

KIND = register(CellKind(name="LSTM", position=1, gate_names=GATES, sigmoid_gates=("i", "f", "o"), step=step,
                         explain=explain, layer_class=layer_class, colour="#0072B2", has_cell_state=True,
                         gate_titles=GATE_TITLES,
                         saturation_note=SATURATION_NOTE, course_comparison=True))
