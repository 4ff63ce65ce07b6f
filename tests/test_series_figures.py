"""Series figures draw the numbers they are given; the metrics table puts the naive forecast beside each run."""

import numpy as np
import plotly.graph_objects as go
import pytest

from rnnviz import build_model, load_dataset, train
from rnnviz.figures.series import error_by_horizon_chart, forecasts_vs_truth, parameters_by_look_back, series_split
from rnnviz.series_forecast import (
    error_by_horizon,
    metrics_table,
    naive_forecast_scores,
    one_step_predictions,
    recursive_forecast,
)
from rnnviz.series_models import parameter_counts


@pytest.fixture(scope="module")
def sunspots():
    return load_dataset("sunspots", look_back=8)


@pytest.fixture(scope="module")
def tiny_run(sunspots):
    model = build_model(sunspots, cell="GRU", units=3, learning_rate=0.01)
    return train(model, sunspots, epochs=2, seed=0, name="tiny GRU")


def test_series_split_shades_each_part_at_its_boundaries(sunspots):
    fig = series_split(sunspots)
    assert isinstance(fig, go.Figure)
    np.testing.assert_array_equal(fig.data[0].y, sunspots.values[:, 0])
    bands = [(shape.x0, shape.x1) for shape in fig.layout.shapes]
    n_val, n_test = sunspots.boundaries
    assert bands == [(1700, 1700 + n_val - 1), (1700 + n_val, 1700 + n_test - 1), (1700 + n_test, 2008)]
    assert [a.text for a in fig.layout.annotations] == [
        f"{part} ({len(sunspots.split(part))} windows)" for part in ("train", "validation", "test")]


def test_series_split_keeps_dates_on_the_axis():
    co2 = load_dataset("co2")
    fig = series_split(co2)
    assert str(fig.data[0].x[0])[:10] == "1958-03-01"


def test_forecasts_vs_truth_draws_truth_naive_one_step_and_recursive(sunspots, tiny_run):
    one_step = one_step_predictions(tiny_run.model, sunspots, "test")
    recursive = recursive_forecast(tiny_run.model, sunspots, "test", steps=10)
    fig = forecasts_vs_truth(sunspots, {"tiny GRU": one_step}, {"tiny GRU": recursive})
    names = [trace.name for trace in fig.data]
    assert names == ["real series", "naive (last value)", "tiny GRU (one step)", "tiny GRU (recursive)"]
    np.testing.assert_array_equal(fig.data[2].y, one_step.prediction[:, 0])
    np.testing.assert_array_equal(fig.data[3].y, recursive.prediction[:, 0])
    np.testing.assert_array_equal(fig.data[1].y, sunspots.values[one_step.target_steps - 1, 0])
    assert fig.data[0].x[0] == sunspots.times[one_step.target_steps[0] - sunspots.look_back]


def test_error_by_horizon_chart_has_each_run_and_the_naive_line(sunspots, tiny_run):
    table = error_by_horizon(tiny_run.model, sunspots, steps=4)
    fig = error_by_horizon_chart({"tiny GRU": table})
    assert [trace.name for trace in fig.data] == ["tiny GRU", "naive (last value)"]
    np.testing.assert_array_equal(fig.data[1].y, table["naive"].to_numpy())


def test_parameters_by_look_back_has_one_line_per_model():
    table = parameter_counts(["LSTM", "dense"], [5, 10])
    fig = parameters_by_look_back(table)
    assert [trace.name for trace in fig.data] == ["LSTM 16", "dense baseline 16"]
    assert list(fig.data[1].y) == table[table.cell == "dense"]["parameters"].tolist()


def test_empty_inputs_are_refused_in_one_line(sunspots):
    with pytest.raises(ValueError, match="forecasts is empty"):
        forecasts_vs_truth(sunspots, {})
    with pytest.raises(ValueError, match="tables is empty"):
        error_by_horizon_chart({})


def test_metrics_table_has_a_naive_row_and_the_run(sunspots, tiny_run):
    table = metrics_table({"tiny GRU": tiny_run})
    assert table["model"].tolist() == ["naive", "GRU 3"]
    naive = naive_forecast_scores(sunspots, scale="original")
    assert table["test MAE (sunspots)"].iloc[0] == pytest.approx(naive.loc["test", "mae"])
    assert table["test RMSE (sunspots)"].iloc[0] == pytest.approx(np.sqrt(naive.loc["test", "mse"]))


