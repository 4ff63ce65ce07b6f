"""Regression tests of issue 9 for the gradients lab: each one failed on the code before the fix.

Oracles: Keras' own predictions, a hand-written backpropagation in NumPy float64, and the reading order of
each direction (a backward direction reads the first word last).
"""

import keras
import numpy as np
import pytest
from keras import layers

from rnnviz.figures.gradients import gradient_heatmap
from rnnviz.gradients import GradientRecorder, gradient_norms
from rnnviz.gradients.captions import describe_through_time, describe_training
from rnnviz.models import ModelConfig, build_keras_model


def _tokens(n_sequences, n_steps, vocabulary=12, seed=0):
    return np.random.default_rng(seed).integers(1, vocabulary, (n_sequences, n_steps)).astype(np.int32)


def _random_weights(model, seed=0, scale=0.7):
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(0, scale, w.shape).astype("float32") for w in model.get_weights()])
    return model


@pytest.fixture(scope="module")
def bilstm():
    """An untrained BiLSTM over 40 steps: its gradient vanishes going back along each reading direction."""
    config = ModelConfig(cell="LSTM", units=8, bidirectional=True, embedding_scale=0.05, seed=0)
    return build_keras_model(config, 20, 40)


def test_backward_direction_is_lined_up_at_the_word_it_reads_last(bilstm):
    x = _tokens(16, 40, vocabulary=20)
    x[3, :5] = 0                                     # one sequence pre-padded: its first real word is token 5
    norms = gradient_norms(bilstm, x, np.arange(16) % 2)
    forward, backward = norms.layer_names
    assert backward.endswith("/backward") and norms.layer(backward).reads_backward
    aligned = norms.by_distance_from_end("hidden", backward)
    hidden = norms.layer(backward).hidden
    # Distance 0 is the first real word (the backward direction's last step), distance k the k-th after it.
    assert aligned[0, 0] == hidden[0, 0] and aligned[0, 39] == hidden[0, 39]
    assert aligned[3, 0] == hidden[3, 5] and np.isnan(aligned[3, 35:]).all()
    # Read in its own order the backward curve vanishes like the forward one: the caption must not say "exploding".
    summaries = {"forward": norms.summary(layer=forward), "backward": norms.summary(layer=backward)}
    caption = describe_through_time(summaries)
    assert "exploding" not in caption and "grows" not in caption
    assert summaries["backward"]["median"].iloc[-1] < summaries["backward"]["median"].iloc[0]


def test_recorded_backward_direction_has_honest_axis_and_caption(bilstm):
    x = _tokens(8, 40, vocabulary=20)
    recorder = GradientRecorder(x, np.arange(8) % 2)
    recorder.set_model(bilstm)
    recorder.on_train_begin()
    history = recorder.history
    backward = [name for name in history.hidden if name.endswith("/backward")][0]
    heatmap = gradient_heatmap(history, layer=backward)
    assert "first word" in heatmap.layout.xaxis.title.text
    assert "first word" in describe_training(history, layer=backward)
    forward = [name for name in history.hidden if name.endswith("/forward")][0]
    assert "last word" in gradient_heatmap(history, layer=forward).layout.xaxis.title.text
    direct = gradient_norms(bilstm, x, np.arange(8) % 2).by_distance_from_end("hidden", backward)
    assert history.matrix("hidden", backward)[0] == pytest.approx(np.nanmedian(direct, axis=0))


def test_replay_hands_a_go_backwards_sequence_on_in_processing_order():
    model = keras.Sequential([keras.Input((9,), dtype="int32"), layers.Embedding(12, 5, mask_zero=True),
                              layers.GRU(5, go_backwards=True, return_sequences=True), layers.LSTM(4),
                              layers.Dense(1, activation="sigmoid")])
    _random_weights(model)
    model.compile(loss="binary_crossentropy")
    x = _tokens(6, 9)
    x[2, :3] = 0
    norms = gradient_norms(model, x, np.arange(6) % 2)
    predicted = model.predict(x, verbose=0)
    assert np.abs(norms.predictions - predicted).max() < 1e-5
    assert np.abs(predicted - 0.5).max() > 0.05      # not all one value: an order mistake would show


def test_functional_model_with_an_input_layer():
    inputs = keras.Input((7,), dtype="int32")
    hidden = layers.LSTM(4)(layers.Embedding(12, 3, mask_zero=True)(inputs))
    model = keras.Model(inputs, layers.Dense(1, activation="sigmoid")(hidden))
    _random_weights(model)
    model.compile(loss="binary_crossentropy")
    x = _tokens(32, 7)
    norms = gradient_norms(model, x, np.arange(32) % 2)
    assert norms.n_sequences == 32 and norms.n_steps == 7
    assert np.abs(norms.predictions - model.predict(x, verbose=0)).max() < 1e-5


