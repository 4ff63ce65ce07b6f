"""Train page, model form: learned embedding, one-hot, pretrained vectors from an uploaded file (frozen or not)."""

import re

import pytest
from conftest import no_exception, open_app, wait_for_training
from conftest import number_input as _number

from rnnviz import load_dataset
from rnnviz.data import LANGUAGES

PAGE = "pages/train.py"
# the Train page's toy_sentiment options once "Sentences" is 200 (the other boxes at their defaults)
PAGE_DATA = {"language": LANGUAGES[0], "size": 200, "vocabulary_size": 1000, "sequence_length": 32, "padding": "pre",
             "seed": 0}


def _small_page(runs=None):
    at = open_app(PAGE, runs=runs)
    _number(at, "Sentences").set_value(200)
    _number(at, "Units").set_value(4)
    _number(at, "Epochs").set_value(1)
    return at.run()


def _represent(at, choice):
    at.radio(key="train_input_representation").set_value(choice)
    return at.run()


def _vectors_file(words, dimension=3, bad_line=None):
    lines = [f"{word} " + " ".join(f"{0.1 * (i + k):.3f}" for k in range(dimension)) for i, word in enumerate(words)]
    if bad_line is not None:
        lines.append(bad_line)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _summary(at):
    return at.dataframe[1].value


def test_one_hot_has_a_frozen_vocabulary_squared_embedding():
    at = _represent(_small_page(), "one_hot")
    assert no_exception(at)
    size = load_dataset("toy_sentiment", **PAGE_DATA).vocabulary_size
    summary = _summary(at)
    assert summary["layer"][0] == "embedding"
    assert int(summary["parameters"][0]) == size * size     # V one-hot vectors of V numbers


def test_pretrained_vectors_count_the_missing_words_and_train(tiny_runs):
    data = load_dataset("toy_sentiment", **PAGE_DATA)
    known = list(data.vocabulary[2:7])
    at = _represent(_small_page(), "pretrained")
    at.file_uploader(key="train_vectors_file").set_value(("tiny.txt", _vectors_file(known + ["zzz"]), "text/plain"))
    at.run()
    assert no_exception(at)
    assert [e.value for e in at.error] == []
    expected = f"{data.vocabulary_size - 2 - len(known):,} of the {data.vocabulary_size - 2:,} vocabulary words"
    assert any(expected in c.value for c in at.caption)
    assert int(_summary(at)["parameters"][0]) == data.vocabulary_size * 3       # the file's 3 dimensions
    at.button(key="train_button").click().run()
    wait_for_training(at)
    assert no_exception(at)
    (run,) = at.session_state["rnnviz_runs"].values()
    embedding = run.model.get_layer("embedding")
    assert not embedding.trainable                                   # frozen by default
    row = data.vocabulary.index(known[0])
    assert embedding.get_weights()[0][row].tolist() == pytest.approx([0.0, 0.1, 0.2], abs=1e-6)


@pytest.mark.parametrize("content, message", [
    (_vectors_file(["good", "bad"], bad_line="movie 0.1 0.2"), "has 2 numbers but line 1 has 3"),
    (b"this is just a sentence\nand another\n", "is not a word-vectors file"),
])
def test_a_bad_vectors_file_gets_one_line_and_the_earlier_runs_stay(tiny_runs, content, message):
    at = _represent(_small_page(runs={"tiny LSTM": tiny_runs["LSTM"]}), "pretrained")
    at.file_uploader(key="train_vectors_file").set_value(("glove.txt", content, "text/plain"))
    at.run()
    assert no_exception(at)
    (error,) = [e.value for e in at.error]
    assert error.startswith("Word vectors: ") and message in error and "\n" not in error
    assert at.button(key="train_button").disabled
    assert list(at.session_state["rnnviz_runs"]) == ["tiny LSTM"]


def test_pretrained_without_a_file_says_so():
    at = _represent(_small_page(), "pretrained")
    assert no_exception(at)
    (error,) = [e.value for e in at.error]
    assert re.match(r"Word vectors: must name a word-vectors text file", error)
