"""Widget groups of the fitting lab page: preset buttons, remedy controls, diagnosis cards, the course's table.

Runs are found again by the request they were trained from (run.request), so a
spec already trained in this session is shown, not trained again, and the un-remedied run is shared by all
its remedies.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

import streamlit as st

from ..data.dataset import train_split_size
from ..figures.style import SEQUENCE
from ..fitting import (
    CANNOT_TELL,
    FITTING_SCENARIOS,
    GOOD_FIT,
    OVERFITTING,
    UNDER_AND_OVERFITTING,
    UNDERFITTING,
    Remedies,
    diagnose_run,
    highlight_diagnosis,
    symptoms_table,
)
from ..fitting.remedies import display_name
from ..i18n import _
from ..locale_numbers import format_in
from .panel import start_training
from .tables import localized_numbers
from .state import session_runs
from .widgets import friendly_errors

_BADGE_COLORS = {UNDERFITTING: "blue", GOOD_FIT: "green", OVERFITTING: "red", UNDER_AND_OVERFITTING: "violet",
                 CANNOT_TELL: "gray"}


def scenario_buttons() -> list:
    """One column per preset, with its recipe and a button; returns the page-size specs to train (or [])."""
    chosen = []
    columns = st.columns(len(FITTING_SCENARIOS) + 1)
    for column, scenario in zip(columns, FITTING_SCENARIOS.values()):
        with column:
            st.markdown(f"**{_(scenario.name).capitalize()}**")
            st.caption(_(scenario.summary))
            if st.button(_("Train: {case}").format(case=_(scenario.name)), key=f"fitting_preset_{scenario.name}",
                         icon=":material/play_arrow:"):
                chosen = [scenario.page]
    with columns[-1]:
        st.markdown(_("**All three**"))
        st.caption(_("Queued one after another; each takes up to about 30 seconds."))
        if st.button(_("Train all three"), key="fitting_preset_all", type="primary", icon=":material/queue_play_next:"):
            chosen = [scenario.page for scenario in FITTING_SCENARIOS.values()]
    return chosen


def remedy_controls(base) -> Remedies | None:
    """A checkbox and a slider per remedy, with values suited to `base`; None (and a red line) if invalid."""
    size = base.options["size"]
    left, middle, right = st.columns(3)
    with left:
        smaller = st.checkbox(_("Smaller network"), value=True, key="fitting_use_units")
        units = st.select_slider(_("LSTM units"), [2, 4, 8, 16, 32], value=8, key="fitting_units",
                                 disabled=not smaller)
        l2_on = st.checkbox(_("L2 regularisation"), value=True, key="fitting_use_l2")
        l2 = st.select_slider(_("L2 lambda"), [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2], value=1e-3, key="fitting_l2",
                              disabled=not l2_on, format_func=lambda value: format_in(value, "g"))
    with middle:
        dropout_on = st.checkbox(_("Dropout"), value=True, key="fitting_use_dropout")
        dropout = st.slider(_("dropout (input of each step)"), 0.0, 0.8, 0.4, 0.1, key="fitting_dropout",
                            disabled=not dropout_on)
        recurrent = st.slider(_("recurrent_dropout (h of the previous step)"), 0.0, 0.8, 0.0, 0.1,
                              key="fitting_recurrent_dropout", disabled=not dropout_on,
                              help=_("Slower to train: Keras cannot use its fused kernel with recurrent dropout."))
    with right:
        early_on = st.checkbox(_("Early stopping"), value=True, key="fitting_use_early")
        patience = st.slider(_("patience (epochs)"), 1, 10, 3, key="fitting_patience", disabled=not early_on)
        more_on = st.checkbox(_("Training-set size"), value=True, key="fitting_use_n_train")
        full = train_split_size(size)
        n_train = st.slider(_("training sentences"), 50, full, min(3 * (base.n_train or full), full), 50,
                            key="fitting_n_train", disabled=not more_on,
                            help=_("The base run has {n}; validation stays the same.").format(n=base.n_train))
    with friendly_errors():
        return Remedies(units=units if smaller else None, l2=l2 if l2_on else None,
                        dropout=dropout if dropout_on else None, recurrent_dropout=recurrent if dropout_on else None,
                        early_stopping_patience=patience if early_on else None,
                        n_train=n_train if more_on else None)
    return None


def runs_for(specs) -> dict:
    """name -> the latest session run trained from each spec (specs not trained yet are left out).

    The name is the spec's, in the student's language now (a run trained before a language change is found
    all the same: requests are compared without their run names)."""
    found = {}
    for spec in specs:
        matching = [run for run in session_runs().values() if _unnamed(run.request) == _unnamed(spec.request())]
        if matching:
            found[display_name(spec)] = matching[-1]
    return found


def _unnamed(request):
    return replace(request, run_name="") if request is not None else None


def train_missing(specs) -> None:
    """Queue the specs this session has not trained yet (the others are already on the chart), each run named
    in the student's language."""
    trained = {_unnamed(run.request) for run in session_runs().values()}
    missing = [spec for spec in dict.fromkeys(specs) if _unnamed(spec.request()) not in trained]
    if not missing:
        st.info(_("All of these are trained already: their curves are below."), icon=":material/info:")
        return
    start_training([replace(spec.request(), run_name=_(spec.name)) for spec in missing])


def card_title(name: str, color: str) -> str:
    """A card's heading: the run's colour square and its name, which is escaped for HTML and Markdown alike (a
    run's name may come from an uploaded file, and this text is rendered with unsafe_allow_html)."""
    escaped = re.sub(r"([\\`*_{}\[\]()#+\-.!|~])", r"\\\1", html.escape(name, quote=True))
    return f"<span style='color:{color}; font-size:1.4em'>&#9632;</span> **{escaped}**"


def diagnosis_cards(runs: dict, key: str) -> dict:
    """A bordered card per run (colour of its curves, label, measured reasons); returns name -> Diagnosis."""
    diagnoses = {name: diagnose_run(run) for name, run in runs.items()}
    columns = st.columns(min(len(runs), 3) or 1)
    for index, (name, diagnosis) in enumerate(diagnoses.items()):
        with columns[index % len(columns)].container(border=True, key=f"{key}_card_{index}"):
            color = SEQUENCE[index % len(SEQUENCE)]
            st.markdown(card_title(name, color), unsafe_allow_html=True)
            st.badge(_(diagnosis.label), color=_BADGE_COLORS[diagnosis.label], icon=":material/stethoscope:")
            for reason in diagnosis.reasons[:3]:
                st.markdown(f"- {reason}")
            with st.expander(_("All measurements")):
                for reason in diagnosis.reasons[3:]:
                    st.markdown(f"- {reason}")
                st.dataframe(localized_numbers(diagnosis.measures()), hide_index=True)
    return diagnoses


def symptoms_table_view(diagnoses: dict) -> None:
    """The course's symptoms/remedies table with the row of the chosen run's diagnosis highlighted."""
    table = symptoms_table()
    label = None
    if diagnoses:
        names = list(diagnoses)
        name = st.selectbox(_("Highlight the row of"), names, index=len(names) - 1, key="fitting_highlight_run")
        label = diagnoses[name].label
    st.table(highlight_diagnosis(table, label))   # a static table: the long remedy texts wrap
