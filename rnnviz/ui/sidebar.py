"""The frame every page shares: session set-up at each rerun and the sidebar with the session's models."""

from __future__ import annotations

import contextlib
import os
import re
import threading

import streamlit as st

from .. import keras_import
from ..i18n import _, _n
from . import browser_session, keys
from .language import apply_language
from .panel import poll_interval_s, validation_score
from .run_transfer import transfer_controls
from .state import (
    _CURRENT,
    MAX_RUNS_PER_SESSION,
    choose_run,
    collect_finished_job,
    current_job,
    current_page,
    pinned_runs,
    session_runs,
    set_pinned,
)


def setup_session() -> None:
    """Run at the top of every rerun: this browser's runs after a reload, then finished trainings.

    It first waits for the warm-up's import of TensorFlow if that is still running (a few seconds after a
    server starts): what follows may build models, and two threads importing TensorFlow at once break it."""
    keras_import.wait_while_importing()
    browser_session.restore_once()
    collect_finished_job()
    browser_session.show_restored_notice()


@st.cache_resource(show_spinner=False)
def warm_up_tensorflow() -> bool:
    """Import TensorFlow once per server process, in a background thread, after the first page is drawn,
    then measure the gradients lab's default pictures there.

    The first page renders without it (app.py calls this last); by the time a student presses Train, the
    ~3-5 s imports are done. Reruns that come during the import wait for it (`setup_session`): two threads
    importing TensorFlow at once break it (rnnviz.keras_import).
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    keras_import.import_in_background(then=_warm_up)
    return True


@st.cache_resource(show_spinner=False)
def start_training_workers() -> bool:
    """Make the training service once per server, from a script run (not the warm-up thread: see _warm_up), so
    its worker processes import TensorFlow before the first press instead of during it (~5-10 s saved on the
    first training of a class)."""
    from ..service import get_service

    get_service()
    return True


def _warm_up() -> None:
    """The gradients lab's default pictures, which are the same for everyone, at a low priority. (The
    training workers are started by start_training_workers, from a script run: started from this thread, a spawn
    pool multiplied its workers.) RNNVIZ_WARM_UP=keras stops after the import (the test suite: its page tests clear the caches
    every time, and would pay for the pictures in each)."""
    if os.environ.get("RNNVIZ_WARM_UP", "all") != "all":
        return
    with contextlib.suppress(OSError):       # Linux: this thread's own niceness; students' reruns go first
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    from .gradients_lab import warm_default_pictures

    warm_default_pictures()


def draw_sidebar() -> None:
    """The session's runs: pick the one the inspection pages show; a line on a training in progress."""
    runs = session_runs()
    st.session_state[keys.SIDEBAR_RUNS] = tuple(runs)
    with st.sidebar:
        st.subheader(_("Your models"), anchor=False)
        if not runs:
            st.caption(_("None yet: train one on *Start here* or *Train*. They are kept for this browser only, "
                         "and come back after a reload."))
        else:
            names = list(runs)
            current = st.session_state.get(_CURRENT)
            if current not in names:
                current = st.session_state[_CURRENT] = names[-1]
            # One key for the box, its value set from the session's choice before it is drawn: the run just
            # trained (or picked) stays the one shown on every page until the student picks another.
            st.session_state[keys.RUN_PICKER] = current
            st.selectbox(_("Model shown on the pages"), names, key=keys.RUN_PICKER,
                         on_change=lambda: choose_run(st.session_state[keys.RUN_PICKER]))
            run = runs[current]
            st.markdown(f"**{markdown_text(current)}**")     # the whole name, wrapped: the box cuts a long one
            st.toggle(_("Pin this run"), value=current in pinned_runs(), key=f"rnnviz_pin_{current}",
                      on_change=lambda: set_pinned(current, st.session_state[f"rnnviz_pin_{current}"]),
                      help=_("A session keeps its {n} latest runs; a pinned run is never removed to make room "
                             "(nor is a preset's).").format(n=MAX_RUNS_PER_SESSION))
            if len(run.history):   # the numbers of the epoch the model holds (the restored one, after early stopping)
                restored = (_(" (epoch {epoch}, restored)").format(epoch=run.reported_epoch)
                            if run.reported_epoch != run.epochs_done else "")
                epochs = _n("{n} epoch", "{n} epochs", run.epochs_done).format(n=run.epochs_done)
                st.caption(f"{run.dataset.name} · {epochs} · {validation_score(run)}{restored}")
        job = current_job()
        # The page that started the training shows its live panel: one progress redraw per session, not two.
        if job is not None and not job.done and st.session_state.get(keys.JOB_PAGE) != current_page():
            st.fragment(_training_line, run_every=2 * poll_interval_s())()
        transfer_controls()
        computer_controls()
        browser_session.sync_cookie()


def refresh_sidebar() -> None:
    """Rerun if the page changed the session's runs after the sidebar listed them (a run uploaded on the page):
    the sidebar, drawn first, would still say 'None yet' until the next rerun."""
    listed = st.session_state.pop(keys.SIDEBAR_RUNS, None)     # None: no sidebar in this run (AppTest's pages)
    if listed is not None and listed != tuple(session_runs()):
        st.rerun()


def computer_controls() -> None:
    """'This computer': keep the runs for 30 days (else they go when the browser closes), or forget them now."""
    with st.expander(_("This computer"), icon=":material/computer:"):
        browser_session.keeps_runs()            # its value from the cookie, before the box is drawn
        st.checkbox(_("Keep my runs on this computer"), key=keys.KEEP_RUNS,
                    help=_("Ticked: your runs come back for 30 days, even after the browser is closed. Not ticked: "
                           "they go when the browser is closed (best on a shared computer)."))
        st.button(_("Forget me on this computer"), key="rnnviz_forget_me", icon=":material/delete:",
                  on_click=browser_session.forget_me,
                  help=_("Removes your runs, your typed sentences and any training still running, here and on "
                         "the server; the next person at this computer starts empty."))


def markdown_text(text: str) -> str:
    """`text` shown literally by st.markdown (a run name may hold *, _, # or brackets)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", text)


def _training_line() -> None:
    """The sidebar's line on the session's training, redrawn as a fragment every few seconds (a line drawn once
    per page run would stay at its first value); when the training ends, the whole page reruns and the line
    goes."""
    apply_language()   # a fragment's rerun does not go through app.py
    job = current_job()
    if job is None or job.done:
        st.rerun()
    position = job.position
    st.caption(_("Waiting for training: number {position} in the queue").format(position=position) if position
               else _("Training in progress: {fraction:.0%}").format(fraction=job.fraction_done))
