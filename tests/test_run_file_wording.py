"""A refused run file gets one student line: translated, with no server path and no code parameter names; the
notebook API keeps its own ValueError."""

import io
import tempfile
import zipfile

import pytest

from rnnviz import run_files
from rnnviz.i18n import use_language
from rnnviz.ui.run_transfer import _load

FORBIDDEN = ("dataset=", "safe_mode", "filepath", tempfile.gettempdir(), "rnnviz.save_run", "Traceback")


def _bare_keras(run) -> bytes:
    buffer = io.BytesIO()
    run_files.save_run(run, buffer)
    with zipfile.ZipFile(buffer) as archive:
        return archive.read("model.keras")


def _broken_run(run) -> bytes:
    """A run file whose model.keras holds a config but no weights: Keras fails, naming its temporary file."""
    good, broken, model = io.BytesIO(), io.BytesIO(), io.BytesIO()
    run_files.save_run(run, good)
    with zipfile.ZipFile(model, "w") as archive:
        archive.writestr("config.json", '{"class_name": "Sequential", "config": {"layers": []}}')
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for member in run_files.MEMBERS:
            target.writestr(member, model.getvalue() if member == "model.keras" else source.read(member))
    return broken.getvalue()


@pytest.fixture(scope="module")
def refusals(tiny_runs):
    bare = _bare_keras(tiny_runs["LSTM"])
    return {"bare.keras": bare, "notes.zip": b"not a zip", "legacy.h5": b"\x89HDF\r\n\x1a\n" + bytes(100),
            "broken.zip": _broken_run(tiny_runs["LSTM"])}


def test_the_api_keeps_its_message_for_the_notebook_without_the_servers_path(refusals):
    with pytest.raises(ValueError, match="pass dataset="):
        run_files.load_run(io.BytesIO(refusals["bare.keras"]))
    with pytest.raises(run_files.RunFileError, match="could not be loaded by Keras") as refused:
        run_files.load_run(io.BytesIO(refusals["broken.zip"]))
    assert refused.value.kind == "keras_failed" and tempfile.gettempdir() not in str(refused.value)


def test_every_refusal_is_one_student_line_without_paths_or_parameters(refusals):
    for name, data in refusals.items():
        outcome = _load(data, name)
        assert outcome.startswith("error:"), name
        line = outcome.removeprefix("error:")
        assert name in line and "\n" not in line
        assert not [word for word in FORBIDDEN if word in line], (name, line)


def test_refusals_are_translated(refusals):
    with use_language("es"):
        spanish = {name: _load(data, name) for name, data in refusals.items()}
    english = {name: _load(data, name) for name, data in refusals.items()}
    assert all(spanish[name] != english[name] for name in refusals)
