"""Hidden states per step and their projection (rnnviz.projection.states), checked against Keras' own outputs."""

import numpy as np
import pytest

import rnnviz
from rnnviz.projection import (add_trajectory, final_states, project_states, recurrent_layer_choices,
                               trace_states)


def keras_outputs(model, x):
    """Every layer's output as Keras computes it in the model itself (the oracle)."""
    import keras

    probe = keras.Model(model.inputs, [layer.output for layer in model.layers])
    return dict(zip([layer.name for layer in model.layers], probe.predict(x, verbose=0)))


@pytest.fixture(scope="module")
def stacked_bidirectional(tiny_sentiment):
    """An untrained 2-layer Bidirectional GRU: the first layer returns sequences, the second does not."""
    return rnnviz.build_model(tiny_sentiment, "GRU", units=3, embedding_dim=4, n_layers=2, bidirectional=True,
                              seed=2)


@pytest.mark.parametrize("cell", ["SimpleRNN", "LSTM", "GRU"])
def test_final_states_equal_the_layer_output_keras_computes(tiny_runs, cell):
    run = tiny_runs[cell]
    x = run.dataset.validation.x[:20]
    expected = keras_outputs(run.model, x)[f"{cell.lower()}_1"]
    np.testing.assert_allclose(final_states(run.model, x), expected, atol=1e-6)


def test_bidirectional_halves_concatenate_to_the_wrapper_output(stacked_bidirectional, tiny_sentiment):
    model = stacked_bidirectional
    assert recurrent_layer_choices(model) == ("bidirectional_1/forward", "bidirectional_1/backward",
                                              "bidirectional_2/forward", "bidirectional_2/backward")
    x = tiny_sentiment.validation.x[:15]
    expected = keras_outputs(model, x)["bidirectional_2"]                       # (15, 6) = forward | backward
    halves = [final_states(model, x, f"bidirectional_2/{half}") for half in ("forward", "backward")]
    np.testing.assert_allclose(np.concatenate(halves, axis=1), expected, atol=1e-6)


def test_trajectories_equal_the_sequence_output_of_a_stacked_layer(stacked_bidirectional, tiny_sentiment):
    model = stacked_bidirectional
    sentence = tiny_sentiment.validation.texts[0]
    sequence = keras_outputs(model, tiny_sentiment.encode([sentence]))["bidirectional_1"][0]   # (T, 6)
    words, forward = trace_states(model, tiny_sentiment, sentence, "bidirectional_1/forward")
    backward_words, backward = trace_states(model, tiny_sentiment, sentence, "bidirectional_1/backward")
    n_words = len(words)
    real = sequence[-n_words:]                          # pre padding: the real words are the last n steps
    np.testing.assert_allclose(forward, real[:, :3], atol=1e-6)
    # The backward half reads from the last word to the first; Keras flips its outputs back into word order.
    np.testing.assert_allclose(backward[::-1], real[:, 3:], atol=1e-6)
    assert backward_words == words[::-1]
    assert list(words) == tiny_sentiment.decode(tiny_sentiment.encode([sentence])[0])


def test_every_layer_choice_ends_its_trajectory_at_its_final_state(stacked_bidirectional, tiny_sentiment):
    sentence = tiny_sentiment.validation.texts[2]
    x = tiny_sentiment.validation.x[:10]
    for layer in recurrent_layer_choices(stacked_bidirectional):
        _, path = trace_states(stacked_bidirectional, tiny_sentiment, sentence, layer)
        final = final_states(stacked_bidirectional, tiny_sentiment.encode([sentence]), layer)
        np.testing.assert_allclose(path[-1], final[0], atol=1e-6, err_msg=layer)
        assert final_states(stacked_bidirectional, x, layer).std(axis=0).min() > 0, layer   # never constant


@pytest.mark.parametrize("padding", ["pre", "post"])
def test_a_trajectory_ends_at_the_final_state_whatever_the_padding(padding):
    data = rnnviz.load_dataset("toy_sentiment", size=60, seed=3, padding=padding, sequence_length=24)
    model = rnnviz.build_model(data, "LSTM", units=3, embedding_dim=4, seed=1)
    sentence = data.validation.texts[1]
    _, path = trace_states(model, data, sentence)
    final = final_states(model, data.encode([sentence]))
    np.testing.assert_allclose(path[-1], final[0], atol=1e-6)
    assert len(path) == len(data.encode_sentence(sentence).words)


def test_pca_state_projection_places_the_sentence_with_the_validation_rotation(tiny_runs):
    run = tiny_runs["GRU"]
    sentence = "the movie was not good at all"
    projection = project_states(run.model, run.dataset, sentence=sentence, n_sentences=40)
    assert projection.states.shape == (40, 4) and projection.coordinates.shape == (40, 2)
    np.testing.assert_array_equal(projection.labels, run.dataset.validation.y[:40])
    path = projection.trajectory
    assert path.words == tuple(sentence.split())
    centred = path.states.astype(np.float64) - projection.states.astype(np.float64).mean(axis=0)
    np.testing.assert_allclose(path.coordinates, centred @ projection.projection.components.T, atol=1e-9)
    # Same rotation: adding the sentence afterwards to a map without it gives the same points.
    later = add_trajectory(project_states(run.model, run.dataset, n_sentences=40), run.model, run.dataset, sentence)
    np.testing.assert_allclose(later.trajectory.coordinates, path.coordinates, atol=1e-12)
    expected = run.model.predict(run.dataset.validation.x[:40], verbose=0)[:, 0]
    np.testing.assert_allclose(projection.probabilities[:, 1], expected, atol=1e-6)
    np.testing.assert_array_equal(projection.predictions, (expected > 0.5).astype(int))


def test_tsne_state_projection_embeds_the_sentence_with_the_validation_states(tiny_runs):
    run = tiny_runs["LSTM"]
    options = dict(method="tsne", sentence="the acting was great", n_sentences=40, perplexity=10, seed=5)
    first = project_states(run.model, run.dataset, **options)
    again = project_states(run.model, run.dataset, **options)
    assert first.coordinates.shape == (40, 2) and first.trajectory.coordinates.shape == (4, 2)
    np.testing.assert_array_equal(first.trajectory.coordinates, again.trajectory.coordinates)
    np.testing.assert_array_equal(first.coordinates, again.coordinates)
    with pytest.raises(ValueError, match="t-SNE cannot place new points"):
        add_trajectory(first, run.model, run.dataset, "the plot was dull")


def test_state_projection_errors_name_the_bad_value(tiny_runs, tiny_sentiment):
    run = tiny_runs["SimpleRNN"]
    with pytest.raises(ValueError, match="layer must be one of 'simplernn_1', got 'lstm_1'"):
        project_states(run.model, run.dataset, layer="lstm_1")
    with pytest.raises(ValueError, match="n_sentences must be an integer from 3 to 45"):
        project_states(run.model, run.dataset, n_sentences=1000)
    with pytest.raises(ValueError, match=r"perplexity \(30\) must be at most \(n_points - 1\) / 3 = 6.333 for 20"):
        project_states(run.model, run.dataset, method="tsne", n_sentences=20)
    baseline = rnnviz.build_model(tiny_sentiment, "pooling", units=4)
    with pytest.raises(ValueError, match="has no recurrent layer"):
        project_states(baseline, tiny_sentiment)
