"""Widget groups of the Hidden states and Gates pages: a traced, verified sentence; layer, unit and word pickers.

Traces, the Keras check and the saturation statistics are kept once per server (rnnviz.shared_memo), keyed by the
run's fingerprint (its weights and data) and plain values: a class that trained the same merged preset and types
the same sentence computes each once, and no key holds anything of one session that another could not compute.
"""

from __future__ import annotations

import streamlit as st

from ..cells import get_cell
from ..i18n import N_, _
from ..models import RECURRENT_CELLS
from ..shared_memo import SharedMemo
from ..tracing import UNIT_ORDERS, explain_step, gate_saturation, rank_units, trace, verify_trace
from .state import session_runs
from .widgets import friendly_errors, require_run, sentence_input

_ORDER_NAMES = {"index": N_("number"), "variance": N_("variance"), "correlation": N_("correlation with P")}
SHARED = SharedMemo(max_entries=512)     # traces (~50 KB), checks and saturation tables of every session
MODELS = SharedMemo(max_entries=16)      # fingerprint -> the first model seen with those weights
SATURATION_SEQUENCES = 400    # validation sentences for the saturation statistics


def traced_sentence(run, text: str, show_check: bool = True):
    """(Trace, Verification) of `text` through the run's model, with notices; None (hint shown) if unusable.

    Shows: a hint for empty text, a notice for truncated text and unknown words, and the live check against
    Keras (a caption when it matches, a red error when it does not).
    """
    if not text or not text.strip():
        example = run.dataset.examples[0] if run.dataset.examples else "the movie was good"
        st.info(_("Type a sentence above, for example: *{example}*").format(example=example),
                icon=":material/keyboard:")
        return None
    traced = None
    with friendly_errors():
        traced = shared_trace(run, text)
    if traced is None:
        return None
    result, check = traced
    if show_check:
        show_verification(check, {layer.cell for layer in result.layers})
    return result, check


def shared_trace(run, text: str):
    """(Trace, Verification) of `text` through the run's model, kept once per server for equal weights.

    ValueError (one line) for a text the model cannot read.
    """
    fingerprint = run.fingerprint()
    # One model per fingerprint checks every sentence: Keras' side of the check is built once per model
    # object (~0.3 s), and the students of a merged training each hold their own copy of the same weights.
    model = MODELS.get_or_compute(fingerprint, lambda: run.model)
    result = SHARED.get_or_compute(("trace", fingerprint, text), lambda: trace(model, text, dataset=run.dataset))
    check = SHARED.get_or_compute(("verify", fingerprint, tuple(result.token_ids.tolist())),
                                  lambda: verify_trace(model, result))
    return result, check


def traced_page_sentence(key: str):
    """The opening of both trace pages: the sidebar's recurrent run, a sentence box, the verified trace.

    Returns (run, text, trace); stops the page (after saying why) without a model, a sentence, or a match
    with Keras, so no gate or state is ever drawn unverified.
    """
    run = require_run(kinds=RECURRENT_CELLS)
    text = sentence_input(run.dataset, key=key)
    traced = traced_sentence(run, text)
    if traced is None or not (traced[1].ok or traced[1].nothing_to_check):
        st.stop()
    return run, text, traced[0]


def show_verification(check, cells=(), series: bool = False) -> None:
    """The live Keras check: green caption when the trace matches, red error when it does not, a warning (no
    green) when every state is 0 and there is nothing to check.

    cells: the cell kinds traced; the caption names c only when one of them has a cell state (LSTM). series: the trace is a window
    of a series, whose steps are values, not words.
    """
    if check.ok:
        states = _("h and c") if any(get_cell(cell).has_cell_state for cell in cells) else "h"
        text = (_("Recomputed from the weights; {check} ({states} at every step, every layer)") if series else
                _("Recomputed from the weights; {check} ({states} at every word, every layer)"))
        st.caption(":green[:material/verified: " + text.format(check=check.message(), states=states) + "]")
    elif check.nothing_to_check:
        st.warning(check.message(), icon=":material/help:")
    else:
        st.error(check.message(), icon=":material/error:")


def layer_picker(result, key: str):
    """The CellTrace to show: a menu when the model has several recurrent layers or directions."""
    labels = [cell_trace.label for cell_trace in result.layers]
    if len(labels) == 1:
        return result.layers[0]
    label = st.selectbox(_("Layer"), labels, key=key, help=_("Each direction of a Bidirectional layer has its own "
                                                             "weights and states; the backward one reads the "
                                                             "sentence from the end."))
    return result.layer(label or labels[0])


