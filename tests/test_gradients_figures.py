"""Figures carry the measured numbers; captions say what the numbers say (and nothing else)."""

import numpy as np
import pandas as pd
import pytest

from rnnviz.figures.gradients import gradient_heatmap, gradient_through_time, lag_accuracy, loss_curves, \
    shared_log_range
from rnnviz.gradients import LagExperiment
from rnnviz.gradients.captions import (describe_clipping, describe_lag_result, describe_through_time,
                                       format_ratio, remembered_up_to, summary_table)
from rnnviz.gradients.lag_experiment import LagResult
from rnnviz.gradients.recorder import GradientHistory


def _summary(values):
    values = np.asarray(values, dtype=float)
    return pd.DataFrame({"median": values, "q10": values / 2, "q90": values * 2},
                        index=pd.Index(np.arange(len(values)), name="distance"))


def _lag_result(rows, cells=("SimpleRNN", "LSTM", "GRU"), lags=(1, 10, 20)):
    table = pd.DataFrame([{"cell": c, "lag": lag, "val_accuracy": a, "best_val_accuracy": a, "best_epoch": 8,
                           "train_accuracy": a,
                           "epochs": 8, "diverged": False} for c, lag, a in rows])
    return LagResult(LagExperiment(lags=lags, cells=cells), table, 1.0)


def test_through_time_caption_reports_the_measured_ratios():
    curves = {"SimpleRNN": _summary([1.0, 0.5, 0.2]), "LSTM": _summary([2.0, 1e-3, 6e-8]),
              "GRU": _summary([1.0, 3.0, 400.0])}
    text = describe_through_time(curves)
    assert "2 steps before the last word" in text
    assert "SimpleRNN 0.2x" in text and "LSTM 3.0e-08x" in text and "GRU 4e+02x" in text
    assert "LSTM vanished (below 1.2e-07x" in text                    # never ranked against the others
    assert "SimpleRNN 0.2x (0.2)" in text                            # the absolute size next to the ratio
    assert "Relative to its own size at the end, GRU keeps the most of it and SimpleRNN the least" in text
    assert "grows going back in time for GRU: by over 100x, exploding" in text
    assert "grows" not in describe_through_time({"a": _summary([1.0, 0.9]), "b": _summary([1.0, 0.1])})
    both = describe_through_time({"GRU": _summary([1.0, 1.4e-10]), "LSTM": _summary([1.0, 3e-9])})
    assert "GRU and LSTM both vanished" in both and "keeps the most" not in both
    # relative to its own end one keeps more, but its gradient is 1000x smaller in absolute size: say so
    sizes = describe_through_time({"SimpleRNN": _summary([100.0, 1.0]), "LSTM": _summary([1e-4, 1e-3])})
    assert "LSTM keeps the most" in sizes and "In absolute size, though, SimpleRNN's gradient there is 1e+03 times LSTM's" in sizes
    table = summary_table(curves)
    assert table.set_index("cell").loc["LSTM", "ratio"] == pytest.approx(3e-8)
    assert format_ratio(0.0).startswith("0x") and "NaN" in format_ratio(float("nan"))


def test_lag_caption_follows_the_measurement_not_the_textbook():
    gated_better = _lag_result([("SimpleRNN", 1, 1.0), ("SimpleRNN", 10, 0.6), ("SimpleRNN", 20, 0.5),
                                ("LSTM", 1, 1.0), ("LSTM", 10, 0.97), ("LSTM", 20, 0.95),
                                ("GRU", 1, 1.0), ("GRU", 10, 0.95), ("GRU", 20, 0.52)])
    text = describe_lag_result(gated_better)
    assert "at lag 20, validation accuracy was SimpleRNN 0.50, LSTM 0.95, GRU 0.52" in text
    assert remembered_up_to(gated_better) == {"SimpleRNN": 1, "LSTM": 20, "GRU": 10}
    assert "the gated cells remembered further back than SimpleRNN" in text
    simple_better = _lag_result([("SimpleRNN", 1, 1.0), ("SimpleRNN", 10, 1.0), ("SimpleRNN", 20, 1.0),
                                 ("LSTM", 1, 1.0), ("LSTM", 10, 1.0), ("LSTM", 20, 0.47),
                                 ("GRU", 1, 1.0), ("GRU", 10, 0.5), ("GRU", 20, 0.49)])
    text = describe_lag_result(simple_better)
    assert "SimpleRNN remembered further back than the gated cells" in text
    assert "did not appear within this budget" in text
    assert "Learnt, then lost" not in text
    collapsed = _lag_result([("LSTM", 1, 1.0), ("LSTM", 20, 0.47)], cells=("LSTM",), lags=(1, 20))
    collapsed.table.loc[1, ["best_val_accuracy", "best_epoch"]] = [1.0, 5]
    assert ("Learnt, then lost: LSTM at lag 20 reached 1.00 at epoch 5 and ended at 0.47"
            in describe_lag_result(collapsed))
    same = _lag_result([(c, lag, 1.0) for c in ("SimpleRNN", "LSTM", "GRU") for lag in (1, 10, 20)])
    assert "no cell remembered further back" in describe_lag_result(same)


