"""rnnviz.trace on a forecasting model (no Embedding: a window of float values), checked against Keras itself:
verify_trace (the layers' outputs and every prefix's final states), model.predict, and Keras' own layers run on
the shortened window for the forecast after each step."""

import numpy as np
import pytest

import rnnviz
from rnnviz.series_models import build_series_model
from rnnviz.tracing import TOLERANCE, trace, verify_trace


@pytest.fixture(scope="module")
def sine():
    return rnnviz.load_dataset("noisy_sine", length=300, look_back=12)


CASES = [("LSTM", {}), ("GRU", {"n_layers": 2}), ("SimpleRNN", {"bidirectional": True}),
         ("LSTM", {"dense_layers": 1})]


@pytest.mark.parametrize("cell, options", CASES)
def test_series_trace_matches_keras(sine, cell, options):
    model = build_series_model(sine, cell, 5, **options)
    window = sine.test.x[3]                                        # (12, 1)
    result = trace(model, window)
    check = verify_trace(model, result)
    assert check.ok, check.message()
    assert check.largest_value > 0.01                              # real states were compared, not zeros
    assert result.n_steps == 12 and result.is_series
    np.testing.assert_array_equal(result.window, window)
    forecast = model.predict(window[None], verbose=0)[0]           # (horizon,)
    np.testing.assert_allclose(result.predictions[-1], forecast, atol=TOLERANCE)
    first = result.layers[0]
    assert first.inputs.shape == (12, 1) and first.h.shape == (12, 5)
    assert set(first.gates) == set(first.weights.gate_names)


def test_steps_are_named_by_distance_from_the_end(sine):
    result = trace(build_series_model(sine, "GRU", 3), sine.test.x[0])
    assert result.labels[0] == "t-11" and result.labels[-1] == "t-0" and len(result.labels) == 12
    assert result.words == result.tokens and not result.is_unknown.any() and result.mask.all()
    assert result.token_ids is None and "window" in result.step_kind


def test_forecast_after_each_step_is_keras_on_the_shorter_window(sine):
    model = build_series_model(sine, "LSTM", 4, n_layers=2, dense_layers=1)
    window = sine.test.x[5]
    result = trace(model, window)
    for t in (0, 4, 11):
        x = window[None, :t + 1]
        for layer in model.layers:                                 # Keras' own layers read any length
            x = layer(x)
        np.testing.assert_allclose(result.predictions[t], np.asarray(x)[0], atol=TOLERANCE)


def test_bidirectional_forecast_exists_only_for_the_whole_window(sine):
    result = trace(build_series_model(sine, "GRU", 3, bidirectional=True), sine.test.x[0])
    assert np.isnan(result.predictions[:-1]).all() and np.isfinite(result.predictions[-1]).all()


def test_a_run_and_a_one_feature_vector_are_accepted(sine):
    model = build_series_model(sine, "SimpleRNN", 3)
    window = sine.test.x[2]
    np.testing.assert_array_equal(trace(model, window[:, 0]).layers[0].h, trace(model, window).layers[0].h)
    np.testing.assert_array_equal(trace(model, window[None]).layers[0].h, trace(model, window).layers[0].h)


@pytest.mark.parametrize("bad, words", [(np.zeros((11, 1)), "windows of 12 steps"),
                                        (np.zeros((12, 2)), "shape (12, 1)"),
                                        (np.full((12, 1), np.nan), "finite"),
                                        ("a sentence", "not sentences")])
def test_bad_windows_are_named(sine, bad, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        trace(build_series_model(sine, "LSTM", 3), bad)


def test_a_trace_of_another_kind_of_model_is_refused(sine, tiny_sentiment):
    series_model = build_series_model(sine, "LSTM", 3)
    text_model = rnnviz.build_model(tiny_sentiment, cell="LSTM", units=3)
    text_trace = trace(text_model, tiny_sentiment.train.x[0])
    with pytest.raises(ValueError, match="do not go together"):
        verify_trace(series_model, text_trace)
