"""Time series page: renders for every model kind, trains through the shared panel, bad input in one line."""

import pytest
from conftest import no_exception, open_app, wait_for_training

PAGE = "pages/time_series.py"
SHORT = {"length": 120}


@pytest.fixture(scope="module")
def series_runs():
    """model kind -> a Run on the page's default series (noisy sine) cut to 120 steps, trained one epoch."""
    from rnnviz import build_model, load_dataset, train

    data = load_dataset("noisy_sine", length=120, noise=0.1, seed=0, look_back=20, horizon=1, scaling="standard")
    runs = {}
    for cell in ("SimpleRNN", "LSTM", "GRU", "Conv1D", "dense"):
        model = build_model(data, cell=cell, units=4)
        runs[cell] = train(model, data, epochs=1, seed=0, name=f"tiny {cell}")
    return runs


def _number(at, label):
    return next(w for w in at.number_input if w.label.startswith(label))


def _metrics(at):
    """The metrics table (runs beside the naive forecast); the diagnosis cards' tables come after it."""
    return next(d.value for d in at.dataframe if "model" in d.value.columns)


def _charts(at):
    return at.get("plotly_chart")


@pytest.mark.parametrize("cell", ["SimpleRNN", "LSTM", "GRU", "Conv1D", "dense"])
def test_the_page_shows_a_run_of_each_kind_beside_the_naive_forecast(series_runs, cell):
    at = open_app(runs={series_runs[cell].name: series_runs[cell]})
    at.switch_page(PAGE).run()
    _number(at, "Length").set_value(120).run()
    assert no_exception(at)
    assert not at.error
    table = _metrics(at)
    assert table["model"].tolist() == ["naive", series_runs[cell].config.label()]
    recurrent = cell not in ("Conv1D", "dense")
    # series split, parameters by look_back, forecasts, error by horizon; a recurrent run adds the picked window,
    # its states, its gates and the gradients through it
    assert len(_charts(at)) == (8 if recurrent else 4)
    assert any("X.shape = [" in code.value for code in at.code)
    assert any("matches Keras" in c.value for c in at.caption) == recurrent
    assert any("at every step, every layer" in c.value for c in at.caption) == recurrent   # a window has no words
    assert not any("every word" in c.value for c in at.caption)
    assert any("in the series' own units (value)" in c.value for c in at.caption)   # MAE names its unit
    assert any(column.startswith("test MAE (value)") for column in table.columns)
    # one epoch: diagnosed all the same (st.badge is markdown ':gray-badge[:material/...: label]')
    assert any("-badge[" in m.value and "not enough epochs to tell" in m.value for m in at.markdown)


def test_training_from_the_page_goes_through_the_shared_panel():
    at = open_app(PAGE)
    _number(at, "Length").set_value(120).run()
    _number(at, "Units").set_value(4)
    _number(at, "Epochs").set_value(1)
    at.run()
    at.button(key="ts_train").click().run()
    wait_for_training(at)
    assert no_exception(at)
    runs = at.session_state["rnnviz_runs"]
    assert list(runs) == ["LSTM 4 · noisy_sine"]
    assert any("validation loss" in s.value for s in at.success)
    assert _metrics(at)["run"].tolist()[-1] == "LSTM 4 · noisy_sine"


def test_a_look_back_longer_than_the_series_gets_one_line():
    at = open_app(PAGE)
    _number(at, "Length").set_value(120).run()
    _number(at, "look_back").set_value(500).run()
    assert no_exception(at)
    assert [e.value for e in at.error] == [(
        "look_back (steps in each window): 500 is too long for this series: its training part has 84 of its 120 steps, which must hold "
        "look_back + horizon (501); use a look_back of at most 83")]


@pytest.mark.parametrize("content, message", [
    (b"a,b\n" + b"4,1\n" * 5 + b"4,2\n" * 10,
     "column 'a' is constant (every value is 4): there is nothing to forecast"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "the file is not a readable CSV table (UnicodeDecodeError)"),
])
def test_a_bad_csv_gets_one_line(content, message):
    at = open_app(PAGE)
    at.selectbox(key="ts_source").set_value("series_csv").run()
    assert [i.value for i in at.info][-1] == "Upload a CSV file to use your own series."
    at.file_uploader(key="ts_csv").set_value(("series.csv", content, "text/csv")).run()
    assert no_exception(at)
    assert [e.value for e in at.error] == [message]