def test_through_time_figure_carries_the_medians_and_words():
    curves = {"LSTM": _summary([1.0, 1e-3, 1e-25]), "GRU": _summary([1.0, 0.0, np.nan])}
    fig = gradient_through_time(curves, words=["end", "middle", "start"])
    lines = [trace for trace in fig.data if trace.mode and "lines" in trace.mode]
    assert [line.name for line in lines] == ["LSTM", "GRU"]
    assert list(lines[0].y) == pytest.approx([1.0, 1e-3, 1e-25])           # tiny values kept, not rounded to 0
    assert lines[1].y[0] == 1.0 and np.isnan(lines[1].y[1:]).all()         # 0 and NaN cannot sit on a log axis
    assert lines[0].text[0] == "word 'end'" and fig.layout.yaxis.type == "log"
    assert len(fig.data) == 4                                               # a 10-90% band per line


def test_loss_axis_labels_only_decades_or_full_values():
    wide = loss_curves({"without": pd.DataFrame({"loss": [50.0, 3.0, 0.2]}, index=[1, 2, 3])}).layout.yaxis
    assert wide.type == "log" and wide.dtick == 1 and wide.exponentformat == "power"   # 0.1, 1, 10, 100
    assert wide.minor.dtick is None and not wide.minor.ticks and not wide.minor.showgrid   # nothing in between
    assert not (isinstance(wide.dtick, str) and wide.dtick.startswith("D"))
    narrow = loss_curves({"with": pd.DataFrame({"loss": [0.69, 0.4]}, index=[1, 2])}).layout.yaxis
    assert narrow.type == "log" and narrow.dtick is None and narrow.tickformat == ".2~g"   # "0.4", "0.5", ...


def _no_minor_ticks(axis):
    return axis.minor.dtick is None and not axis.minor.ticks and not axis.minor.showgrid


@pytest.mark.parametrize("low, every", [(1e-3, 1), (1e-12, 2), (1e-25, 4)])
def test_gradient_log_axis_labels_only_powers_of_ten_at_most_eight_and_no_minor_ticks(low, every):
    fig = gradient_through_time({"LSTM": _summary([1.0, np.sqrt(low), low])})
    axis = fig.layout.yaxis
    assert axis.type == "log" and axis.exponentformat == "power" and _no_minor_ticks(axis)
    assert axis.dtick == every                                   # 3 decades: each; 25 decades: every 4th
    assert -np.log10(low) / axis.dtick <= 8


def test_gradient_log_axis_within_a_decade_labels_full_values():
    axis = gradient_through_time({"LSTM": _summary([0.9, 0.5, 0.3])}, band=False).layout.yaxis
    assert axis.dtick is None and axis.tickformat == ".2~g" and _no_minor_ticks(axis)


def test_heatmap_and_loss_and_lag_figures_carry_the_numbers():
    history = GradientHistory(n_sequences=4, distances=np.arange(3), epochs=[0, 1],
                              hidden={"lstm_1": [np.array([1.0, 1e-2, np.nan]), np.array([2.0, 1e-1, np.nan])]})
    fig = gradient_heatmap(history)
    assert np.asarray(fig.data[0].z) == pytest.approx(np.log10([[1.0, 1e-2], [2.0, 1e-1]]))
    assert np.asarray(fig.data[0].customdata) == pytest.approx(np.array([[1.0, 1e-2], [2.0, 1e-1]]))
    assert list(fig.data[0].x) == [0, 1]                                     # distance 2 never reached: dropped
    assert shared_log_range([history]) == pytest.approx((-2.0, np.log10(2.0)))
    losses = loss_curves({"without": pd.DataFrame({"loss": [5.0, np.nan]}, index=[1, 2]),
                          "with": pd.DataFrame({"loss": [5.0, 1.0]}, index=[1, 2])})
    assert [t.name for t in losses.data] == ["without", "without: loss became NaN", "with"]
    assert list(losses.data[2].y) == [5.0, 1.0]
    text = describe_clipping({"without": pd.DataFrame({"loss": [np.nan]}, index=[1]),
                              "with": pd.DataFrame({"loss": [5.0, 1.0]}, index=[1, 2])},
                             {"without": "the loss became NaN in epoch 1: training diverged.", "with": None})
    assert text == "Measured: without: the loss became NaN in epoch 1; with: loss 5 after epoch 1, 1 after epoch 2."
    result = _lag_result([("SimpleRNN", 1, 1.0), ("SimpleRNN", 10, 0.75), ("LSTM", 1, 0.5)], lags=(1, 10))
    fig = lag_accuracy(result)
    assert [t.name for t in fig.data] == ["SimpleRNN", "LSTM"]
    assert list(fig.data[0].y) == [1.0, 0.75] and list(fig.data[0].x) == [1, 10]
