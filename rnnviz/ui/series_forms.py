"""Widget groups of the Time series page: each returns plain values (dataset name and options, a config)."""

from __future__ import annotations

from contextlib import contextmanager

import streamlit as st

from ..data.series_sources import JENA_TEMPERATURE
from ..i18n import N_, _, get_language
from ..models import OPTIMIZERS
from ..series_models import LOSSES, SERIES_CELLS, SeriesModelConfig
from .train_forms import explain as explain_setting   # one reading of a setting's error for every page

SOURCES = {"noisy_sine": N_("noisy sine"), "sines_trend": N_("two sines on a trend"),   # translated where shown
           "damped_oscillator": N_("damped oscillator"), "random_walk": N_("random walk"),
           "sunspots": N_("sunspots, yearly 1700-2008"), "co2": N_("Mauna Loa CO2, monthly"),
           "jena_climate": N_("Jena climate (Keras download)"), "series_csv": N_("my CSV file")}
SCALINGS = {"standard": N_("standard"), "minmax": N_("min-max"), "none": N_("none")}
_GENERATED = ("noisy_sine", "sines_trend", "damped_oscillator", "random_walk")
# Each box's label, by the option it sets: a core message naming the option is shown with the box's words.
SERIES_LABELS = {"length": N_("Length (steps)"), "noise": N_("Noise"), "seed": N_("Series seed"),
                 "look_back": N_("look_back (steps in each window)"), "horizon": N_("Horizon (steps forecast)"),
                 "scaling": N_("Scaling (fitted on the training part)")}
MODEL_LABELS = {"cell": N_("Model"), "units": N_("Units"), "n_layers": N_("Stacked layers"),
                "dense_layers": N_("Dense layers after"), "loss": N_("Loss"), "optimizer": N_("Optimizer"),
                "learning_rate": N_("Learning rate"), "seed": N_("Model seed")}
BUDGET_LABELS = {"epochs": N_("Epochs"), "batch_size": N_("Batch size")}


def explain(error: ValueError, labels: dict) -> str:
    """The core's message in the box's words: "epochs must be ..." -> "Epochs: must be ..." (either language:
    the core's messages start with the option's code name)."""
    from .train_forms import explain as explain_setting  # one reading of a setting's error for every page

    return explain_setting(error, {field: _(label) for field, label in labels.items()})


@contextmanager
def errors(labels: dict):
    """Like ui.friendly_errors, naming a bad setting by its box's label (labels: option -> N_ label)."""
    try:
        yield
    except ValueError as error:
        st.error(explain(error, labels), icon=":material/error:")




def series_form() -> tuple[str, dict]:
    """Choose a series and its windowing; returns (dataset name, options for load_dataset)."""
    name = st.selectbox(_("Series"), tuple(SOURCES), format_func=lambda source: _(SOURCES[source]), key="ts_source")
    options: dict = {}
    if name in _GENERATED:
        a, b, c = st.columns(3)
        options["length"] = a.number_input(_(SERIES_LABELS["length"]), value=500, step=100, key="ts_length")
        options["noise"] = b.number_input(_(SERIES_LABELS["noise"]), value=0.1, step=0.05, key="ts_noise")
        options["seed"] = c.number_input(_(SERIES_LABELS["seed"]), value=0, step=1, key="ts_series_seed")
    elif name == "series_csv":
        upload = st.file_uploader(_("CSV file: an optional date column and one or more value columns"),
                                  type=["csv"], key="ts_csv")
        a, b = st.columns(2)
        date = a.text_input(_("Date column (empty: none)"), key="ts_date_column").strip()
        target = b.text_input(_("Column to forecast (empty: the first value column)"), key="ts_target").strip()
        options.update(source=upload.getvalue() if upload is not None else None, date_column=date or None,
                       target=target or None)
    elif name == "jena_climate":
        options["columns"] = (JENA_TEMPERATURE,)
    a, b, c = st.columns(3)
    options["look_back"] = a.number_input(_(SERIES_LABELS["look_back"]),
                                          value=24 if name == "co2" else 20, step=1, key=f"ts_look_back_{name}")
    options["horizon"] = b.number_input(_(SERIES_LABELS["horizon"]), value=1, step=1, key="ts_horizon")
    options["scaling"] = c.selectbox(_(SERIES_LABELS["scaling"]), tuple(SCALINGS),
                                     format_func=lambda scaling: _(SCALINGS[scaling]), key="ts_scaling")
    return name, options


