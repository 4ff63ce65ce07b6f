"""Which language a set of texts is in, when it is clearly English or Spanish: the share of their words that
are each language's commonest function words ("the", "and", "is" / "el", "que", "es")."""

from __future__ import annotations

from .text import words as split_words

# Function words only: frequent in any text of the language, rare in the other one.
STOP_WORDS = {
    "en": frozenset("the and a an of to is was it this that in with for but not are be have i you they on at as "
                    "very so just all would".split()),
    "es": frozenset("el la los las de que y en un una es no pero por con muy fue se del al lo su para como más "
                    "me ni".split()),
}
MIN_SHARE = 0.15     # at least 15 % of the words are the language's function words (English prose: ~40 %)
MIN_RATIO = 3.0      # and at least three times as many as the other language's


def detect_language(texts, max_texts: int = 2000) -> str:
    """"en" or "es" when the texts are clearly in that language, else "any" (unknown).

    texts: an iterable of strings (the first `max_texts` are read).
    """
    counts = dict.fromkeys(STOP_WORDS, 0)
    total = 0
    for index, text in enumerate(texts):
        if index >= max_texts:
            break
        tokens = split_words(str(text))
        total += len(tokens)
        for language, stop in STOP_WORDS.items():
            counts[language] += sum(token in stop for token in tokens)
    if total == 0:
        return "any"
    (best, n_best), (_, n_other) = sorted(counts.items(), key=lambda item: -item[1])
    return best if n_best >= MIN_SHARE * total and n_best >= MIN_RATIO * n_other else "any"
