"""window_inside: one window of a series run traced, checked against Keras, its gradients measured, and figures
that carry those very numbers."""

import numpy as np
import pytest

import rnnviz
from rnnviz.series_inside import window_inside


@pytest.fixture(scope="module")
def sine_runs():
    data = rnnviz.load_dataset("noisy_sine", length=200, look_back=10)
    return {cell: rnnviz.train(rnnviz.build_model(data, cell=cell, units=4), data, epochs=1, seed=0, name=cell)
            for cell in ("GRU", "Conv1D")}


def test_the_window_is_traced_checked_and_its_gradients_measured(sine_runs):
    run = sine_runs["GRU"]
    data = run.dataset
    inside = window_inside(run, "test", 4)
    assert inside.check.ok, inside.check.message()
    np.testing.assert_array_equal(inside.trace.window, data.test.x[4])
    # oracles: Keras' forecast of the same window, in the series' units; gradient_norms of the same window
    predicted = run.model.predict(data.test.x[4:5], verbose=0)
    np.testing.assert_allclose(inside.forecast, data.inverse_scale(predicted)[0], rtol=1e-5)
    np.testing.assert_allclose(inside.truth, data.inverse_scale(data.test.y[4]), rtol=1e-6)   # what was trained on
    expected = rnnviz.gradient_norms(run.model, data.test.x[4:5], data.test.y[4:5]).layer().hidden[0]
    np.testing.assert_allclose(inside.gradients.layer().hidden[0], expected, rtol=1e-9)


def test_the_figures_carry_the_traced_numbers(sine_runs):
    inside = window_inside(sine_runs["GRU"], "test", 1)
    layer = inside.trace.layers[0]
    assert set(inside.figures) == {"window", f"states {layer.label}", f"gates {layer.label}", "gradients"}
    states = inside.figures[f"states {layer.label}"]
    np.testing.assert_array_equal(np.asarray(states.data[0].z), layer.h.T)
    assert list(states.layout.xaxis.ticktext) == [f"t-{k}" for k in range(9, -1, -1)]
    assert "window" in states.layout.xaxis.title.text
    gradient = inside.figures["gradients"].data[0]
    np.testing.assert_allclose(np.asarray(gradient.y, float), inside.gradients.layer().hidden[0, ::-1])
    window = inside.figures["window"]
    np.testing.assert_allclose(window.data[-1].y, inside.forecast)


def test_models_without_a_hidden_state_and_bad_windows_are_named(sine_runs):
    with pytest.raises(ValueError, match="a Conv1D model has no hidden state"):
        window_inside(sine_runs["Conv1D"], "test", 0)
    n_windows = len(sine_runs["GRU"].dataset.test)
    with pytest.raises(ValueError, match="window"):
        window_inside(sine_runs["GRU"], "test", n_windows)
    with pytest.raises(ValueError, match="split"):
        window_inside(sine_runs["GRU"], "future", 0)


@pytest.mark.parametrize("horizon", [1, 3, 5])
def test_every_horizon_has_its_window_inside(horizon):
    """A forecast of several steps: the window's gradients are those of its loss over all `horizon` targets."""
    data = rnnviz.load_dataset("noisy_sine", length=120, look_back=6, horizon=horizon)
    run = rnnviz.train(rnnviz.build_model(data, cell="SimpleRNN", units=3), data, epochs=1, seed=0, name="rnn")
    inside = window_inside(run, "test", 2)
    assert inside.check.ok, inside.check.message()
    assert inside.forecast.shape == inside.truth.shape == (horizon,)
    predicted = run.model.predict(data.test.x[2:3], verbose=0)[0]
    # oracle: the window's own MSE over its horizon, from Keras' prediction
    assert inside.gradients.losses[0] == pytest.approx(float(np.mean((predicted - data.test.y[2]) ** 2)), rel=1e-4)
    assert np.all(np.isfinite(inside.gradients.layer().hidden[0]))


def test_gate_panels_read_from_the_back_of_a_room(sine_runs):
    inside = window_inside(sine_runs["GRU"], "test", 1)
    gates = inside.figures[f"gates {inside.trace.layers[0].label}"]
    axes = [gates.layout[name] for name in gates.layout if name.startswith(("xaxis", "yaxis"))]
    assert all(axis.tickfont.size >= 12 for axis in axes)
    x_titles = [gates.layout[name].title.text for name in gates.layout if name.startswith("xaxis")]
    assert sum(bool(title) for title in x_titles) == 1          # once, under the bottom panel
    assert all(annotation.font.size >= 12 for annotation in gates.layout.annotations)
    gradient_axis = inside.figures["gradients"].layout.yaxis
    hidden = inside.gradients.layer().hidden[0]
    if np.log10(hidden.max()) - np.log10(hidden.min()) >= 1:
        assert gradient_axis.dtick == 1                          # one label per power of ten


def test_a_generated_series_names_its_axes_in_the_students_language(sine_runs):
    from rnnviz.figures.series import series_split, window_on_series
    from rnnviz.i18n import use_language

    data = sine_runs["GRU"].dataset
    with use_language("es"):
        split = series_split(data)
        window = window_on_series(data, "test", 0, data.test.y[0])
    for fig in (split, window):
        assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("paso", "valor")
