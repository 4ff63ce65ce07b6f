"""Train page with real data: the IMDB reviews, an uploaded CSV, input representations, bad files in one line."""

import pytest
from conftest import no_exception, open_app, wait_for_training
from conftest import number_input as _number
from conftest import selectbox as _select
from keras.src.backend import config as keras_config
from keras.src.datasets import imdb as keras_imdb_module
from test_imdb import keras_home  # noqa: F401 - the synthetic imdb.npz fixture

from rnnviz import bag_of_words_baseline, load_dataset

PAGE = "pages/train.py"
POSITIVE = ("una película maravillosa", "qué gran actuación", "me encantó el final", "excelente y emocionante")
NEGATIVE = ("una película aburrida", "qué mala actuación", "odié el final", "terrible y lenta")


def _csv_bytes(n=80, classes=("pos", "neg"), separator=","):
    rows = ["texto" + separator + "clase"]
    for i in range(n):
        label = classes[i % len(classes)]
        text = (POSITIVE if label == classes[0] else NEGATIVE)[i % 4] + f" número {i}"
        rows.append(f"{text}{separator}{label}")
    return "\n".join(rows).encode("utf-8")


def _open_with(dataset, runs=None):
    at = open_app(PAGE, runs=runs)
    _select(at, "Dataset").set_value(dataset)
    return at.run()


def _upload(at, key, name, data):
    at.file_uploader(key=key).set_value((name, data, "text/csv"))
    return at.run()


def _errors(at):
    return [e.value for e in at.error]


def test_csv_upload_shows_its_columns_and_texts_with_accents():
    at = _upload(_open_with("csv"), "train_csv_file", "reseñas.csv", _csv_bytes())
    assert no_exception(at)
    assert _errors(at) == []
    assert _select(at, "Text column").value == "texto"      # guessed: the first column
    assert _select(at, "Label column").value == "clase"
    preview = at.dataframe[0].value
    assert any("película" in text for text in preview["sentence"])
    assert set(preview["label"]) <= {"pos", "neg"}
    assert any("Bag-of-words baseline" in m.label for m in at.metric)


def test_csv_upload_trains_through_the_service():
    at = _upload(_open_with("csv"), "train_csv_file", "reseñas.csv", _csv_bytes())
    _number(at, "Units").set_value(4)
    _number(at, "Epochs").set_value(1)
    at.run()
    at.button(key="train_button").click().run()
    wait_for_training(at)
    assert no_exception(at)
    (run,) = at.session_state["rnnviz_runs"].values()
    assert run.dataset.name == "csv"
    assert run.request.dataset_options["path"].endswith("reseñas.csv")     # a path, never the upload's bytes
    assert run.request.dataset_options["text_column"] == "texto"
    # the request states the measured size and length (the cost cap reads them), and they give the same data
    assert run.request.dataset_options["size"] == 80
    unmeasured = {**run.request.dataset_options, "size": None, "sequence_length": None}
    assert run.request.dataset_options["sequence_length"] == load_dataset("csv", **unmeasured).sequence_length
    assert run.dataset.train.texts == load_dataset("csv", **unmeasured).train.texts
    # the baseline sits beside the run, measured on the same data (oracle: the library call itself)
    table = at.dataframe[-1].value
    assert table["run"].tolist() == [run.name, "TF-IDF + logistic regression"]
    expected = bag_of_words_baseline(load_dataset("csv", **run.request.dataset_options))
    assert table["val accuracy"].iloc[1] == pytest.approx(expected["validation"])
    assert table["test accuracy"].iloc[1] == pytest.approx(expected["test"])


