"""PCA / t-SNE, nearest neighbours, word frequencies and label association (rnnviz.projection)."""

import threading
from collections import Counter

import numpy as np
import pytest

from rnnviz.data import Dataset, Split, standardize
from rnnviz.data.sentiment import _LEXICON
from rnnviz.projection import (count_words, label_association, nearest_neighbours, project, project_embeddings,
                               word_frequencies)


def points_on_a_plane(n_points=200, n_features=10, seed=0):
    """(n_points, n_features) points spread over a random 2-D plane through a random offset."""
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(rng.normal(size=(n_features, 2)))          # two orthonormal directions
    return rng.normal(size=(n_points, 2)) * [3.0, 1.0] @ basis.T + rng.normal(size=n_features)


# --- PCA and t-SNE -------------------------------------------------------------------------------------------

def test_pca_of_points_on_a_plane_explains_all_variance_with_two_components():
    points = points_on_a_plane()
    projection = project(points, "pca", n_components=2)
    assert projection.explained_variance_ratio.sum() == pytest.approx(1.0, abs=1e-9)
    # An exact plane is only rotated: every pairwise distance survives the projection.
    original = np.linalg.norm(points[:, None] - points[None], axis=-1)
    projected = np.linalg.norm(projection.coordinates[:, None] - projection.coordinates[None], axis=-1)
    np.testing.assert_allclose(projected, original, atol=1e-9)
    three = project(points, "pca", n_components=3)
    assert three.explained_variance_ratio[2] == pytest.approx(0.0, abs=1e-12)
    assert projection.axis_titles()[0].startswith("PC1 (")


def test_pca_transform_places_the_fitted_points_where_fit_put_them():
    points = np.random.default_rng(1).normal(size=(50, 6))
    projection = project(points, "pca")
    np.testing.assert_allclose(projection.transform(points), projection.coordinates, atol=1e-10)
    with pytest.raises(ValueError, match=r"shape \(n_new, 6\)"):
        projection.transform(points[:, :5])


def three_clusters():
    rng = np.random.default_rng(2)
    centres = rng.normal(scale=20.0, size=(3, 8))
    return np.concatenate([centre + rng.normal(size=(20, 8)) for centre in centres])     # 3 clusters of 20


def test_tsne_is_identical_for_the_same_seed_and_keeps_clusters_apart():
    points = three_clusters()
    first = project(points, "tsne", perplexity=10, seed=3)
    again = project(points, "tsne", perplexity=10, seed=3)
    np.testing.assert_array_equal(first.coordinates, again.coordinates)
    assert first.explained_variance_ratio is None and first.perplexity == 10.0 and first.seed == 3
    # Each point's nearest neighbour on the map belongs to its own cluster.
    distances = np.linalg.norm(first.coordinates[:, None] - first.coordinates[None], axis=-1)
    np.fill_diagonal(distances, np.inf)
    cluster = np.repeat(np.arange(3), 20)
    np.testing.assert_array_equal(cluster[distances.argmin(axis=1)], cluster)
    with pytest.raises(ValueError, match="t-SNE cannot place new points"):
        first.transform(points)


def test_another_tsne_seed_gives_another_layout_with_the_same_clusters():
    from scipy.spatial import procrustes

    points = three_clusters()
    layouts = [project(points, "tsne", perplexity=10, seed=seed).coordinates for seed in (3, 4)]
    # Not merely rotated or mirrored: after the best rotation, scaling and reflection the points still differ
    # (a PCA start, as before, gave the identical layout for every seed: disparity 0).
    _, _, disparity = procrustes(*layouts)
    assert disparity > 0.01
    cluster = np.repeat(np.arange(3), 20)
    for layout in layouts:                                     # the clusters are in the data: both seeds show them
        distances = np.linalg.norm(layout[:, None] - layout[None], axis=-1)
        np.fill_diagonal(distances, np.inf)
        np.testing.assert_array_equal(cluster[distances.argmin(axis=1)], cluster)


@pytest.mark.parametrize("perplexity", [7, 20, 25.5])
def test_perplexity_above_a_third_of_the_points_is_refused_with_the_allowed_range(perplexity):
    points = np.random.default_rng(3).normal(size=(20, 4))
    message = (rf"perplexity \({perplexity:g}\) must be at most \(n_points - 1\) / 3 = 6.333 for 20 points "
               r"\(allowed: above 0 up to 6.333\)")
    with pytest.raises(ValueError, match=message):
        project(points, "tsne", perplexity=perplexity)
    assert project(points, "tsne", perplexity=19 / 3).perplexity == pytest.approx(19 / 3)   # the limit itself


