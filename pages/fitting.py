"""Over- and underfitting lab: produce each case, read the diagnosis, lay the remedies over the same axes."""

import streamlit as st

from rnnviz import ui
from rnnviz.figures.fitting import fitting_curves
from rnnviz.fitting import FITTING_SCENARIOS, OVERFITTING, compare_diagnoses, remedy_variants
from rnnviz.i18n import N_, _
from rnnviz.ui import fitting_lab as lab
from rnnviz.ui import lesson, predict

st.title(_("Over- and underfitting lab"))
st.caption(_("Training error vs validation error, read like the course's table: underfitting = high training error "
             "close to the validation error; overfitting = training error much lower than the validation error. "
             "Every run below is diagnosed from its own curves, with the numbers that decided."))

lesson.apply_lesson("fitting")   # a lesson link's question, once per session
st.header(_("1 · Produce each case"), anchor=False)
presets = [scenario.page for scenario in FITTING_SCENARIOS.values()]
to_train = lab.scenario_buttons()

st.header(_("2 · Remedies for the overfitting run"), anchor=False)
base = FITTING_SCENARIOS[OVERFITTING].page
st.caption(_("Each remedy changes one thing of the overfitting run ({model}, {n_train} training sentences, {epochs} "
             "epochs) and keeps the rest, seeds included: its curves go on the same axes.").format(
    model=base.config.label(), n_train=base.n_train, epochs=base.epochs))
remedies = lab.remedy_controls(base)
variants = []
with ui.friendly_errors():
    variants = remedy_variants(base, remedies) if remedies is not None else []
if st.button(_("Train the overfitting run and these remedies"), key="fitting_train_remedies", type="primary",
             icon=":material/healing:", disabled=not variants):
    to_train = [base, *variants]
if to_train:
    lab.train_missing(to_train)
ui.training_panel()

st.header(_("3 · Curves and diagnoses"), anchor=False)
predict.ask_about_remedies(variants, lab.runs_for)   # a lesson's question hides the diagnoses until Reveal
diagnoses = {}
for title, specs, key in ((N_("The three cases"), presets, "presets"),
                          (N_("The overfitting run and its remedies"), [base, *variants], "remedies")):
    title = _(title)
    runs = lab.runs_for(specs)
    if not runs:
        st.caption(_("{title}: nothing trained yet, use the buttons above.").format(title=title))
        continue
    shade = True   # one fill per run is readable for the three cases; with many remedies, pick one
    if key == "remedies" and len(runs) > 2:
        shade = [st.selectbox(_("Shade the gap of"), list(runs), key="fitting_shade")]
    ui.show_figure(fitting_curves({name: run.history for name, run in runs.items()}, title=title,
                                  shade_gap=shade), key=f"fitting_curves_{key}")
    st.caption(_("Solid: training; dashed: validation; shaded: the gap between them; star: the epoch with the "
                 "lowest validation loss (the one early stopping keeps). A run with L2 counts its penalty in "
                 "both losses."))
    diagnoses.update(lab.diagnosis_cards(runs, key=key))
    if key == "remedies":
        st.dataframe(ui.localized_numbers(compare_diagnoses({name: diagnoses[name] for name in runs}).round(3)))

st.header(_("4 · The course's table"), anchor=False)
lab.symptoms_table_view(diagnoses)
