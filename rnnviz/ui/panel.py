"""The live training view shared by every page that trains: queue position, progress, curves per epoch, Stop.

The panel is a fragment that reruns about once a second while a job is going; it reads the job's progress
file (through the service) and rebuilds the curves only when a new epoch has arrived.
"""

from __future__ import annotations

import time

import streamlit as st

from ..figures.training import training_curves
from ..i18n import _, _n
from ..service import get_service
from ..stop_reasons import stop_reason_text
from . import keys
from .cache import cached_dataset
from .charts import show_figure
from .jobs import submit
from .language import apply_language
from .state import (
    MAX_RUNS_PER_SESSION,
    collect_finished_job,
    current_job,
    current_page,
    session_id,
    session_is_alive,
    session_runs,
    set_job,
)

POLL_EVERY_S = 1.0           # a session alone follows its training about once a second ...
MAX_POLLS_PER_S = 10         # ... but the server answers at most about this many progress polls per second


def poll_interval_s() -> float:
    """Seconds between two progress redraws of one session: 1 s, longer as more sessions wait for a training.

    Measured with 60 students pressing a preset together: two 1-second fragments per student were 4,318
    reruns in 151 s, and the server (one process: its reruns share one interpreter) answered a page in 55 s.
    """
    return max(POLL_EVERY_S, get_service().sessions_waiting() / MAX_POLLS_PER_S)


def start_training(requests) -> None:
    """Queue `requests` (TrainingRequest list) in the training service for this session, then rerun the page.

    The rerun lets the live panel show the job wherever the page draws it, above or below the button.
    Returns None, after a one-line message, if a training is already going or a dataset option is bad.
    """
    pressed_at = time.monotonic()            # the student's wait starts now, before the data is even loaded
    job = current_job()
    if job is not None and job.done:
        collect_finished_job()   # it finished after this rerun began: keep its runs before replacing it
    elif job is not None:
        st.warning(_("A training is already running in this session: wait for it or press Stop."),
                   icon=":material/hourglass_top:")
        return None
    try:
        datasets = [cached_dataset(r.dataset_name, tuple(sorted(r.dataset_options.items()))) for r in requests]
        get_service().reap(session_is_alive)      # closed tabs leave the queue before this one joins it
        job = submit(requests, datasets, session_id(), owner=st.session_state.get(keys.BROWSER_KEY, ""))
        job.submitted_at = pressed_at
        set_job(job)
    except ValueError as error:
        st.error(str(error), icon=":material/error:")
        return None
    st.session_state[keys.JOB_PAGE] = current_page()   # its outcome is reported on this page
    st.rerun()


def training_panel(final_curves: bool = False) -> None:
    """Draw the running job live (polled about once a second), or the outcome of the last one.

    final_curves: under the outcome of the job just finished on this page, keep its runs' curves (the start
    page, whose live curves would otherwise give way to a single line).
    """
    _report_last_job(final_curves)
    if current_job() is not None:
        st.fragment(_live_panel, run_every=poll_interval_s())()


def _live_panel() -> None:
    """The progress bar, Stop and the live curves, redrawn every poll_interval_s() as a fragment."""
    apply_language()   # a fragment's rerun does not go through app.py
    job = current_job()
    if job is None:
        return
    if job.done:
        collect_finished_job()
        # the whole page, so every part of it shows the new runs; this fragment draws nothing more (no Stop
        # button left behind for a job that is over)
        st.rerun()
    request = job.requests[min(job.index, len(job.requests) - 1)]
    history = job.current_history()
    queue = (_(" ({number} of {total})").format(number=job.index + 1, total=len(job.requests))
             if len(job.requests) > 1 else "")
    label = request.run_name or request.config.label()
    position = job.position
    if position:
        text = _("Waiting to train {label}{queue}: number {position} in the server's queue, about {wait} to "
                 "go").format(label=label, queue=queue, position=position, wait=_duration(job.wait_estimate_s()))
    else:
        text = _("Training {label}{queue}: epoch {epoch} of {epochs} done").format(
            label=label, queue=queue, epoch=len(history), epochs=request.epochs)
    bar, stop = st.columns([5, 1])
    bar.progress(job.fraction_done, text=text)
    if stop.button(_("Stop"), key="rnnviz_stop", icon=":material/stop_circle:",
                   help=_("Stop after this batch; the epochs already done are kept.")):
        job.request_stop()
    if len(history):
        show_figure(_live_figure(job, history, label), key="rnnviz_live_curves")