def model_form() -> dict:
    """The model's settings as SeriesModelConfig fields (validated by the config, not here)."""
    a, b, c, d = st.columns(4)
    fields = {"cell": a.selectbox(_(MODEL_LABELS["cell"]), SERIES_CELLS, index=1, key="ts_cell",
                                  format_func=lambda c: _("dense baseline") if c == "dense" else c),
              "units": b.number_input(_(MODEL_LABELS["units"]), value=16, step=4, key="ts_units"),
              "n_layers": c.number_input(_(MODEL_LABELS["n_layers"]), value=1, step=1, key="ts_layers"),
              "dense_layers": d.number_input(_(MODEL_LABELS["dense_layers"]), value=0, step=1, key="ts_dense_layers")}
    a, b, c, d = st.columns(4)
    fields["loss"] = a.selectbox(_(MODEL_LABELS["loss"]), LOSSES, key="ts_loss")
    fields["optimizer"] = b.selectbox(_(MODEL_LABELS["optimizer"]), OPTIMIZERS, key="ts_optimizer")
    fields["learning_rate"] = c.number_input(_(MODEL_LABELS["learning_rate"]), value=0.01, step=0.001, format="%.4f",
                                             key="ts_lr")
    fields["seed"] = d.number_input(_(MODEL_LABELS["seed"]), value=0, step=1, key="ts_seed")
    return fields


def budget_form() -> dict:
    a, b = st.columns(2)
    return {"epochs": a.number_input(_(BUDGET_LABELS["epochs"]), value=20, step=5, key="ts_epochs"),
            "batch_size": b.number_input(_(BUDGET_LABELS["batch_size"]), value=32, step=16, key="ts_batch")}


def cached_window_size_figure(config: SeriesModelConfig, look_back: int, n_features: int, horizon: int):
    """Keras' parameter counts as the window grows (builds a few models: cached by plain values)."""
    return _window_size_figure(config, look_back, n_features, horizon, get_language())


@st.cache_data(max_entries=32, show_spinner=False)
def _window_size_figure(config: SeriesModelConfig, look_back: int, n_features: int, horizon: int, language: str):
    """language: part of the key only; the figure's titles are written in it, so each language has its own."""
    from ..series_report import window_size_figure

    return window_size_figure(config, look_back, n_features, horizon)


FORECASTS_KEY, WINDOW_KEY = "ts_forecasts", "ts_window"


def window_picker(runs: dict, dataset):
    """Choose a recurrent run and a test window; returns (run, window index), or None (caption shown) when no
    run has a hidden state to follow."""
    recurrent = {name: run for name, run in runs.items()
                 if getattr(run.config, "is_recurrent", True)}      # Conv1D and the dense baseline have none
    if not recurrent:
        st.caption(_("Train a SimpleRNN, LSTM or GRU on this series to follow its hidden states and gates through "
                     "a window (Conv1D and the dense baseline have no hidden state)."))
        return None
    a, b = st.columns([1, 2])
    name = a.selectbox(_("Run"), tuple(recurrent), key="ts_inside_run")
    n_windows = len(dataset.test)
    if n_windows <= 1:
        return recurrent[name], 0
    if st.session_state.get(WINDOW_KEY, 0) >= n_windows:      # picked on a chart of other windows
        st.session_state.pop(WINDOW_KEY)
    # The default only when nothing is picked yet: a value set by a chart click must not meet a default too.
    default = {} if WINDOW_KEY in st.session_state else {"value": min(n_windows - 1, n_windows // 2)}
    index = b.slider(_("Test window (of {n})").format(n=n_windows), 0, n_windows - 1, key=WINDOW_KEY, **default)
    return recurrent[name], int(index)


def pick_window_from_chart() -> None:
    """on_select of the forecasts chart: a clicked prediction picks its test window for "Inside one window".

    The predictions carry their window's index as customdata (figures.series.forecasts_vs_truth); a click on
    another line (the real series, the naive forecast) picks nothing.
    """
    event = st.session_state.get(FORECASTS_KEY)
    points = (event or {}).get("selection", {}).get("points", [])
    # Streamlit may hand a point's customdata as the number or as a one-item list: read both.
    picked = [point.get("customdata") for point in points]
    picked = [value[0] if isinstance(value, (list, tuple)) and len(value) == 1 else value for value in picked]
    windows = [value for value in picked if isinstance(value, (int, float)) and not isinstance(value, bool)]
    if windows:
        st.session_state[WINDOW_KEY] = int(windows[0])
