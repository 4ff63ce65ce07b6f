"""Download all of a session's runs as one file, and load such a file back into a session (sidebar).

The file is rnnviz.run_files.save_runs' zip (one save_run file per run); loading adds each run under its name
(a taken name gets "#2"), as if trained here. A bad file gets one line, never a traceback.
"""

from __future__ import annotations

import io

import streamlit as st

from ..run_files import load_runs, save_runs
from . import keys
from .state import add_run, session_runs

UPLOAD_KEY = "rnnviz_upload_runs"
MAX_UPLOAD_MB = 200


def session_archive() -> bytes:
    """This session's runs as the bytes of one save_runs zip (what the download button hands out)."""
    buffer = io.BytesIO()
    save_runs(session_runs(), buffer)
    return buffer.getvalue()


def transfer_controls() -> None:
    """A download of every run of the session, and an upload that adds a downloaded file's runs back."""
    runs = session_runs()
    with st.expander("Save or load your models"):
        if runs:
            # data is a callable: the zip is written only when the student asks for it, not at every rerun
            st.download_button(f"Download your {len(runs)} model{'s' * (len(runs) != 1)} (one .zip)",
                               session_archive, file_name="rnnviz_models.zip", mime="application/zip",
                               key="rnnviz_download_runs", icon=":material/download:", on_click="ignore")
        st.file_uploader("Load models from a downloaded .zip", type=["zip"], key=UPLOAD_KEY,
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
        "success", f"Loaded {len(names)} model{'s' * (len(names) != 1)}: {', '.join(names)}." if names
        else f"{upload.name} holds no model.")
