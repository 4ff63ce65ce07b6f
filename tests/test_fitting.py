"""diagnose() on histories built to be each case, its edge cases, and the presets trained for real."""

import math

import numpy as np
import pandas as pd
import pytest

import rnnviz
from rnnviz.fitting import (CANNOT_TELL, FITTING_SCENARIOS, GOOD_FIT, LABELS, OVERFITTING, UNDERFITTING,
                            compare_diagnoses, diagnose, diagnose_run)

EPOCHS = np.arange(1, 21)


def history(loss, val_loss=None, accuracy=None, val_accuracy=None) -> pd.DataFrame:
    """A Run-like history (index epoch from 1) from per-epoch arrays; None columns are left out."""
    columns = {"loss": loss, "accuracy": accuracy, "val_loss": val_loss, "val_accuracy": val_accuracy}
    frame = pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in columns.items() if v is not None})
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="epoch")
    return frame


def overfitting_history() -> pd.DataFrame:
    """Training loss falls to ~0; validation loss is a parabola lowest at epoch 6, then climbs."""
    loss = 0.7 * np.exp(-EPOCHS / 5)
    val_loss = 0.5 + 0.01 * (EPOCHS - 6) ** 2
    return history(loss, val_loss, 1 - loss / 1.4, np.full(20, 0.70))


def test_overfitting_history_is_overfitting_with_the_measured_reasons():
    h = overfitting_history()
    d = diagnose(h)
    assert d.label == OVERFITTING
    assert d.best_epoch == 6 and d.best_val_loss == pytest.approx(0.5)
    assert d.val_loss_rise == pytest.approx(0.01 * 14 ** 2)               # epoch 20 vs epoch 6
    assert d.val_loss_rise_relative == pytest.approx(1.96 / 0.5)
    assert d.train_metric == pytest.approx(h["accuracy"].iloc[-1])
    assert d.gap == pytest.approx(h["accuracy"].iloc[-1] - 0.70)
    # gap trend: least-squares slope of (val_loss - loss) over epochs 11..20, computed independently
    gap = (h["val_loss"] - h["loss"]).to_numpy()[10:]
    x = np.arange(10)
    slope = ((x - x.mean()) * (gap - gap.mean())).sum() / ((x - x.mean()) ** 2).sum()
    assert d.gap_trend == pytest.approx(slope)
    assert d.gap_trend > 0
    assert "lowest in epoch 6 (0.500), then rose by 1.960" in d.reasons[0]
    assert "much lower than the validation error" in d.reasons[1]


def test_rising_validation_loss_alone_is_overfitting_even_with_close_accuracies():
    h = overfitting_history()
    h["val_accuracy"] = h["accuracy"] - 0.01
    d = diagnose(h)
    assert d.label == OVERFITTING and d.gap == pytest.approx(0.01)
    assert "then rose by" in d.reasons[0]


def test_underfitting_history_is_underfitting():
    loss = 0.69 - 0.002 * EPOCHS
    d = diagnose(history(loss, loss + 0.01, np.full(20, 0.60), np.full(20, 0.58)))
    assert d.label == UNDERFITTING
    assert d.reasons[0].startswith("training error 0.400 is above 0.10: high")
    assert d.gap == pytest.approx(0.02)


def test_two_high_errors_a_little_apart_are_close_not_overfitting():
    # error 0.40 vs 0.46: the gap (0.06) is over max_gap but the ratio (1.15x) is under 1.5x
    loss = 0.69 - 0.002 * EPOCHS
    d = diagnose(history(loss, loss, np.full(20, 0.60), np.full(20, 0.54)))
    assert d.label == UNDERFITTING
    assert diagnose(history(loss, loss, np.full(20, 0.60), np.full(20, 0.54)), min_error_ratio=1.1).label == OVERFITTING


def test_good_fit_history_is_good_fit():
    loss = 0.7 * np.exp(-EPOCHS / 4)
    d = diagnose(history(loss, loss * 1.05, 1 - loss / 3, 1 - loss / 3 - 0.005))
    assert d.label == GOOD_FIT
    assert d.best_epoch == 20 and d.val_loss_rise == pytest.approx(0.0)
    assert d.reasons[0].endswith("below 0.10: low")


def test_tiny_wiggles_near_zero_loss_are_not_a_rise():
    loss = np.linspace(0.5, 0.001, 20)
    val_loss = np.r_[np.linspace(0.5, 0.002, 15), [0.004, 0.003, 0.005, 0.004, 0.006]]   # +200 % but +0.004
    d = diagnose(history(loss, val_loss, np.full(20, 1.0), np.full(20, 0.995)))
    assert d.val_loss_rise_relative > 1 and d.label == GOOD_FIT


@pytest.mark.parametrize("n_epochs", [1, 2])
def test_too_few_epochs_cannot_tell(n_epochs):
    h = overfitting_history().iloc[:n_epochs]
    d = diagnose(h)
    assert d.label == CANNOT_TELL and d.n_epochs == n_epochs and d.best_epoch is None
    assert f"{n_epochs} finite epoch" in d.reasons[0]
    assert diagnose(overfitting_history().iloc[:3]).label != CANNOT_TELL


