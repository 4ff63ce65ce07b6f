"""The gradients lab's accuracy-vs-lag experiment: its settings, and its results kept once per server.

Twelve trainings (three cells x four lags) with the same budget, run by the training service in its worker
processes like every other training; a class that picks the same settings gets the result the first student's
press computed (rnnviz.shared_memo: the second press waits for the first; the service also merges trials).
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import streamlit as st

from ..gradients.lag_experiment import (
    LAG_TASKS,
    TASK_DESCRIPTIONS,
    LagExperiment,
    LagResult,
    result_from_trials,
    trial_requests,
)
from ..i18n import _
from ..service import get_service
from ..service.service import Refused
from ..shared_memo import SharedMemo
from . import keys
from .cache import cached_dataset
from .gradients_lab import SCALES, slider_number
from .jobs import refused_text
from .state import session_id

MAX_LAG_RESULTS = 16
POLL_S = 1.0      # how often the progress bar is redrawn while the trainings run


def lag_controls(key: str = "lag") -> LagExperiment | None:
    task = st.radio(_("Task"), tuple(LAG_TASKS), horizontal=True, key=f"{key}_task",
                    help=_("order_task: the textbook test of long memory (Hochreiter & Schmidhuber 1997)."))
    st.markdown(_(TASK_DESCRIPTIONS[task]))
    defaults, key = LagExperiment.for_task(task), f"{key}_{task}"   # each task keeps its own widget values
    left, middle, right = st.columns(3)
    with left:
        n_steps = st.slider(_("Sequence length"), 10, 60, defaults.n_steps, 5, key=f"{key}_steps")
        longest = n_steps - (task == "order_task")
        low, high = st.slider(_("Lags tested (4 values evenly spaced)"), 1, longest,
                              (defaults.lags[0], min(defaults.lags[-1], longest)), key=f"{key}_lags")
    with middle:
        epochs = st.slider(_("Epochs (every model)"), 2, 20, defaults.epochs, key=f"{key}_epochs")
        units = st.select_slider(_("Units (every model)"), (4, 8, 16, 32), defaults.units, key=f"{key}_units")
    with right:
        scale = st.select_slider(_("Input scale (embedding init ±)"), SCALES, defaults.embedding_scale,
                                 key=f"{key}_scale", format_func=slider_number)
        seed = st.number_input(_("Seed"), 0, 10_000, 0, key=f"{key}_seed")
    lags = tuple(int(lag) for lag in np.unique(np.round(np.linspace(low, high, 4)).astype(int)))
    try:
        return replace(defaults, lags=lags, n_steps=n_steps, epochs=epochs, units=units, embedding_scale=scale,
                       seed=int(seed))
    except ValueError as error:
        st.error(str(error), icon=":material/error:")
        return None


@st.cache_resource
def lag_store() -> SharedMemo:
    """Process-wide results by settings, computed once per settings for the whole class (single flight)."""
    return SharedMemo(MAX_LAG_RESULTS)


def lag_experiment_panel(settings: LagExperiment) -> LagResult | None:
    """The stored result for `settings`, or a button that runs the experiment with a progress bar."""
    store = lag_store()
    result = store.peek(settings)
    if result is not None:
        return result
    # ~5.5 s per trial of the memory_task defaults through the worker processes (65 s for the 12, measured in
    # Chromium on a quiet 2-core machine; each trial builds its model), in proportion to the work.
    work = settings.epochs / 8 * settings.size / 1000 * settings.n_steps / 30 * max(1.0, settings.units / 16)
    st.caption(_("{n_trials} trainings ({n_cells} cells × {n_lags} lags): about {seconds} s on a free 2-core "
                 "server. The result is kept for everyone on this server who picks the same settings; changing a "
                 "setting while it runs stops it.").format(n_trials=settings.n_trials, n_cells=len(settings.cells),
                                                           n_lags=len(settings.lags),
                                                           seconds=round(5.5 * settings.n_trials * work)))
    if not st.button(_("Run the experiment"), key="lag_run", type="primary", icon=":material/play_arrow:"):
        return None
    bar = st.progress(0.0, text=_("Waiting for the same experiment started by someone else..."))
    waiting = _("Training {what} ({number} of {total})")
    try:
        # the same settings pressed twice: the second waits for the first, then reads
        result = store.get_or_compute(settings, lambda: run_in_service(settings, bar, waiting))
    except ValueError as error:          # a training of this session going, or a trial that failed
        bar.empty()
        st.error(str(error), icon=":material/error:")
        return None
    bar.empty()
    return result


def run_in_service(settings: LagExperiment, bar, waiting: str) -> LagResult:
    """The experiment's trainings in the training service (worker processes, queued with everyone else's),
    with the progress bar redrawn about once a second; a rerun (a setting changed) stops them.

    ValueError (one line) when this session already trains something or a trial failed."""
    trials = trial_requests(settings)
    requests = [request for _cell, _lag, request in trials]
    datasets = [cached_dataset(r.dataset_name, tuple(sorted(r.dataset_options.items()))) for r in requests]
    service = get_service()
    started = time.perf_counter()
    try:        # one training at a time per student (their browser's key), in their language
        batch = service.submit(requests, session_id(), datasets, owner=st.session_state.get(keys.BROWSER_KEY, ""))
    except Refused as refused:
        raise ValueError(refused_text(refused)) from None
    try:
        while not batch.wait(POLL_S):
            cell, lag, _request = trials[batch.index]
            bar.progress(batch.fraction_done(), text=waiting.format(what=f"{cell}, lag {lag}",
                                                                    number=batch.index + 1, total=len(trials)))
    finally:
        if not batch.done:               # the script was interrupted: nobody will read these trainings
            batch.stop()
    outcomes = batch.outcomes()
    failed = next((ticket.error for ticket in outcomes if ticket.error), None)
    if failed or len(outcomes) < len(trials) or any(ticket.result is None for ticket in outcomes):
        raise ValueError(failed or _("the experiment stopped before all its trainings ran"))
    return result_from_trials(settings, [(cell, lag, ticket.result)
                                         for (cell, lag, _request), ticket in zip(trials, outcomes)],
                              time.perf_counter() - started)
