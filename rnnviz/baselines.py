"""The course's non-neural baseline: TF-IDF features + logistic regression (a bag of words).

It sees which words occur, never their order, so on toy_sentiment it stays well below a recurrent network:
the measured gap is the reason to read a sentence in order. It works for any text dataset (IMDB, a CSV, any
language, two classes or more): words are cut by the dataset's own normalisation (`standardize`), so the
baseline and the network agree on what a word is; it reads whole texts, beyond the network's sequence length.
"""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from .data.dataset import Dataset, standardize


def bag_of_words_baseline(dataset: Dataset, ngram_range: tuple[int, int] = (1, 1)) -> dict:
    """Fit TF-IDF + logistic regression on the training texts; return accuracy per split.

    Returns {"train": ..., "validation": ..., "test": ...}; ngram_range=(1, 2) adds word pairs (some order).
    Several classes: one multinomial logistic regression.
    """
    features = TfidfVectorizer(ngram_range=ngram_range, preprocessor=standardize, tokenizer=str.split,
                               token_pattern=None, lowercase=False)
    pipeline = make_pipeline(features, LogisticRegression(max_iter=1000))
    pipeline.fit(dataset.train.texts, dataset.train.y)
    return {name: float(pipeline.score(split.texts, split.y))
            for name, split in (("train", dataset.train), ("validation", dataset.validation),
                                ("test", dataset.test))}
