"""gradient_norms against independent oracles: Keras' own outputs, central finite differences, invariants.

The finite-difference oracle never touches rnnviz's replay: it cuts the sequence at step t, runs Keras' own
layer (a copy with return_state=True) on the first part, nudges one entry of the state h_t, and lets Keras'
layer finish the sequence from the nudged state. Everything is float64.
"""

import keras
import numpy as np
import pytest

from rnnviz.gradients import gradient_norms
from rnnviz.models import ModelConfig, build_keras_model

CELLS = ("SimpleRNN", "LSTM", "GRU")
EPS = 1e-6


@pytest.fixture
def float64():
    # Both: the global dtype policy, once read, no longer follows floatx (later models would stay float64).
    floatx, policy = keras.config.floatx(), keras.config.dtype_policy()
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    yield
    keras.config.set_floatx(floatx)
    keras.config.set_dtype_policy(policy)


def _model(cell, n_steps=7, units=4, vocabulary=12, **options):
    config = ModelConfig(cell=cell, units=units, embedding_dim=3, embedding_scale=0.8, seed=3, **options)
    return build_keras_model(config, vocabulary, n_steps)


def _tokens(n_sequences, n_steps, vocabulary=12, seed=0):
    return np.random.default_rng(seed).integers(1, vocabulary, (n_sequences, n_steps)).astype(np.int32)


def _copy(layer, **changes):
    """A fresh Keras layer with `layer`'s weights and some config changed (e.g. return_state=True)."""
    config = {**layer.get_config(), **changes}
    config.pop("name")
    return type(layer).from_config(config)


def _loss(model, features, y):
    """Sum over sequences of the compiled loss, from the last recurrent output (B, U)."""
    prediction = model.get_layer("output")(features)
    return float(np.sum(keras.losses.binary_crossentropy(y[:, None].astype("float64"), prediction)))


def _split_run(layer, embedded, t, state_offsets, initial=None):
    """Keras' layer on steps 0..t, states nudged by `state_offsets`, then on steps t+1..: final output + states."""
    first = _copy(layer, return_state=True, return_sequences=False)
    _, *states = first(embedded[:, :t + 1], initial_state=initial)
    first.set_weights(layer.get_weights())
    _, *states = first(embedded[:, :t + 1], initial_state=initial)
    states = [s + offset for s, offset in zip(states, state_offsets)]
    if t + 1 == embedded.shape[1]:
        return states[0]
    second = _copy(layer, return_sequences=False)
    second(embedded[:, t + 1:], initial_state=states)
    second.set_weights(layer.get_weights())
    return second(embedded[:, t + 1:], initial_state=states)


def _finite_difference_norm(model, x, y, t, state_index=0, sequence=0):
    """||dL/d(state_t)|| of `sequence` by central differences, one state entry at a time."""
    layer = model.layers[1]
    embedded = model.get_layer("embedding")(x)
    n_states = 2 if isinstance(layer, keras.layers.LSTM) else 1
    gradient = []
    for unit in range(layer.cell.units):
        values = []
        for sign in (1, -1):
            offsets = [np.zeros((len(x), layer.cell.units)) for _ in range(n_states)]
            offsets[state_index][sequence, unit] = sign * EPS
            values.append(_loss(model, _split_run(layer, embedded, t, offsets), y))
        gradient.append((values[0] - values[1]) / (2 * EPS))
    return float(np.linalg.norm(gradient))


@pytest.mark.parametrize("cell", CELLS)
def test_hidden_gradient_matches_finite_differences(cell, float64):
    model = _model(cell)
    x, y = _tokens(3, 7), np.array([1, 0, 1])
    norms = gradient_norms(model, x, y)
    layer = norms.layer()
    assert layer.hidden.dtype == np.float64 and layer.hidden.shape == (3, 7)
    for t in (0, 3, 6):
        expected = _finite_difference_norm(model, x, y, t)
        assert layer.hidden[0, t] == pytest.approx(expected, rel=1e-4)
        assert expected > 1e-6  # a meaningful comparison, not two zeros


