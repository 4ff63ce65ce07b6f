"""Sidebar: download all of a session's runs as one file, and load them back into another session."""

import io

from conftest import no_exception, open_app

from rnnviz.run_files import save_runs


def test_runs_round_trip_through_the_sidebar(tiny_runs):
    runs = {run.name: run for run in (tiny_runs["LSTM"], tiny_runs["GRU"])}
    at = open_app(runs=runs)
    assert no_exception(at)
    assert at.get("download_button")[0].proto.label == "Download your 2 models (one .zip)"
    buffer = io.BytesIO()
    save_runs(at.session_state["rnnviz_runs"], buffer)        # the file the button hands out (session_archive)
    fresh = open_app()
    assert not fresh.session_state["rnnviz_runs"]
    fresh.get("file_uploader")[0].upload("rnnviz_models.zip", buffer.getvalue(), "application/zip").run()
    assert no_exception(fresh)
    assert list(fresh.session_state["rnnviz_runs"]) == ["tiny LSTM", "tiny GRU"]
    # (AppTest keeps no sidebar elements after a rerun of this app: the line is read where the sidebar takes it)
    assert fresh.session_state["rnnviz_transfer_message"] == ("success", "Loaded 2 models: tiny LSTM, tiny GRU.")
    assert fresh.session_state["rnnviz_current_run"] == "tiny GRU"


def test_a_bad_file_gets_one_line():
    at = open_app()
    at.get("file_uploader")[0].upload("notes.zip", b"not a zip at all", "application/zip").run()
    assert no_exception(at)
    assert at.session_state["rnnviz_transfer_message"] == (
        "error", "notes.zip is not a model saved by this app: upload a .zip you downloaded here.")
    assert not at.session_state["rnnviz_runs"]
