"""The gradients lab's accuracy-vs-lag experiment: its settings, and its results kept once per server.

Twelve trainings (three cells x four lags) with the same budget; a class that picks the same settings gets the
result the first student's press computed (rnnviz.shared_memo: the second press waits for the first).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import streamlit as st

from ..gradients.lag_experiment import LAG_TASKS, TASK_DESCRIPTIONS, LagExperiment, LagResult, run_lag_experiment
from ..i18n import _
from ..shared_memo import SharedMemo
from .gradients_lab import SCALES

MAX_LAG_RESULTS = 16


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
                                 key=f"{key}_scale")
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
    # ~3 s per trial of the memory_task defaults (bench/lag_experiment.py), in proportion to the work.
    work = settings.epochs / 8 * settings.size / 1000 * settings.n_steps / 30 * max(1.0, settings.units / 16)
    st.caption(_("{n_trials} trainings ({n_cells} cells × {n_lags} lags): about {seconds} s on a free 2-core "
                 "server. The result is kept for everyone on this server who picks the same settings; changing a "
                 "setting while it runs stops it.").format(n_trials=settings.n_trials, n_cells=len(settings.cells),
                                                           n_lags=len(settings.lags),
                                                           seconds=round(3 * settings.n_trials * work)))
    if not st.button(_("Run the experiment"), key="lag_run", type="primary", icon=":material/play_arrow:"):
        return None
    bar = st.progress(0.0, text=_("Waiting for the same experiment started by someone else..."))
    waiting = _("Training {what} ({number} of {total})")   # translated here: `progress` runs inside the experiment

    def progress(done: int, total: int, message: str) -> None:
        bar.progress(done / total, text=waiting.format(what=message, number=min(done + 1, total), total=total))

    # the same settings pressed twice: the second waits, then reads
    result = store.get_or_compute(settings, lambda: run_lag_experiment(settings, progress=progress))
    bar.empty()
    return result
