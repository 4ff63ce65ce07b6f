"""The recorder and the lag experiment, checked against trainings and measurements done independently."""

import numpy as np
import pytest

from rnnviz import build_model, load_dataset, train
from rnnviz.gradients import GradientRecorder, LagExperiment, gradient_norms, run_lag_experiment
from rnnviz.gradients.captions import describe_training
from rnnviz.gradients.lab import ClippingDemo
from rnnviz.gradients.recorder import RecordGradients


@pytest.fixture(scope="module")
def memory():
    return load_dataset("memory_task", lag=3, n_steps=8, size=200, seed=0)


def _medians_by_distance(norms):
    return np.nanmedian(norms.by_distance_from_end(), axis=0)


def test_recorder_matches_measurements_before_and_after_training(memory):
    model = build_model(memory, cell="LSTM", units=4, embedding_dim=4, learning_rate=0.05)
    recorder = RecordGradients(n_sequences=16)(model, memory)
    run = train(model, memory, epochs=2, batch_size=32, seed=0, callbacks=[recorder])
    history = run.gradient_history
    assert history.epochs == [0, 1, 2]
    assert history.matrix().shape == (3, 8) and history.matrix("cell").shape == (3, 8)
    x, y = memory.validation.x[:16], memory.validation.y[:16]
    # Epoch 0 is the untrained model: the same config and seed build the same initial weights.
    untrained = build_model(memory, cell="LSTM", units=4, embedding_dim=4, learning_rate=0.05)
    assert history.matrix()[0] == pytest.approx(_medians_by_distance(gradient_norms(untrained, x, y)), rel=1e-6)
    # The last record is the trained model, measured again here after fit returned.
    assert history.matrix()[-1] == pytest.approx(_medians_by_distance(gradient_norms(run.model, x, y)), rel=1e-6)
    assert history.losses[-1] == pytest.approx(float(np.mean(gradient_norms(run.model, x, y).losses)), rel=1e-6)
    assert not np.allclose(history.matrix()[0], history.matrix()[-1])  # training changed the gradients


def test_divergence_is_recorded_as_nan_and_said():
    demo = ClippingDemo()
    data = load_dataset("memory_task", **{**demo.dataset_options(), "size": 300})
    configs = demo.configs()
    model = build_model(data, configs["without clipping"])
    run = train(model, data, epochs=2, batch_size=64, seed=0, callbacks=[RecordGradients(32)(model, data)])
    assert run.diverged and "NaN" in run.stop_reason
    history = run.gradient_history
    assert np.isfinite(history.matrix()[0]).all() and np.isnan(history.matrix()[-1]).all()
    assert "training diverged" in describe_training(history)


def test_recorder_refuses_bad_input(memory):
    with pytest.raises(ValueError, match="one label per sequence"):
        GradientRecorder(memory.validation.x[:4], memory.validation.y[:3])
    with pytest.raises(ValueError, match="every must be a positive integer"):
        GradientRecorder(memory.validation.x[:4], memory.validation.y[:4], every=0)
    pooling = build_model(memory, cell="pooling")
    with pytest.raises(ValueError, match="comes before the recurrent layers"):
        RecordGradients()(pooling, memory)


def test_lag_experiment_trials_equal_independent_trainings():
    """Reusing one compiled model per cell (reset weights and optimizer) must equal building it afresh."""
    settings = LagExperiment(lags=(1, 4), n_steps=5, cells=("SimpleRNN", "GRU"), units=4, epochs=2, size=200)
    calls = []
    result = run_lag_experiment(settings, progress=lambda done, total, message: calls.append((done, total, message)))
    assert list(zip(result.table["cell"], result.table["lag"])) == [("SimpleRNN", 1), ("SimpleRNN", 4), ("GRU", 1),
                                                                    ("GRU", 4)]
    assert calls[0] == (0, 4, "SimpleRNN, lag 1") and calls[-1] == (4, 4, "done")
    data = load_dataset("memory_task", lag=4, n_steps=5, size=200, seed=0)
    fresh = train(build_model(data, settings.model_config("GRU")), data, epochs=2, batch_size=64, seed=0)
    assert result.accuracy("GRU", 4) == pytest.approx(fresh.history["val_accuracy"].iloc[-1], abs=1e-9)
    assert result.table["train_accuracy"].iloc[-1] == pytest.approx(fresh.history["accuracy"].iloc[-1], abs=1e-9)


def test_lag_experiment_stops_between_trials_and_validates():
    settings = LagExperiment(lags=(1, 2), n_steps=3, cells=("SimpleRNN",), units=2, epochs=1, size=100)
    partial = run_lag_experiment(settings, should_stop=lambda: True)
    assert partial.table.empty
    with pytest.raises(ValueError, match="lag 9 is longer than the sequences"):
        LagExperiment(lags=(1, 9), n_steps=5)
    with pytest.raises(ValueError, match="cells must be some of SimpleRNN, LSTM, GRU"):
        LagExperiment(cells=("Transformer",))
    with pytest.raises(ValueError, match="embedding_scale must be a number"):
        LagExperiment(embedding_scale=-1.0)
    with pytest.raises(ValueError, match="no trial for cell 'LSTM'"):
        partial.accuracy("LSTM", 1)
    assert LagExperiment(lags=(5, 1, 5)).lags == (1, 5)