def test_a_bad_model_setting_gets_one_line():
    at = open_app(PAGE)
    _number(at, "Units").set_value(0).run()
    assert no_exception(at)
    assert [e.value for e in at.error] == ["Units: must be an integer from 1 to 1024, got 0"]


def test_a_bad_budget_is_named_by_its_box():
    """The message uses the box's label, not the code's parameter name."""
    at = open_app(PAGE)
    _number(at, "Length").set_value(120).run()
    _number(at, "Epochs").set_value(0).run()
    at.button(key="ts_train").click().run()
    assert no_exception(at)
    assert [e.value for e in at.error] == ["Epochs: must be an integer from 1 to 500, got 0"]


@pytest.mark.parametrize("page", ["pages/hidden_states.py", "pages/gates.py", "pages/embeddings.py"])
def test_text_pages_point_a_series_run_to_the_time_series_page(series_runs, page):
    run = series_runs["LSTM"]
    at = open_app(runs={run.name: run})
    at.switch_page(page).run()
    assert no_exception(at)
    assert [w.value for w in at.warning][-1].startswith(f"The run '{run.name}' forecasts a time series")


def test_the_sidebar_describes_a_series_run_by_its_validation_loss(series_runs):
    run = series_runs["GRU"]
    at = open_app(runs={run.name: run})
    assert no_exception(at)
    assert f"noisy_sine · 1 epoch · validation loss {run.history['val_loss'].iloc[-1]:.3g}" in [
        c.value for c in at.sidebar.caption]                                               # not "1 epochs"


def test_the_picked_window_is_traced_and_its_gradients_shown(series_runs):
    import json

    import numpy as np
    from trace_helpers import decode

    from rnnviz import gradient_norms

    run = series_runs["LSTM"]
    at = open_app(runs={run.name: run})
    at.switch_page(PAGE).run()
    _number(at, "Length").set_value(120).run()
    at.slider(key="ts_window").set_value(2).run()
    assert no_exception(at) and not at.error
    figures = [json.loads(c.proto.spec) for c in _charts(at)]
    charts = {fig["layout"]["title"]["text"]: fig for fig in figures}
    assert "Window 2 of the test split" in charts
    gradient = next(spec for title, spec in charts.items() if title.startswith("Gradient of this window"))
    # oracle: gradient_norms on the same window, by distance from its end (t-0 first)
    expected = gradient_norms(run.model, run.dataset.test.x[2:3], run.dataset.test.y[2:3]).layer().hidden[0, ::-1]
    np.testing.assert_allclose(decode(gradient["data"][0]["y"]), expected, rtol=1e-6)


def test_a_click_on_a_prediction_picks_its_window(monkeypatch):
    """The forecasts chart's on_select: the clicked point's customdata (its window) moves the window picker;
    a click on a line without windows (the real series) leaves it alone."""
    from rnnviz.ui import series_forms

    state = {series_forms.FORECASTS_KEY: {"selection": {"points": [{"x": 1990, "y": 3.0, "customdata": 7}]}}}
    monkeypatch.setattr(series_forms.st, "session_state", state)
    series_forms.pick_window_from_chart()
    assert state[series_forms.WINDOW_KEY] == 7
    state.update({series_forms.FORECASTS_KEY: {"selection": {"points": [{"x": 1991, "y": 2.0}]}},
                  series_forms.WINDOW_KEY: 3})
    series_forms.pick_window_from_chart()
    assert state[series_forms.WINDOW_KEY] == 3


def test_a_spanish_message_names_the_box_in_spanish():
    from rnnviz.i18n import use_language
    from rnnviz.ui.series_forms import BUDGET_LABELS, explain
    from rnnviz.validation import check_int

    with use_language("es"), pytest.raises(ValueError) as error:
        check_int("epochs", 0, 1, 500)
    with use_language("es"):
        text = explain(error.value, BUDGET_LABELS)
    assert text.startswith("Épocas: debe ser un número entero de 1 a 500") and "epochs" not in text
