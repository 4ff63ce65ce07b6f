"""Lesson links in AppTest: a link's settings land in the widgets; bad values are one line; predict hides first."""

from conftest import APP, TIMEOUT, no_exception
from streamlit.testing.v1 import AppTest

HIDDEN = "pages/hidden_states.py"
GRADIENTS = "pages/gradients.py"


def open_link(page: str, params: dict, runs: dict | None = None) -> AppTest:
    """A fresh session opened on `page` with the query `params`, as a student following the link."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    if runs:
        at.session_state["rnnviz_runs"] = dict(runs)
        at.session_state["rnnviz_current_run"] = next(reversed(runs))
    at.run()            # app.py first (a fresh AppTest switched before its first run would skip the frame)
    at.switch_page(page)
    at.run()
    return at


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def test_a_link_sets_the_sentence_unit_and_order_of_hidden_states(tiny_runs):
    run = tiny_runs["LSTM"]
    at = open_link(HIDDEN, {"sentence": "not good at all", "unit": "2", "order": "index"}, {run.name: run})
    assert no_exception(at)
    assert at.text_input(key="hidden_states_text").value == "not good at all"
    unit_box = next(box for box in at.selectbox if box.key.startswith("hidden_states_unit_"))
    assert unit_box.value == 2
    assert at.session_state["hidden_states_order"] == "index"
    # read once: the student's own choice wins afterwards
    at.text_input(key="hidden_states_text").set_value("a fine film").run()
    assert at.text_input(key="hidden_states_text").value == "a fine film"


def test_bad_link_values_are_one_line_each_and_the_defaults_stay(tiny_runs):
    run = tiny_runs["LSTM"]
    at = open_link(HIDDEN, {"unit": "99", "order": "colour", "preset": "nope"}, {run.name: run})
    assert no_exception(at)
    lines = warnings(at)
    assert any("'colour'" in line for line in lines) and any("'nope'" in line for line in lines)
    assert any("unit 99" in line and "0 to 3" in line for line in lines)        # the tiny model has 4 units
    assert at.session_state["hidden_states_order"] == "variance"


def test_predict_hides_the_heatmap_until_the_guess_is_revealed(tiny_runs):
    run = tiny_runs["GRU"]
    at = open_link(HIDDEN, {"predict": "class", "sentence": "good"}, {run.name: run})
    assert no_exception(at)
    assert not [chart for chart in at.get("plotly_chart") if "hidden_states_heatmap" in chart.proto.id]
    reveal = at.button(key="lesson_reveal_hidden_states")
    assert reveal.disabled                                    # a guess first
    at.radio(key="lesson_guess_hidden_states").set_value(run.dataset.class_names[1]).run()
    at.button(key="lesson_reveal_hidden_states").click().run()
    assert no_exception(at)
    assert [chart for chart in at.get("plotly_chart") if "hidden_states_heatmap" in chart.proto.id]
    import rnnviz

    probability = float(rnnviz.trace(run.model, "good", dataset=run.dataset).predictions[-1, 0])
    measured = run.dataset.class_names[int(probability >= 0.5)]
    verdict = [element.value for element in [*at.success, *at.info] if "You expected" in element.value]
    assert verdict and f"measured on your model: **{measured}**" in verdict[0]
    assert ("matched" in verdict[0]) == (measured == run.dataset.class_names[1])


def test_a_link_opens_the_gradients_lab_on_its_conditions_and_tab():
    at = open_link(GRADIENTS, {"tab": "through_time", "steps": "30", "units": "8", "gain": "1.5", "scale": "2.0",
                               "quantity": "input"})
    assert no_exception(at)
    assert at.slider(key="gradients_steps").value == 30
    assert at.select_slider(key="gradients_units").value == 8
    assert at.slider(key="gradients_gain").value == 1.5
    assert at.select_slider(key="gradients_scale").value == 2.0
    assert at.radio(key="gradients_quantity").value == "input"


def _link_script():
    import streamlit as st

    from rnnviz.ui.lesson import lesson_controls

    class Page:
        url_path = "gradients"

    for name, value in {"gradients_tab": "Exploding & clipping", "gradients_steps": 30, "gradients_gain": 1.5,
                        "gradients_units": 8}.items():
        st.session_state.setdefault(name, value)
    lesson_controls(Page())


def test_the_link_carries_the_page_settings_the_look_and_the_question():
    at = AppTest.from_function(_link_script, default_timeout=TIMEOUT)
    at.query_params.update({"lang": "es", "present": "1", "steps": "90"})
    at.run()
    assert no_exception(at)
    link = at.code[0].value
    assert link.split("?")[0].endswith("/gradients")
    query = link.split("?", 1)[1]
    assert "tab=exploding" in query and "steps=30" in query and "gain=1.5" in query and "units=8" in query
    assert "lang=es" in query and "present=1" in query            # the look of the page goes with it
    assert "predict" not in query
    at.selectbox(key="lesson_predict_gradients").set_value("keeps").run()
    assert "predict=keeps" in at.code[0].value
    at.text_input(key="lesson_ask_gradients").set_value("Which curve falls first?").run()
    assert "ask=Which+curve+falls+first%3F" in at.code[0].value


def test_a_gradients_question_hides_the_curves_and_is_answered_from_them():
    at = open_link(GRADIENTS, {"predict": "keeps", "steps": "20", "units": "8"})
    assert no_exception(at)
    assert not [chart for chart in at.get("plotly_chart") if "gradients_batch" in chart.proto.id]
    at.radio(key="lesson_guess_gradients").set_value("SimpleRNN").run()
    at.button(key="lesson_reveal_gradients").click().run()
    assert no_exception(at)
    chart = next(chart for chart in at.get("plotly_chart") if "gradients_batch" in chart.proto.id)
    # Oracle: read the answer off the drawn curves: each cell's median line, last point over first.
    import json

    from trace_helpers import decode

    lines = {trace["name"]: decode(trace["y"]) for trace in json.loads(chart.proto.spec)["data"]
             if trace.get("name") in ("SimpleRNN", "LSTM", "GRU") and trace.get("mode", "lines") != "none"}
    assert set(lines) == {"SimpleRNN", "LSTM", "GRU"}
    best = max(lines, key=lambda cell: lines[cell][-1] / lines[cell][0])
    verdict = [element.value for element in [*at.success, *at.info] if "You expected" in element.value]
    assert verdict and f"measured on your model: **{best}**" in verdict[0]
    assert ("matched" in verdict[0]) == (best == "SimpleRNN")


def test_a_fitting_question_offers_the_chosen_remedies_and_waits_for_their_runs():
    at = open_link("pages/fitting.py", {"predict": "remedy"})
    assert no_exception(at)
    guess = at.radio(key="lesson_guess_fitting")
    assert len(guess.options) >= 2 and all(option.startswith("overfitting") for option in guess.options)
    assert not [header for header in at.header if "course's table" in header.value]      # hidden below
    guess.set_value(guess.options[0]).run()
    at.button(key="lesson_reveal_fitting").click().run()
    assert no_exception(at)
    assert [header for header in at.header if "course's table" in header.value]
    assert any("nothing measured yet" in element.value for element in at.info)
