"""The multiclass path (3 classes, softmax head, sparse categorical cross-entropy): trained, traced and
differentiated, each against Keras."""

import keras
import numpy as np
import pytest

import rnnviz
from rnnviz.data.dataset import Dataset, split_three_ways, tokenize_splits
from rnnviz.gradients import gradient_norms
from rnnviz.tracing import trace, verify_trace

COLOURS = ("red", "green", "blue")
FILLER = ("the", "a", "car", "sky", "was", "very", "quite", "and", "then", "it", "seemed", "now")


@pytest.fixture(scope="module")
def colours():
    """Sentences of filler words with one colour word somewhere; the label is the colour."""
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, size=300).astype(np.int32)
    texts = []
    for label in labels:
        words = list(rng.choice(FILLER, size=int(rng.integers(4, 10))))
        words.insert(int(rng.integers(0, len(words) + 1)), COLOURS[label])
        texts.append(" ".join(words))
    by_split, labels_by_split = split_three_ways(texts, labels, rng)
    vocabulary, splits = tokenize_splits(by_split, labels_by_split, 50, 12, "pre")
    return Dataset(name="colours", description="which colour is named", task="multiclass", class_names=COLOURS,
                   language="en", vocabulary=vocabulary, sequence_length=12, padding="pre", **splits)


@pytest.fixture(scope="module")
def trained(colours):
    model = rnnviz.build_model(colours, "LSTM", units=8, embedding_dim=8, learning_rate=0.02, seed=0)
    return rnnviz.train(model, colours, epochs=6, batch_size=32, seed=0)


def test_multiclass_model_trains_and_traces_exactly(trained, colours):
    assert trained.model.layers[-1].units == 3
    assert trained.history["val_accuracy"].iloc[-1] > 0.8
    result = trace(trained.model, "the sky was very blue", dataset=colours)
    assert result.predictions.shape == (5, 3)
    assert result.predictions.sum(axis=1) == pytest.approx(np.ones(5), abs=1e-5)
    prefixes = keras.utils.pad_sequences([result.token_ids[:t + 1] for t in range(5)], maxlen=12)
    expected = trained.model.predict(prefixes, verbose=0)
    assert np.abs(result.predictions - expected).max() < 1e-5
    assert result.class_probability()[0] == "blue"
    assert verify_trace(trained.model, result).ok


def test_multiclass_gradients_match_keras_loss_and_tape(trained, colours):
    import tensorflow as tf

    model = trained.model
    x, y = colours.validation.x[:16], colours.validation.y[:16]
    norms = gradient_norms(model, x, y)
    predicted = model.predict(x, verbose=0)
    assert np.abs(norms.predictions - predicted).max() < 1e-5
    expected_losses = keras.losses.sparse_categorical_crossentropy(y, predicted)
    assert norms.losses == pytest.approx(np.asarray(expected_losses, np.float64), rel=1e-4)
    # ||dL/dx_t|| against Keras' own backward pass through the layers after the Embedding
    embedded = tf.constant(model.get_layer("embedding")(x))
    mask = model.get_layer("embedding").compute_mask(x)
    with tf.GradientTape() as tape:
        tape.watch(embedded)
        hidden = model.layers[1](embedded, mask=mask, training=False)
        loss = tf.reduce_sum(keras.losses.sparse_categorical_crossentropy(y, model.layers[2](hidden)))
    expected = np.linalg.norm(np.asarray(tape.gradient(loss, embedded), np.float64), axis=-1)
    real = x != 0
    assert norms.inputs[real] == pytest.approx(expected[real], rel=1e-3)
    assert np.all(norms.inputs[~real] == 0)