def test_nan_loss_reads_only_the_epochs_before_it():
    h = overfitting_history()
    h.loc[15:, "loss"] = np.nan                     # diverged in epoch 15
    d = diagnose(h)
    before = diagnose(overfitting_history().iloc[:14])
    assert d.diverged_at == 15 and d.n_epochs == 14
    assert (d.label, d.best_epoch, d.val_loss_rise, d.gap) == (before.label, before.best_epoch,
                                                              before.val_loss_rise, before.gap)
    assert any("NaN or infinite in epoch 15" in reason for reason in d.reasons)
    h.loc[2:, "val_loss"] = np.inf
    early = diagnose(h)
    assert early.label == CANNOT_TELL and early.diverged_at == 2 and early.n_epochs == 1


def test_without_validation_only_underfitting_can_be_seen():
    loss = 0.69 - 0.01 * EPOCHS
    d = diagnose(history(loss, accuracy=np.full(20, 0.55)))
    assert d.label == UNDERFITTING and d.val_loss is None and d.gap is None
    fitted = diagnose(history(loss, accuracy=np.full(20, 0.99)))
    assert fitted.label == CANNOT_TELL
    assert "no validation columns" in fitted.reasons[0]


def test_flat_curves_are_underfitting_and_say_so():
    flat = np.full(20, math.log(2))
    d = diagnose(history(flat, flat, np.full(20, 0.5), np.full(20, 0.5)))
    assert d.label == UNDERFITTING
    assert any(reason.startswith("the training loss is flat: it moved by 0") for reason in d.reasons)
    assert diagnose(history(flat, flat)).label == UNDERFITTING           # losses only: flat is the one sign
    assert diagnose(history(flat)).label == UNDERFITTING                 # and without validation too


def test_losses_only_still_see_overfitting():
    h = overfitting_history()[["loss", "val_loss"]]
    d = diagnose(h)
    assert d.label == OVERFITTING and d.metric is None
    assert d.gap == pytest.approx(h["val_loss"].iloc[-1] - h["loss"].iloc[-1])


def test_restored_epoch_judges_that_epochs_model():
    h = overfitting_history()
    d = diagnose(h, restored_epoch=6)
    assert d.epoch == 6 and d.train_loss == pytest.approx(h.loc[6, "loss"])
    assert d.val_loss_rise == pytest.approx(1.96)            # the curve still rose; the model kept is epoch 6's
    assert not any("then rose" in reason for reason in d.reasons)
    assert d.reasons[0] == "early stopping restored the weights of epoch 6: that model is judged"


def test_bad_arguments_name_the_value_and_the_range():
    with pytest.raises(ValueError, match=r"history must be a DataFrame with a 'loss' column.*\['acc'\]"):
        diagnose(pd.DataFrame({"acc": [1.0]}))
    with pytest.raises(ValueError, match="history must be a DataFrame.*list"):
        diagnose([0.5, 0.4])
    with pytest.raises(ValueError, match="max_gap must be a number from 0 to 1, got 2"):
        diagnose(overfitting_history(), max_gap=2)
    with pytest.raises(ValueError, match="min_error_ratio must be a number from 1 to 100, got 0.5"):
        diagnose(overfitting_history(), min_error_ratio=0.5)
    with pytest.raises(ValueError, match=r"restored_epoch must be one of the epochs read \(1 to 20\), got 30"):
        diagnose(overfitting_history(), restored_epoch=30)


def test_measures_and_comparison_tables_carry_the_diagnosis_numbers():
    d = diagnose(overfitting_history())
    measures = dict(d.measures().to_numpy())
    assert measures["best epoch (lowest validation loss)"] == "6"
    assert float(measures["validation loss rise after best"]) == pytest.approx(d.val_loss_rise, abs=5e-4)
    table = compare_diagnoses({"a": d, "b": diagnose(overfitting_history().iloc[:2])})
    assert list(table.index) == ["a", "b"] and list(table["diagnosis"]) == [OVERFITTING, CANNOT_TELL]
    assert table.loc["a", "gap"] == pytest.approx(d.gap)


def test_public_api():
    assert rnnviz.diagnose is diagnose
    assert set(rnnviz.FITTING_SCENARIOS) == {UNDERFITTING, GOOD_FIT, OVERFITTING}
    assert set(LABELS) == {UNDERFITTING, GOOD_FIT, OVERFITTING, CANNOT_TELL}


@pytest.mark.parametrize("name", list(FITTING_SCENARIOS))
def test_each_preset_at_test_size_shows_its_case(name):
    scenario = FITTING_SCENARIOS[name]
    run = scenario.test.train()
    diagnosis = diagnose(run.history)
    assert diagnosis.label == scenario.intended, diagnosis.reasons
    assert run.request == scenario.test.request()
    n_train = scenario.test.n_train or round(0.7 * scenario.test.options["size"])
    assert len(run.dataset.train) == n_train
    # The page size is the same recipe with a bigger budget.
    assert scenario.page.config == scenario.test.config and scenario.page.seed == scenario.test.seed == 0


def test_diagnose_run_judges_the_weights_early_stopping_restored():
    spec = FITTING_SCENARIOS[OVERFITTING].test.with_changes(early_stopping_patience=2, name="early")
    run = spec.train()
    d = diagnose_run(run)
    best = int(run.history["val_loss"].idxmin())
    assert d.epoch == best < run.epochs_done
    # Oracle: Keras' own evaluation of the model we hold gives the validation loss of the judged epoch.
    loss, accuracy = run.model.evaluate(run.dataset.validation.x, run.dataset.validation.y, verbose=0)
    assert loss == pytest.approx(d.val_loss, rel=1e-4)
    assert accuracy == pytest.approx(d.val_metric, abs=1e-6)
