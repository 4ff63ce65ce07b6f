"""SimpleRNN (Elman): one block, h_t = act(x_t W + b + h_{t-1} U). No gates: its pre-activation is shown instead."""

from __future__ import annotations

from ..i18n import N_
from .equations import FormulaLine, apply, latex_activation, number
from .registry import CellKind, register


def step(arrays, x_kernel_t, h, c, act, gate_act, reset_after=True, nudge_c=None):
    """One step as Keras computes it: (x W + b) + h U, then the activation; c passes through untouched."""
    bias = arrays["bias"]
    pre = x_kernel_t if bias is None else x_kernel_t + bias
    pre = pre + h @ arrays["recurrent_kernel"]
    return {"pre_activation": pre}, act(pre), c


def explain(s) -> list[FormulaLine]:
    pre = s.gate_line("pre_activation", "linear")
    act = s.weights.activation
    shown_act = latex_activation(act) or r"\mathrm{id}"
    h = FormulaLine("h", rf"h_t = {shown_act}(a_t)",
                    rf"= {shown_act}\left({number(pre.value)}\right) = {number(s.traced('h'))}",
                    s.traced("h"), apply(act, pre.value))
    return [pre, h]


def layer_class():
    import keras

    return keras.layers.SimpleRNN


KIND = register(CellKind(name="SimpleRNN", position=0, gate_names=("pre_activation",), sigmoid_gates=(),
                         step=step, explain=explain, layer_class=layer_class, colour="#E69F00", course_comparison=True,
                         gate_titles={"pre_activation": N_("pre-activation a: W·[h<sub>t-1</sub>, x<sub>t</sub>] + b, "
                                                           "the number inside tanh")}))
