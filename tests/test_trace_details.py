"""Around the trace: typed input, the formula view's numbers, unit orderings, gate saturation (speed: bench/)."""

import re
from decimal import Decimal

import keras
import numpy as np
import pandas as pd
import pytest
from keras import layers

from rnnviz import build_model
from rnnviz.tracing import explain_step, gate_saturation, rank_units, trace
from rnnviz.tracing.formulas import _number


def random_model(recurrent, vocabulary=30, length=9, seed=0, scale=0.7):
    model = keras.Sequential([keras.Input((length,), dtype="int32"), layers.Embedding(vocabulary, 5, mask_zero=True),
                              *recurrent, layers.Dense(1, activation="sigmoid")])
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(0, scale, w.shape).astype("float32") for w in model.get_weights()])
    return model


# ---- typed sentences -------------------------------------------------------------------------------------

def test_typed_sentence_marks_unknown_words(tiny_sentiment):
    model = build_model(tiny_sentiment, cell="GRU", units=3, embedding_dim=4)
    result = trace(model, "The movie was zzzqx GOOD!", dataset=tiny_sentiment)
    assert result.words == ("the", "movie", "was", "zzzqx", "good")
    assert result.is_unknown.tolist() == [False, False, False, True, False]
    assert result.tokens[3] == "[UNK]" and result.labels[3] == "[UNK]"
    assert result.token_ids[3] == 1 and result.mask.all()
    # the same as the ids the dataset makes for model.predict
    padded = tiny_sentiment.encode(["The movie was zzzqx GOOD!"])[0]
    assert result.token_ids.tolist() == padded[padded != 0].tolist()
    assert result.predictions[-1, 0] == pytest.approx(float(model.predict(padded[None], verbose=0)[0, 0]), abs=1e-6)


def test_long_sentence_is_truncated_and_empty_text_gets_a_hint(tiny_sentiment):
    model = build_model(tiny_sentiment, cell="LSTM", units=3, embedding_dim=4)
    long_text = " ".join(["good"] * (tiny_sentiment.sequence_length + 5))
    result = trace(model, long_text, dataset=tiny_sentiment)
    assert result.n_steps == tiny_sentiment.sequence_length and result.n_truncated == 5
    with pytest.raises(ValueError, match="the sentence has no words: type one, for example"):
        trace(model, "  ?! ", dataset=tiny_sentiment)
    with pytest.raises(ValueError, match="needs dataset="):
        trace(model, "the movie")


def test_bad_input_and_models_that_cannot_be_traced(tiny_sentiment):
    model = build_model(tiny_sentiment, cell="LSTM", units=3, embedding_dim=4)
    with pytest.raises(ValueError, match=r"token ids must be from 0 to \d+"):
        trace(model, [3, 99999])
    with pytest.raises(ValueError, match="non-empty 1-D sequence of integers"):
        trace(model, np.zeros((2, 3), int))
    with pytest.raises(ValueError, match="reads at most 32 tokens"):
        trace(model, np.ones(40, int))
    with pytest.raises(ValueError, match="comes before the recurrent layers"):
        trace(build_model(tiny_sentiment, cell="pooling", units=3), [2, 3])


def test_trace_accepts_a_run_and_names_its_layers(tiny_runs):
    run = tiny_runs["LSTM"]
    result = trace(run, "the movie was good")
    cell_trace = result.layer("lstm_1")
    assert cell_trace.label == "lstm_1" and cell_trace.cell == "LSTM" and cell_trace.n_units == 4
    assert set(cell_trace.gates) == {"i", "f", "g", "o"}
    assert cell_trace.h.shape == cell_trace.c.shape == cell_trace.gates["f"].shape == (4, 4)
    assert cell_trace.inputs.shape == (4, 4)                        # (n_steps, embedding_dim)
    assert result.predictions.shape == (4, 1) and result.class_names == ("negative", "positive")
    with pytest.raises(ValueError, match="no recurrent layer 'gru_9'; traced: lstm_1"):
        result.layer("gru_9")


# ---- formula view ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("recurrent", [
    lambda: layers.SimpleRNN(4), lambda: layers.LSTM(4), lambda: layers.GRU(4),
    lambda: layers.GRU(4, reset_after=False), lambda: layers.LSTM(4, use_bias=False),
    lambda: layers.Bidirectional(layers.GRU(4, reset_after=False, use_bias=False))],
    ids=["SimpleRNN", "LSTM", "GRU", "GRU reset_after=False", "LSTM no bias", "BiGRU reset_after=False no bias"])
def test_formula_numbers_recompute_the_traced_values(recurrent):
    model = random_model([recurrent()])
    result = trace(model, [0, 4, 9, 2, 17, 6])
    for cell_trace in result.layers:
        for step in (1, 3, 5):
            for unit in (0, 3):
                lines = explain_step(cell_trace, step, unit)
                assert lines[-1].name == "h"
                assert lines[-1].value == pytest.approx(float(cell_trace.h[step, unit]))
                for line in lines:
                    # the numbers shown lead to the traced value (float64 vs float32 rounding only)
                    assert line.recomputed == pytest.approx(line.value, abs=2e-6), line.name
                    if line.name == "pre_activation":     # ends with the sum of its terms, to their decimals
                        assert float(line.numeric.rsplit("= ", 1)[1].replace("{-}", "-")) == pytest.approx(line.value, abs=2e-4)
                    else:
                        assert line.numeric.endswith(_number(line.value))
        with pytest.raises(ValueError, match="step 0 is padding"):
            explain_step(cell_trace, 0, 0)
        with pytest.raises(ValueError, match="unit must be an integer from 0 to 3"):
            explain_step(cell_trace, 2, 4)


