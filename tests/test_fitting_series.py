"""diagnose on forecasting histories: no accuracy column, MSE or MAE losses, chance = the best constant forecast."""

import numpy as np
import pandas as pd
import pytest

import rnnviz
from rnnviz.fitting import GOOD_FIT, OVERFITTING, UNDERFITTING, diagnose, diagnose_run, regression_chance_loss


def series_history(loss, val_loss) -> pd.DataFrame:
    """The columns a series run records: loss, mae, val_loss, val_mae (no accuracy)."""
    loss, val_loss = np.asarray(loss, float), np.asarray(val_loss, float)
    return pd.DataFrame({"loss": loss, "mae": np.sqrt(loss), "val_loss": val_loss, "val_mae": np.sqrt(val_loss)},
                        index=pd.RangeIndex(1, len(loss) + 1, name="epoch"))


E = np.arange(20)


def test_a_forecast_near_the_mean_is_underfitting_against_the_series_variance():
    d = diagnose(series_history(0.95 - 0.01 * np.exp(-E), 0.97 - 0.01 * np.exp(-E)), chance_loss=1.0,
                 chance_name="always forecasting the training mean")
    assert d.label == UNDERFITTING and d.metric is None
    assert d.train_error_share == pytest.approx(np.mean(0.95 - 0.01 * np.exp(-E[-4:])) / 1.0, rel=0.05)
    assert any("always forecasting the training mean" in reason for reason in d.reasons)


def test_a_low_close_mse_is_a_good_fit_and_a_rising_one_overfitting():
    falling = 0.05 + 0.9 * np.exp(-E / 2)
    assert diagnose(series_history(falling, falling + 0.01), chance_loss=1.0).label == GOOD_FIT
    rising = falling + 0.02 + np.where(E > 8, 0.03 * (E - 8), 0.0)
    assert diagnose(series_history(falling, rising), chance_loss=1.0).label == OVERFITTING


def test_the_same_mse_is_judged_against_the_series_own_scale():
    # 0.3 is a poor forecast of a series whose variance is 0.35, a good one of a series whose variance is 3
    loss = 0.3 + 0.5 * np.exp(-E / 2)
    h = series_history(loss, loss + 0.01)
    assert diagnose(h, chance_loss=0.35).label == UNDERFITTING
    assert diagnose(h, chance_loss=3.0).label == GOOD_FIT


def test_chance_loss_is_the_best_constant_forecast():
    y = np.random.default_rng(0).gamma(2.0, size=(400, 1))
    constants = np.linspace(y.min(), y.max(), 20001)
    best_mse = min(np.mean((y - c) ** 2) for c in constants[::20])
    best_mae = min(np.mean(np.abs(y - c)) for c in constants[::20])
    assert regression_chance_loss(y, "mse") == pytest.approx(best_mse, rel=1e-3)
    assert regression_chance_loss(y, "mae") == pytest.approx(best_mae, rel=1e-3)
    assert regression_chance_loss(y, "mse") == pytest.approx(np.var(y))


@pytest.mark.parametrize("bad, words", [(0.0, "chance_loss must be a positive number"),
                                        (float("nan"), "chance_loss must be a positive number"),
                                        (True, "chance_loss must be a positive number")])
def test_bad_chance_loss_is_named(bad, words):
    with pytest.raises(ValueError, match=words):
        diagnose(series_history(np.ones(5), np.ones(5)), chance_loss=bad)


def test_unknown_loss_for_a_chance_level_is_named():
    with pytest.raises(ValueError, match="loss must be 'mse' or 'mae'.*'huber'"):
        regression_chance_loss(np.ones((3, 1)), "huber")


def test_diagnose_run_reads_a_series_run_against_its_training_variance():
    data = rnnviz.load_dataset("noisy_sine", length=300, look_back=12)
    model = rnnviz.build_model(data, cell="GRU", units=4)
    run = rnnviz.train(model, data, epochs=4, batch_size=32, seed=0)
    d = diagnose_run(run)
    variance = float(np.var(data.train.y))
    assert d.metric is None and d.n_epochs == 4
    # training loss averaged like the verdict, over the series' own variance (what a constant forecast scores)
    window = d.window
    assert d.train_error_share == pytest.approx(run.history["loss"].iloc[-window:].mean() / variance, rel=1e-6)
    assert any("always forecasting the training mean" in reason for reason in d.reasons)
