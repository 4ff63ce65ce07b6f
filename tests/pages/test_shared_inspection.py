"""Students with the same weights share the server's work; a student with other weights never gets it.

A class that pressed the same preset holds one merged training: each student has their own Run and model, with
equal weights. The second student's Hidden states page must trace, check and draw nothing new, and show exactly
what the first saw; a model whose weights differ by one number must get its own trace.
"""

from dataclasses import replace

import numpy as np
from conftest import no_exception, open_app
from trace_helpers import decode, figures

import rnnviz
from rnnviz.figures.memo import FIGURES
from rnnviz.ui import trace_views

PAGE = "pages/hidden_states.py"


def twin(run, nudge: float = 0.0):
    """The same run with its own model object (as a merged training gives each student); nudge changes a weight."""
    import keras

    model = keras.models.clone_model(run.model)
    weights = [w.copy() for w in run.model.get_weights()]
    weights[-2][0, 0] += nudge                    # the output layer's first weight
    model.set_weights(weights)
    return replace(run, model=model)


def test_a_run_fingerprint_follows_its_weights(tiny_runs):
    run = tiny_runs["LSTM"]
    assert twin(run).fingerprint() == run.fingerprint()
    assert twin(run).run_id != run.run_id
    assert twin(run, nudge=1e-3).fingerprint() != run.fingerprint()
    assert tiny_runs["GRU"].fingerprint() != run.fingerprint()


def test_a_second_student_with_the_same_weights_computes_nothing_new(tiny_runs):
    run = tiny_runs["LSTM"]
    first = open_app(PAGE, {run.name: run})
    assert no_exception(first)
    traced, drawn = trace_views.SHARED.computed, FIGURES.computed

    second = open_app(PAGE, {run.name: twin(run)})
    assert no_exception(second)
    assert trace_views.SHARED.computed == traced          # no trace, no Keras check computed again
    assert FIGURES.computed == drawn                      # no figure built again
    assert figures(second) == figures(first)
    assert any("matches Keras" in caption.value for caption in second.caption)


def test_other_weights_get_their_own_trace(tiny_runs):
    run = tiny_runs["LSTM"]
    open_app(PAGE, {run.name: run})
    other = twin(run, nudge=0.5)
    at = open_app(PAGE, {other.name: other})
    assert no_exception(at)
    text = at.text_input(key="hidden_states_text").value
    expected = rnnviz.trace(other.model, text, dataset=other.dataset)
    line = figures(at)["hidden_states_prediction"]["data"][0]
    np.testing.assert_allclose(decode(line["y"]), expected.predictions[:, 0], rtol=1e-6)
    mine = rnnviz.trace(run.model, text, dataset=run.dataset)
    assert not np.allclose(expected.predictions[:, 0], mine.predictions[:, 0])


def rebuilt(run):
    """The run as a student of a merged training gets it: Run.from_result of its plain values."""
    from rnnviz import TrainingRequest
    from rnnviz.run import Run

    request = TrainingRequest("toy_sentiment", dict(run.dataset.options), config=run.config, epochs=2,
                              run_name=run.name)
    return Run.from_result(run.to_result(), run.dataset, request)


def test_a_rebuilt_run_builds_its_model_only_when_something_reads_it(tiny_runs):
    from rnnviz.run import _ModelToBuild

    run = tiny_runs["LSTM"]
    again = rebuilt(run)
    assert isinstance(again.__dict__["_model_value"], _ModelToBuild)
    assert again.fingerprint() == run.fingerprint()               # read from the weights, no model needed
    assert [w.shape for w in again.to_result().weights] == [w.shape for w in run.model.get_weights()]
    assert isinstance(again.__dict__["_model_value"], _ModelToBuild)
    text = "the movie was good"
    np.testing.assert_allclose(rnnviz.trace(again.model, text, dataset=again.dataset).predictions,
                               rnnviz.trace(run.model, text, dataset=run.dataset).predictions, rtol=1e-6)
    assert again.model is again.model and again.model is not run.model


def test_a_second_student_whose_pictures_are_shared_never_builds_a_model(tiny_runs):
    from rnnviz.run import _ModelToBuild

    run = tiny_runs["LSTM"]
    first = open_app(PAGE, {run.name: rebuilt(run)})
    assert no_exception(first)
    second_run = rebuilt(run)
    second = open_app(PAGE, {second_run.name: second_run})
    assert no_exception(second)
    assert figures(second) == figures(first)
    shown = second.session_state["rnnviz_runs"][second_run.name]    # the session's copy of the run
    assert isinstance(shown.__dict__["_model_value"], _ModelToBuild)
