"""Series models: shapes, Keras' parameter counts against the formulas, training for regression, forecasts."""

import keras
import numpy as np
import pytest

from rnnviz import build_model, load_dataset, train
from rnnviz.series_forecast import error_by_horizon, naive_forecast_scores, one_step_predictions, recursive_forecast
from rnnviz.series_models import SERIES_CELLS, SeriesModelConfig, parameter_counts


@pytest.fixture(scope="module")
def sine():
    """A noiseless sine, 300 steps, windows of 20."""
    return load_dataset("noisy_sine", length=300, noise=0.0, look_back=20)


@pytest.fixture(scope="module")
def sine_lstm_run(sine):
    model = build_model(sine, cell="LSTM", units=8, learning_rate=0.01)
    return train(model, sine, epochs=15, batch_size=32, seed=0)


def _last_value_model(look_back: int):
    """A Keras model that outputs the window's last value: the naive forecast, as a model."""
    inputs = keras.Input((look_back, 1))
    return keras.Model(inputs, keras.layers.Lambda(lambda x: x[:, -1, :])(inputs))


@pytest.mark.parametrize("cell", SERIES_CELLS)
def test_every_cell_maps_a_window_to_horizon_values_without_an_embedding(cell):
    data = load_dataset("noisy_sine", length=120, look_back=12, horizon=3)
    model = build_model(data, cell=cell, units=4, n_layers=2, dense_layers=1)
    assert model.input_shape == (None, 12, 1) and model.output_shape == (None, 3)
    assert not any(isinstance(layer, keras.layers.Embedding) for layer in model.layers)
    assert model.layers[-1].activation is keras.activations.linear
    assert model.predict(data.test.x, verbose=0).shape == (len(data.test), 3)
    assert model.rnnviz_config.cell == cell


def test_stacked_layers_return_sequences_but_the_last():
    data = load_dataset("noisy_sine", length=120, look_back=12)
    model = build_model(data, cell="GRU", units=4, n_layers=3)
    assert [layer.return_sequences for layer in model.layers[:3]] == [True, True, False]


def test_same_config_same_weights():
    data = load_dataset("noisy_sine", length=120, look_back=12)
    first, again = (build_model(data, cell="LSTM", units=4, seed=5) for _ in range(2))
    for a, b in zip(first.get_weights(), again.get_weights()):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("cell, formula", [
    ("SimpleRNN", lambda u, f, lb: u * (u + f + 1) + u + 1),
    ("LSTM", lambda u, f, lb: 4 * u * (u + f + 1) + u + 1),
    ("GRU", lambda u, f, lb: 3 * u * (u + f + 2) + u + 1),      # Keras' reset_after: two bias vectors
    ("dense", lambda u, f, lb: lb * f * u + u + u + 1),
    ("Conv1D", lambda u, f, lb: 3 * f * u + u + (lb - 2) * u + 1),     # the head reads every step's filters
])
def test_parameter_counts_match_the_formulas(cell, formula):
    table = parameter_counts([SeriesModelConfig(cell=cell, units=5)], [5, 10, 40], n_features=2)
    assert table["parameters"].tolist() == [formula(5, 2, lb) for lb in (5, 10, 40)]


def test_a_recurrent_model_keeps_its_size_as_the_window_grows_a_dense_one_does_not():
    table = parameter_counts(["LSTM", "dense"], [10, 20, 40]).pivot(index="look_back", columns="cell",
                                                                     values="parameters")
    assert table["LSTM"].nunique() == 1
    assert (np.diff(table["dense"].to_numpy()) > 0).all()


def test_bad_model_options_are_named():
    data = load_dataset("noisy_sine", length=120, look_back=4)
    with pytest.raises(ValueError, match=f"cell must be one of {', '.join(SERIES_CELLS)}, got 'pooling'"):
        build_model(data, cell="pooling")
    with pytest.raises(ValueError, match="a series model has no option 'embedding_dim'"):
        build_model(data, cell="LSTM", embedding_dim=8)
    with pytest.raises(ValueError, match="loss must be one of 'mse', 'mae', got 'huber'"):
        build_model(data, cell="LSTM", loss="huber")
    with pytest.raises(ValueError, match="need a look_back of at least 7, got 4"):
        build_model(data, cell="Conv1D", n_layers=3, kernel_size=3)


def test_training_a_regression_reports_loss_and_mae(sine_lstm_run, sine):
    run = sine_lstm_run
    assert list(run.history.columns) == ["loss", "mae", "val_loss", "val_mae"]
    assert set(run.test_scores) == {"loss", "mae"}
    predicted = run.model.predict(sine.test.x, verbose=0)
    assert run.test_scores["loss"] == pytest.approx(float(np.mean((predicted - sine.test.y) ** 2)), rel=1e-4)
    # MAE in the series' own units: the scaled error times the target's scale (loss stays in scaled units)
    scale = float(sine.scaler.scale[sine.target])
    assert run.test_scores["mae"] == pytest.approx(scale * float(np.mean(np.abs(predicted - sine.test.y))), rel=1e-4)


def test_an_lstm_beats_the_naive_forecast_on_a_noiseless_sine_by_far(sine_lstm_run, sine):
    naive = naive_forecast_scores(sine)
    assert sine_lstm_run.test_scores["loss"] < naive.loc["test", "mse"] / 10
    assert sine_lstm_run.history["val_loss"].iloc[-1] < naive.loc["validation", "mse"] / 10


