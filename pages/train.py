"""Train: choose data and a model, watch it learn, compare runs."""

import streamlit as st

from rnnviz import ui
from rnnviz.figures.training import compare_runs, metric_name, sequence_lengths
from rnnviz.i18n import _
from rnnviz.models import ModelConfig
from rnnviz.ui import course_table, real_data, run_transfer, tables
from rnnviz.ui import train_forms as forms

st.title(_("Train a recurrent network"))

st.header(_("1 · Data"), anchor=False)
dataset_name, dataset_options = forms.dataset_form()
dataset = forms.dataset_preview(dataset_name, dataset_options)
if dataset is not None:
    left, right = st.columns(2)
    with left:
        ui.show_figure(sequence_lengths(dataset.train.x), key="lengths")
    with right:
        forms.bag_of_words_line(dataset_name, dataset_options)

st.header(_("2 · Model"), anchor=False)
config = None
try:
    config = ModelConfig(**forms.model_form())
except ValueError as error:
    st.error(forms.explain(error), icon=":material/error:")
if config is not None and dataset is not None:
    config = real_data.with_vectors(config, dataset_name, dataset_options)
if config is not None and dataset is not None and not forms.model_summary(dataset, config):
    config = None

st.header(_("3 · Train"), anchor=False)
budget = forms.training_form()
ready = config is not None and dataset is not None
if st.button(_("Train"), type="primary", icon=":material/play_arrow:", disabled=not ready, key="train_button"):
    try:
        options = real_data.measured_options(dataset_name, dataset_options, dataset)   # the cost cap sees them
        ui.start_training([forms.training_request(dataset_name, options, config, budget)])
    except ValueError as error:
        st.error(forms.explain(error), icon=":material/error:")
ui.training_panel()

st.header(_("4 · Compare runs"), anchor=False)
run_transfer.upload_run()        # first, so a run it adds is in the list below
ui.refresh_sidebar()             # and in the sidebar, drawn before this page
runs = ui.session_runs()
if not runs:
    st.caption(_("Your trained runs will be listed here."))
else:
    st.dataframe(ui.localized_numbers(ui.shown_columns(tables.compare_rows(runs))), hide_index=True)
    metric = st.radio(_("Overlay"), ("val_accuracy", "val_loss", "accuracy", "loss"), horizontal=True,
                      format_func=metric_name)
    ui.show_figure(compare_runs({name: run.history for name, run in runs.items()}, metric), key="compare")
    forms.runs_manager()
    run_transfer.download_run(st, st.session_state.get("manage_run", ""))

st.header(_("5 · Reproduce the course table"), anchor=False)
course_table.course_section(dataset_name, dataset_options, budget, dataset)
