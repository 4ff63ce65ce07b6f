"""diagnose() on histories built to be each case, its edge cases, and the presets trained for real."""

import math

import numpy as np
import pandas as pd
import pytest

import rnnviz
import rnnviz.i18n
from rnnviz.fitting import (CANNOT_TELL, FITTING_SCENARIOS, GOOD_FIT, LABELS, OVERFITTING, UNDER_AND_OVERFITTING,
                            UNDERFITTING, compare_diagnoses, diagnose, diagnose_run)

EPOCHS = np.arange(1, 21)
SPANISH_LABELS = {UNDERFITTING: "subajuste", GOOD_FIT: "buen ajuste", OVERFITTING: "sobreajuste"}


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


def window_means(values, window):
    """Means of every `window` consecutive values, by pandas (an oracle independent of rnnviz.fitting.curves)."""
    return pd.Series(values).rolling(window).mean().dropna().to_numpy()


def test_overfitting_history_is_overfitting_with_the_measured_reasons():
    h = overfitting_history()
    d = diagnose(h)
    assert d.label == OVERFITTING and d.findings == (OVERFITTING,)
    assert d.best_epoch == 6 and d.best_val_loss == pytest.approx(0.5)
    # the rise is read on 5-epoch means: last (epochs 16-20) minus lowest (epochs 4-8)
    means = window_means(h["val_loss"], 5)
    assert d.window == 5 and d.val_loss_rise == pytest.approx(means[-1] - means.min())
    assert means.argmin() == 3 and d.val_loss_rise == pytest.approx(1.46 - 0.02)
    assert d.train_metric == pytest.approx(h["accuracy"].iloc[-1])
    assert d.gap == pytest.approx(h["accuracy"].iloc[-1] - 0.70)
    # gap trend: least-squares slope of (val_loss - loss) over epochs 11..20, computed independently
    gap = (h["val_loss"] - h["loss"]).to_numpy()[10:]
    x = np.arange(10)
    slope = ((x - x.mean()) * (gap - gap.mean())).sum() / ((x - x.mean()) ** 2).sum()
    assert d.gap_trend == pytest.approx(slope)
    assert d.gap_trend > 0
    assert "lowest 5-epoch average (0.520, epochs 4-8)" in d.reasons[0]
    assert d.reasons[0].endswith("the validation loss turned up")
    assert "much lower than the validation error" in d.reasons[1]


def test_rising_validation_loss_alone_is_overfitting_even_with_close_accuracies():
    h = overfitting_history()
    h["val_accuracy"] = h["accuracy"] - 0.01
    d = diagnose(h)
    assert d.label == OVERFITTING and d.gap == pytest.approx(0.01)
    assert "turned up" in d.reasons[0]


def test_underfitting_history_is_underfitting():
    loss = 0.69 - 0.002 * EPOCHS
    d = diagnose(history(loss, loss + 0.01, np.full(20, 0.60), np.full(20, 0.58)))
    assert d.label == UNDERFITTING
    assert d.reasons[0].startswith("training error 0.400 (averaged over the last 5 epochs) is 80% of chance's "
                                   "error 0.500")
    assert d.train_error_share == pytest.approx(0.8) and d.gap == pytest.approx(0.02)


def test_high_training_error_and_a_gap_is_underfitting_and_overfitting_together():
    loss = 0.6 - 0.004 * EPOCHS
    d = diagnose(history(loss, loss + 0.15, np.full(20, 0.75), np.full(20, 0.60)))
    assert d.label == UNDER_AND_OVERFITTING and d.findings == (UNDERFITTING, OVERFITTING)
    assert d.kept_share == pytest.approx(0.10 / 0.25)
    assert {d.reasons[0].split(" ")[0], d.reasons[1].split(" ")[0]} == {"training"}   # both supporting reasons
    assert any("much lower than the validation error" in r for r in d.reasons[:2])
    assert any("does not fit even its training data" in r for r in d.reasons[:2])


