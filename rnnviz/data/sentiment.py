"""toy_sentiment: movie-review-like sentences from a small grammar, in English or Spanish.

Every sentence is labelled exactly by construction. A share of them has two clauses of opposite polarity joined
by a connector ("slow at first but wonderful", "although the plot was dull , the acting was great"); which
clause decides the label depends on word order, and swapping the clauses gives the same bag of words with the
opposite label. Negation ("not good at all") flips a clause. So a bag-of-words model cannot solve the task,
while a recurrent network that reads in order can: the point the course makes about RNNs for text.
"""

from __future__ import annotations

import numpy as np

from ..i18n import N_
from .dataset import Dataset, check_choice, check_int, split_three_ways, tokenize_splits
from .descriptions import described

# Per language: subjects (with grammatical gender), adjectives by polarity (masculine, feminine),
# and the words of each template. Positive = 1, negative = 0.
_LEXICON = {
    "en": {
        "subjects": [("the movie", "m"), ("the film", "m"), ("the plot", "m"), ("the acting", "m"),
                     ("the ending", "m"), ("the story", "m"), ("the soundtrack", "m"), ("the dialogue", "m"),
                     ("the cast", "m")],
        1: [(w, w) for w in ("good", "great", "wonderful", "excellent", "brilliant", "funny", "moving",
                             "beautiful", "clever", "enjoyable")],
        0: [(w, w) for w in ("bad", "awful", "boring", "terrible", "dull", "slow", "weak", "predictable",
                             "silly", "painful")],
        "intensifiers": ["very", "really", "truly", "extremely", "quite"],
        "fillers": ["i watched it last night", "to be honest", "in my opinion", "honestly", "overall",
                    "with my family", "at the cinema", "on a rainy sunday"],
        "is": ("was", "is"), "not": "not", "at_all": "at all", "but": "but", "although": "although",
        "at_first": "at first", "in_the_end": "in the end",
        "class_names": ("negative", "positive"),
    },
    "es": {
        "subjects": [("la película", "f"), ("la historia", "f"), ("la actuación", "f"), ("la música", "f"),
                     ("la trama", "f"), ("el guion", "m"), ("el final", "m"), ("el reparto", "m"),
                     ("el diálogo", "m")],
        1: [("bueno", "buena"), ("genial", "genial"), ("maravilloso", "maravillosa"), ("excelente", "excelente"),
            ("brillante", "brillante"), ("divertido", "divertida"), ("emocionante", "emocionante"),
            ("bonito", "bonita"), ("inteligente", "inteligente"), ("entretenido", "entretenida")],
        0: [("malo", "mala"), ("horrible", "horrible"), ("aburrido", "aburrida"), ("terrible", "terrible"),
            ("lento", "lenta"), ("flojo", "floja"), ("predecible", "predecible"), ("tonto", "tonta"),
            ("pesado", "pesada"), ("mediocre", "mediocre")],
        "intensifiers": ["muy", "realmente", "bastante", "increíblemente", "tan"],
        "fillers": ["la vi anoche", "sinceramente", "en mi opinión", "la verdad", "en general",
                    "con mi familia", "en el cine", "un domingo lluvioso"],
        "is": ("fue", "es"), "not": "no", "at_all": "para nada", "but": "pero", "although": "aunque",
        "at_first": "al principio", "in_the_end": "al final",
        "class_names": ("negativa", "positiva"),
    },
}

_DESCRIPTIONS = {
    "en": N_("{size:,} generated English movie-review sentences with negation and contrast; label = sentiment "
             "of the sentence (word order decides)."),
    "es": N_("{size:,} generated Spanish movie-review sentences with negation and contrast; label = sentiment "
             "of the sentence (word order decides)."),
}
_EXAMPLES = {
    "en": ("the movie was not good at all", "slow at first but wonderful in the end",
           "although the plot was dull , the acting was brilliant", "the ending was very bad",
           "the acting was great although the story was predictable"),
    "es": ("la película no es buena", "la película fue lenta al principio pero maravillosa al final",
           "aunque la trama fue aburrida , la música fue genial", "el final fue muy malo",
           "la actuación fue brillante aunque la historia fue predecible"),
}

# Template name -> share of sentences. Only "single" can be read off a bag of words (and only partly: negation).
_TEMPLATE_SHARES = {"single": 0.35, "but": 0.25, "at_first": 0.15, "although_first": 0.125, "although_last": 0.125}
LANGUAGES = tuple(_LEXICON)