def _shown_sums(numeric):
    """(terms, sum) of the plain sum a formula line shows, parsed from its LaTeX as exact decimals."""
    text = numeric.replace("{-}", "-")
    terms = re.findall(r"\\underbrace\{\(?(-?[0-9.]+)\)?\}", text)
    if not terms:                                          # GRU's candidate: \tanh\left(a + (b) + c\right)
        inside = re.match(r"= [^(]*\\left\((.*?)\\right\)", text).group(1)
        terms = [t.strip("()") for t in inside.split(" + ")]
    totals = re.findall(r"\\right\) = [^=]*?\\left\((-?[0-9.]+)\\right\)", text)
    total = totals[0] if totals else text.rsplit(" = ", 1)[1]      # SimpleRNN's pre-activation ends with its sum
    return [Decimal(t) for t in terms], Decimal(total)


@pytest.mark.parametrize("recurrent", [
    lambda: layers.SimpleRNN(4), lambda: layers.LSTM(4), lambda: layers.GRU(4, reset_after=False)],
    ids=["SimpleRNN", "LSTM", "GRU reset_after=False"])
def test_formula_terms_add_up_to_the_shown_sum(recurrent):
    model = random_model([recurrent()], seed=3)
    result = trace(model, [0, 4, 9, 2, 17, 6, 11, 3, 5])
    checked = 0
    for step in range(1, 9):
        for unit in range(4):
            for line in explain_step(result.layers[0], step, unit):
                if line.name in ("c", "h") or (line.name == "h_tilde" and "U_h (r_t" not in line.symbolic):
                    continue
                terms, total = _shown_sums(line.numeric)
                assert len(terms) == 3 and sum(terms) == total, line.numeric
                checked += 1
    assert checked >= 8 * 4


def test_formula_shows_the_course_notation():
    result = trace(random_model([layers.LSTM(3)]), [4, 9, 2])
    forget = next(line for line in explain_step(result.layers[0], 2, 1) if line.name == "f")
    assert forget.symbolic == r"f_t = \sigma\left(W_{f} \cdot [h_{t-1}, x_t] + b_{f}\right)"
    assert r"\text{from } x_t" in forget.numeric and r"\text{from } h_{t-1}" in forget.numeric


# ---- unit orderings --------------------------------------------------------------------------------------

def test_rank_units_against_pandas():
    result = trace(random_model([layers.GRU(6)]), [0, 0, 4, 9, 2, 17, 6, 11, 3])
    cell_trace = result.layers[0]
    frame = pd.DataFrame(cell_trace.h[result.mask].astype(float))
    order, scores = rank_units(cell_trace, "variance", result)
    np.testing.assert_allclose(scores, frame.var(ddof=0).to_numpy(), rtol=1e-9)
    assert list(order) == list(frame.var(ddof=0).sort_values(ascending=False, kind="stable").index)
    order, scores = rank_units(cell_trace, "correlation", result)
    expected = frame.corrwith(pd.Series(result.predictions[result.mask, 0].astype(float)))
    np.testing.assert_allclose(scores, expected.to_numpy(), atol=1e-9)
    assert np.abs(scores[order[0]]) == pytest.approx(np.abs(expected).max())
    assert list(rank_units(cell_trace, "index")[0]) == list(range(6))
    with pytest.raises(ValueError, match="ordered by index, variance, correlation; got 'size'"):
        rank_units(cell_trace, "size")


# ---- gate saturation -------------------------------------------------------------------------------------

def test_gate_saturation_counts_each_sentence_like_single_traces():
    model = random_model([layers.Bidirectional(layers.LSTM(4, return_sequences=True)), layers.GRU(3)], scale=1.5)
    rng = np.random.default_rng(1)
    ids = rng.integers(1, 30, size=(7, 9))
    ids[:, :3] *= rng.integers(0, 2, size=(7, 3))                    # some pre-padding
    table = gate_saturation(model, ids)
    assert set(table["gate"]) == {"i", "f", "o", "z", "r"} and len(table) == 2 * 3 * 4 + 2 * 3
    for (layer, gate), rows in table.groupby(["layer", "gate"]):
        values = np.concatenate([trace(model, row).layer(layer).gates[gate][row != 0] for row in ids])
        np.testing.assert_allclose(rows["left"], (values < 0.1).mean(axis=0))
        np.testing.assert_allclose(rows["right"], (values > 0.9).mean(axis=0))
        assert (rows["n_steps"] == (ids != 0).sum()).all()
    assert (table["left"] + table["right"] <= 1).all()


def test_a_forget_gate_biased_open_is_a_long_term_integrator():
    model = random_model([layers.LSTM(3)], scale=0.3)
    cell = model.layers[1].cell
    bias = np.zeros(12, np.float32)
    bias[3:6] = 30.0      # f block: always open
    bias[0:3] = -30.0     # i block: always shut
    cell.bias.assign(bias)
    table = gate_saturation(model, np.random.default_rng(0).integers(1, 30, size=(5, 9))).set_index(["gate", "unit"])
    assert (table.loc["f", "right"] == 1.0).all() and (table.loc["i", "left"] == 1.0).all()
    assert gate_saturation(random_model([layers.SimpleRNN(3)]), [[1, 2]]).empty
    with pytest.raises(ValueError, match="0 <= low < high <= 1"):
        gate_saturation(model, [[1, 2]], low=0.9, high=0.1)
