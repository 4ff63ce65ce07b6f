"""The generated long reviews the benches measure on: deterministic, as long as asked, labelled by their opinions."""

import numpy as np
import pytest

from rnnviz.data.long_reviews import long_reviews
from rnnviz.data.sentiment import _LEXICON


def test_same_arguments_same_reviews_of_the_asked_length():
    texts, labels = long_reviews(40, seed=5)
    again, labels_again = long_reviews(40, seed=5)
    assert texts == again and np.array_equal(labels, labels_again)
    assert texts != long_reviews(40, seed=6)[0]
    assert all(200 <= len(text.split()) <= 300 for text in texts)
    assert set(labels.tolist()) == {0, 1} and labels.dtype == np.int32


def test_the_opinions_carry_the_label():
    """Single-clause opinions: an adjective of the label's polarity, or a negated one of the other."""
    texts, labels = long_reviews(30, seed=1, n_opinions=2)
    lexicon = _LEXICON["en"]
    for text, label in zip(texts, labels):
        words = text.split()
        polarities = []
        for i, word in enumerate(words):
            for polarity in (0, 1):
                if word in {w for w, _ in lexicon[polarity]}:
                    negated = "not" in words[max(0, i - 2):i]
                    polarities.append(polarity ^ negated)
        assert polarities and set(polarities) == {int(label)}


@pytest.mark.parametrize("options, message", [
    ({"n_words": (300, 200)}, r"n_words must be \(shortest, longest\)"),
    ({"templates": ("sonnet",)}, "templates must be one of"),
    ({"n_opinions": 0}, "n_opinions must be an integer from 1 to 20, got 0"),
])
def test_bad_options_are_named(options, message):
    with pytest.raises(ValueError, match=message):
        long_reviews(5, **options)