def test_lstm_cell_state_gradient_matches_finite_differences(float64):
    """dL/dc_t counts every path from c_t: through h_t = o_t tanh(c_t) and through the later steps.

    Nudging the carried c_{t-1} (Keras' own layer) changes c_t by f_t * nudge and nothing else at step t, so
    dL/dc_{t-1}|later = f_t * dL/dc_t: the forget gate f_t comes from the notes' equations in NumPy.
    """
    model = _model("LSTM")
    x, y = _tokens(3, 7), np.array([1, 0, 1])
    cell_norms = gradient_norms(model, x, y).layer().cell_state
    layer = model.layers[1]
    kernel, recurrent, bias = (np.asarray(w) for w in layer.get_weights())
    embedded = np.asarray(model.get_layer("embedding")(x))
    units = layer.cell.units
    for t in (2, 5):
        first = _copy(layer, return_state=True, return_sequences=False)
        first(embedded[:, :t])
        first.set_weights(layer.get_weights())
        _, h_previous, _ = (np.asarray(v) for v in first(embedded[:, :t]))
        z = embedded[:, t] @ kernel + h_previous @ recurrent + bias
        forget = 1 / (1 + np.exp(-z[:, units:2 * units]))                         # (B, U)
        gradient = []
        for unit in range(units):
            values = []
            for sign in (1, -1):
                offsets = [np.zeros((3, units)), np.zeros((3, units))]
                offsets[1][0, unit] = sign * EPS / forget[0, unit]   # so that c_t moves by exactly EPS
                values.append(_loss(model, _split_run(layer, embedded, t - 1, offsets), y))
            gradient.append((values[0] - values[1]) / (2 * EPS))
        assert cell_norms[0, t] == pytest.approx(np.linalg.norm(gradient), rel=1e-4)


def test_stacked_first_layer_matches_finite_differences(float64):
    """A nudge of layer 1's h_t also changes its output at t, which layer 2 reads."""
    model = _model("GRU", n_layers=2)
    x, y = _tokens(2, 6), np.array([0, 1])
    first_layer, second_layer = model.layers[1], model.layers[2]
    embedded = model.get_layer("embedding")(x)
    t, units = 2, first_layer.cell.units
    gradient = []
    for unit in range(units):
        values = []
        for sign in (1, -1):
            offset = np.zeros((2, units))
            offset[0, unit] = sign * EPS
            head = _copy(first_layer, return_state=True)
            head(embedded[:, :t + 1])
            head.set_weights(first_layer.get_weights())
            outputs, state = head(embedded[:, :t + 1])
            outputs = np.asarray(outputs).copy()
            outputs[:, t] += offset
            tail = _copy(first_layer)
            tail(embedded[:, t + 1:], initial_state=[state + offset])
            tail.set_weights(first_layer.get_weights())
            rest = tail(embedded[:, t + 1:], initial_state=[state + offset])
            values.append(_loss(model, second_layer(np.concatenate([outputs, rest], axis=1)), y))
        gradient.append((values[0] - values[1]) / (2 * EPS))
    norms = gradient_norms(model, x, y)
    assert norms.layer_names == ("gru_1", "gru_2")
    assert norms.layer("gru_1").hidden[0, t] == pytest.approx(np.linalg.norm(gradient), rel=1e-4)


@pytest.mark.parametrize("cell, options", [("LSTM", {}), ("SimpleRNN", {"n_layers": 2}),
                                           ("GRU", {"bidirectional": True}),
                                           ("LSTM", {"bidirectional": True, "n_layers": 2, "merge_mode": "ave"})])
