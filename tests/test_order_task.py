"""order_task: labels exact by construction, invisible to a bag of words, deterministic, validated options."""

import numpy as np
import pytest

from rnnviz import load_dataset
from rnnviz.baselines import bag_of_words_baseline
from rnnviz.data import DATASET_NAMES


def _oracle_label(text: str) -> int:
    """Re-derive the label from the tokens alone: 0 if x comes before y, 1 if y comes before x."""
    tokens = text.split()
    assert tokens.count("x") == 1 and tokens.count("y") == 1, text
    return int(tokens.index("y") < tokens.index("x"))


def test_labels_are_the_order_of_the_two_markers():
    data = load_dataset("order_task", lag=6, n_steps=15, size=600, seed=4)
    for split in (data.train, data.validation, data.test):
        assert [_oracle_label(text) for text in split.texts] == split.y.tolist()
        assert np.array_equal(split.x, data.encode(list(split.texts)))    # ids are the texts, encoded


def test_the_later_marker_is_at_least_lag_steps_before_the_end_and_positions_are_spread():
    n_steps, lag = 15, 6
    data = load_dataset("order_task", lag=lag, n_steps=n_steps, size=2000, seed=1)
    index = data.word_index()
    is_marker = np.isin(data.train.x, [index["x"], index["y"]])
    assert (is_marker.sum(axis=1) == 2).all()
    positions = np.argwhere(is_marker)[:, 1].reshape(-1, 2)             # (n_sequences, 2), sorted per row
    assert positions[:, 1].max() == n_steps - lag                          # the later one: >= lag steps to go
    # uniform over pairs: every allowed position is used, for the first and for the second marker
    assert set(positions[:, 0]) == set(range(n_steps - lag))
    assert set(positions[:, 1]) == set(range(1, n_steps - lag + 1))
    assert data.train.x.shape == (1400, n_steps) and (data.train.x > 1).all()   # no padding, no unknowns
    assert 0.45 < data.train.y.mean() < 0.55
    assert DATASET_NAMES == ("toy_sentiment", "memory_task", "order_task")


def test_a_bag_of_words_is_at_chance_while_it_solves_the_memory_task():
    order = bag_of_words_baseline(load_dataset("order_task", lag=20, n_steps=40, size=4000, seed=0))
    assert 0.42 <= order["validation"] <= 0.58 and 0.42 <= order["test"] <= 0.58
    # The same baseline is not broken: where a word alone decides, it wins.
    memory = bag_of_words_baseline(load_dataset("memory_task", lag=20, n_steps=40, size=1000, seed=0))
    assert memory["validation"] >= 0.95


def test_same_seed_same_data_other_seed_other_data():
    a = load_dataset("order_task", lag=5, n_steps=12, size=200, seed=7)
    b = load_dataset("order_task", lag=5, n_steps=12, size=200, seed=7)
    c = load_dataset("order_task", lag=5, n_steps=12, size=200, seed=8)
    assert a.train.texts == b.train.texts and np.array_equal(a.train.x, b.train.x) and a.vocabulary == b.vocabulary
    assert np.array_equal(a.validation.y, b.validation.y)
    assert a.train.texts != c.train.texts
    assert a.options == dict(lag=5, n_steps=12, size=200, seed=7, n_distractors=8, padding="pre")


@pytest.mark.parametrize("options, message", [
    ({"lag": 40, "n_steps": 40}, "lag must be an integer from 1 to 39, got 40"),
    ({"lag": 0}, "lag must be an integer from 1 to 99, got 0"),
    ({"n_steps": 2, "lag": 1}, "n_steps must be an integer from 3 to 1,000, got 2"),
    ({"size": 10}, "size must be an integer from 60 to 200,000, got 10"),
    ({"seed": -1}, "seed must be an integer from 0"),
    ({"n_distractors": 0}, "n_distractors must be an integer from 1 to 23, got 0"),
    ({"lag": 2.5}, "lag must be an integer"),
    ({"padding": "middle"}, "padding must be one of 'pre', 'post'"),
    ({"markers": 3}, "order_task has no option 'markers'; its options: lag, n_steps, size, seed"),
])
def test_bad_options_are_named_in_the_error(options, message):
    with pytest.raises(ValueError, match=message):
        load_dataset("order_task", **options)
