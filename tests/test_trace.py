"""rnnviz.trace is exact to Keras: every case of issue 3, against the layers' own outputs.

Each case is a tiny model with random weights big enough to push gates away from 0.5 (a freshly initialised
model has all its states near 0, where almost anything would match). Three oracles, all Keras:
the model's recurrent layers through a probe model (h, sequence or last output), verify_trace (h and c at
every step), and model.predict on every prefix of the sentence (the prediction after each word).
"""

from dataclasses import replace

import keras
import numpy as np
import pytest
from keras import layers

from rnnviz.tracing import trace, verify_trace

VOCABULARY, LENGTH, TOLERANCE = 30, 9, 1e-5
MERGE = {"concat": lambda f, b: np.concatenate([f, b], -1), "sum": lambda f, b: f + b,
         "ave": lambda f, b: (f + b) / 2, "mul": lambda f, b: f * b}


def make_model(recurrent_layers, mask_zero=True, seed=0, scale=0.7):
    """Input(LENGTH) -> Embedding(mask_zero) -> recurrent layers -> Dense(1, sigmoid), random N(0, scale) weights."""
    model = keras.Sequential([keras.Input((LENGTH,), dtype="int32"),
                              layers.Embedding(VOCABULARY, 5, mask_zero=mask_zero), *recurrent_layers,
                              layers.Dense(1, activation="sigmoid")])
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(0, scale, w.shape).astype("float32") for w in model.get_weights()])
    return model


SENTENCE = np.array([3, 17, 5, 9, 1, 22, 4])                    # 7 tokens, no padding
PRE_PADDED = np.array([0, 0, 3, 17, 5, 9, 1, 22, 4])
POST_PADDED = np.array([3, 17, 5, 9, 1, 22, 4, 0, 0])

CASES = {
    "SimpleRNN": lambda: [layers.SimpleRNN(6)],
    "LSTM": lambda: [layers.LSTM(6)],
    "GRU reset_after=True": lambda: [layers.GRU(6, reset_after=True)],
    "GRU reset_after=False": lambda: [layers.GRU(6, reset_after=False)],
    "SimpleRNN use_bias=False": lambda: [layers.SimpleRNN(6, use_bias=False)],
    "LSTM use_bias=False": lambda: [layers.LSTM(6, use_bias=False)],
    "GRU use_bias=False": lambda: [layers.GRU(6, use_bias=False)],
    "GRU reset_after=False use_bias=False": lambda: [layers.GRU(6, reset_after=False, use_bias=False)],
    "two stacked LSTM": lambda: [layers.LSTM(6, return_sequences=True), layers.LSTM(5)],
    "stacked GRU over SimpleRNN": lambda: [layers.SimpleRNN(4, return_sequences=True), layers.GRU(5)],
    "Bidirectional LSTM concat": lambda: [layers.Bidirectional(layers.LSTM(6), merge_mode="concat")],
    "Bidirectional GRU sum": lambda: [layers.Bidirectional(layers.GRU(6), merge_mode="sum")],
    "Bidirectional SimpleRNN ave": lambda: [layers.Bidirectional(layers.SimpleRNN(6), merge_mode="ave")],
    "Bidirectional LSTM mul": lambda: [layers.Bidirectional(layers.LSTM(6), merge_mode="mul")],
    "stacked Bidirectional concat": lambda: [
        layers.Bidirectional(layers.GRU(4, return_sequences=True)), layers.Bidirectional(layers.LSTM(3))],
    "LSTM go_backwards": lambda: [layers.LSTM(6, go_backwards=True)],
    "stacked go_backwards": lambda: [layers.GRU(5, go_backwards=True, return_sequences=True), layers.LSTM(4)],
    "SimpleRNN relu": lambda: [layers.SimpleRNN(6, activation="relu")],
    "LSTM hard_sigmoid gates": lambda: [layers.LSTM(6, recurrent_activation="hard_sigmoid")],
}


def keras_outputs(model, rows):
    """Keras' own outputs for a batch of id rows (n_rows, <= LENGTH), post-padded (masked: changes nothing
    before): each recurrent layer's output, by layer name, and the model's output. One predict call."""
    recurrent = [layer for layer in model.layers if not isinstance(layer, (layers.Embedding, layers.Dense))]
    probe = keras.Model(model.inputs, [layer.output for layer in recurrent] + [model.outputs[0]])
    outputs = probe.predict(keras.utils.pad_sequences(rows, maxlen=LENGTH, padding="post"), verbose=0)
    return dict(zip([layer.name for layer in recurrent], outputs[:-1])), outputs[-1]


def traced_layer_outputs(result, model):
    """What each recurrent layer hands on, rebuilt from the trace's directions."""
    outputs = {}
    for layer in model.layers:
        halves = [t for t in result.layers if t.layer == layer.name]
        if not halves:
            continue
        sequences = getattr(layer, "return_sequences", False)
        # Keras: a lone go_backwards layer returns its sequence in processing order; Bidirectional flips it back
        emitted = [(t.output[::-1] if t.direction == "backward" and len(halves) == 1 else t.output) if sequences
                   else t.output[0 if t.direction == "backward" else -1] for t in halves]
        outputs[layer.name] = MERGE[layer.merge_mode](*emitted) if len(halves) == 2 else emitted[0]
    return outputs


def prefixes(ids, padding="pre"):
    """Every prefix ids[:t + 1], padded to the model's length as the dataset pads."""
    return list(keras.utils.pad_sequences([ids[:t + 1] for t in range(len(ids))], maxlen=LENGTH, padding=padding))


