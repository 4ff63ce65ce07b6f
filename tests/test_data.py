"""Built-in datasets: sizes, exact labels, determinism, both languages, word order, tokenisation."""

import numpy as np
import pytest

from rnnviz import load_dataset
from rnnviz.baselines import bag_of_words_baseline
from rnnviz.data import sentiment


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
    assert scores["validation"] < 0.75
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