def _numpy_backprop(model, x, y):
    """||dL/dh_t|| of an Embedding -> SimpleRNN(tanh) -> Dense(1, sigmoid) model, by hand in float64."""
    embeddings, kernel, recurrent, bias, dense_kernel, dense_bias = (
        np.asarray(w, np.float64) for w in model.get_weights())
    inputs = embeddings[x]                                           # (B, T, D)
    n_sequences, n_steps, _ = inputs.shape
    h = np.zeros((n_sequences, n_steps + 1, recurrent.shape[0]))     # h[:, t + 1] = state after token t
    for t in range(n_steps):
        h[:, t + 1] = np.tanh(inputs[:, t] @ kernel + bias + h[:, t] @ recurrent)
    p = 1 / (1 + np.exp(-(h[:, -1] @ dense_kernel + dense_bias)))   # (B, 1)
    gradient = (p - y[:, None]) * dense_kernel[:, 0]                 # dL/dh_T for binary cross-entropy
    norms = np.zeros((n_sequences, n_steps))
    for t in range(n_steps - 1, -1, -1):
        norms[:, t] = np.linalg.norm(gradient, axis=1)
        gradient = (gradient * (1 - h[:, t + 1] ** 2)) @ recurrent.T
    return norms


def test_gradients_are_float64_all_the_way_below_the_float32_range():
    """Recurrent gain 0.3 over 300 steps: float32 underflows to 0 for most steps, float64 does not."""
    config = ModelConfig(cell="SimpleRNN", units=16, recurrent_gain=0.3, embedding_scale=0.05, seed=0)
    model = build_keras_model(config, 20, 300)
    x, y = _tokens(4, 300, vocabulary=20), np.array([0, 1, 0, 1])
    hidden = gradient_norms(model, x, y).layer().hidden
    assert (hidden > 0).all()
    assert hidden.min() < 1e-60                     # far below float32's smallest number (1e-45)
    expected = _numpy_backprop(model, x, y)
    assert hidden == pytest.approx(expected, rel=1e-6)


def test_replay_refuses_to_report_gradients_of_another_model(monkeypatch):
    """If the replay read the model wrongly (here: a go_backwards sequence handed on in token order, the old
    bug), its predictions differ from Keras' and gradient_norms says so instead of reporting numbers."""
    import rnnviz.gradients.unroll as unroll
    from rnnviz.model_plan import hand_on

    def token_order(step, outputs, flip, take, concat):
        return hand_on(step, outputs, lambda a: a, take, concat)

    model = keras.Sequential([keras.Input((9,), dtype="int32"), layers.Embedding(12, 5, mask_zero=True),
                              layers.GRU(5, go_backwards=True, return_sequences=True), layers.LSTM(4),
                              layers.Dense(1, activation="sigmoid")])
    _random_weights(model)
    model.compile(loss="binary_crossentropy")
    monkeypatch.setattr(unroll, "hand_on", token_order)
    with pytest.raises(ValueError, match="predicts differently from the model itself"):
        gradient_norms(model, _tokens(6, 9), np.arange(6) % 2)
    monkeypatch.undo()
    assert np.abs(gradient_norms(model, _tokens(6, 9), np.arange(6) % 2).predictions
                  - model.predict(_tokens(6, 9), verbose=0)).max() < 1e-5   # the refusal was not cached


def test_a_model_without_embedding_reads_float_vectors():
    """Time-series shape (n_sequences, n_steps, n_features): the input gradient is Keras' own tape gradient."""
    import tensorflow as tf

    model = keras.Sequential([keras.Input((8, 3)), layers.GRU(5, return_sequences=True), layers.LSTM(4),
                              layers.Dense(1, activation="sigmoid")])
    _random_weights(model)
    model.compile(loss="binary_crossentropy")
    x = np.random.default_rng(1).normal(size=(5, 8, 3)).astype("float32")
    y = np.array([0, 1, 1, 0, 1])
    norms = gradient_norms(model, x, y)
    assert norms.layer_names == tuple(layer.name for layer in model.layers[:2])
    inputs = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        loss = tf.reduce_sum(keras.losses.binary_crossentropy(y[:, None].astype("float32"), model(inputs)))
    expected = np.linalg.norm(np.asarray(tape.gradient(loss, inputs), np.float64), axis=-1)   # (5, 8)
    assert norms.inputs == pytest.approx(expected, rel=1e-3)
    assert np.abs(norms.predictions - model.predict(x, verbose=0)).max() < 1e-5
    with pytest.raises(ValueError, match="model reads 3"):
        gradient_norms(model, x[..., :2], y)


def test_trace_gradients_and_projections_share_layer_names(tiny_sentiment):
    from rnnviz.projection import final_states, recurrent_layer_choices
    from rnnviz.tracing import trace

    model = build_keras_model(ModelConfig(cell="GRU", units=3, n_layers=2, bidirectional=True, seed=1),
                              tiny_sentiment.vocabulary_size, tiny_sentiment.sequence_length)
    x, y = tiny_sentiment.validation.x[:4], tiny_sentiment.validation.y[:4]
    traced = trace(model, tiny_sentiment.validation.texts[0], dataset=tiny_sentiment)
    names = tuple(cell_trace.label for cell_trace in traced.layers)
    assert names == gradient_norms(model, x, y).layer_names == recurrent_layer_choices(model)
    assert names[1] == "bidirectional_1/backward"
    for name in names:
        assert final_states(model, x, name).shape == (4, 3)
        assert traced.layer(name).label == name
