"""Why-this-prediction page: renders for each cell kind; figures carry the library's numbers; bad input is one line."""

import numpy as np
import pytest
from conftest import no_exception, open_app
from trace_helpers import decode, figures

import rnnviz

PAGE = "pages/why.py"


@pytest.mark.parametrize("cell", ["SimpleRNN", "LSTM", "GRU"])
def test_page_shows_edits_attributions_and_units(tiny_runs, cell):
    run = tiny_runs[cell]
    at = open_app(PAGE, {run.name: run})
    assert no_exception(at)
    assert not at.error
    text = at.text_input(key="why_text").value
    charts = figures(at)
    assert {"why_predictions", "why_difference", "why_attribution", "why_units"} <= set(charts)
    expected = rnnviz.attribute(run, text)
    np.testing.assert_allclose(decode(charts["why_attribution"]["data"][0]["y"]), expected.scores["occlusion"],
                               atol=1e-6)
    comparison = rnnviz.compare_edits(run, text, ["suggested"])
    np.testing.assert_allclose(decode(charts["why_predictions"]["data"][0]["y"]), comparison.probability, atol=1e-6)
    assert any("completeness" in c.value for c in at.caption)


@pytest.mark.parametrize("setup, message", [
    ({"why_kind": "swap", "why_word": "  "}, "no word to put in"),
    ({"why_text": "good", "why_kind": "delete", "why_suggested": False}, "no words: keep at least one"),
    ({"why_text": " ".join(["good"] * 500)}, "words; at most"),
])
def test_bad_input_gives_one_line_messages(tiny_runs, setup, message):
    run = tiny_runs["GRU"]
    at = open_app(PAGE, {run.name: run})
    if "why_text" in setup:        # typed first: a new sentence starts from its own default edit
        at.text_input(key="why_text").set_value(setup["why_text"])
        at.run()
    for key, value in setup.items():
        if key == "why_text":
            continue
        elif key == "why_suggested":
            at.checkbox(key=key).set_value(value)
        elif key == "why_word":
            at.text_input(key=key).set_value(value)
        else:
            at.selectbox(key=key).set_value(value)
    at.run()
    assert no_exception(at)
    errors = [e.value for e in at.error]
    assert errors and any(message in e for e in errors)
    assert all("\n" not in e for e in errors)


def test_an_empty_sentence_gives_one_line_once(tiny_runs):
    run = tiny_runs["GRU"]
    at = open_app(PAGE, {run.name: run})
    at.text_input(key="why_text").set_value("   ")
    at.run()
    assert no_exception(at)
    assert [e.value for e in at.error] == ["Type a sentence to edit and explain."]


def test_the_default_edit_negates_or_flips_a_word_and_comes_first(tiny_runs):
    run = tiny_runs["LSTM"]
    at = open_app(PAGE, {run.name: run})
    at.text_input(key="why_text").set_value("the movie was good")
    at.run()
    assert no_exception(at) and not at.error
    assert at.selectbox(key="why_kind").value == "insert" and at.text_input(key="why_word").value == "not"
    assert at.selectbox(key="why_position").value == 3                        # before "good", not "the"
    chosen = at.selectbox(key="why_chosen")
    assert chosen.options[0] == 'insert "not" before "good"'


def test_a_data_set_of_unknown_language_gets_one_line_and_no_english_edit(tiny_sentiment):
    from rnnviz import build_model, train
    from rnnviz.data.own_texts import dataset_from_texts

    rng = np.random.default_rng(0)
    vocabulary = ["kala", "mupo", "tiri", "zenu", "waro", "pelu", "osku", "dima"]
    texts = [" ".join(rng.choice(vocabulary, 6)) for _ in range(120)]
    data = dataset_from_texts(texts, [int("kala" in t) for t in texts], seed=0, name="csv", language="any")
    run = train(build_model(data, cell="GRU", units=4, embedding_dim=4), data, epochs=1, seed=0, name="unknown")
    at = open_app(PAGE, {run.name: run})
    assert no_exception(at) and not at.error
    shown = " ".join(e.value for e in at.info)
    assert "language of this data set is not known" in shown
    assert "concept=" not in " ".join(str(e.value) for part in (at.caption, at.info, at.error) for e in part)
    assert at.text_input(key="why_word").value == "" and at.selectbox(key="why_kind").value == "unknown"
    assert at.selectbox(key="why_concept").options == ["position", "my own words"]


def test_concept_units_are_measured_once_per_run_layer_and_concept(tiny_runs):
    run = tiny_runs["GRU"]
    at = open_app(PAGE, {run.name: run})
    kept = dict(at.session_state["why_concept_units"])
    assert len(kept) == 1
    at.run()                                   # any widget reruns the page: the untrained networks are not rebuilt
    assert all(at.session_state["why_concept_units"][key] is found for key, found in kept.items())
    caption = " ".join(c.value for c in at.caption)
    assert "untrained networks of the same architecture" in caption