def test_two_errors_near_chance_a_little_apart_are_not_a_gap():
    # error 0.40 vs 0.44: validation keeps 60 % of the gain over chance, but the gap (0.04) is under
    # 0.1 x chance's error (0.05): two errors near chance wobble that much
    loss = 0.69 - 0.002 * EPOCHS
    h = history(loss, loss, np.full(20, 0.60), np.full(20, 0.56))
    assert diagnose(h).label == UNDERFITTING
    assert diagnose(h, min_gap=0.05).label == UNDER_AND_OVERFITTING


def test_chance_is_the_majority_class_not_one_half():
    # 0.80 accuracy is a good fit on a balanced task but near chance when 75 % of the labels are one class
    loss = 0.5 * np.exp(-EPOCHS / 4) + 0.2
    h = history(loss, loss + 0.01, np.full(20, 0.80), np.full(20, 0.79))
    assert diagnose(h).label == GOOD_FIT
    skewed = diagnose(h, class_shares=(0.25, 0.75))
    assert skewed.label == UNDERFITTING and skewed.chance_metric == pytest.approx(0.75)
    assert skewed.train_error_share == pytest.approx(0.20 / 0.25)


def test_good_fit_history_is_good_fit():
    loss = 0.7 * np.exp(-EPOCHS / 4)
    d = diagnose(history(loss, loss * 1.05, 1 - loss / 3, 1 - loss / 3 - 0.005))
    assert d.label == GOOD_FIT
    assert d.best_epoch == 20 and d.val_loss_rise == pytest.approx(0.0)
    assert d.reasons[0].endswith("low (at most 40%)")
    assert any(r.startswith("validation loss was still falling") for r in d.reasons)


def test_tiny_wiggles_near_zero_loss_are_not_a_rise():
    loss = np.linspace(0.5, 0.001, 20)
    val_loss = np.r_[np.linspace(0.5, 0.002, 15), [0.004, 0.003, 0.005, 0.004, 0.006]]   # +200 % but +0.004
    d = diagnose(history(loss, val_loss, np.full(20, 1.0), np.full(20, 0.995)))
    # beyond its (tiny) noise, but below 2 % of chance's loss (ln 2): too small to matter
    assert d.rise_score > 4 and 0 < d.val_loss_rise < 0.02 * math.log(2) and d.label == GOOD_FIT


# --- simulated histories: noise must not decide the verdict ---------------------------------------------------

def simulated(seed: int, n_epochs: int = 20, val_shape=None, sd: float = 0.015, train_acc_end: float = 0.97,
              val_acc: float = 0.95, train_above_val: bool = True) -> pd.DataFrame:
    """A noisy history: training loss falls; validation loss follows `val_shape(epochs)` plus N(0, sd) noise."""
    rng = np.random.default_rng(seed)
    e = np.arange(1, n_epochs + 1)
    loss = 0.08 + 0.6 * np.exp(-e / 3) + rng.normal(0, sd / 3, n_epochs)
    val_shape = val_shape or (lambda e: 0.30 + 0.35 * np.exp(-e / 2))
    val_loss = val_shape(e) + rng.normal(0, sd, n_epochs)
    accuracy = train_acc_end - 0.2 * np.exp(-e / 3) + rng.normal(0, sd / 3, n_epochs)
    val_accuracy = val_acc - 0.1 * np.exp(-e / 2) + rng.normal(0, sd, n_epochs)
    if not train_above_val:
        loss, accuracy = val_loss + 0.08, val_accuracy - 0.04        # dropout: training looks worse
    return history(loss, val_loss, accuracy, val_accuracy)


def test_a_noisy_plateau_is_not_overfitting_in_at_least_95_percent_of_200_seeds():
    # validation loss flat at 0.30 after its descent, sd 0.015: the old rule (last epoch vs minimum) said
    # overfitting in 39 % of seeds
    labels = [diagnose(simulated(seed)).label for seed in range(200)]
    assert sum(label in (OVERFITTING, UNDER_AND_OVERFITTING) for label in labels) <= 10
    assert labels.count(GOOD_FIT) >= 190


