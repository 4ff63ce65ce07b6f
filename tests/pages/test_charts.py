"""show_figure: a stored figure's finished chart is made once per server and is exactly the ordinary chart.

Oracle: the same figure drawn through st.plotly_chart the ordinary way (a plain copy of it, styled the same),
in the same script. Keys of the charts differ, so each run draws both side by side.
"""

import json

import pytest
from conftest import TIMEOUT, no_exception
from streamlit.testing.v1 import AppTest

from rnnviz.ui import charts


def _script():
    import pandas as pd
    import plotly.graph_objects as go
    import streamlit as st

    from rnnviz.figures.training import training_curves
    from rnnviz.ui.charts import show_figure

    history = pd.DataFrame({"loss": [0.7, 0.5, 0.4], "val_loss": [0.7, 0.6, 0.65]},
                           index=pd.RangeIndex(1, 4, name="epoch"))
    shared = training_curves(history, title="curves")
    assert shared.shared_token is not None
    plain = go.Figure(shared)                                   # the same figure, not a shared one
    provenance = st.session_state.get("provenance", "toy · LSTM 8 units · seed 0 · rnnviz")
    show_figure(shared, key="shared", provenance=provenance)
    show_figure(plain, key="plain", provenance=provenance)
    changed = training_curves(history, title="curves")
    changed.update_layout(height=333)                          # a page's own change: never the stored chart
    show_figure(changed, key="changed", provenance=provenance)


def _charts(at) -> dict:
    return {key: (json.loads(chart.proto.spec), json.loads(chart.proto.config))
            for chart in at.get("plotly_chart") for key in ("shared", "plain", "changed") if key in chart.proto.id}


@pytest.fixture(autouse=True)
def _empty():
    charts.CHARTS.clear()
    yield
    charts.CHARTS.clear()


def open_script(query: dict | None = None, state: dict | None = None) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=TIMEOUT)
    at.query_params.update(query or {})
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    assert no_exception(at)
    return at


def test_the_stored_chart_is_the_ordinary_chart_and_is_made_once_for_all_sessions():
    before = charts.CHARTS.computed
    first = open_script()
    made = charts.CHARTS.computed
    assert made == before + 1
    drawn = _charts(first)
    assert drawn["shared"] == drawn["plain"]
    assert drawn["shared"][0]["layout"]["annotations"][-1]["text"].startswith("toy · LSTM")   # provenance line
    second = open_script()                                     # another student's session
    assert charts.CHARTS.computed == made
    assert _charts(second) == drawn
    assert drawn["changed"][0]["layout"]["height"] == 333


@pytest.mark.parametrize("query", [{"slides": "1"}, {"present": "1"}, {"image": "svg"}])
def test_the_look_of_the_page_is_part_of_the_stored_chart(query):
    before = charts.CHARTS.computed
    ordinary = _charts(open_script())
    styled = _charts(open_script(query))
    assert styled["shared"] == styled["plain"]
    assert styled["shared"] != ordinary["shared"]
    assert charts.CHARTS.computed == before + 2


def test_the_provenance_is_part_of_the_stored_chart():
    one = _charts(open_script())
    other = _charts(open_script(state={"provenance": "toy · GRU 4 units · seed 1 · rnnviz"}))
    assert other["shared"] == other["plain"] != one["shared"]


def _spanish_script():
    import plotly.graph_objects as go

    from rnnviz.figures.training import training_curves
    from rnnviz.i18n import set_language
    from rnnviz.ui.charts import show_figure

    import pandas as pd

    set_language("es")                                         # as app.py does for a Spanish session
    history = pd.DataFrame({"loss": [0.7, 0.5]}, index=pd.RangeIndex(1, 3, name="epoch"))
    show_figure(training_curves(history, title="curves"), key="shared")
    show_figure(go.Figure(go.Scatter(y=[1.5, 2.5])), key="plain")


def test_a_spanish_chart_has_spanish_separators_and_a_spanish_toolbar():
    """Plotly reads its toolbar words from config.locales[config.locale] and number signs from separators."""
    at = AppTest.from_function(_spanish_script, default_timeout=TIMEOUT).run()
    assert no_exception(at)
    charts = _charts(at)
    assert set(charts) == {"shared", "plain"}
    for spec, config in charts.values():
        assert spec["layout"]["separators"] == ",."
        assert config["locale"] == "es"
        assert config["locales"]["es"]["dictionary"]["Download plot as a png"] == "Descargar el gráfico como imagen"
        assert config["locales"]["es"]["format"] == {"decimal": ",", "thousands": "."}