@pytest.mark.parametrize("name", list(CASES))
def test_trace_matches_keras(name):
    model = make_model(CASES[name]())
    # a model whose result depends on padding gets the sentence padded to its length
    results = [trace(model, ids) for ids in (SENTENCE, PRE_PADDED, POST_PADDED)]
    rows = [r.token_ids for r in results] + [p for r in results for p in prefixes(r.token_ids)]
    layer_outputs, predictions = keras_outputs(model, rows)
    for row, result in enumerate(results):
        for layer_name, ours in traced_layer_outputs(result, model).items():
            expected = layer_outputs[layer_name][row]
            expected = expected[:result.n_steps] if expected.ndim == 2 else expected
            assert np.abs(ours - expected).max() <= TOLERANCE, (name, layer_name, result.token_ids)
        check = verify_trace(model, result)
        assert check.max_abs_difference <= TOLERANCE, check.checks
        assert check.ok and check.message().startswith("matches Keras: max |difference| = ")
        first = len(results) + sum(r.n_steps for r in results[:row])   # this result's prefixes in the batch
        expected = predictions[first:first + result.n_steps]
        assert np.abs(result.predictions - expected).max() <= TOLERANCE, (name, "prefix predictions")
    # the state is really non-trivial: a bug could not hide behind values near 0
    assert np.abs(results[0].layers[-1].h[results[0].mask]).max() > 0.1


def test_masked_steps_follow_keras_rules():
    """Pre padding: state stays 0 at leading padding; post: the last real state is carried; gates are NaN."""
    model = make_model([layers.LSTM(6, return_sequences=True), layers.LSTM(4)])
    pre, post, plain = trace(model, PRE_PADDED), trace(model, POST_PADDED), trace(model, SENTENCE)
    assert pre.mask.tolist() == [False, False] + [True] * 7
    assert np.all(pre.layers[0].h[:2] == 0) and np.all(np.isnan(pre.layers[0].gates["f"][:2]))
    assert np.array_equal(post.layers[0].h[7], post.layers[0].h[6])
    assert np.array_equal(post.layers[0].c[8], post.layers[0].c[6])
    # the unpadded sentence gives exactly the padded, masked result (Keras' own rule)
    np.testing.assert_allclose(pre.layers[1].h[2:], plain.layers[1].h, atol=1e-6)
    np.testing.assert_allclose(post.layers[1].h[:7], plain.layers[1].h, atol=1e-6)


def test_backward_direction_is_in_token_order():
    """The backward half reads the last token first: its h at token 0 is the state after the whole sentence."""
    model = make_model([layers.Bidirectional(layers.GRU(5, return_sequences=True), merge_mode="concat"),
                        layers.GRU(3)])
    result = trace(model, SENTENCE)
    backward = result.layers[1]
    assert backward.direction == "backward" and backward.label == f"{backward.layer}/backward"
    assert np.array_equal(backward.h_prev[-1], np.zeros(5))          # the first step it processes
    assert np.array_equal(backward.h_prev[2], backward.h[3])          # h_{t-1} is the state after token t + 1
    alone = trace(make_model([layers.GRU(5, go_backwards=True)], seed=0), SENTENCE)
    assert alone.layers[0].label == alone.layers[0].layer   # one name, shared with gradient_norms


def test_lstm_gates_against_the_keras_cell():
    """An oracle for the gates themselves: Keras' LSTMCell with c_{t-1} = 0 gives c = i*g; with c_{t-1} = 1,
    c = f + i*g (so f is the difference); and o = h / tanh(c)."""
    model = make_model([layers.LSTM(6)])
    result = trace(model, SENTENCE).layers[0]
    cell = model.layers[1].cell
    for t in range(len(SENTENCE)):
        x, h_prev = result.inputs[t:t + 1], result.h_prev[t:t + 1]
        h0, (_, c0) = cell(x, [h_prev, np.zeros_like(h_prev)])
        _, (_, c1) = cell(x, [h_prev, np.ones_like(h_prev)])
        gates = result.gates
        np.testing.assert_allclose(np.asarray(c1 - c0)[0], gates["f"][t], atol=1e-5)
        np.testing.assert_allclose(np.asarray(c0)[0], gates["i"][t] * gates["g"][t], atol=1e-5)
        np.testing.assert_allclose(np.asarray(h0 / np.tanh(c0))[0], gates["o"][t], atol=1e-4)


def test_verify_reports_a_wrong_trace_in_red_words():
    model = make_model([layers.LSTM(6)])
    result = trace(model, SENTENCE)
    broken_h = result.layers[0].h.copy()
    broken_h[3, 2] += 0.01
    broken = replace(result, layers=(replace(result.layers[0], h=broken_h),))
    check = verify_trace(model, broken)
    assert not check.ok
    assert check.max_abs_difference == pytest.approx(0.01, rel=1e-3)
    assert "does NOT match Keras" in check.message() and "h of lstm" in check.message()


def test_model_without_masking_reads_padding_like_words():
    model = make_model([layers.GRU(6)], mask_zero=False)
    result = trace(model, PRE_PADDED)
    assert result.mask.all()
    assert verify_trace(model, result).max_abs_difference <= TOLERANCE
    expected = model.predict(np.stack(prefixes(PRE_PADDED)), verbose=0)
    assert np.abs(result.predictions - expected).max() <= TOLERANCE


def test_public_api_is_the_function_even_after_importing_the_package():
    import rnnviz.tracing.cells  # noqa: F401 - importing the package must not hide the function

    assert callable(rnnviz.trace) and rnnviz.trace is rnnviz.tracing.trace
    assert rnnviz.verify_trace is verify_trace
