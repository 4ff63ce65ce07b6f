"""Input representations: learned embedding, one-hot (frozen identity), pretrained vectors from a text file."""

import numpy as np
import pytest

import rnnviz
from rnnviz.models import ModelConfig
from rnnviz.tracing import verify_trace
from rnnviz.vectors import file_sha256, load_word_vectors

DIM = 5


@pytest.fixture(scope="module")
def small_data():
    return rnnviz.load_dataset("toy_sentiment", size=300, seed=2, vocabulary_size=60)


def _vector(word: str) -> list[float]:
    """A made-up vector per word, different for every word (the test's own oracle)."""
    rng = np.random.default_rng(sum(map(ord, word)) * 31 + len(word))
    return [round(float(v), 4) for v in rng.normal(size=DIM)]


def _write_vectors(path, words, header=False):
    lines = [f"{len(words)} {DIM}"] if header else []
    lines += [" ".join([word] + [str(v) for v in _vector(word)]) for word in words]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def vectors_file(tmp_path, small_data):
    known = [w for w in small_data.vocabulary[2:] if w not in ("movie", "plot")]   # two words missing
    return _write_vectors(tmp_path / "vectors.txt", ["zzz_not_in_data"] + known)


def test_vectors_land_on_the_rows_of_their_words(vectors_file, small_data):
    vectors = load_word_vectors(vectors_file, small_data)
    assert vectors.matrix.shape == (small_data.vocabulary_size, DIM) and vectors.matrix.dtype == np.float32
    for index, word in enumerate(small_data.vocabulary):
        expected = np.zeros(DIM) if index < 2 or word in ("movie", "plot") else _vector(word)
        assert vectors.matrix[index] == pytest.approx(np.asarray(expected, np.float32))
    assert vectors.n_missing == 2 and set(vectors.missing) == {"movie", "plot"}
    assert vectors.n_file_words == small_data.vocabulary_size - 4 + 1
    assert vectors.sha256 == file_sha256(vectors_file)


def test_a_word2vec_header_and_capitalised_words_are_understood(tmp_path, small_data):
    words = [w.upper() if i % 2 else w for i, w in enumerate(small_data.vocabulary[2:])]
    vectors = load_word_vectors(_write_vectors(tmp_path / "w2v.txt", words, header=True), small_data)
    assert vectors.n_missing == 0 and vectors.dimension == DIM
    row = small_data.vocabulary.index(small_data.vocabulary[3])
    assert vectors.matrix[row] == pytest.approx(np.asarray(_vector(words[1]), np.float32))


@pytest.mark.parametrize("content, message", [
    ("good 0.1 0.2 0.3\nbad 0.1 0.2\n", r"line 2 of v\.txt has 2 numbers but line 1 has 3"),
    ("3 4\ngood 0.1 0.2 0.3\n", r"header of v\.txt announces 4 dimensions but line 2 has 3"),
    ("Once upon a time there was a film\n", r"line 1 has 'upon' where a number should be"),
    ("good\n", r"line 1 should be a word and its numbers"),
    ("\n\n", r"v\.txt holds no word vectors"),
    (b"3000 2\n\x00\x01\x7f\x80binary", r"binary file, not a text vectors file"),
    (b"caf\xe9 0.1 0.2\n", r"not a UTF-8 text vectors file \(line 1"),
])
def test_a_bad_vectors_file_gets_one_line(tmp_path, small_data, content, message):
    path = tmp_path / "v.txt"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(ValueError, match=message) as error:
        load_word_vectors(path, small_data)
    assert "\n" not in str(error.value)


def test_no_such_file(small_data, tmp_path):
    with pytest.raises(ValueError, match="no vectors file at"):
        load_word_vectors(tmp_path / "glove.txt", small_data)


