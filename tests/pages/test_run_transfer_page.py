"""Train page, run list: download one run as a file and upload such a file to inspect it; bad files in one line."""

import io
import zipfile

import numpy as np
import pytest
from conftest import no_exception, open_app

from rnnviz.ui.run_transfer import file_name, run_bytes

PAGE = "pages/train.py"


def _upload(at, name, data):
    at.file_uploader(key="train_run_file").set_value((name, data, "application/octet-stream"))
    return at.run()


def test_a_downloaded_run_uploaded_again_joins_the_session_with_the_same_predictions(tiny_runs):
    run = tiny_runs["GRU"]
    at = open_app(PAGE, runs={"tiny GRU": run})
    assert at.get("download_button")          # the chosen run's download
    at = _upload(at, "tiny_GRU.zip", run_bytes(run))
    assert no_exception(at)
    runs = at.session_state["rnnviz_runs"]
    assert list(runs) == ["tiny GRU", "tiny GRU #2"]
    loaded = runs["tiny GRU #2"]
    x = run.dataset.test.x[:16]
    np.testing.assert_allclose(loaded.model.predict(x, verbose=0), run.model.predict(x, verbose=0), atol=1e-6)
    assert at.dataframe[-1].value["run"].tolist() == ["tiny GRU", "tiny GRU #2"]
    at.run()                                  # a rerun keeps the file in the box: it is not added twice
    assert len(at.session_state["rnnviz_runs"]) == 2


def _zip_of(member, text):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, text)
    return buffer.getvalue()


@pytest.mark.parametrize("name, data, message", [
    ("model.keras", b"this is a text file renamed .keras\n", "is not a model saved by this app"),
    ("holiday.zip", _zip_of("photo.txt", "not a model"), "is not a model saved by this app"),
])
def test_a_file_that_is_not_a_run_gets_one_line_and_the_runs_stay(tiny_runs, name, data, message):
    at = _upload(open_app(PAGE, runs={"tiny LSTM": tiny_runs["LSTM"]}), name, data)
    assert no_exception(at)
    (error,) = [e.value for e in at.error]
    assert message in error and name in error and "\n" not in error
    assert list(at.session_state["rnnviz_runs"]) == ["tiny LSTM"]


def test_file_names_are_safe():
    assert file_name("GRU 32 · imdb #2") == "GRU_32_imdb_2.zip"
    assert file_name("···") == "run.zip"
