"""Time series: windows of look_back past values, a forecast, and the naive forecast to beat."""

import streamlit as st

from rnnviz import ui
from rnnviz.figures.series import series_split, value_title
from rnnviz.i18n import _
from rnnviz.series_inside import window_inside
from rnnviz.series_models import SeriesModelConfig
from rnnviz.series_report import same_series_runs, series_report
from rnnviz.ui import series_forms as forms
from rnnviz.ui.fitting_lab import diagnosis_cards
from rnnviz.ui.trace_views import show_verification

st.title(_("Forecast a time series"))
st.caption(_("Each sample is a window of the last look_back values; the model forecasts the next ones. The series "
             "is cut in time (train, then validation, then test) and scaled with the training part's statistics "
             "only."))

st.header(_("1 · Series"), anchor=False)
name, options = forms.series_form()
dataset = None
if name == "series_csv" and options["source"] is None:
    st.info(_("Upload a CSV file to use your own series."), icon=":material/upload_file:")
else:
    with forms.errors(forms.SERIES_LABELS):
        dataset = ui.cached_dataset(name, tuple(sorted(options.items())))
if dataset is not None:
    st.code(dataset.shape_text("train"), language="python")
    ui.show_figure(series_split(dataset), key="ts_split")

st.header(_("2 · Model"), anchor=False)
config = None
with forms.errors(forms.MODEL_LABELS):
    config = SeriesModelConfig(**forms.model_form())
if config is not None and dataset is not None:
    with ui.friendly_errors():
        ui.show_figure(forms.cached_window_size_figure(config, dataset.look_back, dataset.n_features,
                                                       dataset.horizon), key="ts_parameters")

st.header(_("3 · Train"), anchor=False)
budget = forms.budget_form()
if st.button(_("Train"), type="primary", icon=":material/play_arrow:", disabled=config is None or dataset is None,
             key="ts_train"):
    with forms.errors(forms.BUDGET_LABELS):
        ui.start_training([ui.TrainingRequest(name, options, config, run_name=f"{config.label()} · {name}",
                                              group="time_series", **budget)])
ui.training_panel()
if dataset is not None:
    st.caption(_("Units: MAE (curves, table, test score) is in the series' own units ({unit}); the loss is in the "
                 "scaled units the network trains on (scaled with the training part's statistics).").format(
                     unit=value_title(dataset)))

st.header(_("4 · Forecasts"), anchor=False)
runs = same_series_runs(ui.session_runs(), dataset) if dataset is not None else {}
if not runs:
    st.caption(_("Models trained on this series, with these windows, are compared here with the naive forecast."))
else:
    steps = st.slider(_("Recursive forecast: steps ahead"), 1, 50, 20, key="ts_steps")
    with ui.friendly_errors():
        report = series_report(dataset, runs, "test", steps)
        st.dataframe(ui.localized_numbers(report.metrics), hide_index=True)
        # A click on a prediction picks its window below (or move the slider there).
        ui.show_figure(report.forecasts, key=forms.FORECASTS_KEY, on_select=forms.pick_window_from_chart,
                       selection_mode="points")
        if report.errors is not None:
            ui.show_figure(report.errors, key="ts_errors")

    st.header(_("5 · Inside one window"), anchor=False)
    st.caption(_("The window's values go through the network step by step (t-0 is the last value read); the "
                 "states and gates are recomputed from the weights and checked against Keras, and the gradient of "
                 "this window's error is followed back through its steps."))
    picked = forms.window_picker(runs, dataset)
    if picked is not None:
        run, index = picked
        inside = None
        with ui.friendly_errors():
            inside = window_inside(run, "test", index, dataset)
        if inside is not None:
            show_verification(inside.check, {layer.cell for layer in inside.trace.layers}, series=True)
            ui.show_figure(inside.figures["window"], key="ts_window_chart")
            if inside.check.ok or inside.check.nothing_to_check:   # never draw states that disagree with Keras
                for name, fig in inside.figures.items():
                    if name != "window":
                        ui.show_figure(fig, key=f"ts_inside_{name}")

    st.header(_("6 · Over- or underfitting"), anchor=False)
    st.caption(_("Each run's curves read like the course's table, on the loss (MSE or MAE): chance is always "
                 "forecasting the training mean."))
    with ui.friendly_errors():
        diagnosis_cards(runs, key="ts_fit")