def unit_controls(result, cell_trace, key: str, chart_key: str | None = None):
    """(order, followed unit): how to sort the units and which one to follow.

    A click on a unit in the chart `chart_key` (a heatmap drawn with clickable=True) also picks the unit.
    """
    unit_key = f"{key}_unit_{cell_trace.label}"
    clicked = _clicked_unit(chart_key)
    if clicked is not None and clicked != st.session_state.get(f"{unit_key}_clicked"):
        st.session_state[f"{unit_key}_clicked"] = clicked
        if 0 <= clicked < cell_trace.n_units:
            st.session_state[unit_key] = clicked
    left, right = st.columns([3, 2])
    by = left.segmented_control(
        _("Order units by"), UNIT_ORDERS, default="variance", key=f"{key}_order",
        format_func=lambda order: _(_ORDER_NAMES[order]),
        help=_("variance: units that change most over this sentence first. correlation with P: units whose h "
               "follows the prediction after each word most closely (|Pearson r|) first.")) or "variance"
    order, scores = rank_units(cell_trace, by, result)
    describe = {"index": lambda u: _("unit {unit}").format(unit=u),
                "variance": lambda u: _("unit {unit} (variance {variance:.3f})").format(unit=u, variance=scores[u]),
                "correlation": lambda u: _("unit {unit} (r = {r:+.2f})").format(unit=u, r=scores[u])}[by]
    if st.session_state.get(unit_key) not in range(cell_trace.n_units):
        st.session_state[unit_key] = int(order[0])
    unit = right.selectbox(_("Follow unit"), [int(u) for u in order], key=unit_key, format_func=describe,
                           help=_("Or click a cell of the heatmap."))
    return order, int(unit)


def _clicked_unit(chart_key: str | None):
    event = st.session_state.get(chart_key) if chart_key else None
    try:
        points = event["selection"]["points"]
        return int(points[0]["customdata"][0]) if points else None
    except (KeyError, IndexError, TypeError, ValueError):
        return None


WINDOW_STEPS = 60   # words drawn at once: a 300-word review stays readable, the whole review still traced


def word_window(result, key: str):
    """The part of a long trace to draw: a slider over the words when there are more than WINDOW_STEPS;
    returns result.steps(start, stop) (or result itself when it is short)."""
    if result.n_steps <= WINDOW_STEPS:
        return result
    start = st.slider(_("Words shown (the whole text is traced; slide along it)"), 0,
                      result.n_steps - WINDOW_STEPS, result.n_steps - WINDOW_STEPS, key=key,
                      help=_("The states at these words carry everything read before them."))
    return result.steps(start, start + WINDOW_STEPS)


def step_picker(result, key: str) -> int:
    """A word of the sentence (by position), for the formula view; padding steps are not offered."""
    steps = [t for t in range(result.n_steps) if result.mask[t]]
    labels = result.labels
    return st.selectbox(_("Word"), steps, index=len(steps) - 1, key=key, format_func=lambda t: f"{t} · {labels[t]}")


def show_formulas(cell_trace, step: int, unit: int) -> None:
    """The cell's equations with this step's numbers (LaTeX)."""
    with friendly_errors():
        for line in explain_step(cell_trace, step, unit):
            st.latex(rf"\begin{{aligned}} &{line.symbolic} \\ &{line.numeric} \end{{aligned}}")


def second_run_picker(run, key: str):
    """Another recurrent run of this session to show side by side, or None."""
    others = {name: other for name, other in session_runs().items()
              if other is not run and other.config is not None and other.config.cell in RECURRENT_CELLS}
    if not others:
        st.caption(_("Train a second model (e.g. a SimpleRNN next to this LSTM) to compare them here."))
        return None
    # None stands for "no second model": the stored value never depends on the language
    choice = st.selectbox(_("Compare with"), [None, *others], key=key,
                          format_func=lambda name: _("none") if name is None else name,
                          help=_("Another model of this session, traced on the same sentence."))
    return others.get(choice)


def cached_saturation(run):
    """gate_saturation over (at most SATURATION_SEQUENCES) validation sentences of the run's dataset."""
    x = run.dataset.validation.x[:SATURATION_SEQUENCES]
    return SHARED.get_or_compute(("saturation", run.fingerprint(), len(x)), lambda: gate_saturation(run.model, x))


def saturation_caption(cell: str) -> str:
    """How to read the saturation plot, in the words of this cell's own gates."""
    common = _("One point per unit: how often its gate is shut (< 0.1, to the right) or wide open (> 0.9, up), as "
               "in Karpathy, Johnson and Fei-Fei (2015). No point can lie beyond the dotted diagonal (shut + "
               "open cannot exceed 100 %); on it, the gate is always one or the other (a switch). Points near the origin are never saturated.")
    note = get_cell(cell).saturation_note
    return common if note is None else common + " " + _(note)
