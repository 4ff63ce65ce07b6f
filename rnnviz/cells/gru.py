"""GRU (Cho et al. 2014), as Keras computes it: blocks z, r, h~, and h_t = z * h_{t-1} + (1 - z) * h~.

Keras' z weighs the OLD state (the course's weighs the new one). With reset_after=True (the Keras default) the
bias has two rows, input side and recurrent side, and r multiplies U_h h_{t-1} after the product; with
reset_after=False there is one bias row and r multiplies h_{t-1} before U_h.
"""

from __future__ import annotations

import numpy as np

from ..i18n import N_
from .equations import FormulaLine, addends, apply, bracket, latex_activation, number
from .registry import CellKind, register

GATES = ("z", "r", "h_tilde")


def _blocks(values) -> dict:
    n_units = values.shape[-1] // 3
    return {name: values[..., k * n_units:(k + 1) * n_units] for k, name in enumerate(GATES)}


def step(arrays, x_kernel_t, h, c, act, gate_act, reset_after=True, nudge_c=None):
    """One step; c passes through untouched."""
    bias, recurrent = arrays["bias"], arrays["recurrent_kernel"]
    if reset_after:   # Keras' default: two bias rows, r applied after the recurrent product
        x_part = x_kernel_t if bias is None else x_kernel_t + bias[0]
        inner = h @ recurrent if bias is None else h @ recurrent + bias[1]   # (n_sequences, 3 * n_units)
        x_blocks, inner_blocks = _blocks(x_part), _blocks(inner)
        z = gate_act(x_blocks["z"] + inner_blocks["z"])
        r = gate_act(x_blocks["r"] + inner_blocks["r"])
        candidate = act(x_blocks["h_tilde"] + r * inner_blocks["h_tilde"])
    else:             # the original GRU: r multiplies h_{t-1} before U_h
        x_blocks = _blocks(x_kernel_t if bias is None else x_kernel_t + bias)
        u = _blocks(recurrent)
        z = gate_act(x_blocks["z"] + h @ u["z"])
        r = gate_act(x_blocks["r"] + h @ u["r"])
        candidate = act(x_blocks["h_tilde"] + (r * h) @ u["h_tilde"])
    return {"z": z, "r": r, "h_tilde": candidate}, z * h + (1 - z) * candidate, c


def explain(s) -> list[FormulaLine]:
    gate_act, act = s.weights.recurrent_activation, s.weights.activation
    lines = [s.gate_line(name, gate_act) for name in ("z", "r")]
    z, r = lines[0].value, lines[1].value
    from_input = float(s.x @ s.column("kernel", "h_tilde"))
    bias, recurrent_bias = float(s.column("bias", "h_tilde")), float(s.column("recurrent_bias", "h_tilde"))
    shown_act = latex_activation(act)
    if s.weights.reset_after:   # the Keras default: r multiplies U_h h_{t-1} (plus its bias)
        from_state = float(s.h_prev @ s.column("recurrent_kernel", "h_tilde")) + recurrent_bias
        symbolic = rf"\tilde{{h}}_t = {shown_act}\left(W_h x_t + b_h + r_t \odot (U_h h_{{t-1}} + b'_h)\right)"
        inside = rf"{number(from_input)} + {bracket(bias)} + {number(r)} \times {bracket(from_state)}"
        total = from_input + bias + r * from_state
        shown_total = number(total)      # a product inside: the terms are not a plain sum
    else:                       # the original GRU: r multiplies h_{t-1} before U_h
        all_r = s.trace.gates["r"][s.step].astype(np.float64)        # (n_units,) every unit's reset gate
        from_state = float((all_r * s.h_prev) @ s.column("recurrent_kernel", "h_tilde"))
        symbolic = rf"\tilde{{h}}_t = {shown_act}\left(W_h x_t + U_h (r_t \odot h_{{t-1}}) + b_h\right)"
        total = from_input + from_state + bias
        shown, shown_total = addends([from_input, from_state, bias])
        inside = " + ".join(shown)
    candidate = s.traced("h_tilde")
    lines.append(FormulaLine("h_tilde", symbolic, rf"= {shown_act}\left({inside}\right) = {shown_act}"
                             rf"\left({shown_total}\right) = {number(candidate)}", candidate, apply(act, total)))
    h_prev = float(s.h_prev[s.unit])
    lines.append(FormulaLine(
        "h", r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t",
        rf"= {number(z)} \times {bracket(h_prev)} + {number(1 - z)} \times {bracket(candidate)} = "
        rf"{number(s.traced('h'))}", s.traced("h"), z * h_prev + (1 - z) * candidate))
    return lines


def layer_class():
    import keras

    return keras.layers.GRU


GATE_TITLES = {
    "z": N_("update gate z: how much of h<sub>t-1</sub> is kept (Keras)"),
    "r": N_("reset gate r: how much of h<sub>t-1</sub> the candidate sees"),
    "h_tilde": N_("candidate h̃: the proposed new state"),
}
FORMULA_NOTE = N_("Keras weighs the old state by z: h_t = z ⊙ h_(t-1) + (1 − z) ⊙ h̃_t. The course (Cho et al. "
                  "2014) writes h_t = (1 − z) ⊙ h_(t-1) + z ⊙ h̃_t, weighing the new state by z: the same cell, "
                  "with Keras' z playing the part of the course's 1 − z.")
EQUATIONS_CAPTION = N_("Keras' GRU keeps z of the old state (h_t = z·h_(t-1) + (1 - z)·h̃_t); some textbooks "
                       "swap z and 1 - z.")
SATURATION_NOTE = N_("An update gate z almost always open keeps the old state h: the unit remembers for a long "
                     "time; a reset gate almost always shut makes the candidate ignore the past.")

KIND = register(CellKind(name="GRU", position=2, gate_names=GATES, sigmoid_gates=("z", "r"), step=step,
                         explain=explain, layer_class=layer_class, colour="#009E73", bias_rows=2,
                         gate_titles=GATE_TITLES, formula_note=FORMULA_NOTE, equations_caption=EQUATIONS_CAPTION,
                         saturation_note=SATURATION_NOTE, course_comparison=True))
