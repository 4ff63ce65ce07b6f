"""The long-range preset and the order_task case of the accuracy-against-lag experiment."""

from dataclasses import replace

import pytest

from rnnviz import build_model, load_dataset, train
from rnnviz.baselines import bag_of_words_baseline
from rnnviz.figures.gradients import lag_accuracy
from rnnviz.gradients import LagExperiment, run_lag_experiment
from rnnviz.gradients.lag_experiment import LAG_TASKS
from rnnviz.models import COURSE_CELLS
from rnnviz.presets import LONG_RANGE, PRESETS, long_range_comparison


def test_the_comparison_differs_only_by_the_cell():
    requests = long_range_comparison(seed=3)
    assert tuple(requests) == COURSE_CELLS == ("SimpleRNN", "LSTM", "GRU")
    for cell, request in requests.items():
        assert request.config == LONG_RANGE.config.replace(cell=cell, seed=3)
        assert request.dataset_options == {**LONG_RANGE.dataset_options, "seed": 3}
        assert (request.dataset_name, request.epochs, request.batch_size, request.seed) == \
               (LONG_RANGE.dataset_name, LONG_RANGE.epochs, LONG_RANGE.batch_size, 3)
    assert PRESETS["order_lstm"].request is LONG_RANGE and LONG_RANGE.config.cell == "LSTM"
    assert long_range_comparison(0)["LSTM"].config == LONG_RANGE.config


def test_the_page_order_task_case_is_the_preset_budget():
    settings = LagExperiment.for_task("order_task")
    options = LONG_RANGE.dataset_options
    assert settings.task == "order_task" and settings.lags[-1] == options["lag"] and settings.lags[0] == 1
    assert (settings.n_steps, settings.size, settings.epochs, settings.batch_size) == \
           (options["n_steps"], options["size"], LONG_RANGE.epochs, LONG_RANGE.batch_size)
    for cell, request in long_range_comparison(0).items():
        assert settings.model_config(cell) == request.config      # the same model as the preset's
    assert LagExperiment.for_task("memory_task") == LagExperiment()
    with pytest.raises(ValueError, match="task must be one of 'memory_task', 'order_task', got 'adding'"):
        LagExperiment.for_task("adding")


def test_order_task_lags_leave_room_for_two_markers():
    assert LagExperiment(task="order_task", lags=(1, 39), n_steps=40).lags == (1, 39)
    with pytest.raises(ValueError, match="lag 40 is longer than the sequences .* lags must be from 1 to 39"):
        LagExperiment(task="order_task", lags=(40,), n_steps=40)
    assert LagExperiment(task="memory_task", lags=(40,), n_steps=40).lags == (40,)
    with pytest.raises(ValueError, match="task must be one of"):
        LagExperiment(task="adding")


def test_order_task_trials_train_on_order_task_data():
    settings = LagExperiment(task="order_task", lags=(2, 4), n_steps=6, cells=("GRU",), units=4, epochs=2,
                             size=200)
    result = run_lag_experiment(settings)
    data = load_dataset("order_task", lag=4, n_steps=6, size=200, seed=0)
    fresh = train(build_model(data, settings.model_config("GRU")), data, epochs=2, batch_size=64, seed=0)
    assert result.accuracy("GRU", 4) == pytest.approx(fresh.history["val_accuracy"].iloc[-1], abs=1e-9)
    figure = lag_accuracy(result)
    assert figure.layout.xaxis.title.text == LAG_TASKS["order_task"]
    assert lag_accuracy(replace(result, settings=replace(settings, task="memory_task"))).layout.xaxis.title.text \
        == LAG_TASKS["memory_task"]


def test_a_small_lstm_learns_the_order_a_bag_of_words_cannot_see():
    """The task is learnable from order alone: the preset's recipe at a short length and lag."""
    data = load_dataset("order_task", lag=4, n_steps=12, size=1500, seed=0)
    run = train(build_model(data, LONG_RANGE.config.replace(units=16)), data, epochs=6, batch_size=64, seed=0)
    assert run.history["val_accuracy"].iloc[-1] >= 0.9
    assert bag_of_words_baseline(data)["validation"] <= 0.6