def test_one_hot_is_a_frozen_identity_and_its_parameters_show_why(small_data):
    model = rnnviz.build_model(small_data, "LSTM", units=4, input_representation="one_hot")
    embedding = model.get_layer("embedding")
    vocabulary_size = small_data.vocabulary_size
    assert type(embedding).__name__ == "Embedding" and not embedding.trainable
    assert np.array_equal(embedding.get_weights()[0], np.eye(vocabulary_size, dtype=np.float32))
    assert embedding.count_params() == vocabulary_size ** 2
    lstm = model.get_layer("lstm_1")
    assert lstm.count_params() == 4 * 4 * (vocabulary_size + 4 + 1)   # its kernel reads V inputs
    learned = rnnviz.build_model(small_data, "LSTM", units=4, embedding_dim=8)
    assert model.count_params() > 5 * learned.count_params()


def test_one_hot_refuses_a_vocabulary_too_large_to_hold(small_data):
    from rnnviz.models import build_keras_model

    with pytest.raises(ValueError, match=r"'one_hot' needs a 10,000 x 10,000 matrix \(100,000,000 weights\)"):
        build_keras_model(ModelConfig(input_representation="one_hot"), 10_000, 20)


def test_pretrained_frozen_vectors_stay_and_fine_tuned_ones_move(vectors_file, small_data):
    frozen = rnnviz.build_model(small_data, "GRU", units=4, input_representation="pretrained",
                                vectors_path=str(vectors_file))
    start = load_word_vectors(vectors_file, small_data).matrix
    assert frozen.rnnviz_config.embedding_dim == DIM
    assert frozen.rnnviz_config.vectors_sha256 == file_sha256(vectors_file)
    rnnviz.train(frozen, small_data, epochs=1, seed=0)
    assert np.array_equal(frozen.get_layer("embedding").get_weights()[0], start)
    tuned = rnnviz.build_model(small_data, "GRU", units=4, input_representation="pretrained",
                               vectors_path=str(vectors_file), fine_tune_vectors=True)
    assert np.array_equal(tuned.get_layer("embedding").get_weights()[0], start)
    rnnviz.train(tuned, small_data, epochs=1, seed=0)
    assert not np.array_equal(tuned.get_layer("embedding").get_weights()[0], start)


@pytest.mark.parametrize("representation", ["one_hot", "pretrained"])
def test_the_trace_stays_exact_for_every_representation(representation, vectors_file, small_data):
    options = {"vectors_path": str(vectors_file)} if representation == "pretrained" else {}
    model = rnnviz.build_model(small_data, "LSTM", units=4, input_representation=representation, **options)
    rnnviz.train(model, small_data, epochs=1, seed=0)
    result = rnnviz.trace(model, "the movie was not good at all", dataset=small_data)
    check = verify_trace(model, result)
    assert check.ok, check.message()


def test_the_config_stays_a_hashable_cache_key_without_the_matrix(vectors_file, small_data):
    model = rnnviz.build_model(small_data, "LSTM", units=4, input_representation="pretrained",
                               vectors_path=str(vectors_file))
    config = model.rnnviz_config
    assert hash(config) == hash(ModelConfig(**config.to_dict()))
    assert all(not isinstance(v, np.ndarray) for v in config.to_dict().values())
    vectors_file.write_text(vectors_file.read_text().replace("good", "gooood"))   # the file changes
    with pytest.raises(ValueError, match="the file changed since this config was made"):
        rnnviz.build_model(small_data, config)


@pytest.mark.parametrize("options, message", [
    ({"input_representation": "pretrained"}, "vectors_path must name a word-vectors text file"),
    ({"input_representation": "glove"}, "input_representation must be one of"),
    ({"vectors_path": "glove.txt"}, "vectors_path is only used with input_representation 'pretrained'"),
    ({"input_representation": "pretrained", "vectors_path": "v.txt", "fine_tune_vectors": "yes"},
     "fine_tune_vectors must be True or False"),
])
def test_bad_representation_options_are_named(options, message):
    with pytest.raises(ValueError, match=message):
        ModelConfig(**options)
