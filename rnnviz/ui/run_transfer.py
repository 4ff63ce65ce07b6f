"""Runs in and out of a session: the whole session as one file (sidebar), one run at a time (Train page's
run list), and the bag-of-words baseline beside the neural runs.

Session files are rnnviz.run_files.save_runs' zip (one save_run file per run); a run file is save_run's.
Loading adds each run under its name (a taken name gets "#2"), as if trained here, so every page can show it.
A bad file gets one line, never a traceback.
"""

from __future__ import annotations

import hashlib
import io
import re

import streamlit as st

from ..i18n import _, _n
from ..run_files import load_runs, save_runs
from . import keys
from .state import add_run, session_runs

UPLOAD_KEY = "rnnviz_upload_runs"
MAX_UPLOAD_MB = 200
LOADED = "rnnviz_loaded_run_files"   # session_state: sha256 of an uploaded run file -> run name or error line


def session_archive() -> bytes:
    """This session's runs as the bytes of one save_runs zip (what the download button hands out)."""
    buffer = io.BytesIO()
    save_runs(session_runs(), buffer)
    return buffer.getvalue()


def transfer_controls() -> None:
    """A download of every run of the session, and an upload that adds a downloaded file's runs back."""
    runs = session_runs()
    with st.expander(_("Save or load your models")):
        if runs:
            # data is a callable: the zip is written only when the student asks for it, not at every rerun
            st.download_button(_n("Download your {n} model (one .zip)", "Download your {n} models (one .zip)",
                                  len(runs)).format(n=len(runs)),
                               session_archive, file_name="rnnviz_models.zip", mime="application/zip",
                               key="rnnviz_download_runs", icon=":material/download:", on_click="ignore")
        st.file_uploader(_("Load models from a downloaded .zip"), type=["zip"], key=UPLOAD_KEY,
                         on_change=_load_upload, max_upload_size=MAX_UPLOAD_MB)
        message = st.session_state.get(keys.TRANSFER_MESSAGE)
        if message:
            (st.error if message[0] == "error" else st.success)(message[1])


def _load_upload() -> None:
    """Upload callback: add the file's runs to the session, or keep a one-line reason to refuse it."""
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is None:
        st.session_state.pop(keys.TRANSFER_MESSAGE, None)
        return
    try:
        loaded = load_runs(upload)
    except ValueError as error:
        st.session_state[keys.TRANSFER_MESSAGE] = ("error", str(error))
        return
    names = [add_run(run) for run in loaded]
    st.session_state[keys.TRANSFER_MESSAGE] = (
        "success", _n("Loaded {n} model: {names}.", "Loaded {n} models: {names}.", len(names)).format(
            n=len(names), names=", ".join(names)) if names
        else _("{file} holds no model.").format(file=upload.name))


def run_bytes(run) -> bytes:
    """The zip that rnnviz.save_run writes for `run`."""
    from ..run_files import save_run

    buffer = io.BytesIO()
    save_run(run, buffer)
    return buffer.getvalue()


def file_name(name: str) -> str:
    """'GRU 32 · imdb #2' -> 'GRU_32_imdb_2.zip': a name every file system accepts."""
    return (re.sub(r"[^0-9A-Za-z._-]+", "_", name).strip("_") or "run") + ".zip"


def download_run(where, name: str) -> None:
    """A download button for the run called `name` (the zip is written only when it is clicked)."""
    run = session_runs().get(name)
    if run is None:
        return
    where.download_button(_("Download"), data=lambda: run_bytes(run), file_name=file_name(name),
                          mime="application/zip", icon=":material/download:", key="download_run",
                          on_click="ignore", help=_("The model, its vocabulary and settings, and its history: "
                                                    "open it with rnnviz.load_run, or upload it here in another "
                                                    "session."))


def upload_run() -> None:
    """Upload a run file: it joins this session's runs (every page can inspect it); a bad file gets one line."""
    uploaded = st.file_uploader(_("Inspect a saved run (a .zip downloaded here, or written by rnnviz.save_run)"),
                                key="train_run_file")
    if uploaded is None:
        return
    data = uploaded.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    outcomes = st.session_state.setdefault(LOADED, {})
    if digest not in outcomes:        # once per file: a rerun must not add the same run again
        outcomes[digest] = _load(data, uploaded.name)
    outcome = outcomes[digest]
    if outcome.startswith("error:"):
        st.error(outcome.removeprefix("error:"), icon=":material/error:")
    else:
        st.success(_("{file} is loaded as the run '{name}': every page can show it.").format(
            file=uploaded.name, name=outcome),
                   icon=":material/check_circle:")


def _load(data: bytes, name: str) -> str:
    """The name under which the run joined the session, or 'error:' and the one-line message."""
    from ..run_files import load_run

    buffer = io.BytesIO(data)
    buffer.name = name
    try:
        run = load_run(buffer)
    except ValueError as error:
        return f"error:{error}"
    return add_run(run)

