"""find_concept_units: concept labels from the words, AUC per unit, a shuffled-label baseline."""

import numpy as np
import pytest

from rnnviz.explain import find_concept_units
from rnnviz.explain.concepts import _auc_scores, clause_after, concept_labels, negation_scope


@pytest.fixture(scope="module")
def trained_lstm():
    """An LSTM that learnt toy_sentiment (validation accuracy well above chance after 4 epochs)."""
    from rnnviz import build_model, load_dataset, train

    data = load_dataset("toy_sentiment", size=1000, seed=0)
    model = build_model(data, cell="LSTM", units=8, embedding_dim=8)
    return train(model, data, epochs=4, seed=0)


def test_on_the_trained_model_the_units_above_untrained_networks_are_counted_against_an_oracle(trained_lstm):
    from dataclasses import replace

    from sklearn.metrics import roc_auc_score

    from rnnviz import build_model
    from rnnviz.explain.concepts import _unit_states, _word_columns

    run = trained_lstm
    found = find_concept_units(run, concept="negation", n_sentences=200, n_inits=3)
    ids = _word_columns(run.model, run.dataset.validation.x[:200])
    labels = concept_labels(ids, run.dataset, "negation")[0][ids != 0]
    best = []
    for k in range(3):       # oracle: the same config at fresh seeds, scored by scikit-learn's AUC
        fresh = build_model(run.dataset, replace(run.config, seed=run.config.seed + 1 + k))
        states = _unit_states(fresh, found.layer, ids)[ids != 0]
        best.append(max(abs(roc_auc_score(labels, states[:, u]) - 0.5) for u in range(states.shape[1])))
    np.testing.assert_allclose(found.untrained_best, best, atol=1e-9)
    assert found.baseline == pytest.approx(max(best))
    passing = sorted(u for u in range(len(found.scores)) if found.scores[u] > max(best))
    assert sorted(found.passing.tolist()) == passing
    caption = found.caption()
    assert ("No unit of" in caption) == (not passing)
    assert f"{found.baseline:.3f}" in caption and "3 untrained networks of the same architecture" in caption


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_an_untrained_network_has_at_most_one_unit_above_the_untrained_baseline(trained_lstm, seed):
    from types import SimpleNamespace

    from rnnviz import build_model
    from rnnviz.models import ModelConfig

    data = trained_lstm.dataset              # 150 validation sentences
    config = ModelConfig(cell="LSTM", units=16, embedding_dim=8, seed=100 + seed)
    untrained = SimpleNamespace(model=build_model(data, config), dataset=data, config=config)
    found = find_concept_units(untrained, concept="negation", seed=10 * seed)
    assert (found.scores > found.baseline).sum() <= 1


def test_auc_equals_the_pairwise_definition():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(60, 3)), rng.random(60) < 0.3
    pairs = (x[y][:, None, :] > x[~y][None, :, :]).mean(axis=(0, 1))   # P(positive above negative)
    np.testing.assert_allclose(_auc_scores(x, y), pairs)


def test_dropping_all_padding_columns_keeps_every_word_state(tiny_runs, tiny_sentiment):
    """find_concept_units reads only the columns some sentence uses: Keras skips padding, so states agree."""
    from rnnviz.model_plan import plan_model
    from rnnviz.tracing.walk import run_plan

    ids = tiny_sentiment.validation.x[:20]
    used = (ids != 0).any(axis=0)
    assert not used.all()                            # the test needs padding-only columns
    plan = plan_model(tiny_runs["GRU"].model)
    full, trimmed = (run_plan(plan, batch)[0][0][3]["h"] for batch in (ids, ids[:, used]))
    np.testing.assert_array_equal(full[:, used][ids[:, used] != 0], trimmed[ids[:, used] != 0])


def test_negation_scope_runs_from_the_negation_through_the_negated_word():
    words = ["the", "movie", "was", "not", "very", "good", "but", "the", "acting", "was", "great"]
    negation = np.array([[w == "not" for w in words]])
    polar = np.array([[w in ("good", "great") for w in words]])
    boundary = np.array([[w == "but" for w in words]])
    assert negation_scope(negation, polar, boundary)[0].tolist() == [False] * 3 + [True] * 3 + [False] * 5
    assert clause_after(boundary, boundary)[0].tolist() == [False] * 7 + [True] * 4


def test_concepts_are_read_from_the_dataset_words(tiny_sentiment):
    ids = tiny_sentiment.encode(["the movie was not good", "slow at first but wonderful in the end"])
    negation, _ = concept_labels(ids, tiny_sentiment, "negation")
    tokens = [[tiny_sentiment.vocabulary[i] for i in row] for row in ids]
    assert [t for t, inside in zip(tokens[0], negation[0]) if inside] == ["not", "good"]
    after, _ = concept_labels(ids, tiny_sentiment, "after_but")
    assert [t for t, inside in zip(tokens[1], after[1]) if inside] == ["wonderful", "in", "the", "end"]
    own, name = concept_labels(ids, tiny_sentiment, ["Movie"])
    assert own.sum() == 1 and name == "words: movie"


def test_position_is_scored_by_correlation(tiny_runs):
    found = find_concept_units(tiny_runs["GRU"], concept="position")
    assert found.metric == "correlation"
    assert np.all((found.values >= -1) & (found.values <= 1))


@pytest.mark.parametrize("kwargs, message", [
    ({"concept": "sarcasm"}, "concept must be one of"),
    ({"concept": [" "]}, "word list is empty"),
    ({"concept": ["zzzz"]}, "no validation word is inside"),
    ({"layer": "lstm_9"}, "no recurrent layer 'lstm_9'"),
])
def test_bad_concepts_are_one_line_value_errors(tiny_runs, kwargs, message):
    with pytest.raises(ValueError, match=message) as error:
        find_concept_units(tiny_runs["SimpleRNN"], **kwargs)
    assert "\n" not in str(error.value)
