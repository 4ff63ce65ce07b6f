"""imdb: Keras' real loader run offline on a small synthetic imdb.npz and word index in a temporary KERAS_HOME."""

import json

import numpy as np
import pytest
from keras.src.backend import config as keras_config
from keras.src.datasets import imdb as keras_imdb_module

from rnnviz import load_dataset
from rnnviz.data import standardize

WORDS = ["the", "movie", "was", "a", "film", "and", "plot", "acting", "great", "awful", "good", "bad",
         "don't", "story", "really", "boring", "wonderful", "ending"]
POSITIVE, NEGATIVE = {"great", "good", "wonderful"}, {"awful", "bad", "boring"}
N_TRAIN, N_TEST = 120, 40


def _reviews(rng, n):
    """n reviews as rank lists (Python ints, different lengths) and labels: a review holds a word of its class."""
    ranks = {word: rank for rank, word in enumerate(WORDS, start=1)}
    neutral = [ranks[w] for w in WORDS if w not in POSITIVE | NEGATIVE]
    x = np.empty(n, dtype=object)
    y = rng.integers(0, 2, n)
    for i in range(n):
        cue = ranks[sorted(POSITIVE if y[i] else NEGATIVE)[rng.integers(3)]]
        review = [int(r) for r in rng.choice(neutral, size=rng.integers(3, 30))]
        review.insert(int(rng.integers(len(review) + 1)), int(cue))
        x[i] = review
    return x, y.astype(np.int64)


