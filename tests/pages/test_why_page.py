"""Why-this-prediction page: renders for each cell kind; figures carry the library's numbers; bad input is one line."""

import numpy as np
import pytest
from conftest import no_exception, open_app
from trace_helpers import decode, figures

import rnnviz

PAGE = "pages/why.py"


@pytest.mark.parametrize("cell", ["SimpleRNN", "LSTM", "GRU"])
def test_page_shows_edits_attributions_and_units(tiny_runs, cell):
    run = tiny_runs[cell]
    at = open_app(PAGE, {run.name: run})
    assert no_exception(at)
    assert not at.error
    text = at.text_input(key="why_text").value
    charts = figures(at)
    assert {"why_predictions", "why_difference", "why_attribution", "why_units"} <= set(charts)
    expected = rnnviz.attribute(run, text)
    np.testing.assert_allclose(decode(charts["why_attribution"]["data"][0]["y"]), expected.scores["occlusion"],
                               atol=1e-6)
    comparison = rnnviz.compare_edits(run, text, ["suggested"])
    np.testing.assert_allclose(decode(charts["why_predictions"]["data"][0]["y"]), comparison.probability, atol=1e-6)
    assert any("completeness" in c.value for c in at.caption)


@pytest.mark.parametrize("setup, message", [
    ({"why_kind": "swap", "why_word": "  "}, "no word to put in"),
    ({"why_text": "good", "why_kind": "delete", "why_suggested": False}, "no words: keep at least one"),
    ({"why_text": " ".join(["good"] * 500)}, "words; at most"),
])
def test_bad_input_gives_one_line_messages(tiny_runs, setup, message):
    run = tiny_runs["GRU"]
    at = open_app(PAGE, {run.name: run})
    for key, value in setup.items():
        if key == "why_text":
            at.text_input(key=key).set_value(value)
        elif key == "why_suggested":
            at.checkbox(key=key).set_value(value)
        elif key == "why_word":
            at.text_input(key=key).set_value(value)
        else:
            at.selectbox(key=key).set_value(value)
    at.run()
    assert no_exception(at)
    errors = [e.value for e in at.error]
    assert errors and any(message in e for e in errors)
    assert all("\n" not in e for e in errors)
