"""The frame every page shares: session set-up at each rerun and the sidebar with the session's models."""

from __future__ import annotations

import importlib
import os
import threading

import streamlit as st

from .panel import validation_score
from .state import _CURRENT, collect_finished_job, current_job, session_runs


def setup_session() -> None:
    """Run at the top of every rerun: move finished trainings into the session."""
    collect_finished_job()


@st.cache_resource(show_spinner=False)
def warm_up_tensorflow() -> bool:
    """Import TensorFlow once per server process, in a background thread, after the first page is drawn.

    The first page renders without it (app.py calls this last); by the time a student presses Train, the
    ~3-5 s import is done.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    threading.Thread(target=importlib.import_module, args=("keras",), name="rnnviz-warm-up", daemon=True).start()
    return True


def draw_sidebar() -> None:
    """The session's runs: pick the one the inspection pages show; a line on a training in progress."""
    runs = session_runs()
    with st.sidebar:
        st.subheader("Your models", anchor=False)
        if not runs:
            st.caption("None yet: train one on *Start here* or *Train*. Models stay in this browser session only.")
        else:
            names = list(runs)
            current = st.session_state.get(_CURRENT)
            if current not in names:
                current = st.session_state[_CURRENT] = names[-1]

            def pick():
                st.session_state[_CURRENT] = st.session_state[picker_key]

            # The key changes with the list, so a newly trained run becomes the visible choice.
            picker_key = f"rnnviz_run_picker_{abs(hash((tuple(names), current)))}"
            st.selectbox("Model shown on the pages", names, index=names.index(current), key=picker_key,
                         on_change=pick)
            run = runs[st.session_state[_CURRENT]]
            if len(run.history):   # the numbers of the epoch the model holds (the restored one, after early stopping)
                restored = f" (epoch {run.reported_epoch}, restored)" if run.reported_epoch != run.epochs_done else ""
                st.caption(f"{run.dataset.name} · {run.epochs_done} epochs · {validation_score(run)}{restored}")
        job = current_job()
        if job is not None and not job.done:
            position = job.position
            st.caption(f"Waiting for training: number {position} in the queue" if position
                       else f"Training in progress: {job.fraction_done:.0%}")
