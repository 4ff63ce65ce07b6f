"""gradient_norms of a forecasting model (no Embedding, MSE, a linear head) against central finite differences
run by Keras itself, in float64: nudging the window's values (||dL/dx_t||) and the carried state (||dL/dh_t||)."""

import keras
import numpy as np
import pytest
from test_gradients import EPS, _split_run, float64  # noqa: F401 - the float64 fixture, used by every test

from rnnviz.gradients import gradient_norms
from rnnviz.series_models import SeriesModelConfig, build_series_keras_model

LOOK_BACK, N_FEATURES = 8, 2
pytestmark = pytest.mark.usefixtures("float64")


def _model(cell):
    return build_series_keras_model(SeriesModelConfig(cell=cell, units=4, seed=2), LOOK_BACK, N_FEATURES, 1)


def _windows(n_windows=3, seed=0):
    """Values exact in float32 (gradient_norms reads windows as float32, as the model's Input does)."""
    rng = np.random.default_rng(seed)
    exact = lambda shape: rng.normal(size=shape).astype(np.float32).astype(np.float64)
    return exact((n_windows, LOOK_BACK, N_FEATURES)), exact((n_windows, 1))


def _keras(model, x):
    """The model's own layers on float64 x (calling the model would cast x to its float32 Input first, and
    float32 rounds away a nudge of EPS)."""
    for layer in model.layers:
        x = layer(x)
    return x


def _loss(prediction, y) -> float:
    """Sum over windows of the squared error (MSE with horizon 1), in float64."""
    return float(np.sum((np.asarray(prediction, np.float64) - y) ** 2))


@pytest.mark.parametrize("cell", ["SimpleRNN", "LSTM", "GRU"])
def test_input_gradient_matches_finite_differences(cell):
    model = _model(cell)
    x, y = _windows()
    norms = gradient_norms(model, x, y)
    assert norms.inputs.shape == (3, LOOK_BACK) and norms.inputs.dtype == np.float64
    for t in (0, 4, LOOK_BACK - 1):
        gradient = []
        for feature in range(N_FEATURES):
            values = []
            for sign in (1, -1):
                nudged = x.copy()
                nudged[0, t, feature] += sign * EPS
                values.append(_loss(_keras(model, nudged), y))
            gradient.append((values[0] - values[1]) / (2 * EPS))
        expected = float(np.linalg.norm(gradient))
        assert norms.inputs[0, t] == pytest.approx(expected, rel=1e-4)
        assert expected > 1e-6   # a meaningful comparison, not two zeros


@pytest.mark.parametrize("cell", ["LSTM", "GRU"])
def test_hidden_gradient_matches_finite_differences(cell):
    model = _model(cell)
    x, y = _windows(seed=1)
    layer = model.layers[0]
    hidden = gradient_norms(model, x, y).layer().hidden          # (3, LOOK_BACK)
    n_states = 2 if cell == "LSTM" else 1
    for t in (1, 5):
        gradient = []
        for unit in range(layer.cell.units):
            values = []
            for sign in (1, -1):
                offsets = [np.zeros((len(x), layer.cell.units)) for _ in range(n_states)]
                offsets[0][0, unit] = sign * EPS
                values.append(_loss(model.get_layer("output")(_split_run(layer, x, t, offsets)), y))
            gradient.append((values[0] - values[1]) / (2 * EPS))
        expected = float(np.linalg.norm(gradient))
        assert hidden[0, t] == pytest.approx(expected, rel=1e-4)
        assert expected > 1e-6


def test_losses_are_each_windows_squared_error():
    model = _model("LSTM")
    x, y = _windows(seed=2)
    norms = gradient_norms(model, x, y)
    expected = ((np.asarray(_keras(model, x), np.float64) - y) ** 2)[:, 0]
    np.testing.assert_allclose(norms.losses, expected, rtol=1e-6)   # losses come back float32-precise
    assert keras.config.floatx() == "float64"


@pytest.mark.parametrize("cell", ["SimpleRNN", "LSTM"])
def test_horizon_5_gradients_match_finite_differences(cell):
    """A 5-step forecast: y is (n_windows, 5) and the loss is the mean over the 5 steps (Keras' MSE)."""
    horizon = 5
    model = build_series_keras_model(SeriesModelConfig(cell=cell, units=4, seed=3), LOOK_BACK, N_FEATURES, horizon)
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, LOOK_BACK, N_FEATURES)).astype(np.float32).astype(np.float64)
    y = rng.normal(size=(2, horizon)).astype(np.float32).astype(np.float64)
    mse = lambda prediction: float(np.sum(np.mean((np.asarray(prediction, np.float64) - y) ** 2, axis=1)))
    norms = gradient_norms(model, x, y)
    assert norms.inputs.shape == (2, LOOK_BACK)
    np.testing.assert_allclose(norms.losses, np.mean((np.asarray(_keras(model, x)) - y) ** 2, axis=1), rtol=1e-6)
    for t in (0, LOOK_BACK - 1):
        gradient = []
        for feature in range(N_FEATURES):
            values = []
            for sign in (1, -1):
                nudged = x.copy()
                nudged[1, t, feature] += sign * EPS
                values.append(mse(_keras(model, nudged)))
            gradient.append((values[0] - values[1]) / (2 * EPS))
        expected = float(np.linalg.norm(gradient))
        assert norms.inputs[1, t] == pytest.approx(expected, rel=1e-4)
        assert expected > 1e-6
    one = gradient_norms(model, x[0], y[0])          # one window, (horizon,) targets: the page's call
    np.testing.assert_allclose(one.inputs[0], norms.inputs[0], rtol=1e-6)
