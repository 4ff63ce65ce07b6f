"""A new run's default pictures are computed in the background once per weights, and the pages then reuse them.

Oracle: the projection functions themselves, counted; after the warm-up, opening the Embeddings page with a
second student's run of the same weights computes no projection at all.
"""

import pytest
from conftest import no_exception, open_app

from rnnviz.ui import projector, trace_views, warm_runs

WAIT = 240     # seconds: a bounded wait for the warm-up thread (no timing is asserted)


@pytest.fixture
def counted(monkeypatch):
    """Count the projections computed (the page and the warm-up both go through projector's names)."""
    calls = {"embeddings": 0, "states": 0}

    def counting(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(projector, "project_embeddings", counting("embeddings", projector.project_embeddings))
    monkeypatch.setattr(projector, "project_states", counting("states", projector.project_states))
    monkeypatch.setenv("RNNVIZ_WARM_UP", "all")
    monkeypatch.setattr(warm_runs, "_WARMED", set())
    return calls


def test_the_warm_up_computes_the_default_pictures_once_per_weights(tiny_runs, counted):
    run = tiny_runs["LSTM"]
    thread = warm_runs.warm_pictures(run)
    assert thread is not None
    thread.join(WAIT)
    assert not thread.is_alive()
    assert counted == {"embeddings": 2, "states": 1}          # after and before training; the validation states
    assert trace_views.SHARED.peek(("trace", run.fingerprint(), run.dataset.examples[0])) is not None
    assert warm_runs.warm_pictures(run) is None                # the same weights: nothing started again


def test_the_embeddings_page_then_computes_nothing(tiny_runs, counted):
    run = tiny_runs["LSTM"]
    warm_runs.warm_pictures(run).join(WAIT)
    done = dict(counted)
    at = open_app("pages/embeddings.py", {run.name: run})
    assert no_exception(at)
    assert len(at.get("plotly_chart")) == 3
    assert counted["embeddings"] == done["embeddings"]        # both word maps were the warmed ones
    # the states map adds the sentence's path to the warmed validation states: no new projection of them
    assert counted["states"] == done["states"]


def test_the_warm_up_is_off_in_the_test_suite_unless_asked(tiny_runs, monkeypatch):
    monkeypatch.setenv("RNNVIZ_WARM_UP", "keras")
    monkeypatch.setattr(warm_runs, "_WARMED", set())
    assert warm_runs.warm_pictures(tiny_runs["GRU"]) is None