def test_a_clear_rise_is_overfitting_in_every_seed():
    rising = lambda e: 0.30 + 0.35 * np.exp(-e / 2) + 0.012 * np.maximum(e - 8, 0)   # noqa: E731
    labels = [diagnose(simulated(seed, val_shape=rising)).label for seed in range(50)]
    assert labels == [OVERFITTING] * 50


def test_a_still_falling_validation_loss_under_dropout_is_not_overfitting():
    falling = lambda e: 0.25 + 0.4 * np.exp(-e / 8)   # noqa: E731
    for seed in range(50):
        d = diagnose(simulated(seed, val_shape=falling, train_above_val=False))
        assert d.label == GOOD_FIT, d.reasons
        assert d.kept_share > 1                       # validation does better than training: dropout


def test_an_imdb_like_plateau_is_a_good_fit_with_a_mild_gap():
    # measured shape of real IMDB LSTM runs: training accuracy climbs to 0.95, validation plateaus near 0.86
    imdb = lambda e: 0.32 + 0.15 * np.exp(-e / 1.5)   # noqa: E731
    labels = [diagnose(simulated(seed, n_epochs=10, val_shape=imdb, train_acc_end=0.95, val_acc=0.86))
              for seed in range(50)]
    assert all(d.label == GOOD_FIT for d in labels)
    assert all("a mild gap" in " ".join(d.reasons) for d in labels)


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
    assert diagnose(history(flat, flat)).label == UNDERFITTING           # losses only: flat at chance's loss
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
    assert d.val_loss_rise == pytest.approx(0.0)     # up to epoch 6, the validation loss only fell
    assert not any("turned up" in reason for reason in d.reasons)
    assert any(reason.startswith("after epoch 6 the validation loss went from 0.500 to 2.460 by epoch 20 (+1.960)") for reason in d.reasons)
    assert d.reasons[0] == "early stopping restored the weights of epoch 6: that model is judged"
    # the restored model's own numbers decide: training 0.849 vs validation 0.70 is still a wide gap
    assert d.train_metric == pytest.approx(h.loc[6, "accuracy"]) and d.label == OVERFITTING


def test_bad_arguments_name_the_value_and_the_range():
    with pytest.raises(ValueError, match=r"history must be a DataFrame with a 'loss' column.*\['acc'\]"):
        diagnose(pd.DataFrame({"acc": [1.0]}))
    with pytest.raises(ValueError, match="history must be a DataFrame.*list"):
        diagnose([0.5, 0.4])
    with pytest.raises(ValueError, match="min_kept must be a number from 0 to 1, got 2"):
        diagnose(overfitting_history(), min_kept=2)
    with pytest.raises(ValueError, match="rise_z must be a number from 0 to 100, got -1"):
        diagnose(overfitting_history(), rise_z=-1)
    with pytest.raises(ValueError, match=r"class_shares must be two or more shares.*\(0.5, 0.6\)"):
        diagnose(overfitting_history(), class_shares=(0.5, 0.6))
    with pytest.raises(ValueError, match=r"restored_epoch must be one of the epochs read \(1 to 20\), got 30"):
        diagnose(overfitting_history(), restored_epoch=30)


def test_measures_and_comparison_tables_carry_the_diagnosis_numbers():
    d = diagnose(overfitting_history())
    measures = dict(d.measures().to_numpy())
    assert measures["best epoch (lowest validation loss)"] == "6"
    assert float(measures["validation loss rise (5-epoch means)"]) == pytest.approx(d.val_loss_rise, abs=5e-4)
    table = compare_diagnoses({"a": d, "b": diagnose(overfitting_history().iloc[:2])})
    assert list(table.index) == ["a", "b"] and list(table["diagnosis"]) == [OVERFITTING, CANNOT_TELL]
    assert table.loc["a", "gap"] == pytest.approx(d.gap)