@pytest.mark.parametrize("options, message", [
    ({"method": "umap"}, "method must be one of 'pca', 'tsne'"),
    ({"n_components": 4}, "n_components must be 2 or 3"),
    ({"method": "tsne", "perplexity": -1}, "perplexity must be a positive number"),
])
def test_bad_projection_options_are_named(options, message):
    with pytest.raises(ValueError, match=message):
        project(np.ones((10, 4)) + np.arange(10)[:, None], **options)
    with pytest.raises(ValueError, match="all 10 vectors are identical"):
        project(np.ones((10, 4)))


def test_tsne_progress_is_reported_from_the_calling_thread_and_ends_at_one():
    calls = []
    points = np.random.default_rng(4).normal(size=(150, 8))
    project(points, "tsne", perplexity=20, progress=lambda fraction, message: calls.append(
        (fraction, message, threading.current_thread())))
    fractions = [fraction for fraction, _, _ in calls]
    assert fractions[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in fractions) and fractions == sorted(fractions)
    assert {thread for _, _, thread in calls} == {threading.current_thread()}
    assert "t-SNE of 150 points" in calls[0][1]


# --- nearest neighbours ------------------------------------------------------------------------------------------

def test_nearest_neighbours_on_a_hand_made_embedding():
    angles = {"cat": 0, "kitten": 10, "dog": 40, "car": 120, "truck": 130, "sad": 180}   # degrees
    words = list(angles)
    vectors = np.array([[np.cos(np.radians(a)), np.sin(np.radians(a)), 0.0] for a in angles.values()])
    vectors *= np.arange(1, len(words) + 1)[:, None]             # lengths must not matter to cosine
    table = nearest_neighbours(vectors, words, "Cat", n_neighbours=4)
    assert list(table["word"]) == ["kitten", "dog", "car", "truck"]
    expected = np.cos(np.radians([10, 40, 120, 130]))
    np.testing.assert_allclose(table["similarity"], expected, atol=1e-12)
    assert list(nearest_neighbours(vectors, words, "sad", 1)["word"]) == ["truck"]


def test_nearest_neighbours_errors_and_zero_vectors():
    vectors = np.array([[1.0, 0.0], [0.0, 0.0], [1.0, 1.0]])
    table = nearest_neighbours(vectors, ["good", "blank", "great"], "good", n_neighbours=5)
    assert list(table["word"]) == ["great", "blank"]           # fewer than asked: only two other words
    assert table["similarity"].iloc[1] == pytest.approx(0.0)   # a zero vector points nowhere
    with pytest.raises(ValueError, match="word 'gret' is not among the 3 words shown; did you mean 'great'"):
        nearest_neighbours(vectors, ["good", "blank", "great"], "gret")
    with pytest.raises(ValueError, match="n_neighbours must be a positive integer"):
        nearest_neighbours(vectors, ["good", "blank", "great"], "good", n_neighbours=0)


# --- frequencies and label association --------------------------------------------------------------------------

def hand_made_dataset():
    """Four training sentences over a 6-token vocabulary: 'good' only in positive ones, 'bad' only in negative."""
    vocabulary = ("", "[UNK]", "the", "good", "bad", "film")
    texts = ("the good film", "good good", "the bad film", "bad")
    word_index = {word: i for i, word in enumerate(vocabulary)}
    x = np.zeros((4, 4), dtype=np.int32)
    for row, text in enumerate(texts):
        ids = [word_index[w] for w in text.split()]
        x[row, 4 - len(ids):] = ids                                 # pre padding
    split = Split(x, np.array([1, 1, 0, 0], dtype=np.int32), texts)
    return Dataset("hand", "hand made", "binary", ("negative", "positive"), "en", vocabulary, 4, "pre",
                   split, split, split)


def test_label_association_is_the_smoothed_log_odds_counted_by_hand():
    association = label_association(hand_made_dataset(), smoothing=0.5)
    # positive sentences: the good film / good good -> 5 tokens, 'good' 3 times; negative: 4 tokens, 'good' 0.
    expected_good = np.log(3.5 / 2.5) - np.log(0.5 / 4.5)
    expected_film = np.log(1.5 / 4.5) - np.log(1.5 / 3.5)
    assert association[3] == pytest.approx(expected_good)
    assert association[5] == pytest.approx(expected_film)
    assert association[4] < 0 < association[3]


def test_word_frequencies_match_a_count_of_the_training_texts(tiny_sentiment):
    frequencies = word_frequencies(tiny_sentiment)
    counts = Counter(word for text in tiny_sentiment.train.texts for word in standardize(text).split())
    index = tiny_sentiment.word_index()
    assert {word: int(frequencies[index[word]]) for word in counts} == dict(counts)


