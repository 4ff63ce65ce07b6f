"""Train page, run list: download one run as a file (`rnnviz.save_run`), upload such a file to inspect it on
every page (`rnnviz.load_run`), and the bag-of-words baseline beside the neural runs.

The whole session's download is the sidebar's; this module moves one run at a time.
"""

from __future__ import annotations

import hashlib
import io
import re

import streamlit as st

from .cache import cached_baseline
from .state import add_run, session_runs

LOADED = "rnnviz_loaded_run_files"   # session_state: sha256 of an uploaded run file -> run name or error line
BASELINE_NAME = "TF-IDF + logistic regression"


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
    where.download_button("Download", data=lambda: run_bytes(run), file_name=file_name(name),
                          mime="application/zip", icon=":material/download:", key="download_run",
                          on_click="ignore", help="The model, its vocabulary and settings, and its history: "
                          "open it with rnnviz.load_run, or upload it here in another session.")


def upload_run() -> None:
    """Upload a run file: it joins this session's runs (every page can inspect it); a bad file gets one line."""
    uploaded = st.file_uploader("Inspect a saved run (a .zip downloaded here, or written by rnnviz.save_run)",
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
        st.success(f"{uploaded.name} is loaded as the run '{outcome}': every page can show it.",
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


def baseline_rows(runs: dict) -> list[dict]:
    """One row per text dataset the runs were trained on (from their requests): TF-IDF + logistic
    regression's accuracies, in the columns of Run.summary, so it sits beside the neural runs."""
    rows, seen = [], set()
    for run in runs.values():
        request = getattr(run, "request", None)
        if request is None or getattr(run.dataset, "task", None) == "regression":
            continue
        key = (request.dataset_name, tuple(sorted(request.dataset_options.items())))
        if key in seen:
            continue
        seen.add(key)
        try:
            scores = cached_baseline(*key)
        except ValueError:            # e.g. an uploaded CSV this server no longer holds
            continue
        rows.append({"run": BASELINE_NAME, "model": "bag of words (no word order)", "dataset": run.dataset.name,
                     "train accuracy": scores["train"], "val accuracy": scores["validation"],
                     "test accuracy": scores["test"], "note": "baseline: knows which words occur, not their order"})
    return rows
