"""Convolutional text models (the course's faster alternative): Conv1D, and Conv1D + GRU traced exactly.

Oracles: Keras' own intermediate outputs (a probe model over every layer) and model.predict; the words each step
covers are checked against a perturbation: changing a word changes exactly the steps said to cover it.
"""

import keras
import numpy as np
import pytest
from keras import layers

import rnnviz
from rnnviz.model_plan import plan_model
from rnnviz.models import ModelConfig, build_keras_model
from rnnviz.run_files import load_run, save_run
from rnnviz.tracing import verify_trace

SENTENCE = "the movie was not good at all"


@pytest.fixture(scope="module")
def conv_gru(tiny_sentiment):
    """A Conv1D (8 filters, kernel 5) + MaxPooling1D(3) + GRU(4) run, trained 2 epochs."""
    model = rnnviz.build_model(tiny_sentiment, "GRU", units=4, embedding_dim=4, conv_filters=8, conv_kernel=5,
                               conv_pool=3)
    return rnnviz.train(model, tiny_sentiment, epochs=2, batch_size=32, seed=0, name="conv gru")


def test_the_two_models_have_the_course_layers(tiny_sentiment):
    conv = rnnviz.build_model(tiny_sentiment, "Conv1D", units=8, conv_kernel=7)
    assert [type(layer).__name__ for layer in conv.layers] == [
        "Embedding", "Conv1D", "MaxPooling1D", "GlobalMaxPooling1D", "Dense"]
    assert conv.get_layer("conv1d").kernel.shape == (7, 16, 8)
    both = rnnviz.build_model(tiny_sentiment, "GRU", conv_filters=8)
    assert [type(layer).__name__ for layer in both.layers] == ["Embedding", "Conv1D", "MaxPooling1D", "GRU", "Dense"]
    assert both.rnnviz_config.label() == "Conv1D+GRU 32" and both.rnnviz_config.has_convolution
    assert not both.get_layer("embedding").mask_zero        # Conv1D would drop the mask anyway


