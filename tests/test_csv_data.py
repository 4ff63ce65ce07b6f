"""Your own data: load_dataset("csv", ...) and dataset_from_texts, with a one-line message for every mistake."""

import numpy as np
import pandas as pd
import pytest

import rnnviz
from rnnviz.data import standardize

SPANISH = {"positiva": ["me encantó la película", "una actuación increíble", "qué historia tan bonita",
                        "el guion es genial y emotivo", "la música fue maravillosa"],
           "negativa": ["una película aburrida", "el final fue pésimo", "qué pérdida de tiempo",
                        "la actuación fue horrible", "no me gustó nada el guion"]}


def _spanish_table(n_per_class=12):
    rows = [(f"{texts[i % 5]} {i}", label) for label, texts in SPANISH.items() for i in range(n_per_class)]
    return pd.DataFrame(rows, columns=["reseña", "sentimiento"])


@pytest.fixture()
def spanish_csv(tmp_path):
    path = tmp_path / "reseñas.csv"
    _spanish_table().to_csv(path, index=False, encoding="utf-8")
    return path


def test_a_utf8_spanish_csv_becomes_a_binary_dataset_with_accents_kept(spanish_csv):
    data = rnnviz.load_dataset("csv", path=str(spanish_csv), text_column="reseña", label_column="sentimiento",
                               seed=0)
    assert data.task == "binary" and data.class_names == ("negativa", "positiva")
    assert {"película", "increíble", "pésimo", "actuación"} <= set(data.vocabulary)
    table = _spanish_table()
    label_of = dict(zip(table["reseña"], table["sentimiento"]))
    for split in (data.train, data.validation, data.test):   # every text keeps its own label
        assert [data.class_names[y] for y in split.y] == [label_of[t] for t in split.texts]
    assert len(data.train) + len(data.validation) + len(data.test) == len(table)
    encoded = data.encode_sentence("Una actuación INCREÍBLE")
    assert encoded.tokens == ("una", "actuación", standardize("INCREÍBLE")) and not encoded.is_unknown.any()
    assert data.options["path"] == str(spanish_csv)


def test_same_seed_same_split(spanish_csv):
    def load(seed):
        return rnnviz.load_dataset("csv", path=str(spanish_csv), text_column="reseña", label_column="sentimiento",
                                   seed=seed)

    assert load(1).train.texts == load(1).train.texts and load(1).train.texts != load(2).train.texts


def test_semicolon_separated_and_byte_order_mark(tmp_path):
    path = tmp_path / "excel.csv"
    _spanish_table().to_csv(path, index=False, sep=";", encoding="utf-8-sig")
    data = rnnviz.load_dataset("csv", path=str(path), text_column="reseña", label_column="sentimiento")
    assert data.n_classes == 2


def test_several_classes_give_a_multiclass_task_with_a_softmax_head():
    topics = {"sport": "the match and the goal", "food": "a tasty dinner recipe", "music": "a song and a concert"}
    texts = [f"{sentence} number {i}" for i in range(20) for sentence in topics.values()]
    labels = [topic for i in range(20) for topic in topics]
    data = rnnviz.dataset_from_texts(texts, labels, seed=0, sequence_length=8)
    assert data.task == "multiclass" and data.class_names == ("food", "music", "sport")
    model = rnnviz.build_model(data, cell="GRU", units=4)
    assert model.output_shape == (None, 3)


def test_numeric_labels_sort_by_value_and_dataframe_columns_work():
    frame = pd.DataFrame({"t": [f"text {i} words" for i in range(30)], "y": [10, 2, 1.0] * 10})
    data = rnnviz.dataset_from_texts(frame["t"], frame["y"])
    assert data.class_names == ("1", "2", "10")
    texts = dict(zip(frame["t"], frame["y"]))
    assert all(int(data.class_names[y]) == texts[t] for t, y in zip(data.train.texts, data.train.y))


def test_size_caps_the_rows_and_the_sequence_length_is_measured():
    texts = [" ".join(["word"] * (i % 10 + 1)) for i in range(200)]
    data = rnnviz.dataset_from_texts(texts, [i % 2 for i in range(200)], size=100, seed=0)
    assert len(data.train) + len(data.validation) + len(data.test) == 100
    counts = [len(t.split()) for t in data.train.texts]
    assert data.sequence_length == int(np.ceil(np.quantile(counts, 0.95)))


def _write(tmp_path, name, content, mode="w", **kwargs):
    path = tmp_path / name
    with open(path, mode, **kwargs) as file:
        file.write(content)
    return str(path)


def _load(path, **options):
    return rnnviz.load_dataset("csv", path=path, **{"text_column": "text", "label_column": "label", **options})


def _table(labels, texts=None):
    texts = texts if texts is not None else [f"a text number {i}" for i in range(len(labels))]
    return pd.DataFrame({"text": texts, "label": labels}).to_csv(index=False)


