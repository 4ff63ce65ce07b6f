"""The TF-IDF + logistic regression baseline cuts words as the dataset does."""

import rnnviz
from rnnviz.data import standardize


def test_the_baseline_cuts_words_with_the_datasets_normalisation():
    # "don't" and "don t" are different words for the network (one standardisation); a tokenizer of its own
    # (scikit-learn's \b\w+\b) made them the same bag of words, so the baseline could not tell them apart.
    texts = [f"i don't know {i}" for i in range(30)] + [f"i don t know {i}" for i in range(30)]
    data = rnnviz.dataset_from_texts(texts, [1] * 30 + [0] * 30, seed=0)
    assert standardize("don't").split() != standardize("don t").split()
    scores = rnnviz.bag_of_words_baseline(data)
    assert scores["train"] == 1.0 and scores["test"] == 1.0