def test_the_curve_the_table_and_the_test_scores_give_one_mae_in_the_series_units(sunspots, tiny_run):
    """Oracle: the model's predictions inverse-transformed by hand, scored by sklearn."""
    from sklearn.metrics import mean_absolute_error

    table = metrics_table({"tiny GRU": tiny_run})
    scale, offset = sunspots.scaler.scale[0], sunspots.scaler.offset[0]
    by_hand = {part: mean_absolute_error(sunspots.split(part).y * scale + offset,
                                         tiny_run.model.predict(sunspots.split(part).x, verbose=0) * scale + offset)
               for part in ("validation", "test")}
    assert table["validation MAE (sunspots)"].iloc[1] == pytest.approx(by_hand["validation"], rel=1e-4)
    assert table["test MAE (sunspots)"].iloc[1] == pytest.approx(by_hand["test"], rel=1e-4)
    assert tiny_run.history["val_mae"].iloc[-1] == pytest.approx(by_hand["validation"], rel=1e-4)   # the curve
    assert tiny_run.test_scores["mae"] == pytest.approx(by_hand["test"], rel=1e-4)


def test_each_one_step_prediction_carries_its_window_for_a_click(sunspots, tiny_run):
    """customdata = the test window whose forecast the point is: the page picks that window on a click."""
    one_step = one_step_predictions(tiny_run.model, sunspots, "test")
    fig = forecasts_vs_truth(sunspots, {"tiny GRU": one_step})
    predictions = fig.data[2]
    np.testing.assert_array_equal(predictions.customdata, np.arange(len(sunspots.test)))
    window = 5     # the point of window 5 is the forecast of that window's input
    expected = sunspots.inverse_scale(tiny_run.model.predict(sunspots.test.x[window:window + 1], verbose=0))[0, 0]
    assert predictions.y[window] == pytest.approx(expected, rel=1e-5)
    assert "window" in predictions.hovertemplate


def test_a_series_trace_names_its_steps_steps_not_words(sunspots, tiny_run):
    from rnnviz import trace
    from rnnviz.figures.gates import gate_heatmaps
    from rnnviz.figures.states import hidden_state_heatmap

    traced = trace(tiny_run.model, sunspots.test.x[0])
    layer = traced.layers[0]
    for fig in (hidden_state_heatmap(traced, layer), gate_heatmaps(traced, layer)):
        hovers = [t.hovertemplate for t in fig.data if t.hovertemplate]
        assert hovers and all(h.startswith("step: ") for h in hovers)


def test_each_recursive_step_carries_the_window_of_its_time_step(sunspots, tiny_run):
    """A click on a marker of the recursive forecast picks the test window whose target is that step."""
    one_step = one_step_predictions(tiny_run.model, sunspots, "test")
    recursive = recursive_forecast(tiny_run.model, sunspots, "test", steps=5, start=3)
    fig = forecasts_vs_truth(sunspots, {"tiny GRU": one_step}, {"tiny GRU": recursive})
    markers = fig.data[3]
    assert list(markers.customdata) == [3, 4, 5, 6, 7]
    np.testing.assert_array_equal(sunspots.test.target_steps[list(markers.customdata)], recursive.target_steps)


def test_every_trace_a_click_picks_a_window_from_draws_its_points(sunspots, tiny_run):
    """Plotly selects only the points of a trace that draws markers: a lines-only prediction ignored every click
    (the 'Test window' never moved in a browser), so every trace carrying windows shows its markers."""
    one_step = one_step_predictions(tiny_run.model, sunspots, "test")
    recursive = recursive_forecast(tiny_run.model, sunspots, "test", steps=5, start=3)
    fig = forecasts_vs_truth(sunspots, {"tiny GRU": one_step}, {"tiny GRU": recursive})
    pickers = [trace for trace in fig.data if trace.customdata is not None]
    assert len(pickers) == 2
    assert all("markers" in trace.mode for trace in pickers)