def _live_figure(job, history, label: str):
    """The curves so far, rebuilt only when a new epoch has arrived (the panel polls more often)."""
    signature = (job.batch, job.index, len(history))
    cached = st.session_state.get(keys.LIVE_FIGURE)
    if cached is None or cached[0] != signature:
        cached = (signature, training_curves(history, title=_("Live: {label}").format(label=label)))
        st.session_state[keys.LIVE_FIGURE] = cached
    return cached[1]


def _duration(seconds: float) -> str:
    return f"{max(round(seconds), 1)} s" if seconds < 90 else f"{round(seconds / 60)} min"


def reported_run_names() -> set[str]:
    """Names of the runs whose outcome the panel reports on this page (the last finished job's)."""
    last = st.session_state.get(keys.LAST_JOB)
    if not last or last.get("page") not in (None, current_page()):
        return set()
    return set(last["names"])


def _report_last_job(final_curves: bool = False) -> None:
    """One line per finished run: success, stopped, diverged; or the job's error (and, asked, its curves)."""
    last = st.session_state.get(keys.LAST_JOB)
    if not last or last.get("page") not in (None, current_page()):
        return
    if last["error"]:
        st.error(last["error"], icon=":material/error:")
    for note in last.get("notes", []):
        st.info(note.capitalize() + ".", icon=":material/info:")
    dropped = st.session_state.pop(keys.DROPPED_RUNS, [])
    if dropped:
        st.info(_("This session keeps its {n} latest runs: removed the oldest, {names}.").format(
            n=MAX_RUNS_PER_SESSION, names=", ".join(repr(name) for name in dropped)), icon=":material/inventory_2:")
    runs = session_runs()
    for name in last["names"]:
        run = runs.get(name)
        if run is None:
            continue
        if run.diverged:
            st.error(f"'{name}': {stop_reason_text(run.stop_reason)}", icon=":material/warning:")
            continue
        show = st.info if run.stop_reason else st.success
        waited = last.get("seconds")
        line = (f"'{name}': {outcome_line(run, reused_in_s=waited)}" if name in last["reused"]
                else f"'{name}': {outcome_line(run, waited_s=waited)}")
        if run.stop_reason:
            line += _(" Note: {reason}.").format(reason=stop_reason_text(run.stop_reason))
        show(line, icon=":material/info:" if run.stop_reason else ":material/check_circle:")
        if final_curves and len(run.history):
            show_figure(training_curves(run.history, title=_("Final: {name}").format(name=name)), key=f"rnnviz_final_curves_{name}")


def validation_score(run) -> str:
    """'validation accuracy 0.912' (classification) or 'validation loss 0.0123' (a series has no accuracy), of the
    epoch the model holds."""
    row = run.reported()
    if "val_accuracy" in row:
        return _("validation accuracy {accuracy:.3f}").format(accuracy=row["val_accuracy"])
    return _("validation loss {loss:.3g}").format(loss=row.get("val_loss", float("nan")))


def outcome_line(run, reused_in_s: float | None = None, waited_s: float | None = None) -> str:
    """'validation accuracy 0.912 after 6 epochs (3.1 s).', with the restored epoch's numbers after early stopping.

    reused_in_s: for a run reused from an identical training done earlier on the server, the seconds this
    student waited for it: reported instead of the original training's time, which they did not spend.
    waited_s: the seconds from the press to the run on the page (the queue, the worker's start, the training):
    the wait the student lived, said beside the training's own time (a first press on a fresh server waited
    43 s for a 20.5 s training, and read only '20.5 s').
    """
    restored = run.restored_epoch is not None and run.restored_epoch != run.epochs_done
    at = _(" (the model is epoch {epoch}'s, restored)").format(epoch=run.reported_epoch) if restored else ""
    epochs = _n("{n} epoch", "{n} epochs", run.epochs_done).format(n=run.epochs_done)
    if reused_in_s is None and waited_s is not None:
        return _("{score}{restored} after {epochs} (training {seconds:.1f} s; ready {waited:.1f} s after you "
                 "pressed Train, with the wait in the queue and the worker's start).").format(
            score=validation_score(run), restored=at, epochs=epochs, seconds=run.wall_time_s,
            waited=waited_s)
    if reused_in_s is None:
        return _("{score}{restored} after {epochs} ({seconds:.1f} s).").format(
            score=validation_score(run), restored=at, epochs=epochs, seconds=run.wall_time_s)
    return _("{score}{restored} after {epochs}, ready in {seconds:.1f} s: reused from an identical training "
             "already done on this server (same data, settings, seed).").format(
        score=validation_score(run), restored=at, epochs=epochs, seconds=reused_in_s)
