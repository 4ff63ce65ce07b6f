"""The live training view shared by every page that trains: progress, curves per epoch, Stop."""

from __future__ import annotations

import streamlit as st

from ..figures.training import training_curves
from .cache import cached_dataset
from .jobs import TrainingJob
from .state import MAX_RUNS_PER_SESSION, collect_finished_job, current_job, current_page, session_runs, set_job
from .widgets import show_figure

_LAST = "rnnviz_last_job"


def start_training(requests) -> None:
    """Queue `requests` (TrainingRequest list) in a worker thread of this session, then rerun the page.

    The rerun lets the live panel show the job wherever the page draws it, above or below the button.
    Returns None, after a one-line message, if a training is already running or a dataset option is bad.
    """
    job = current_job()
    if job is not None and job.done:
        collect_finished_job()   # it finished after this rerun began: keep its runs before replacing it
    elif job is not None:
        st.warning("A training is already running in this session: wait for it or press Stop.",
                   icon=":material/hourglass_top:")
        return None
    try:
        datasets = [cached_dataset(r.dataset_name, tuple(sorted(r.dataset_options.items()))) for r in requests]
    except ValueError as error:
        st.error(str(error), icon=":material/error:")
        return None
    set_job(TrainingJob(list(requests), datasets).start())
    st.session_state["rnnviz_job_page"] = current_page()   # its outcome is reported on this page
    st.rerun()


def training_panel() -> None:
    """Draw the running job live (redrawn every half second), or the outcome of the last one."""
    _report_last_job()
    if current_job() is not None:
        _live_panel()


@st.fragment(run_every=0.5)
def _live_panel() -> None:
    job = current_job()
    if job is None:
        return
    if job.done:
        collect_finished_job()
        st.rerun()  # the whole page, so every part of it shows the new runs
    request = job.requests[min(job.index, len(job.requests) - 1)]
    history = job.current_history()
    queue = f" ({job.index + 1} of {len(job.requests)})" if len(job.requests) > 1 else ""
    label = request.run_name or request.config.label()
    text = f"Training {label}{queue}: epoch {len(history)} of {request.epochs} done"
    bar, stop = st.columns([5, 1])
    bar.progress(job.fraction_done, text=text)
    if stop.button("Stop", key="rnnviz_stop", icon=":material/stop_circle:", help="Stop after this batch; "
                   "the epochs already done are kept."):
        job.request_stop()
    if len(history):
        show_figure(training_curves(history, title=f"Live: {label}"), key="rnnviz_live_curves")


def _report_last_job() -> None:
    """One line per finished run: success, stopped, diverged; or the job's error."""
    last = st.session_state.get(_LAST)
    if not last or last.get("page") not in (None, current_page()):
        return
    if last["error"]:
        st.error(last["error"], icon=":material/error:")
    dropped = st.session_state.pop("rnnviz_dropped_runs", [])
    if dropped:
        st.info(f"This session keeps its {MAX_RUNS_PER_SESSION} latest runs: removed the oldest, "
                f"{', '.join(repr(name) for name in dropped)}.", icon=":material/inventory_2:")
    runs = session_runs()
    for name in last["names"]:
        run = runs.get(name)
        if run is None:
            continue
        if run.diverged:
            st.error(f"'{name}': {run.stop_reason}", icon=":material/warning:")
            continue
        metric = "val_accuracy" if "val_accuracy" in run.history else "val_loss"   # a series run has no accuracy
        value = run.history[metric].iloc[-1] if len(run.history) else float("nan")
        shown = f"{value:.3f}" if metric == "val_accuracy" else f"{value:.3g}"
        line = f"'{name}': validation {metric[4:]} {shown} after {run.epochs_done} epochs ({run.wall_time_s:.1f} s)."
        if name in last["reused"]:
            line += " Identical to a training already done on this server (same data, settings, seed): reused."
        if run.stop_reason:
            st.info(f"{line} Note: {run.stop_reason}.", icon=":material/info:")
        else:
            st.success(line, icon=":material/check_circle:")