@pytest.mark.parametrize("name, data, message", [
    ("notes.csv", b"just one line of prose without any separator\nand another one\n", "not a CSV table"),
    ("latin1.csv", "texto,clase\nuna película,pos\nmala,neg\n".encode("latin-1"), "is not UTF-8"),
    ("book.csv", b"PK\x03\x04" + bytes(200), "is an Excel workbook"),
    ("one_class.csv", _csv_bytes(classes=("pos",)), "class"),
    ("scores.csv", ("text,score\n" + "\n".join(f"review {i},{i / 7:.4f}" for i in range(300))).encode(), "categor"),
    ("blank.csv", ("text,label\n" + "\n".join(f" ,{i % 2}" for i in range(60))).encode(), "empty"),
])
def test_a_bad_csv_gets_one_line_and_the_earlier_runs_stay(tiny_runs, name, data, message):
    runs = {"tiny LSTM": tiny_runs["LSTM"]}
    at = _upload(_open_with("csv", runs=runs), "train_csv_file", name, data)
    assert no_exception(at)
    errors = _errors(at)
    assert len(errors) == 1 and message in errors[0] and "\n" not in errors[0]
    assert list(at.session_state["rnnviz_runs"]) == ["tiny LSTM"]


def test_imdb_is_in_the_menu_and_reads_the_keras_files(keras_home):  # noqa: F811
    at = _open_with("imdb")
    _number(at, "Reviews").set_value(100)
    _number(at, "Words read per review (maxlen)").set_value(40)
    at.run()
    assert no_exception(at)
    assert _errors(at) == []
    assert any("100 IMDB movie reviews" in c.value for c in at.caption)
    preview = at.dataframe[0].value
    words = set(" ".join(preview["sentence"]).split())
    assert words and words <= set(keras_home["folder"].joinpath("imdb_word_index.json").read_text()
                                  .replace('"', " ").replace(":", " ").replace(",", " ").split())


def test_imdb_offline_says_where_to_put_the_files_in_one_line(tmp_path, monkeypatch, tiny_runs):
    monkeypatch.setattr(keras_config, "_KERAS_DIR", str(tmp_path))

    def no_network(fname, origin, file_hash):
        raise Exception(f"URL fetch failure on {origin}: [Errno -3] name resolution")  # noqa: TRY002 - as get_file

    monkeypatch.setattr(keras_imdb_module, "get_file", no_network)
    at = _open_with("imdb", runs={"tiny GRU": tiny_runs["GRU"]})
    assert no_exception(at)
    (error,) = _errors(at)
    assert "not available" in error and str(tmp_path / "datasets") in error and "\n" not in error
    assert list(at.session_state["rnnviz_runs"]) == ["tiny GRU"]


def test_the_cost_cap_sees_the_csv_size_and_length_it_measured(monkeypatch):
    from rnnviz.models import ModelConfig
    from rnnviz.training_request import parameters_per_step

    at = _upload(_open_with("csv"), "train_csv_file", "reseñas.csv", _csv_bytes())
    _number(at, "Units").set_value(4)
    _number(at, "Epochs").set_value(1)
    at.run()
    # 56 training texts of several words cost far more than 20 texts of one word (what size=None once counted)
    monkeypatch.setenv("RNNVIZ_MAX_TRAINING_COST", str(20 * parameters_per_step(ModelConfig(units=4), 1)))
    at.button(key="train_button").click().run()
    assert no_exception(at)
    (error,) = _errors(at)
    assert "too large for the server" in error
    assert not at.session_state["rnnviz_runs"]


def test_the_server_upload_limit_is_the_csv_reader_limit():
    from pathlib import Path

    import tomllib

    from rnnviz.data.csv_data import MAX_FILE_MB

    settings = tomllib.loads((Path(__file__).parents[2] / ".streamlit" / "config.toml").read_text())
    assert settings["server"]["maxUploadSize"] == MAX_FILE_MB


def _in_page_order(node):
    """Every element under `node`, depth first, in the order the page draws them."""
    for index in sorted(getattr(node, "children", {}) or {}):
        child = node.children[index]
        yield child
        yield from _in_page_order(child)


def test_csv_column_boxes_come_under_the_uploader_they_depend_on():
    at = _upload(_open_with("csv"), "train_csv_file", "reseñas.csv", _csv_bytes())
    order = list(_in_page_order(at.main))
    uploader = next(i for i, node in enumerate(order) if getattr(node, "key", None) == "train_csv_file")
    text_box = next(i for i, node in enumerate(order)
                    if node.type == "selectbox" and getattr(node, "label", "") == "Text column")
    assert uploader < text_box
