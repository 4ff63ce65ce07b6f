"""Oracles that cannot agree by accident: Keras' own activations spied on, Keras' predictions for every model the
trace tests cover, one naming of layers across the trace, the gradients and the projections, and a multiclass
model trained, traced and differentiated."""

import keras
import numpy as np
import pytest
from keras import layers
from test_trace import CASES, SENTENCE, make_model

from rnnviz.gradients import gradient_norms
from rnnviz.tracing import trace, verify_trace


class Spy:
    """Wraps a Keras activation and records the argument of every call (what Keras computes inside the cell)."""

    def __init__(self, function):
        self.function, self.arguments = function, []

    def __call__(self, x):
        self.arguments.append(np.asarray(x))
        return self.function(x)


def spied_step(cell, x, states):
    """One eager call of Keras' cell with both activations spied: (recurrent activation args, activation args)."""
    saved = getattr(cell, "recurrent_activation", None), cell.activation
    gate, act = Spy(saved[0]), Spy(saved[1])
    try:
        if saved[0] is not None:
            cell.recurrent_activation = gate
        cell.activation = act
        cell(x, states, training=False)
    finally:
        if saved[0] is not None:
            cell.recurrent_activation = saved[0]
        cell.activation = saved[1]
    return gate, act


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_gates_are_what_the_keras_cell_computes(reset_after):
    model = make_model([layers.GRU(6, reset_after=reset_after)])
    result = trace(model, SENTENCE).layers[0]
    cell = model.layers[1].cell
    for t in range(len(SENTENCE)):
        gate, act = spied_step(cell, result.inputs[t:t + 1], [result.h_prev[t:t + 1]])
        z_argument, r_argument = gate.arguments                      # Keras computes z first, then r
        np.testing.assert_allclose(gate.function(z_argument)[0], result.gates["z"][t], atol=1e-6)
        np.testing.assert_allclose(gate.function(r_argument)[0], result.gates["r"][t], atol=1e-6)
        np.testing.assert_allclose(np.tanh(act.arguments[0])[0], result.gates["h_tilde"][t], atol=1e-6)
    assert np.ptp(result.gates["z"]) > 0.2 and np.ptp(result.gates["r"]) > 0.2   # gates away from 0.5


def test_simple_rnn_pre_activation_is_what_the_keras_cell_computes():
    model = make_model([layers.SimpleRNN(6)])
    result = trace(model, SENTENCE).layers[0]
    cell = model.layers[1].cell
    for t in range(len(SENTENCE)):
        _, act = spied_step(cell, result.inputs[t:t + 1], [result.h_prev[t:t + 1]])
        np.testing.assert_allclose(act.arguments[0][0], result.gates["pre_activation"][t], atol=1e-5)
    assert np.abs(result.gates["pre_activation"]).max() > 1


# The trace tests' models: test_trace.CASES and the extra ones of test_trace_details.
REPLAY_CASES = {**CASES,
                "BiLSTM sequences into GRU, scale 1.5": lambda: [
                    layers.Bidirectional(layers.LSTM(4, return_sequences=True)), layers.GRU(3)],
                "BiGRU reset_after=False no bias": lambda: [
                    layers.Bidirectional(layers.GRU(4, reset_after=False, use_bias=False))]}


@pytest.mark.parametrize("name", list(REPLAY_CASES))
def test_gradient_replay_reproduces_keras_on_every_traced_model(name):
    model = make_model(REPLAY_CASES[name](), scale=1.5 if "1.5" in name else 0.7)
    model.compile(loss="binary_crossentropy")
    x = keras.utils.pad_sequences([SENTENCE[:5], SENTENCE, SENTENCE[2:], SENTENCE[::-1]], maxlen=9)
    norms = gradient_norms(model, x, np.array([0, 1, 1, 0]))
    assert np.abs(norms.predictions - model.predict(x, verbose=0)).max() < 1e-5
    traced = trace(model, SENTENCE)
    assert norms.layer_names == tuple(cell_trace.label for cell_trace in traced.layers)


def test_verification_with_every_state_zero_says_nothing_to_check():
    """A dead ReLU layer: every state is exactly 0, so agreeing with Keras proves nothing."""
    model = make_model([layers.SimpleRNN(4, activation="relu")])
    cell = model.layers[1].cell
    cell.kernel.assign(np.zeros(cell.kernel.shape, "float32"))
    cell.bias.assign(-np.ones(cell.bias.shape, "float32"))
    result = trace(model, SENTENCE)
    assert np.all(result.layers[0].h == 0)
    check = verify_trace(model, result)
    assert not check.ok and check.nothing_to_check
    assert "nothing to check" in check.message() and "matches" not in check.message()


def test_functional_model_is_traced_and_verified_like_a_sequential_one():
    inputs = keras.Input((9,), dtype="int32")
    embedded = layers.Embedding(30, 5, mask_zero=True)(inputs)
    hidden = layers.GRU(4)(layers.Dropout(0.3)(layers.LSTM(6, return_sequences=True)(embedded)))
    model = keras.Model(inputs, layers.Dense(1, activation="sigmoid")(hidden))
    rng = np.random.default_rng(0)
    model.set_weights([rng.normal(0, 0.7, w.shape).astype("float32") for w in model.get_weights()])
    result = trace(model, SENTENCE)
    assert [cell_trace.cell for cell_trace in result.layers] == ["LSTM", "GRU"]
    check = verify_trace(model, result)
    assert check.ok, check.checks
    padded = keras.utils.pad_sequences([SENTENCE], maxlen=9)
    assert result.predictions[-1] == pytest.approx(model.predict(padded, verbose=0)[0], abs=1e-5)


def test_a_branching_functional_model_is_refused_by_name():
    inputs = keras.Input((9,), dtype="int32")
    embedded = layers.Embedding(30, 5)(inputs)
    merged = layers.Concatenate()([layers.LSTM(3)(embedded), layers.GRU(3)(embedded)])
    model = keras.Model(inputs, layers.Dense(1)(merged))
    with pytest.raises(ValueError, match="only chains of layers can be read"):
        trace(model, SENTENCE)