def test_public_api():
    # every public name resolves to the object its own module defines (not a stale copy)
    import importlib
    for name in rnnviz.__all__:
        assert getattr(rnnviz, name) is getattr(importlib.import_module(rnnviz._API[name]), name)
    assert rnnviz.diagnose is diagnose and diagnose.__module__ == "rnnviz.fitting.diagnosis"
    with pytest.raises(AttributeError, match="no attribute 'diagnosis'"):
        rnnviz.diagnosis  # noqa: B018
    # each preset is named after the verdict it is built to produce, and every verdict is a known label
    assert all(scenario.intended == name for name, scenario in rnnviz.FITTING_SCENARIOS.items())
    assert {s.intended for s in rnnviz.FITTING_SCENARIOS.values()} == set(LABELS) - {CANNOT_TELL,
                                                                                      UNDER_AND_OVERFITTING}
    assert len(set(LABELS)) == len(LABELS)


@pytest.mark.parametrize("name", list(FITTING_SCENARIOS))
def test_each_preset_at_test_size_shows_its_case(name):
    scenario = FITTING_SCENARIOS[name]
    run = scenario.test.train()
    diagnosis = diagnose_run(run)
    assert diagnosis.label == scenario.intended, diagnosis.reasons
    with rnnviz.i18n.use_language("es"):          # the same run judged for a Spanish-speaking class
        spanish, spanish_name = diagnose_run(run), diagnose_run(run).label_name
    assert spanish.label == diagnosis.label and spanish_name == SPANISH_LABELS[name]
    assert all("validación" in reason or "entrenamiento" in reason for reason in spanish.reasons[:2])
    assert not any("validation" in reason or "training" in reason for reason in spanish.reasons)
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


def test_three_epochs_are_judged_on_the_last_one_and_say_no_rise_can_be_measured():
    # validation loss rose every epoch; averaged over all three epochs validation keeps 72 % of the gain,
    # the last epoch alone only 59 % (0.265 of 0.45)
    h = history([0.6, 0.4, 0.3], [0.5, 0.55, 0.6], [0.7, 0.85, 0.95], [0.72, 0.74, 0.765])
    d = diagnose(h)
    assert d.window == 1 and d.kept_share == pytest.approx(0.265 / 0.45)
    assert d.label == OVERFITTING
    text = " ".join(d.reasons)
    assert "still falling" not in text and "averaged over the last 3 epochs" not in text
    assert "training accuracy in epoch 3 0.950 vs validation 0.765" in text
    assert ("the validation loss went from 0.500 (epoch 1) to 0.600 (epoch 3): 3 epochs are too few to tell a "
            "rise from the curve's own noise") in text
    assert d.val_loss_rise is None and d.rise_score is None


def test_after_early_stopping_the_later_rise_is_the_measured_change():
    # early stopping restored epoch 3 of 5; the validation loss then rose by 0.449
    h = history([0.6, 0.5, 0.4, 0.3, 0.2], [0.55, 0.5, 0.45, 0.7, 0.899])
    d = diagnose(h, restored_epoch=3)
    later = [reason for reason in d.reasons if reason.startswith("after epoch 3")]
    assert later == ["after epoch 3 the validation loss went from 0.450 to 0.899 by epoch 5 (+0.449); early "
                     "stopping kept epoch 3's weights, so that change does not count against this model"]


@pytest.mark.parametrize("val_accuracy, shown", [(0.5 + 0.696 * 0.4, "keeps only 69% of"),
                                                 (0.5 + 0.7004 * 0.4, "keeps 71% of")])
def test_a_printed_share_never_contradicts_the_threshold_it_is_compared_with(val_accuracy, shown):
    loss = 0.7 * np.exp(-EPOCHS / 5)
    d = diagnose(history(loss, np.full(20, 0.5), np.full(20, 0.9), np.full(20, val_accuracy)))
    assert shown in " ".join(d.reasons)
    assert (d.label == OVERFITTING) == (d.kept_share < 0.7)