def test_n_words_is_bounded_by_the_vocabulary_with_a_clear_message(tiny_runs):
    run = tiny_runs["LSTM"]
    n = count_words(run.dataset)
    assert n == run.dataset.vocabulary_size - 2
    with pytest.raises(ValueError, match=rf"n_words \(5,000\) is more than the {n} words in the vocabulary "
                                         rf"of 'toy_sentiment': choose from 2 to {n}"):
        project_embeddings(run.model, run.dataset, n_words=5000)
    with pytest.raises(ValueError, match=r"perplexity \(30\) must be at most \(n_points - 1\) / 3 = 6.333 for 20"):
        project_embeddings(run.model, run.dataset, method="tsne", n_words=20, perplexity=30)
    projection = project_embeddings(run.model, run.dataset, n_words=n)
    assert np.all(np.diff(projection.frequencies) <= 0)           # most frequent first
    weights = run.model.get_layer("embedding").get_weights()[0]
    np.testing.assert_array_equal(projection.vectors, weights[projection.ids])
    assert [run.dataset.vocabulary[i] for i in projection.ids] == list(projection.words)


@pytest.fixture(scope="module")
def trained_lstm():
    """An LSTM trained enough to read single adjectives (val accuracy ~0.97; tiny_runs' 2 epochs are not)."""
    import rnnviz

    data = rnnviz.load_dataset("toy_sentiment", size=1500, seed=1, sequence_length=20)
    model = rnnviz.build_model(data, cell="LSTM", units=8, embedding_dim=8, learning_rate=0.01)
    return rnnviz.train(model, data, epochs=4, batch_size=32, seed=0)


def test_positive_lexicon_words_are_associated_with_positive_labels_in_the_training_data(tiny_runs):
    run = tiny_runs["LSTM"]
    table = project_embeddings(run.model, run.dataset, n_words=count_words(run.dataset)).table()
    association = dict(zip(table["word"], table["association"]))
    positive = [association[w] for w, _ in _LEXICON["en"][1] if w in association]
    negative = [association[w] for w, _ in _LEXICON["en"][0] if w in association]
    assert len(positive) >= 8 and len(negative) >= 8
    assert np.mean(positive) > 0.2 > -0.2 > np.mean(negative)


def test_after_training_the_model_reads_positive_words_as_positive_and_the_initial_model_does_not(trained_lstm):
    import rnnviz

    run = trained_lstm
    index = run.dataset.word_index()
    positive = [w for w, _ in _LEXICON["en"][1] if w in index]
    negative = [w for w, _ in _LEXICON["en"][0] if w in index]
    assert len(positive) == len(negative) == 10
    sentences = run.dataset.encode([f"the movie was {word}" for word in positive + negative])
    after = run.model.predict(sentences, verbose=0).ravel()
    before = rnnviz.build_model(run.dataset, run.config).predict(sentences, verbose=0).ravel()
    # every positive word above every negative one, each on its own side of 0.5
    assert after[:len(positive)].min() > 0.5 > after[len(positive):].max()
    # the initial weights have learnt nothing: every sentence near 0.5, the two groups not apart
    assert np.abs(before - 0.5).max() < 0.05
    assert before[:len(positive)].min() < before[len(positive):].max()


def test_training_lays_the_words_out_along_their_label_association(tiny_runs):
    import rnnviz

    run = tiny_runs["LSTM"]
    n = count_words(run.dataset)
    after = project_embeddings(run.model, run.dataset, n_words=n)
    # The seeded config rebuilds exactly the weights training started from.
    initial_model = rnnviz.build_model(run.dataset, run.config)
    before = project_embeddings(initial_model, run.dataset, n_words=n)
    assert abs(after.axis_association_correlation()[0]) > 0.6
    assert abs(before.axis_association_correlation()[0]) < 0.3


def test_build_model_from_the_run_config_rebuilds_the_initial_embedding(tiny_sentiment):
    import rnnviz

    model = rnnviz.build_model(tiny_sentiment, "GRU", units=3, embedding_dim=4, seed=7)
    initial = model.get_layer("embedding").get_weights()[0].copy()
    run = rnnviz.train(model, tiny_sentiment, epochs=1, batch_size=64, seed=0)
    rebuilt = rnnviz.build_model(run.dataset, run.config).get_layer("embedding").get_weights()[0]
    np.testing.assert_array_equal(rebuilt, initial)
    assert not np.allclose(run.model.get_layer("embedding").get_weights()[0], initial)
