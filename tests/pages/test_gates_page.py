"""Gates page: renders for each cell kind; heatmaps, formulas and saturation carry the traced numbers."""

import numpy as np
import pandas as pd
import pytest
from conftest import no_exception, open_app
from trace_helpers import decode, figures, units_of

import rnnviz
from rnnviz.tracing.formulas import _number
from rnnviz.ui.trace_views import SATURATION_SEQUENCES

PAGE = "pages/gates.py"
GATES = {"SimpleRNN": ["pre_activation"], "LSTM": ["i", "f", "g", "o"], "GRU": ["z", "r", "h_tilde"]}


@pytest.mark.parametrize("cell", ["SimpleRNN", "LSTM", "GRU"])
def test_page_shows_the_traced_gates(tiny_runs, cell):
    run = tiny_runs[cell]
    at = open_app(PAGE, {run.name: run})
    assert no_exception(at)
    expected = rnnviz.trace(run.model, at.text_input(key="gates_text").value, dataset=run.dataset).layers[0]
    charts = figures(at)

    heatmaps = charts["gates_heatmaps"]["data"]
    assert [h["name"] for h in heatmaps] == GATES[cell]
    for heatmap in heatmaps:
        z = decode(heatmap["z"])
        np.testing.assert_allclose(z, expected.gates[heatmap["name"]][:, units_of(heatmap)].T, rtol=1e-6, atol=1e-7)
    if cell != "SimpleRNN":
        assert charts["gates_heatmaps"]["layout"]["coloraxis"]["cmin"] == 0
        assert charts["gates_heatmaps"]["layout"]["coloraxis"]["cmax"] == 1

    states = {h["name"]: h for h in charts["gates_states"]["data"]}
    assert list(states) == (["c", "h"] if cell == "LSTM" else ["h"])
    for name, heatmap in states.items():
        np.testing.assert_allclose(decode(heatmap["z"]), getattr(expected, name)[:, units_of(heatmap)].T,
                                   rtol=1e-6, atol=1e-7)
        assert heatmap["zmid"] == 0

    # the formula view ends on the traced h of the chosen (word, unit)
    step = at.selectbox(key="gates_step").value
    unit = at.selectbox(key="gates_unit_" + expected.label).value
    assert at.latex[-1].value.rstrip("$\n ").endswith(_number(float(expected.h[step, unit])) + r" \end{aligned}")
    assert len(at.latex) == {"SimpleRNN": 2, "LSTM": 6, "GRU": 4}[cell]

    if cell == "SimpleRNN":
        assert "gates_saturation" not in charts
        assert any("has no gates" in info.value for info in at.info)
    else:
        table = rnnviz.gate_saturation(run.model, run.dataset.validation.x[:SATURATION_SEQUENCES])
        for scatter in charts["gates_saturation"]["data"][::2]:     # every other trace is the x + y = 1 line
            rows = table[table["gate"] == scatter["name"]].sort_values("unit")
            np.testing.assert_allclose(decode(scatter["x"]), rows["left"].to_numpy())
            np.testing.assert_allclose(decode(scatter["y"]), rows["right"].to_numpy())


def test_choosing_a_word_and_unit_fills_the_formula(tiny_runs):
    run = tiny_runs["LSTM"]
    at = open_app(PAGE, {run.name: run})
    at.selectbox(key="gates_step").set_value(1).run()
    at.selectbox(key="gates_unit_lstm_1").set_value(2).run()
    assert no_exception(at)
    expected = rnnviz.trace(run.model, at.text_input(key="gates_text").value, dataset=run.dataset).layers[0]
    forget = at.latex[1].value
    assert r"f_t = \sigma" in forget and forget.rstrip("$\n ").endswith(
        _number(float(expected.gates["f"][1, 2])) + r" \end{aligned}")
    cell_state = at.latex[4].value
    assert _number(float(expected.c_prev[1, 2])) in cell_state and _number(float(expected.c[1, 2])) in cell_state


def test_no_gates_are_shown_when_the_trace_disagrees_with_keras(tiny_runs, monkeypatch):
    from rnnviz.tracing import Verification
    from rnnviz.ui import trace_views

    bad = Verification(0.3, pd.DataFrame({"layer": ["gru_1"], "quantity": ["h"], "max_abs_difference": [0.3]}))
    monkeypatch.setattr(trace_views, "verify_trace", lambda model, result: bad)
    run = tiny_runs["GRU"]
    at = open_app(PAGE, {run.name: run})
    assert no_exception(at)
    assert any("does NOT match Keras" in error.value for error in at.error)
    assert not figures(at) and not at.latex


@pytest.mark.parametrize("cell", ["SimpleRNN", "GRU"])
def test_titles_and_captions_speak_of_the_cell_shown(tiny_runs, cell):
    run = tiny_runs[cell]
    at = open_app(PAGE, {run.name: run})
    assert no_exception(at)
    charts = figures(at)
    title = charts["gates_heatmaps"]["layout"]["title"]["text"]
    layout = charts["gates_heatmaps"]["layout"]
    word_axes = [name for name in layout if name.startswith("xaxis")]
    assert all(layout[name].get("showticklabels", True) for name in word_axes)     # words under every panel
    captions = " ".join(caption.value for caption in at.caption)
    if cell == "SimpleRNN":
        assert not title.startswith("Gates of") and "no gates" in title
    else:
        assert "forget gate" not in captions and "cell state" not in captions and "update gate" in captions
