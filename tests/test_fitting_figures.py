"""fitting_curves: every run's values on the same axes, its gap filled, its best epoch starred."""

import numpy as np
import pandas as pd
import pytest

from rnnviz.figures.fitting import fitting_curves
from rnnviz.figures.style import SEQUENCE


def history(val_loss, loss=None) -> pd.DataFrame:
    val_loss = np.asarray(val_loss, dtype=float)
    loss = np.linspace(0.7, 0.1, len(val_loss)) if loss is None else np.asarray(loss, dtype=float)
    frame = pd.DataFrame({"loss": loss, "accuracy": 1 - loss, "val_loss": val_loss, "val_accuracy": 1 - val_loss / 2})
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="epoch")
    return frame


def test_runs_overlaid_with_their_values_gap_and_best_epoch():
    histories = {"base": history([0.7, 0.6, 0.5, 0.65, 0.9]), "remedy": history([0.7, 0.55, 0.45, 0.4, 0.42])}
    fig = fitting_curves(histories)
    by_name = {trace.name: trace for trace in fig.data}
    for index, (name, h) in enumerate(histories.items()):
        color = SEQUENCE[index]
        for metric, axis in (("loss", "x"), ("accuracy", "x2")):
            train = [t for t in fig.data if t.name == name and t.xaxis == axis][0]
            validation = [t for t in fig.data if t.name == f"{name} (validation)" and t.xaxis == axis][0]
            np.testing.assert_allclose(train.y, h[metric].to_numpy())
            np.testing.assert_allclose(validation.y, h[f"val_{metric}"].to_numpy())
            np.testing.assert_array_equal(validation.x, np.arange(1, 6))
            assert train.line.color == validation.line.color == color and validation.line.dash == "dash"
            # the gap: the validation curve fills back to the trace just before it, this run's training curve
            assert validation.fill == "tonexty"
            assert fig.data[fig.data.index(validation) - 1] is train
            star = [t for t in fig.data if t.name == f"{name}: best epoch" and t.xaxis == axis][0]
            best = int(h["val_loss"].idxmin())
            assert list(star.x) == [best] and star.y[0] == pytest.approx(h.loc[best, f"val_{metric}"])
    assert (by_name["base: best epoch"].x[0], by_name["remedy: best epoch"].x[0]) == (3, 4)
    assert [t.name for t in fig.data if t.showlegend] == ["base", "remedy"]     # one legend entry per run


def test_best_epoch_override_and_histories_without_validation():
    fig = fitting_curves({"a": history([0.5, 0.4, 0.45])}, best_epochs={"a": 1}, shade_gap=False)
    star = [t for t in fig.data if t.name == "a: best epoch"][0]
    assert star.x[0] == 1 and all(t.fill is None for t in fig.data)
    two = fitting_curves({"a": history([0.5, 0.4, 0.45]), "b": history([0.6, 0.5, 0.4])}, shade_gap=["b"])
    assert {t.name: t.fill for t in two.data if t.name.endswith("(validation)")} == {
        "a (validation)": None, "b (validation)": "tonexty"}
    train_only = history([0.5, 0.4, 0.3])[["loss", "accuracy"]]
    assert [t.name for t in fitting_curves({"b": train_only}).data] == ["b", "b"]


def test_no_history_is_refused():
    with pytest.raises(ValueError, match="histories is empty"):
        fitting_curves({})
