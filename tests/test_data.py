"""Built-in datasets: sizes, exact labels, determinism, both languages, word order, tokenisation."""

import unicodedata

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnnviz import load_dataset
from rnnviz.baselines import bag_of_words_baseline
from rnnviz.data import Dataset, sentiment, words
from rnnviz.data.dataset import tokenize_splits


def _oracle_label(text: str, language: str) -> int:
    """Re-derive a toy_sentiment label from the sentence alone, by the rules a reader would use."""
    lexicon = sentiment._LEXICON[language]
    positive = {w for pair in lexicon[1] for w in pair}
    negative = {w for pair in lexicon[0] for w in pair}
    for filler in lexicon["fillers"]:  # neutral asides carry no sentiment
        text = text.removeprefix(f"{filler} , ").removesuffix(f" , {filler}")

    def polarity(clause: str) -> int:
        words = clause.split()
        adjectives = [w for w in words if w in positive or w in negative]
        assert len(adjectives) == 1, (text, clause)
        return int(adjectives[0] in positive) ^ int(lexicon["not"] in words)

    although, but = lexicon["although"], lexicon["but"]
    if text.startswith(f"{although} "):       # "although A , B": the main clause B decides
        return polarity(text.split(" , ")[1])
    if f" {although} " in text:               # "B although A"
        return polarity(text.split(f" {although} ")[0])
    if f" {but} " in text:                    # "A but B"
        return polarity(text.split(f" {but} ")[1])
    return polarity(text)


@pytest.mark.parametrize("language", ["en", "es"])
def test_toy_sentiment_labels_match_an_independent_reading_of_each_sentence(language):
    data = load_dataset("toy_sentiment", size=600, seed=3, language=language)
    for split in (data.train, data.validation, data.test):
        oracle = [_oracle_label(text, language) for text in split.texts]
        assert oracle == split.y.tolist()


def test_toy_sentiment_sizes_shapes_and_balance():
    data = load_dataset("toy_sentiment", size=1000, seed=0, sequence_length=24)
    assert (len(data.train), len(data.validation), len(data.test)) == (700, 150, 150)
    assert data.train.x.shape == (700, 24) and data.train.x.dtype == np.int32
    assert set(np.unique(data.train.y)) == {0, 1}
    assert 0.4 < data.train.y.mean() < 0.6
    assert data.vocabulary[:2] == ("", "[UNK]")
    assert data.train.x.max() < data.vocabulary_size
    # every sentence fits: nothing is truncated at the default length
    assert max(len(t.split()) for t in data.train.texts) <= load_dataset("toy_sentiment").sequence_length


def test_same_seed_same_data_other_seed_other_data():
    a, b = load_dataset("toy_sentiment", size=200, seed=7), load_dataset("toy_sentiment", size=200, seed=7)
    c = load_dataset("toy_sentiment", size=200, seed=8)
    assert a.train.texts == b.train.texts and np.array_equal(a.train.x, b.train.x)
    assert a.vocabulary == b.vocabulary
    assert a.train.texts != c.train.texts


def test_spanish_sentences_are_spanish():
    data = load_dataset("toy_sentiment", size=300, language="es")
    assert {"fue", "película", "pero", "aunque", "no"} <= set(data.vocabulary)
    assert "the" not in data.vocabulary
    assert data.class_names == ("negativa", "positiva")
    encoded = data.encode_sentence("La película no es buena")
    assert encoded.words == ("la", "película", "no", "es", "buena") and not encoded.is_unknown.any()


def test_word_order_decides_so_a_bag_of_words_cannot_solve_it():
    data = load_dataset("toy_sentiment", size=4000, seed=0)
    scores = bag_of_words_baseline(data)
    labels = data.validation.y
    majority = max(labels.mean(), 1 - labels.mean())
    assert scores["validation"] == pytest.approx(majority, abs=0.06)      # words alone: chance, no better or worse
    # the baseline itself works: given word pairs (a little order) it gains at least 10 points on unseen data
    assert bag_of_words_baseline(data, ngram_range=(1, 2))["validation"] > scores["validation"] + 0.10
    # the same bag of words with opposite labels: swap the clauses of a "but" sentence
    text = next(t for t, y in zip(data.train.texts, data.train.y) if " but " in t and "," not in t
                and " at first " not in t)
    first, second = text.split(" but ")
    swapped = f"{second} but {first}"
    assert sorted(swapped.split()) == sorted(text.split())
    assert _oracle_label(swapped, "en") != _oracle_label(text, "en")