@pytest.fixture()
def keras_home(tmp_path, monkeypatch):
    """A KERAS_HOME holding a synthetic imdb.npz + word index; Keras' get_file returns them without hashing."""
    folder = tmp_path / "datasets"
    folder.mkdir()
    rng = np.random.default_rng(0)
    x_train, y_train = _reviews(rng, N_TRAIN)
    x_test, y_test = _reviews(rng, N_TEST)
    np.savez(folder / "imdb.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    (folder / "imdb_word_index.json").write_text(json.dumps({w: r for r, w in enumerate(WORDS, start=1)}))
    monkeypatch.setattr(keras_config, "_KERAS_DIR", str(tmp_path))
    # get_file checks the real files' hashes (and deletes a mismatching copy): hand back the local file.
    monkeypatch.setattr(keras_imdb_module, "get_file", lambda fname, origin, file_hash: str(folder / fname))
    return {"folder": folder, "x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def _decode(ranks):
    return " ".join(WORDS[r - 1] for r in ranks)


def test_reviews_are_decoded_to_the_words_of_the_word_index(keras_home):
    data = load_dataset("imdb", size=100, seed=5, sequence_length=40)
    # oracle: the reviews decoded straight from the file's ranks, independently of Keras' shuffling
    train_reviews = {_decode(r): int(y) for r, y in zip(keras_home["x_train"], keras_home["y_train"])}
    test_reviews = {_decode(r): int(y) for r, y in zip(keras_home["x_test"], keras_home["y_test"])}
    for split, reviews in ((data.train, train_reviews), (data.validation, train_reviews), (data.test, test_reviews)):
        for text, label in zip(split.texts, split.y):
            assert reviews[text] == label
    assert not set(data.test.texts) & set(data.train.texts + data.validation.texts)
    assert (len(data.train), len(data.validation), len(data.test)) == (70, 15, 15)
    # words are normalised as everywhere in rnnviz (the one `standardize`), apostrophes included
    assert {"movie", "great", "awful", standardize("don't")} <= set(data.vocabulary)
    assert data.vocabulary[:2] == ("", "[UNK]") and data.task == "binary"


def test_a_typed_sentence_is_encoded_as_the_loaded_reviews(keras_home):
    data = load_dataset("imdb", size=100, seed=0, sequence_length=40)
    for split in (data.train, data.test):
        assert np.array_equal(data.encode(list(split.texts)), split.x)
    encoded = data.encode_sentence(data.test.texts[0])
    assert np.array_equal(encoded.ids, split_row_without_padding(data.test.x[0]))
    assert data.decode(encoded.ids) == list(encoded.tokens)


def split_row_without_padding(row):
    return row[row != 0]


def test_vocabulary_size_sequence_length_and_padding_side(keras_home):
    post = load_dataset("imdb", size=100, seed=0, vocabulary_size=8, sequence_length=5, padding="post")
    pre = load_dataset("imdb", size=100, seed=0, vocabulary_size=8, sequence_length=5, padding="pre")
    assert post.vocabulary_size == 8 and post.train.x.max() <= 7 and (post.train.x == 1).any()   # rare -> OOV
    assert post.train.x.shape == (70, 5) and post.train.texts == pre.train.texts

    def tokens(data, words):
        return [w if w in data.vocabulary else "[UNK]" for w in words]

    for text, row_post, row_pre in zip(post.train.texts, post.train.x, pre.train.x):
        words = standardize(text).split()
        # 'post' keeps the first words and pads after; 'pre' keeps the last ones and pads before
        assert post.decode(row_post) == tokens(post, words[:5]) and (row_post[len(words):] == 0).all()
        assert pre.decode(row_pre) == tokens(pre, words[-5:]) and (row_pre[:max(0, 5 - len(words))] == 0).all()


def test_same_seed_same_reviews_other_seed_other_sample(keras_home):
    a, b = load_dataset("imdb", size=100, seed=3), load_dataset("imdb", size=100, seed=3)
    c = load_dataset("imdb", size=100, seed=4)
    assert a.train.texts == b.train.texts and np.array_equal(a.train.x, b.train.x)
    assert a.train.texts != c.train.texts


def test_a_size_larger_than_the_files_names_the_largest(keras_home):
    with pytest.raises(ValueError, match=r"size can be at most 141"):
        load_dataset("imdb", size=1000)


def test_offline_without_a_cache_says_where_to_put_the_files(tmp_path, monkeypatch):
    monkeypatch.setattr(keras_config, "_KERAS_DIR", str(tmp_path))

    def offline(fname, origin, file_hash):   # what get_file raises when urlretrieve cannot connect
        raise Exception(f"URL fetch failure on {origin}: None -- [Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(keras_imdb_module, "get_file", offline)
    with pytest.raises(ValueError) as error:
        load_dataset("imdb")
    message = str(error.value)
    assert "\n" not in message and error.value.__cause__ is None and error.value.__suppress_context__
    assert "no network" in message and "$KERAS_HOME/datasets" in message
    assert "imdb.npz" in message and "imdb_word_index.json" in message
    assert str(tmp_path / "datasets") in message


def test_a_cached_file_that_is_not_the_imdb_file_gets_one_line(keras_home):
    (keras_home["folder"] / "imdb.npz").write_text("not a zip")
    with pytest.raises(ValueError, match=r"could not be read as Keras' IMDB file") as error:
        load_dataset("imdb", size=100)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("options, message", [
    ({"size": 10}, "size must be an integer from 60"),
    ({"padding": "middle"}, "padding must be one of"),
    ({"num_words": 100}, "imdb has no option 'num_words'"),
])
def test_bad_options_are_named(keras_home, options, message):
    with pytest.raises(ValueError, match=message):
        load_dataset("imdb", **options)



def test_the_offline_message_is_in_spanish_for_a_spanish_student(tmp_path, monkeypatch):
    import importlib

    from rnnviz.i18n import use_language

    imdb = importlib.import_module("rnnviz.data.imdb")   # (rnnviz.data.imdb is also the loader's name)

    def no_network():
        raise Exception("URL fetch failure")   # noqa: TRY002 - what keras.utils.get_file raises offline

    monkeypatch.setattr(imdb, "keras_datasets_dir", lambda: str(tmp_path))
    with use_language("es"), pytest.raises(ValueError) as error:
        imdb._fetch("imdb.npz", no_network)
    assert str(error.value).startswith("las reseñas de IMDB no están disponibles: no hay red para descargar imdb.npz")
    assert " y " in str(error.value) and "not available" not in str(error.value)
