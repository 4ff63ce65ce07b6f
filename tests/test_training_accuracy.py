"""rnnviz's training path costs no accuracy: build_model + train at default settings reach what plain Keras reaches
with the same layers, data and epochs.

The oracle is a model written here with Keras alone (its own seeded initialisers, model.fit on the arrays).
The data: toy_sentiment reviews (negation and contrast decide the label; generated, the real IMDB files cannot be
downloaded here). The long-review version (200-300 words, LSTM against SimpleRNN) is bench/long_reviews.py:
too slow for the suite.
"""

import keras
import pytest
from keras import initializers, layers

import rnnviz

EPOCHS = 3


def plain_keras_accuracy(data, epochs: int, learning_rate: float) -> float:
    """Test accuracy of Embedding(16, masking) -> LSTM(32) -> Dense(1, sigmoid) trained by model.fit alone."""
    model = keras.Sequential([
        keras.Input((data.sequence_length,), dtype="int32"),
        layers.Embedding(data.vocabulary_size, 16, mask_zero=True,
                         embeddings_initializer=initializers.RandomUniform(-0.05, 0.05, seed=101)),
        layers.LSTM(32, kernel_initializer=initializers.GlorotUniform(seed=102),
                    recurrent_initializer=initializers.Orthogonal(seed=103)),
        layers.Dense(1, activation="sigmoid", kernel_initializer=initializers.GlorotUniform(seed=104))])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy", metrics=["accuracy"])
    # shuffle=False: the training split is already in random order, and Keras' shuffling would draw from
    # TensorFlow's global random state (not seedable here without touching it).
    model.fit(data.train.x, data.train.y, epochs=epochs, batch_size=32, shuffle=False, verbose=0,
              validation_data=(data.validation.x, data.validation.y))
    return model.evaluate(data.test.x, data.test.y, verbose=0, return_dict=True)["accuracy"]


@pytest.fixture(scope="module")
def reviews():
    return rnnviz.load_dataset("toy_sentiment", size=2000, seed=3, sequence_length=20)


def test_rnnviz_defaults_reach_plain_keras_accuracy(reviews):
    model = rnnviz.build_model(reviews)                      # the defaults: LSTM 32, embedding 16, Adam
    run = rnnviz.train(model, reviews, epochs=EPOCHS, seed=0)   # batch 32, as plain Keras' default
    ours = run.test_scores["accuracy"]
    theirs = plain_keras_accuracy(reviews, EPOCHS, model.rnnviz_config.learning_rate)
    assert theirs > 0.8, theirs                              # the task is learnt: the comparison means something
    assert ours >= theirs - 0.02, (ours, theirs)
