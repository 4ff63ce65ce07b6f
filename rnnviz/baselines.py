"""The course's non-neural baseline: TF-IDF features + logistic regression (a bag of words).

It sees which words occur, never their order, so on toy_sentiment it stays well below a recurrent network:
the measured gap is the reason to read a sentence in order.
"""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from .data.dataset import Dataset


def bag_of_words_baseline(dataset: Dataset, ngram_range: tuple[int, int] = (1, 1)) -> dict:
    """Fit TF-IDF + logistic regression on the training texts; return accuracy per split.

    Returns {"train": ..., "validation": ..., "test": ...}; ngram_range=(1, 2) adds word pairs (some order).
    """
    pipeline = make_pipeline(TfidfVectorizer(ngram_range=ngram_range, token_pattern=r"(?u)\b\w+\b"),
                             LogisticRegression(max_iter=1000))
    pipeline.fit(dataset.train.texts, dataset.train.y)
    return {name: float(pipeline.score(split.texts, split.y))
            for name, split in (("train", dataset.train), ("validation", dataset.validation),
                                ("test", dataset.test))}
