"""The fitting lab page trains through the shared job, diagnoses each run and overlays the remedies.

The presets are swapped for their test-size specs (same recipe, smaller budget) so the page trains in seconds.
"""

import base64
import json
from dataclasses import replace

import numpy as np
import pytest

from rnnviz.fitting import FITTING_SCENARIOS, OVERFITTING, diagnose_run

from conftest import no_exception, open_app, wait_for_training

PAGE = "pages/fitting.py"


def decode(value):
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), value["dtype"])
    return np.asarray(value, dtype=float)


def figure(at, title) -> dict:
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return next(spec for spec in specs if spec["layout"]["title"]["text"] == title)


def table(at, index_name):
    """The st.table / st.dataframe whose index is called `index_name` ("diagnosis": the course's table)."""
    return next(frame for frame in [*at.table, *at.dataframe] if frame.value.index.name == index_name)


def highlighted_rows(frame) -> set[int]:
    """Row numbers painted by the Styler (its CSS selectors are ..._row<r>_col<c>)."""
    css = frame.proto.arrow_data.styler.styles
    return {int(cell.split("_row")[1].split("_")[0]) for cell in css.split("{")[0].replace(",", " ").split()
            if "_row" in cell}


def badges(at) -> list[str]:
    """The labels of the st.badge elements (markdown ':color-badge[:material/icon: label]')."""
    return [md.value.rsplit(": ", 1)[-1].rstrip("]") for md in at.markdown if "-badge[" in md.value]


@pytest.fixture(scope="module")
def test_size_presets():
    with pytest.MonkeyPatch.context() as patch:
        for name, scenario in list(FITTING_SCENARIOS.items()):
            patch.setitem(FITTING_SCENARIOS, name, replace(scenario, page=scenario.test))
        yield


@pytest.fixture(scope="module")
def trained_page(test_size_presets):
    """The page after pressing 'Train all three' and letting the session's job finish."""
    at = open_app(PAGE)
    assert no_exception(at), at.exception
    at.button(key="fitting_preset_all").click().run()
    return wait_for_training(at)


def test_page_without_runs_offers_the_presets_and_the_table(test_size_presets):
    at = open_app(PAGE)
    assert no_exception(at), at.exception
    assert {b.key for b in at.button} >= {"fitting_preset_underfitting", "fitting_preset_good fit",
                                          "fitting_preset_overfitting", "fitting_preset_all",
                                          "fitting_train_remedies"}
    assert [c.value for c in at.caption if "nothing trained yet" in c.value] == [
        "The three cases: nothing trained yet, use the buttons above.",
        "The overfitting run and its remedies: nothing trained yet, use the buttons above."]
    symptoms = table(at, "diagnosis")
    assert list(symptoms.value.index) == ["underfitting", "good fit", "overfitting", "not enough epochs to tell"]
    assert highlighted_rows(symptoms) == set()


def test_each_preset_gets_its_curves_and_a_card_with_its_intended_diagnosis(trained_page):
    at = trained_page
    assert no_exception(at), at.exception
    runs = at.session_state["rnnviz_runs"]
    assert list(runs) == ["underfitting", "good fit", "overfitting"]
    assert all(run.group == "fitting" for run in runs.values())
    assert badges(at)[:3] == ["underfitting", "good fit", "overfitting"]
    spec = figure(at, "The three cases")
    for name, run in runs.items():
        train = next(t for t in spec["data"] if t["name"] == name and t["xaxis"] == "x")
        validation = next(t for t in spec["data"] if t["name"] == f"{name} (validation)" and t["xaxis"] == "x")
        np.testing.assert_allclose(decode(train["y"]), run.history["loss"].to_numpy(), rtol=1e-6)
        np.testing.assert_allclose(decode(validation["y"]), run.history["val_loss"].to_numpy(), rtol=1e-6)
        card = next(md.value for md in at.markdown if md.value.startswith("- ") and
                    md.value[2:] == diagnose_run(run).reasons[0])
        assert card
    # The symptoms table highlights the row of the run chosen (default: the last one shown).
    assert at.selectbox(key="fitting_highlight_run").value == "overfitting"
    assert highlighted_rows(table(at, "diagnosis")) == {2}
    at.selectbox(key="fitting_highlight_run").set_value("underfitting").run()
    assert highlighted_rows(table(at, "diagnosis")) == {0}


def test_remedies_train_only_what_is_new_and_share_the_base_run(trained_page):
    at = trained_page
    base = FITTING_SCENARIOS[OVERFITTING].page
    for key in ("fitting_use_units", "fitting_use_l2", "fitting_use_dropout"):
        at.checkbox(key=key).uncheck()
    at.slider(key="fitting_patience").set_value(2)
    at.slider(key="fitting_n_train").set_value(300)
    at.button(key="fitting_train_remedies").click().run()
    job = at.session_state["rnnviz_job"]
    assert [r.run_name for r in job.requests] == ["overfitting + early stopping, patience 2",
                                                  "overfitting + 300 training sentences"]   # base already there
    wait_for_training(at)
    assert no_exception(at), at.exception
    runs = at.session_state["rnnviz_runs"]
    more = runs["overfitting + 300 training sentences"]
    assert len(more.dataset.train) == 300 == more.request.train_size
    assert more.dataset.validation.texts == runs["overfitting"].dataset.validation.texts
    assert len(runs["overfitting"].dataset.train) == base.n_train
    spec = figure(at, "The overfitting run and its remedies")
    assert [t["name"] for t in spec["data"] if t.get("showlegend")] == [
        "overfitting", "overfitting + early stopping, patience 2", "overfitting + 300 training sentences"]
    # Three runs or more: only the gap of the run chosen is shaded (the base run by default).
    assert at.selectbox(key="fitting_shade").value == "overfitting"
    assert {t["name"] for t in spec["data"] if t.get("fill") == "tonexty"} == {"overfitting (validation)"}
    early = runs["overfitting + early stopping, patience 2"]
    comparison = table(at, "run").value
    assert comparison.loc[early.name, "best epoch"] == int(early.history["val_loss"].idxmin())
    assert comparison.loc[more.name, "val loss"] == pytest.approx(more.history["val_loss"].iloc[-1], abs=5e-4)


def test_a_remedy_that_changes_nothing_gets_one_line(test_size_presets):
    at = open_app(PAGE)
    at.slider(key="fitting_n_train").set_value(FITTING_SCENARIOS[OVERFITTING].page.n_train)
    at.run()
    assert no_exception(at), at.exception
    assert [e.value for e in at.error] == ["n_train 100 is the base run's training-set size: choose another"]
    assert at.button(key="fitting_train_remedies").disabled