@pytest.mark.parametrize("options, message", [
    ({"cell": "GRU", "conv_kernel": 0}, "conv_kernel must be an integer from 1 to 15, got 0"),
    ({"cell": "GRU", "conv_kernel": 40}, "conv_kernel must be an integer from 1 to 15, got 40"),
    ({"cell": "GRU", "conv_pool": 2.5}, "conv_pool must be an integer from 1 to 10, got 2.5"),
    ({"cell": "GRU", "conv_filters": -1}, "conv_filters must be an integer from 0 to 1024, got -1"),
    ({"cell": "Conv1D", "conv_filters": 8}, "a Conv1D model has `units` filters"),
    ({"cell": "pooling", "conv_filters": 8}, "not before a 'pooling' model"),
])
def test_bad_convolution_settings_name_the_value_and_what_is_allowed(options, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ModelConfig(**options)


def test_a_kernel_longer_than_the_sequences_is_refused():
    with pytest.raises(ValueError, match="conv_kernel is 9 but the sequences have 6 words; allowed: 1 to 6"):
        build_keras_model(ModelConfig(cell="Conv1D", conv_kernel=9), 20, 6)


def test_a_pure_conv1d_model_trains_but_has_no_hidden_state(tiny_sentiment):
    model = rnnviz.build_model(tiny_sentiment, "Conv1D", units=4, embedding_dim=4)
    run = rnnviz.train(model, tiny_sentiment, epochs=1, batch_size=64, seed=0)
    assert 0 <= run.test_scores["accuracy"] <= 1
    with pytest.raises(ValueError, match="is convolutional \\(Conv1D\\) with no recurrent layer"):
        rnnviz.trace(model, SENTENCE, dataset=tiny_sentiment)


def test_conv_gru_trace_is_exact_against_keras(conv_gru):
    model, data = conv_gru.model, conv_gru.dataset
    result = rnnviz.trace(model, SENTENCE, dataset=data)
    ids = result.token_ids[None, :].astype(np.int32)
    assert len(result.token_ids) == data.sequence_length                  # read padded, as predict reads it
    probe = keras.Model(model.inputs[0], [model.get_layer("max_pooling").output, model.get_layer("gru_1").output])
    pooled, last = (np.asarray(v) for v in probe(ids))
    gru = result.layer("gru_1")
    assert gru.n_steps == pooled.shape[1] == -(-data.sequence_length // 3)   # shorter than the words
    np.testing.assert_allclose(gru.inputs, pooled[0], atol=1e-5)           # the convolution stage's output
    np.testing.assert_allclose(gru.h[-1], last[0], atol=1e-5)
    # Keras' own GRU run over every prefix of the pooled steps gives h at each step.
    loop = keras.layers.RNN(model.get_layer("gru_1").cell, return_sequences=True)
    np.testing.assert_allclose(gru.h, np.asarray(loop(pooled))[0], atol=1e-5)
    assert result.predictions[-1] == pytest.approx(model.predict(ids, verbose=0)[0], abs=1e-5)
    check = verify_trace(model, result)
    assert check.ok and check.largest_value > 0, check.message()


def test_each_step_says_which_words_it_covers(conv_gru):
    model, data = conv_gru.model, conv_gru.dataset
    result = rnnviz.trace(model, SENTENCE, dataset=data)
    spans = result.spans
    assert spans.shape == (result.n_steps, 2) and spans[0, 0] == 0 and spans[-1, 1] == len(result.token_ids)
    assert len(result.labels) == len(result.words) == len(result.is_unknown) == result.n_steps
    assert "good" in " ".join(result.words) and "…" in "".join(result.labels)
    # Perturb one word: exactly the steps whose span covers it change their GRU input.
    word = int(np.flatnonzero(result.token_ids)[3])
    changed = result.token_ids.copy()
    changed[word] = 2 if changed[word] != 2 else 3
    other = rnnviz.trace(model, changed, dataset=data)
    moved = np.abs(other.layers[0].inputs - result.layers[0].inputs).max(axis=1) > 0
    covers = (spans[:, 0] <= word) & (word < spans[:, 1])
    assert moved.any() and not (moved & ~covers).any()
    # Prediction at step t: model.predict on the text cut after step t's last word.
    t = int(np.flatnonzero(covers)[0])
    cut = keras.utils.pad_sequences([result.token_ids[:spans[t, 1]]], maxlen=data.sequence_length,
                                    padding=data.padding)
    assert result.predictions[t] == pytest.approx(model.predict(cut, verbose=0)[0], abs=1e-5)


def test_valid_padding_and_strides_are_followed_too():
    """A hand-made model with a 'valid' convolution, stride 2 and a second pooling: the same reader follows it."""
    model = keras.Sequential([keras.Input((23,), dtype="int32"), layers.Embedding(30, 5),
                              layers.Conv1D(6, 4, strides=2, activation="tanh"), layers.MaxPooling1D(2),
                              layers.Dropout(0.2), layers.LSTM(3), layers.Dense(1, activation="sigmoid")])
    rng = np.random.default_rng(0)
    model.set_weights([rng.normal(0, 0.7, w.shape).astype("float32") for w in model.get_weights()])
    ids = rng.integers(1, 30, 23)
    result = rnnviz.trace(model, ids)
    assert result.n_steps == 5 and result.spans.tolist()[0] == [0, 6]   # (23 - 4) // 2 + 1 = 10 -> pooled 5
    assert verify_trace(model, result).ok
    assert result.predictions[-1] == pytest.approx(model.predict(ids[None], verbose=0)[0], abs=1e-5)


def test_pages_that_need_one_step_per_word_refuse_in_one_line(conv_gru):
    with pytest.raises(ValueError, match="reads the words through a convolution \\(conv1d\\).*needs one step per "
                                         "word"):
        plan_model(conv_gru.model)
    with pytest.raises(ValueError, match="needs one step per word"):
        rnnviz.gradient_norms(conv_gru.model, conv_gru.dataset.validation.x[:2], conv_gru.dataset.validation.y[:2])


def test_a_saved_conv_gru_run_predicts_and_traces_identically(conv_gru, tmp_path):
    loaded = load_run(save_run(conv_gru, tmp_path / "conv.zip"))
    assert loaded.config == conv_gru.config
    x = conv_gru.dataset.validation.x
    assert np.array_equal(loaded.model.predict(x, verbose=0), conv_gru.model.predict(x, verbose=0))
    before, after = rnnviz.trace(conv_gru, SENTENCE), rnnviz.trace(loaded, SENTENCE)
    assert np.array_equal(after.spans, before.spans) and after.words == before.words
    assert np.array_equal(after.predictions, before.predictions)
    for a, b in zip(after.layers, before.layers):
        assert np.array_equal(a.h, b.h) and all(np.array_equal(a.gates[k], b.gates[k]) for k in b.gates)
    assert verify_trace(loaded.model, after).ok


@pytest.mark.parametrize("config", [ModelConfig(cell="Conv1D", units=8, conv_kernel=7),
                                    ModelConfig(cell="GRU", units=5, conv_filters=6, conv_kernel=3)])
def test_the_training_cost_counts_the_convolution(config):
    from rnnviz.training_request import parameters_per_step

    model = build_keras_model(config, 50, 12)
    # every weight but the embedding table, plus the one row of it a token reads (as for the other models)
    assert parameters_per_step(config, 12) == model.count_params() - 50 * config.embedding_dim + config.embedding_dim