@pytest.mark.parametrize("make, message", [
    (lambda p: _write(p, "notes.csv", "just one line of prose without separators\nand another\n"),
     "not a CSV table with a text column and a label column"),
    (lambda p: _write(p, "latin.csv", _table([0, 1] * 20, [f"canción número {i}" for i in range(40)]),
                      encoding="latin-1"), r"latin\.csv is not UTF-8 \(byte 0xf3"),
    (lambda p: _write(p, "book.csv", b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "wb"), "an Excel workbook"),
    (lambda p: _write(p, "old.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "wb"), "old Excel"),
    (lambda p: _write(p, "one.csv", _table(["pos"] * 30)), "every label is 'pos': a classifier needs at least two"),
    (lambda p: _write(p, "scores.csv", _table(list(np.linspace(0, 1, 300)))),
     "the labels have 300 distinct values .*labels must be categories"),
    (lambda p: _write(p, "empty.csv", _table([0, 1] * 15, [""] * 30)), "every text is empty"),
    (lambda p: _write(p, "holes.csv", _table([0, 1] * 15, ["good"] * 4 + ["  "] + ["bad"] * 25)),
     r"1 text is empty or not text \(first: text 5\)"),
    (lambda p: _write(p, "nolabel.csv", _table([0, 1] * 14 + [0, ""])), "label 30 is missing"),
    (lambda p: _write(p, "tiny.csv", _table([0, 1] * 5)), "there are 10 texts; at least 20"),
    (lambda p: _write(p, "blank.csv", "\n\n"), "blank.csv is empty"),
    (lambda p: str(p / "nowhere.csv"), "no file at"),
])
def test_each_bad_file_gets_one_line(tmp_path, make, message):
    with pytest.raises(ValueError, match=message) as error:
        _load(make(tmp_path))
    assert "\n" not in str(error.value) and error.value.__cause__ is None


def test_a_missing_column_names_the_columns_that_exist(tmp_path):
    path = _write(tmp_path, "r.csv", _table([0, 1] * 15))
    with pytest.raises(ValueError, match=r"text_column 'review' is not a column of r\.csv; its columns: "
                                         r"'text', 'label'"):
        _load(path, text_column="review")


def test_the_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    path = _write(tmp_path, "big.csv", _table([0, 1] * 15))
    opened = []
    monkeypatch.setattr("os.path.getsize", lambda p: 300_000_000)   # a 300 MB file, without writing one
    monkeypatch.setattr("builtins.open", lambda *args, **kwargs: opened.append(args) or open_error())
    with pytest.raises(ValueError, match=r"big\.csv is 300 MB; the limit is 200 MB \(max_file_mb\)"):
        _load(path)
    assert opened == []


def open_error():
    raise AssertionError("the file was opened")


def test_the_size_limit_is_an_option(tmp_path):
    path = _write(tmp_path, "small.csv", _table([0, 1] * 15))
    assert _load(path, max_file_mb=1).n_classes == 2
    with pytest.raises(ValueError, match=r"the limit is 0.0001 MB"):
        _load(path, max_file_mb=0.0001)


@pytest.mark.parametrize("texts, labels, message", [
    ("one text", [0], "texts must be a list"),
    (["a", "b"], [0], "texts and labels must have the same length, got 2 texts and 1 labels"),
    ([f"t {i}" for i in range(30)], [None] + [0, 1] * 14 + [1], "label 1 is missing"),
])
def test_dataset_from_texts_checks_its_inputs(texts, labels, message):
    with pytest.raises(ValueError, match=message):
        rnnviz.dataset_from_texts(texts, labels)


def test_the_bag_of_words_baseline_handles_a_multiclass_csv(tmp_path):
    cues = {"sport": "goal match team", "food": "dinner recipe tasty", "music": "song concert guitar"}
    rng = np.random.default_rng(0)
    filler = ["the", "a", "of", "and", "it", "was", "very", "some"]
    rows = [(" ".join(rng.choice(filler, 5)) + " " + rng.choice(cues[topic].split()), topic)
            for topic in cues for _ in range(40)]
    path = _write(tmp_path, "topics.csv", pd.DataFrame(rows, columns=["text", "label"]).to_csv(index=False))
    data = _load(path)
    scores = rnnviz.bag_of_words_baseline(data)
    assert data.task == "multiclass" and set(scores) == {"train", "validation", "test"}
    assert scores["test"] > 0.9   # one cue word per topic: a bag of words finds it


def test_a_csv_of_english_or_spanish_reviews_gets_its_language(tmp_path):
    from rnnviz.data.csv_data import csv_dataset
    from rnnviz.data.language import detect_language

    english = ["the movie was not good at all", "this film is very good and the acting is great"] * 20
    spanish = ["la película no es buena", "el final es muy bueno y la música también"] * 20
    for texts, language in ((english, "en"), (spanish, "es"), (["kala mupo tiri", "zenu waro"] * 20, "any")):
        path = tmp_path / f"{language}.csv"
        pd.DataFrame({"text": texts, "label": [0, 1] * 20}).to_csv(path, index=False)
        assert detect_language(texts) == language
        assert csv_dataset(str(path)).language == language
