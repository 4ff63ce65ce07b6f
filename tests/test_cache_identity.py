"""Item 8: every server-wide cache knows which dataset a run reads (Dataset.identity), not only its weights."""

from dataclasses import replace

import numpy as np
import pytest


def _swapped_vocabulary(dataset):
    """The same dataset (same name, options, sizes, ids) whose vocabulary has ids 2 and 3 exchanged."""
    vocabulary = list(dataset.vocabulary)
    vocabulary[2], vocabulary[3] = vocabulary[3], vocabulary[2]
    return replace(dataset, vocabulary=tuple(vocabulary))


@pytest.fixture(scope="module")
def twin_runs(tiny_runs):
    """Two runs with equal weights, names and sizes whose vocabularies differ only in two words' ids."""
    run = tiny_runs["LSTM"]
    return run, replace(run, dataset=_swapped_vocabulary(run.dataset))


def test_identity_names_the_vocabulary_sequence_length_and_padding(tiny_sentiment):
    same = replace(tiny_sentiment)
    assert same.identity() == tiny_sentiment.identity()
    others = [_swapped_vocabulary(tiny_sentiment), replace(tiny_sentiment, sequence_length=7),
              replace(tiny_sentiment, padding="post" if tiny_sentiment.padding == "pre" else "pre"),
              replace(tiny_sentiment, class_names=tuple(reversed(tiny_sentiment.class_names))),
              replace(tiny_sentiment, options={**tiny_sentiment.options, "seed": 99}),
              tiny_sentiment.first_training_rows(100)]
    identities = {other.identity() for other in others} | {tiny_sentiment.identity()}
    assert len(identities) == len(others) + 1


def test_series_datasets_have_an_identity():
    from rnnviz import load_dataset

    one = load_dataset("noisy_sine", length=200, look_back=10)
    assert one.identity() == load_dataset("noisy_sine", length=200, look_back=10).identity()
    assert one.identity() != load_dataset("noisy_sine", length=200, look_back=12).identity()
    assert one.identity() != load_dataset("noisy_sine", length=200, look_back=10, scaling="minmax").identity()


def test_runs_differing_only_in_vocabulary_share_no_trace(twin_runs):
    from rnnviz.ui.trace_views import shared_trace

    run, twin = twin_runs
    assert all(np.array_equal(a, b) for a, b in zip(run.weights(), twin.weights()))
    assert run.fingerprint() != twin.fingerprint()
    text = f"{run.dataset.vocabulary[2]} {run.dataset.vocabulary[5]}"
    trace_a, _check = shared_trace(run, text)
    trace_b, check_b = shared_trace(twin, text)
    # the twin reads the first word as id 3: its own trace, equal to its own model.predict (the oracle)
    assert trace_a.token_ids.tolist()[-2:] == [2, 5] and trace_b.token_ids.tolist()[-2:] == [3, 5]
    expected = twin.model.predict(twin.dataset.encode([text]), verbose=0)[0]
    assert trace_b.predictions[-1] == pytest.approx(expected, abs=1e-5)
    assert check_b.ok


def test_runs_differing_only_in_vocabulary_share_no_projection(twin_runs):
    from rnnviz.ui.projector import ProjectionSettings, cached_embeddings

    run, twin = twin_runs
    settings = ProjectionSettings(n_points=20)
    projection_a, projection_b = cached_embeddings(run, settings), cached_embeddings(twin, settings)
    assert projection_a.words != projection_b.words
    assert projection_b.words == tuple(twin.dataset.vocabulary[i] for i in projection_b.ids)


def test_runs_differing_only_in_vocabulary_share_no_gradient_statistics(twin_runs):
    """The gates' saturation statistics (and every SHARED entry) are keyed apart for the two runs."""
    from rnnviz.ui import trace_views

    run, twin = twin_runs
    keys = []
    original = trace_views.SHARED.get_or_compute

    def spy(key, compute):
        keys.append(key)
        return original(key, compute)

    trace_views.SHARED.get_or_compute = spy
    try:
        trace_views.cached_saturation(run)
        trace_views.cached_saturation(twin)
    finally:
        trace_views.SHARED.get_or_compute = original
    assert len(keys) == 2 and keys[0] != keys[1]