def test_mae_loss_is_compiled_when_asked(sine):
    model = build_model(sine, cell="SimpleRNN", units=3, loss="mae")
    assert model.loss == "mae"


def test_naive_scores_on_a_ramp_are_its_slope():
    data = load_dataset("random_walk", length=200, noise=0.001, drift=2.0, look_back=5, horizon=3)
    steps = np.diff(data.values[:, 0])
    scores = naive_forecast_scores(data, scale="original")
    # k steps ahead the naive error is the sum of k steps of ~2: mean over k = 1, 2, 3 is 2 * 2 = 4
    assert scores.loc["train", "mae"] == pytest.approx(2 * steps.mean(), rel=1e-3)
    scaled = naive_forecast_scores(data)
    assert scaled.loc["train", "mae"] == pytest.approx(scores.loc["train", "mae"] / data.scaler.scale[0], rel=1e-6)


def test_one_step_predictions_are_keras_output_in_the_series_units(sine_lstm_run, sine):
    forecast = one_step_predictions(sine_lstm_run.model, sine, "validation")
    keras_output = sine_lstm_run.model.predict(sine.validation.x, verbose=0)
    np.testing.assert_allclose(forecast.prediction, sine.scaler.inverse(keras_output, 0), rtol=1e-6)
    np.testing.assert_allclose(forecast.truth[:, 0], sine.values[sine.validation.target_steps, 0], atol=1e-6)
    assert forecast.prediction.shape == (len(sine.validation), 1)


def test_recursive_forecast_first_step_is_the_one_step_prediction(sine_lstm_run, sine):
    recursive = recursive_forecast(sine_lstm_run.model, sine, "test", steps=12, start=3)
    direct = one_step_predictions(sine_lstm_run.model, sine, "test")
    assert recursive.prediction.shape == (12, 1)
    assert recursive.prediction[0, 0] == pytest.approx(direct.prediction[3, 0], abs=1e-5)
    np.testing.assert_allclose(recursive.truth[:, 0], sine.values[recursive.target_steps, 0])


def test_recursive_forecast_past_the_end_has_unknown_truth_and_continued_times(sine_lstm_run, sine):
    last = len(sine.test) - 1
    forecast = recursive_forecast(sine_lstm_run.model, sine, "test", steps=5, start=last)
    assert np.isfinite(forecast.truth[0, 0]) and np.isnan(forecast.truth[1:, 0]).all()
    assert list(forecast.times) == [299, 300, 301, 302, 303]


def test_a_last_value_model_has_the_naive_error_at_every_horizon(sine):
    table = error_by_horizon(_last_value_model(sine.look_back), sine, "test", steps=6)
    np.testing.assert_allclose(table["model"], table["naive"], rtol=1e-6)
    assert list(table.index) == [1, 2, 3, 4, 5, 6]
    assert (np.diff(table["naive"]) > 0).all()    # repeating a sine's last value gets worse further ahead


def test_error_by_horizon_grows_slower_for_a_trained_lstm(sine_lstm_run, sine):
    table = error_by_horizon(sine_lstm_run.model, sine, "test", steps=5)
    assert (table["model"] < table["naive"]).all()
    assert table["n_windows"].iloc[0] == len(sine.test) - 4


def test_a_recursive_forecast_needs_one_feature():
    csv = "a,b\n" + "".join(f"{np.sin(i / 3):.4f},{i % 5}\n" for i in range(60))
    data = load_dataset("series_csv", source=csv, look_back=4)
    model = build_model(data, cell="GRU", units=2)
    with pytest.raises(ValueError, match="needs one feature; this series has 2 \\(a, b\\)"):
        recursive_forecast(model, data, steps=3)


def test_a_direct_multi_step_model_is_scored_on_its_own_outputs():
    """Horizon 4: output k forecasts step k. The error k steps ahead is that of output k (oracle: model.predict,
    inverse-scaled by hand), not that of its first output fed back k times."""
    data = load_dataset("noisy_sine", length=160, look_back=8, horizon=4)
    model = build_model(data, cell="GRU", units=3, seed=1)
    table = error_by_horizon(model, data, "test", steps=4)
    predicted = model.predict(data.test.x, verbose=0).astype(np.float64)            # (n_windows, 4)
    scale, offset = data.scaler.scale[0], data.scaler.offset[0]
    expected = np.abs((predicted - data.test.y) * scale).mean(axis=0)               # same offset on both sides
    np.testing.assert_allclose(table["model"].to_numpy(), expected, rtol=1e-4)
    forecast = recursive_forecast(model, data, "test", steps=6, start=2)
    np.testing.assert_allclose(forecast.prediction[:4, 0], predicted[2] * scale + offset, rtol=1e-5)


def test_a_series_conv1d_knows_when_a_pattern_happened():
    """The same spike early or late in the window: a forecast must tell them apart (a global average over the
    window's steps gave both the same output)."""
    model = build_model(load_dataset("noisy_sine", length=120, look_back=12), cell="Conv1D", units=4, seed=0)
    early, late = np.zeros((1, 12, 1), np.float32), np.zeros((1, 12, 1), np.float32)
    early[0, 3, 0] = late[0, 8, 0] = 1.0
    outputs = model.predict(np.concatenate([early, late]), verbose=0)[:, 0]
    assert abs(outputs[0] - outputs[1]) > 1e-4