@pytest.mark.parametrize("padding", ["pre", "post"])
def test_padding_side(padding):
    data = load_dataset("toy_sentiment", size=100, padding=padding, sequence_length=30)
    row = data.train.x[0]
    n_words = len(data.train.texts[0].replace(",", " ").split())
    assert (row > 0).sum() == n_words
    real = row[-n_words:] if padding == "pre" else row[:n_words]
    assert (real > 0).all()


def test_truncation_keeps_the_side_pad_sequences_keeps():
    data = load_dataset("toy_sentiment", size=100, sequence_length=4, padding="pre")
    encoded = data.encode_sentence("the movie was very very good at all")
    assert encoded.n_truncated == 4 and encoded.words == ("very", "good", "at", "all")
    assert data.encode(["the movie was very very good at all"])[0].tolist() == encoded.ids.tolist()


def test_unknown_words_are_flagged_and_map_to_the_oov_id():
    data = load_dataset("toy_sentiment", size=200)
    encoded = data.encode_sentence("The movie was supercalifragilistic!")
    assert encoded.words == ("the", "movie", "was", "supercalifragilistic")
    assert encoded.is_unknown.tolist() == [False, False, False, True]
    assert encoded.ids[-1] == 1 and encoded.tokens[-1] == "[UNK]"


@pytest.mark.parametrize("text", ["", "   ", "!!! ???", None])
def test_empty_sentence_is_a_clear_error(text):
    data = load_dataset("toy_sentiment", size=100)
    with pytest.raises(ValueError, match="the sentence has no words: type one, for example"):
        data.encode_sentence(text)


def test_memory_task_marker_sits_lag_steps_before_the_end():
    data = load_dataset("memory_task", lag=7, n_steps=15, size=300, seed=2)
    index = data.word_index()
    markers = data.train.x[:, 15 - 7]
    assert np.array_equal(markers == index["b"], data.train.y == 1)
    assert np.isin(markers, [index["a"], index["b"]]).all()
    others = np.delete(data.train.x, 15 - 7, axis=1)
    assert not np.isin(others, [index["a"], index["b"]]).any()
    assert data.train.x.shape == (210, 15) and (data.train.x > 1).all()  # no padding, no unknowns


@pytest.mark.parametrize("name, options, message", [
    ("toy_sentiment", {"size": 0}, "size must be an integer from 60"),
    ("toy_sentiment", {"language": "fr"}, "language must be one of 'en', 'es'"),
    ("toy_sentiment", {"padding": "middle"}, "padding must be one of"),
    ("toy_sentiment", {"colour": "red"}, "no option 'colour'"),
    ("memory_task", {"lag": 30, "n_steps": 20}, "lag must be an integer from 1 to 20"),
    ("imagenet", {}, "dataset 'imagenet' is unknown"),
])
def test_bad_options_are_named_in_the_error(name, options, message):
    with pytest.raises(ValueError, match=message):
        load_dataset(name, **options)


def test_first_training_rows_keeps_validation_and_test(tiny_sentiment):
    cut = tiny_sentiment.first_training_rows(50)
    assert len(cut.train) == 50 and cut.train.texts == tiny_sentiment.train.texts[:50]
    np.testing.assert_array_equal(cut.train.x, tiny_sentiment.train.x[:50])
    assert cut.validation is tiny_sentiment.validation and cut.test is tiny_sentiment.test
    assert len(tiny_sentiment.train) == 210                                       # the original is untouched
    assert tiny_sentiment.first_training_rows(None) is tiny_sentiment
    with pytest.raises(ValueError, match="train_size must be an integer from 10 to 210, got 500"):
        tiny_sentiment.first_training_rows(500)


# --- one text normalisation: the words shown and the ids read come from the same cut -----------------------

def _dataset_from(texts: list[str], sequence_length: int = 400) -> Dataset:
    """A minimal Dataset whose vocabulary is learnt on `texts` (every split holds them all)."""
    labels = np.zeros(len(texts), dtype=np.int32)
    vocabulary, splits = tokenize_splits({"train": texts, "validation": texts, "test": texts},
                                         {"train": labels, "validation": labels, "test": labels}, 1000,
                                         sequence_length, "pre")
    return Dataset(name="custom", description="", task="binary", class_names=("no", "yes"), language="en",
                   vocabulary=vocabulary, sequence_length=sequence_length, padding="pre", **splits)


@pytest.fixture(scope="module")
def english():
    return load_dataset("toy_sentiment", size=200, sequence_length=400)


@pytest.fixture(scope="module")
def spanish():
    return load_dataset("toy_sentiment", size=200, language="es", sequence_length=400)


def test_a_non_breaking_space_separates_words_for_the_shown_words_and_the_ids_alike(english):
    encoded = english.encode_sentence("the movie\xa0was good")
    assert encoded.words == ("the", "movie", "was", "good")
    index = english.word_index()
    assert encoded.ids.tolist() == [index[w] for w in ("the", "movie", "was", "good")]


