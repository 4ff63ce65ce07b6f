"""Hidden states page on a long review (a window of words drawn at a time, the whole review traced) and on
convolutional runs (Conv1D + GRU: one column per group of words; Conv1D alone: one line)."""

import numpy as np
import pytest
from conftest import no_exception, open_app
from trace_helpers import decode, figures, units_of

import rnnviz
from rnnviz.ui.trace_views import WINDOW_STEPS

PAGE = "pages/hidden_states.py"
REVIEW = " ".join(["the movie was not good at all", "the acting was great", "the plot was slow at first"] * 7)


@pytest.fixture(scope="module")
def long_run():
    data = rnnviz.load_dataset("toy_sentiment", size=200, seed=4, sequence_length=120)
    model = rnnviz.build_model(data, "GRU", units=3, embedding_dim=4)
    return rnnviz.train(model, data, epochs=1, batch_size=64, seed=0, name="long GRU")


def test_a_long_review_is_drawn_a_window_at_a_time(long_run):
    at = open_app(PAGE, {long_run.name: long_run})
    at.text_input(key="hidden_states_text").set_value(REVIEW).run()
    assert no_exception(at)
    full = rnnviz.trace(long_run.model, REVIEW, dataset=long_run.dataset)
    assert full.n_steps == len(REVIEW.split()) > WINDOW_STEPS
    for start in (full.n_steps - WINDOW_STEPS, 0):        # the slider starts at the end of the review
        if start == 0:
            at.slider(key="hidden_states_window").set_value(0).run()
        heatmap = figures(at)["hidden_states_heatmap"]
        units = units_of(heatmap["data"][0])
        h = full.layers[0].h[start:start + WINDOW_STEPS]
        np.testing.assert_allclose(decode(heatmap["data"][0]["z"]), h[:, units].T, rtol=1e-6, atol=1e-7)
        assert heatmap["layout"]["xaxis"]["ticktext"] == full.labels[start:start + WINDOW_STEPS]
    # the prediction line still follows the whole review
    line = figures(at)["hidden_states_prediction"]["data"][0]
    np.testing.assert_allclose(decode(line["y"]), full.predictions[:, 0], rtol=1e-6)


def test_trace_steps_cut_every_array_alike(long_run):
    full = rnnviz.trace(long_run.model, REVIEW, dataset=long_run.dataset)
    part = full.steps(10, 30)
    assert part.n_steps == 20 and part.words == full.words[10:30]
    np.testing.assert_array_equal(part.layers[0].h, full.layers[0].h[10:30])
    np.testing.assert_array_equal(part.layers[0].gates["z"], full.layers[0].gates["z"][10:30])
    np.testing.assert_array_equal(part.predictions, full.predictions[10:30])
    with pytest.raises(ValueError, match=f"steps must satisfy 0 <= start < stop <= {full.n_steps}, got start=5, "
                                         "stop=5"):
        full.steps(5, 5)


def test_a_conv1d_gru_run_is_shown_one_step_per_group_of_words(tiny_sentiment):
    model = rnnviz.build_model(tiny_sentiment, "GRU", units=3, embedding_dim=4, conv_filters=4)
    run = rnnviz.train(model, tiny_sentiment, epochs=1, batch_size=64, seed=0, name="conv GRU")
    at = open_app(PAGE, {run.name: run})
    assert no_exception(at)
    text = at.text_input(key="hidden_states_text").value
    expected = rnnviz.trace(run.model, text, dataset=run.dataset)
    heatmap = figures(at)["hidden_states_heatmap"]
    assert heatmap["layout"]["xaxis"]["ticktext"] == expected.labels
    assert heatmap["layout"]["xaxis"]["title"]["text"].startswith("group of words")
    units = units_of(heatmap["data"][0])
    np.testing.assert_allclose(decode(heatmap["data"][0]["z"]), expected.layers[0].h[:, units].T, rtol=1e-6,
                               atol=1e-7)
    assert any("matches Keras" in caption.value for caption in at.caption)


def test_a_pure_conv1d_run_gets_one_line_on_hidden_states(tiny_sentiment):
    model = rnnviz.build_model(tiny_sentiment, "Conv1D", units=3, embedding_dim=4)
    run = rnnviz.train(model, tiny_sentiment, epochs=1, batch_size=64, seed=0, name="conv only")
    at = open_app(PAGE, {run.name: run})
    assert no_exception(at) and not figures(at)
    assert [w.value for w in at.warning if "Conv1D baseline" in w.value]
