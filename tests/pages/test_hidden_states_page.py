"""Hidden states page: renders for each cell kind, and its figures carry the traced numbers."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from conftest import no_exception, open_app
from trace_helpers import decode, figures, units_of

import rnnviz

PAGE = "pages/hidden_states.py"


def expected_trace(run, text):
    return rnnviz.trace(run.model, text, dataset=run.dataset)


@pytest.mark.parametrize("cell", ["SimpleRNN", "LSTM", "GRU"])
def test_page_shows_the_traced_states(tiny_runs, cell):
    run = tiny_runs[cell]
    at = open_app(PAGE, {run.name: run})
    assert no_exception(at)
    text = at.text_input(key="hidden_states_text").value
    expected = expected_trace(run, text)
    h = expected.layers[0].h                                          # (n_steps, n_units)
    charts = figures(at)

    heatmap = charts["hidden_states_heatmap"]["data"][0]
    units = units_of(heatmap)
    assert sorted(units) == list(range(run.config.units))
    np.testing.assert_allclose(decode(heatmap["z"]), h[:, units].T, rtol=1e-6, atol=1e-7)
    assert charts["hidden_states_heatmap"]["layout"]["xaxis"]["ticktext"] == list(expected.labels)

    line = charts["hidden_states_prediction"]["data"][0]
    np.testing.assert_allclose(decode(line["y"]), expected.predictions[:, 0], rtol=1e-6)

    unit = at.selectbox(key="hidden_states_unit_" + expected.layers[0].label).value
    cells = charts["hidden_states_unrolled"]["data"][0]
    np.testing.assert_allclose(decode(cells["marker"]["color"]), h[:, unit], rtol=1e-6, atol=1e-7)
    followed = charts["hidden_states_unit"]["data"][0]
    np.testing.assert_allclose(decode(followed["y"]), h[:, unit], rtol=1e-6, atol=1e-7)
    assert any("matches Keras: max |difference| = " in caption.value for caption in at.caption)


def test_unit_order_and_following_a_unit(tiny_runs):
    run = tiny_runs["LSTM"]
    at = open_app(PAGE, {run.name: run})
    expected = expected_trace(run, at.text_input(key="hidden_states_text").value)
    at.segmented_control(key="hidden_states_order").set_value("correlation").run()
    order, _ = rnnviz.rank_units(expected.layers[0], "correlation", expected)
    assert units_of(figures(at)["hidden_states_heatmap"]["data"][0]) == list(order)
    at.selectbox(key="hidden_states_unit_lstm_1").set_value(int(order[-1])).run()
    cells = figures(at)["hidden_states_unrolled"]["data"][0]
    np.testing.assert_allclose(decode(cells["marker"]["color"]), expected.layers[0].h[:, order[-1]], rtol=1e-6)


def test_unknown_words_truncation_and_empty_text(tiny_runs):
    run = tiny_runs["GRU"]
    at = open_app(PAGE, {run.name: run})
    at.text_input(key="hidden_states_text").set_value("the movie was zzzqx").run()
    assert no_exception(at)
    assert any("'zzzqx'" in warning.value for warning in at.warning)
    ticks = figures(at)["hidden_states_heatmap"]["layout"]["xaxis"]["ticktext"]
    assert "[UNK]" in ticks[-1] and "color" in ticks[-1]
    long_text = " ".join(["good"] * (run.dataset.sequence_length + 3))
    at.text_input(key="hidden_states_text").set_value(long_text).run()
    assert no_exception(at) and any("3 were cut" in info.value for info in at.info)
    assert len(decode(figures(at)["hidden_states_heatmap"]["data"][0]["x"])) == run.dataset.sequence_length
    at.text_input(key="hidden_states_text").set_value("   ").run()
    assert no_exception(at) and not figures(at)
    assert any("Type a sentence" in info.value for info in at.info)


def test_a_second_model_side_by_side(tiny_runs):
    runs = {run.name: run for run in (tiny_runs["SimpleRNN"], tiny_runs["LSTM"])}
    at = open_app(PAGE, runs)                                        # the last run (LSTM) is current
    at.selectbox(key="hidden_states_other").set_value(tiny_runs["SimpleRNN"].name).run()
    assert no_exception(at)
    text = at.text_input(key="hidden_states_text").value
    other = expected_trace(tiny_runs["SimpleRNN"], text)
    charts = figures(at)
    side = charts["hidden_states_other_heatmap"]["data"][0]
    np.testing.assert_allclose(decode(side["z"]), other.layers[0].h[:, units_of(side)].T, rtol=1e-6, atol=1e-7)
    lines = charts["hidden_states_prediction"]["data"]
    assert len(lines) == 2
    np.testing.assert_allclose(decode(lines[1]["y"]), other.predictions[:, 0], rtol=1e-6)


def test_a_trace_that_disagrees_with_keras_is_reported_in_red(tiny_runs, monkeypatch):
    from rnnviz.tracing import Verification
    from rnnviz.ui import trace_views

    bad = Verification(0.25, pd.DataFrame({"layer": ["lstm_1"], "quantity": ["h"], "max_abs_difference": [0.25]}))
    monkeypatch.setattr(trace_views, "verify_trace", lambda model, result: replace(bad))
    run = tiny_runs["LSTM"]
    at = open_app(PAGE, {run.name: run})
    assert no_exception(at)
    assert any("does NOT match Keras" in error.value for error in at.error)
    assert not figures(at)


def test_without_a_run_the_page_says_what_to_do():
    at = open_app(PAGE)
    assert no_exception(at) and not figures(at)
    assert any("No trained model" in info.value for info in at.info)


def test_a_paste_longer_than_the_limit_is_kept_in_the_box_and_read_in_part(tiny_runs):
    from rnnviz.ui.widgets import MAX_SENTENCE_CHARS

    run = tiny_runs["LSTM"]
    at = open_app(PAGE, {run.name: run})
    pasted = " ".join(["the movie was good"] * 200)                   # 3,799 characters
    assert len(pasted) > MAX_SENTENCE_CHARS
    at.text_input(key="hidden_states_text").set_value(pasted).run()
    assert no_exception(at)
    assert at.text_input(key="hidden_states_text").value == pasted    # nothing the student pasted is lost
    assert any(f"{len(pasted):,} characters" in warning.value for warning in at.warning)
    assert figures(at)["hidden_states_heatmap"]                       # the page still shows the trace
