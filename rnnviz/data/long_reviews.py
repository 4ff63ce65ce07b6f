"""IMDB-like long reviews, generated: 200-300 words of filler with a few opinion sentences whose sentiment is the
label, for measuring training and accuracy where the real IMDB files cannot be downloaded.

    texts, labels = long_reviews(3000, seed=0)
    data = rnnviz.dataset_from_texts(texts, labels, sequence_length=300)

Each review hides `n_opinions` sentences of the toy_sentiment grammar (negation, "but", "although": the word
order decides their sentiment), all of the review's label, at random places among filler words drawn with a
Zipf law from a vocabulary of made-up words ("w17"), as real reviews spread their opinion among common words.
Deterministic: the same arguments give the same texts. Not real data: say so wherever a figure comes from it.
"""

from __future__ import annotations

import numpy as np

from .dataset import check_choice, check_int
from .sentiment import _LEXICON, _TEMPLATE_SHARES, LANGUAGES, _sentence


def long_reviews(n_reviews: int, seed: int = 0, n_words: tuple[int, int] = (200, 300), n_opinions: int = 4,
                 n_filler_words: int = 5000, language: str = "en", templates: tuple[str, ...] = ("single",)
                 ) -> tuple[list[str], np.ndarray]:
    """(texts, labels): n_reviews reviews of n_words[0] to n_words[1] words (the opinions included), labels
    (n_reviews,) int32 0/1 (negative/positive) drawn at random.

    templates: the toy_sentiment sentence forms the opinions use: "single" (one clause, negated 40 % of the
    time: "the plot was not good at all"), and the contrasts "but", "at_first", "although_first",
    "although_last", where word order decides.
    """
    n_reviews = check_int("n_reviews", n_reviews, 1, 200_000)
    seed = check_int("seed", seed, 0, 2**31 - 1)
    n_opinions = check_int("n_opinions", n_opinions, 1, 20)
    n_filler_words = check_int("n_filler_words", n_filler_words, 1, 1_000_000)
    low, high = (check_int("n_words", value, 1, 5000) for value in n_words)
    if low > high:
        raise ValueError(f"n_words must be (shortest, longest), got {n_words!r}")
    check_choice("language", language, LANGUAGES)
    rng = np.random.default_rng(seed)
    for template in templates:
        check_choice("templates", template, tuple(_TEMPLATE_SHARES))
    lexicon, templates = _LEXICON[language], list(templates)
    shares = np.array([_TEMPLATE_SHARES[t] for t in templates]) / sum(_TEMPLATE_SHARES[t] for t in templates)
    labels = rng.integers(0, 2, n_reviews).astype(np.int32)
    texts = []
    for label in labels:
        opinions = [_sentence(lexicon, str(rng.choice(templates, p=shares)), int(label), rng)
                    for _ in range(n_opinions)]
        n_filler = max(int(rng.integers(low, high + 1)) - sum(len(o.split()) for o in opinions), 0)
        filler = [f"w{rank}" for rank in np.minimum(rng.zipf(1.3, n_filler), n_filler_words)]
        # Opinions go between filler words, in order, at random places.
        places = np.sort(rng.integers(0, n_filler + 1, n_opinions))
        pieces, start = [], 0
        for place, opinion in zip(places, opinions):
            pieces += filler[start:place] + [opinion]
            start = place
        texts.append(" ".join(pieces + filler[start:]))
    return texts, labels
