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

from ..i18n import N_, _, _n
from ..run_files import MAX_UNPACKED_MB, RunFileError, load_runs, save_runs
from . import keys
from .state import add_run, session_runs

UPLOAD_KEY = "rnnviz_upload_runs"
MAX_UPLOAD_MB = MAX_UNPACKED_MB     # a saved run unpacks to at least its own size: a larger file is refused anyway
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
        size_limit_caption(MAX_UPLOAD_MB)
        message = st.session_state.get(keys.TRANSFER_MESSAGE)
        if message:
            (st.error if message[0] == "error" else st.success)(message[1])


def size_limit_caption(limit_mb: float) -> None:
    """The uploader's size limit, shown under it: over it, Streamlit marks the file with a red '!' whose reason
    only appears on hover, so the student reads it here first."""
    st.caption(_("Files of at most {mb:g} MB: a larger file is refused (marked red) before it is sent.").format(
        mb=limit_mb))


def _load_upload() -> None:
    """Upload callback: add the file's runs to the session, or keep a one-line reason to refuse it."""
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is None:
        st.session_state.pop(keys.TRANSFER_MESSAGE, None)
        return
    try:
        loaded = load_runs(upload)
    except ValueError as error:
        st.session_state[keys.TRANSFER_MESSAGE] = ("error", refusal_line(error, upload.name))
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
                                key="train_run_file", max_upload_size=MAX_UPLOAD_MB)
    size_limit_caption(MAX_UPLOAD_MB)
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
        return f"error:{refusal_line(error, name)}"
    return add_run(run)


_REFUSALS = {
    "not_a_run": N_("{file} is not a model saved by this app: upload a .zip you downloaded here."),
    "bare_keras": N_("{file} is a Keras model without its vocabulary, so the app cannot turn text into what it "
                     "reads: upload a .zip you downloaded here."),
    "h5": N_("{file} holds an old-format (.h5) Keras model, which cannot be opened safely: it was refused."),
    "code": N_("The model in {file} contains Python code (a Lambda layer), which could run anything on the server: "
               "it was refused."),
    "keras_failed": N_("The model in {file} could not be opened: the file is damaged or was saved by an "
                       "incompatible version of Keras."),
    "unsafe_keras": N_("This server cannot open uploaded models safely (its Keras is too old): tell your teacher."),
    "too_big": N_("{file} would unpack to {size:,.0f} MB, more than the {limit:,} MB a saved model may take: it was "
                  "refused."),
    "no_fit": N_("The model in {file} does not match the vocabulary saved with it: the file is damaged."),
    "damaged": N_("{file} is damaged: it cannot be read."),
}


def refusal_line(error: ValueError, file: str) -> str:
    """The one line a student reads for a refused file: in their language, with no server path and no code
    parameter (rnnviz.load_run's own messages are for the notebook)."""
    kind = error.kind if isinstance(error, RunFileError) else "damaged"
    size = error.values.get("size_mb", 0) if isinstance(error, RunFileError) else 0
    return _(_REFUSALS.get(kind, _REFUSALS["damaged"])).format(file=file, size=size, limit=MAX_UNPACKED_MB)