def test_replay_reproduces_keras_predictions_and_loss(cell, options, tiny_sentiment):
    model = build_keras_model(ModelConfig(cell=cell, units=5, **options), tiny_sentiment.vocabulary_size,
                              tiny_sentiment.sequence_length)
    x, y = tiny_sentiment.validation.x[:16], tiny_sentiment.validation.y[:16]
    norms = gradient_norms(model, x, y)
    predicted = model.predict(x, verbose=0)
    expected_losses = keras.losses.binary_crossentropy(y[:, None].astype("float32"), predicted)
    assert np.abs(norms.predictions - predicted).max() < 1e-6
    assert np.abs(norms.losses - np.asarray(expected_losses)).max() < 1e-6
    n_directions = (2 if options.get("bidirectional") else 1) * options.get("n_layers", 1)
    assert len(norms.layers) == n_directions


@pytest.mark.parametrize("cell, padding", [("SimpleRNN", "pre"), ("LSTM", "post"), ("GRU", "post")])
def test_padded_steps_get_exactly_zero_gradient(cell, padding):
    model = _model(cell, n_steps=9, bidirectional=cell == "GRU")   # the backward direction reads padding first
    sentence = _tokens(1, 5, seed=4)[0]
    padded = np.zeros((1, 9), np.int32)
    real = slice(4, 9) if padding == "pre" else slice(0, 5)
    padded[0, real] = sentence
    norms = gradient_norms(model, padded, [1])
    assert norms.mask[0].tolist() == (padded[0] != 0).tolist()
    for layer in norms.layers:
        assert np.all(layer.hidden[0, ~norms.mask[0]] == 0.0)
        assert np.all(layer.hidden[0, norms.mask[0]] > 0.0)
        # The same sentence without padding gives the same gradients at its real steps.
        alone = gradient_norms(model, sentence, 1).layer(layer.layer).hidden[0]
        assert layer.hidden[0, real] == pytest.approx(alone, rel=1e-5)
        if layer.cell_state is not None:
            assert np.all(layer.cell_state[0, ~norms.mask[0]] == 0.0)
    assert np.all(norms.inputs[0, ~norms.mask[0]] == 0.0)
    # Lined up at the last real word, both paddings give the same curve.
    aligned = norms.by_distance_from_end()[0]
    assert aligned[:5] == pytest.approx(norms.layer().hidden[0, real][::-1])
    assert np.isnan(aligned[5:]).all()


def _first_to_last_ratio(gain, initializer="orthogonal", n_steps=40):
    """Median ||dL/dh|| at the first step over the median at the last step, untrained SimpleRNN."""
    config = ModelConfig(cell="SimpleRNN", units=16, recurrent_initializer=initializer, recurrent_gain=gain,
                         embedding_scale=0.05, seed=0)
    model = build_keras_model(config, 20, n_steps)
    norms = gradient_norms(model, _tokens(8, n_steps, vocabulary=20), np.arange(8) % 2)
    summary = norms.summary()
    return summary["median"].iloc[-1] / summary["median"].iloc[0]


def test_gain_above_one_grows_and_tiny_gain_decays():
    growing = _first_to_last_ratio(1.5, n_steps=40)
    assert growing > 10            # ||dL/dh_1|| is over 10x ||dL/dh_T|| (about 40x measured): exploding
    config = ModelConfig(cell="SimpleRNN", units=16, recurrent_gain=0.1, embedding_scale=0.05, seed=0)
    norms = gradient_norms(build_keras_model(config, 20, 20), _tokens(8, 20, vocabulary=20), np.arange(8) % 2)
    first_word = norms.summary()["median"].iloc[-1]
    assert first_word / norms.summary()["median"].iloc[0] < 1e-15     # vanished (about 1e-19 measured)...
    assert 0 < first_word < 1e-19   # ...yet not 0: its square (< 1e-38) would underflow a float32 norm