def test_a_long_review_with_unicode_spaces_keeps_every_word(english):
    rng = np.random.default_rng(0)
    known = [w for w in english.vocabulary[2:]]
    picked = [known[i] for i in rng.integers(len(known), size=300)]
    spaces = ["\xa0", "\u2009", "\u2002", "\u3000", "\n", "\t", " ", "\u202f", "\u200b"]
    text = "".join(word + spaces[i % len(spaces)] for i, word in enumerate(picked))
    encoded = english.encode_sentence(text)
    assert encoded.words == tuple(picked) and encoded.n_truncated == 0
    assert len(encoded.ids) == 300 and not encoded.is_unknown.any()
    assert english.encode([text])[0][-300:].tolist() == encoded.ids.tolist()


def test_spanish_opening_marks_are_split_off_and_accents_kept(spanish):
    encoded = spanish.encode_sentence("¡La película fue genial! ¿Y el final? «Muy bueno».")
    assert encoded.words == ("la", "película", "fue", "genial", "y", "el", "final", "muy", "bueno")
    assert encoded.is_unknown.tolist() == [False] * 4 + [True] + [False] * 4
    # the same word typed with a combining accent (NFD) is the same word
    decomposed = spanish.encode_sentence("LA PELI\u0301CULA")
    assert decomposed.ids.tolist() == spanish.encode_sentence("la película").ids.tolist()


def test_a_typographic_apostrophe_is_the_same_word_as_the_ascii_one():
    data = _dataset_from(["it wasn't good", "it was good", "i don't know"])
    curly = data.encode_sentence("It wasn\u2019t good")
    assert curly.words == ("it", "wasn't", "good") and not curly.is_unknown.any()
    assert curly.ids.tolist() == data.encode_sentence("it wasn't good").ids.tolist()
    assert data.encode_sentence("\u2018it\u2019 was good").words == ("it", "was", "good")   # quotes, not apostrophes


def test_a_slash_between_numbers_separates_them():
    data = _dataset_from(["i give it 7 10", "a 10 out of 10"])
    encoded = data.encode_sentence("I give it 7/10")
    assert encoded.words == ("i", "give", "it", "7", "10") and not encoded.is_unknown.any()
    assert words("well-made, 3.5/5") == ["well", "made", "3", "5", "5"]


def test_the_built_in_vocabularies_are_those_of_the_keras_default_on_their_own_texts():
    # Their texts are plain lower-case words and " , ": the shared normalisation changes none of their tokens.
    from keras.layers import TextVectorization
    for language in ("en", "es"):
        data = load_dataset("toy_sentiment", size=300, language=language)
        keras_default = TextVectorization(max_tokens=1000)
        keras_default.adapt(list(data.train.texts))
        assert data.vocabulary == tuple(keras_default.get_vocabulary())


_SEPARATORS = st.text(alphabet=" \t\n\xa0\u2009\u3000\u202f\u200b.,;:!?¡¿«»\"“”()/-—…", min_size=1, max_size=4)
_UNKNOWN = st.sampled_from(["Ñandú", "café", "naïve", "wasn’t", "l'été", "7", "2024", "ÉXITO", "e\u0301xito",
                            "supercalifragilistic", "AÇÃO"])


@pytest.mark.parametrize("language", ["en", "es"])
def test_property_words_and_ids_have_the_same_length_and_known_words_their_id(language, english, spanish):
    data = english if language == "en" else spanish
    index = data.word_index()
    known = st.sampled_from(list(data.vocabulary[2:])).map(lambda w: w.upper() if len(w) % 3 == 0 else w)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.tuples(st.one_of(known, _UNKNOWN), _SEPARATORS), min_size=1, max_size=30), _SEPARATORS)
    def check(pieces, lead):
        text = lead + "".join(word + separator for word, separator in pieces)
        encoded = data.encode_sentence(text)
        assert len(encoded.words) == len(encoded.ids) == len(encoded.is_unknown)
        assert list(encoded.words) == words(text)
        assert encoded.ids.tolist() == [index.get(word, 1) for word in encoded.words]
        assert encoded.is_unknown.tolist() == [word not in index for word in encoded.words]
        typed = [unicodedata.normalize("NFC", word).lower() for word, _ in pieces]
        known_typed = [word for word in typed if word in index]          # vocabulary words come out whole
        assert [word for word in encoded.words if word in index] == known_typed

    check()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_property_the_ascii_fast_path_cuts_words_as_the_unicode_rules_do(text):
    from rnnviz.data.text import _unicode_words
    assert words(text) == _unicode_words(text)