def toy_sentiment(size: int = 4000, seed: int = 0, language: str = "en", vocabulary_size: int = 1000,
                  sequence_length: int = 32, padding: str = "pre") -> Dataset:
    """Generate the toy sentiment task: (size) sentences split 70/15/15 into train/validation/test.

    Labels: 1 positive, 0 negative. Options are validated; a ValueError names the bad one.
    """
    size = check_int("size", size, 60, 200_000)
    seed = check_int("seed", seed, 0, 2**31 - 1)
    check_choice("language", language, LANGUAGES)
    vocabulary_size = check_int("vocabulary_size", vocabulary_size, 3, 100_000)
    sequence_length = check_int("sequence_length", sequence_length, 2, 1000)
    rng = np.random.default_rng(seed)
    lexicon = _LEXICON[language]
    labels = rng.integers(0, 2, size=size).astype(np.int32)
    templates = rng.choice(list(_TEMPLATE_SHARES), size=size, p=list(_TEMPLATE_SHARES.values()))
    texts = [_sentence(lexicon, template, int(label), rng) for template, label in zip(templates, labels)]
    texts_by_split, labels_by_split = split_three_ways(texts, labels, rng)
    vocabulary, splits = tokenize_splits(texts_by_split, labels_by_split, vocabulary_size, sequence_length, padding)
    return Dataset(
        name="toy_sentiment",
        **described(_DESCRIPTIONS[language], size=size),
        task="binary", class_names=lexicon["class_names"], language=language, vocabulary=vocabulary,
        sequence_length=sequence_length, padding=padding, **splits,
        options=dict(size=size, seed=seed, language=language, vocabulary_size=vocabulary_size,
                     sequence_length=sequence_length, padding=padding),
        examples=_EXAMPLES[language],
    )


def _sentence(lexicon: dict, template: str, label: int, rng: np.random.Generator) -> str:
    """One sentence whose sentiment is `label`; two-clause templates put the opposite polarity in the other clause."""
    pick = lambda options: options[rng.integers(len(options))]  # noqa: E731 - a one-word helper
    # English negates the adjective ("was not good"); Spanish negates the verb ("no fue buena").
    negate_verb = lexicon["not"] == "no"

    def clause(polarity: int) -> str:
        subject, gender = pick(lexicon["subjects"])
        negated, words = phrase(polarity, gender)
        verb = pick(lexicon["is"])
        if negated and negate_verb:
            return f"{subject} {lexicon['not']} {verb} {words}"
        return f"{subject} {verb} {lexicon['not'] + ' ' if negated else ''}{words}"

    def phrase(polarity: int, gender: str, allow_at_all: bool = True) -> tuple[bool, str]:
        """(negated, words): an adjective phrase of the given polarity, the negation word left to the caller."""
        negated = bool(rng.random() < 0.4)
        masculine, feminine = pick(lexicon[polarity ^ negated])  # a negated adjective has the opposite polarity
        words = [] if rng.random() >= 0.3 else [pick(lexicon["intensifiers"])]
        words.append(feminine if gender == "f" else masculine)
        if negated and allow_at_all and len(words) == 1 and rng.random() < 0.3:
            words.append(lexicon["at_all"])
        return negated, " ".join(words)

    def bare_phrase(polarity: int, gender: str) -> str:
        negated, words = phrase(polarity, gender, allow_at_all=False)
        return f"{lexicon['not']} {words}" if negated else words

    if template == "single":
        body = clause(label)
    elif template == "but":
        body = f"{clause(1 - label)} {lexicon['but']} {clause(label)}"
    elif template == "at_first":
        subject, gender = pick(lexicon["subjects"])
        body = (f"{subject} {pick(lexicon['is'])} {bare_phrase(1 - label, gender)} {lexicon['at_first']} "
                f"{lexicon['but']} {bare_phrase(label, gender)} {lexicon['in_the_end']}")
    elif template == "although_first":   # "although A , B": the main clause B decides
        body = f"{lexicon['although']} {clause(1 - label)} , {clause(label)}"
    else:                                # "B although A": the main clause B, now first, decides
        body = f"{clause(label)} {lexicon['although']} {clause(1 - label)}"
    if rng.random() < 0.3:
        filler = pick(lexicon["fillers"])
        body = f"{filler} , {body}" if rng.random() < 0.5 else f"{body} , {filler}"
    return body


def sentiment_words(language: str) -> dict:
    """The lexicon's words for explanations: {"negation": "not", "but": "but", "verbs": (...),
    "flip": {adjective: the adjective of opposite polarity at the same place and gender}, "polarity":
    {adjective: 1 positive or 0 negative}}."""
    check_choice("language", language, LANGUAGES)
    lexicon = _LEXICON[language]
    flip, polarity = {}, {}
    for index, (positive, negative) in enumerate(zip(lexicon[1], lexicon[0])):
        for form in (0, 1):   # masculine, feminine
            flip[positive[form]], flip[negative[form]] = negative[form], positive[form]
            polarity[positive[form]], polarity[negative[form]] = 1, 0
    return {"negation": lexicon["not"], "but": lexicon["but"], "verbs": tuple(lexicon["is"]), "flip": flip,
            "polarity": polarity}