def test_summary_and_distance_alignment():
    model = _model("LSTM", n_steps=6)
    x = _tokens(4, 6)
    x[1, :2] = 0          # a shorter sequence (pre padding)
    norms = gradient_norms(model, x, [0, 1, 0, 1])
    summary = norms.summary("cell")
    assert summary.index.tolist() == list(range(6))
    assert summary["n_sequences"].tolist() == [4, 4, 4, 4, 3, 3]
    aligned = norms.by_distance_from_end("cell")
    assert summary["mean"].to_numpy() == pytest.approx(np.nanmean(aligned, axis=0))
    assert summary["median"].iloc[0] == pytest.approx(np.median(norms.layer().cell_state[:, -1]))


def test_errors_name_the_problem(tiny_sentiment):
    lstm = _model("LSTM")
    with pytest.raises(ValueError, match="x has 2 sequences but y has 3 labels"):
        gradient_norms(lstm, _tokens(2, 7), [0, 1, 0])
    with pytest.raises(ValueError, match="integer token ids"):
        gradient_norms(lstm, np.ones((2, 7)) * 0.5, [0, 1])
    with pytest.raises(ValueError, match="only an LSTM has a cell state"):
        gradient_norms(_model("GRU"), _tokens(2, 7), [0, 1]).values("cell")
    with pytest.raises(ValueError, match="no recurrent layer 'lstm_9'"):
        gradient_norms(lstm, _tokens(2, 7), [0, 1]).layer("lstm_9")
    pooling = build_keras_model(ModelConfig(cell="pooling"), 12, 7)
    with pytest.raises(ValueError, match="comes before the recurrent layers"):
        gradient_norms(pooling, _tokens(2, 7), [0, 1])
    uncompiled = keras.Sequential([keras.Input((7,), dtype="int32"), keras.layers.Embedding(12, 3),
                                   keras.layers.LSTM(2), keras.layers.Dense(1, activation="sigmoid")])
    with pytest.raises(ValueError, match="not compiled"):
        gradient_norms(uncompiled, _tokens(2, 7), [0, 1])
    assert gradient_norms(uncompiled, _tokens(2, 7), [0, 1], loss="binary_crossentropy").n_steps == 7
    no_merge = keras.Sequential([keras.Input((7,), dtype="int32"), keras.layers.Embedding(12, 3),
                                 keras.layers.Bidirectional(keras.layers.GRU(2), merge_mode=None)])
    with pytest.raises(ValueError, match="merge_mode=None; supported: concat, sum, ave, mul"):
        gradient_norms(no_merge, _tokens(2, 7), [0, 1], loss="binary_crossentropy")


def test_simple_rnn_linearity_against_keras_hidden_states():
    """mean tanh' = mean(1 - h_t^2) over Keras' own hidden states; |a_t| = |atanh(h_t)| for a tanh cell."""
    from rnnviz import load_dataset
    from rnnviz.gradients.lab import Conditions, build_cells, simple_rnn_linearity

    conditions = Conditions(n_steps=20, embedding_scale=1.0)
    dataset = load_dataset(conditions.dataset, **conditions.dataset_options())
    model = build_cells(conditions, dataset, cells=("SimpleRNN",))["SimpleRNN"]
    x = dataset.validation.x[:3]
    measured = simple_rnn_linearity(model, x, n_sequences=3)
    embedding = next(layer for layer in model.layers if isinstance(layer, keras.layers.Embedding))
    rnn = next(layer for layer in model.layers if isinstance(layer, keras.layers.SimpleRNN))
    states = keras.layers.SimpleRNN(rnn.units, return_sequences=True, activation="tanh")
    states(embedding(x))                      # built, then given the model's weights
    states.set_weights(rnn.get_weights())
    h = states(embedding(x)).numpy().astype(np.float64)
    assert measured["mean_derivative"] == pytest.approx(float(np.mean(1 - h ** 2)), rel=1e-4)
    assert measured["mean_abs_pre_activation"] == pytest.approx(float(np.mean(np.abs(np.arctanh(h)))), rel=1e-3)
    with pytest.raises(ValueError, match="reads a SimpleRNN, got a LSTM"):
        simple_rnn_linearity(build_cells(conditions, dataset, cells=("LSTM",))["LSTM"], x)
