"""@shared_figure: equal inputs give the stored figure (identical to a fresh build), any other input a new one."""

import json

import numpy as np
import plotly.io as pio
import pytest

import rnnviz
from rnnviz.figures import memo
from rnnviz.figures.states import hidden_state_heatmap, prediction_by_word, unrolled_network
from rnnviz.i18n import use_language


def as_json(fig) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


@pytest.fixture
def traced(tiny_runs):
    run = tiny_runs["LSTM"]
    return rnnviz.trace(run.model, "the movie was good", dataset=run.dataset)


@pytest.fixture(autouse=True)
def _empty_store():
    memo.FIGURES.clear()
    yield
    memo.FIGURES.clear()


def test_a_stored_figure_is_the_figure_a_fresh_build_gives(traced):
    cell = traced.layers[0]
    for builder, args in ((hidden_state_heatmap, (traced, cell)), (unrolled_network, (traced, cell, 1)),
                          (prediction_by_word, ({"run": traced},))):
        fresh = builder.uncached(*args)
        builder(*args)
        computed = memo.FIGURES.computed
        stored = builder(*args)
        assert memo.FIGURES.computed == computed             # read, not built again
        assert as_json(stored) == as_json(fresh), builder.__name__
        assert isinstance(stored.data[0].x, np.ndarray)      # arrays stay arrays for callers and tests


def test_any_other_input_builds_another_figure(traced):
    cell = traced.layers[0]
    one, other = unrolled_network(traced, cell, 0), unrolled_network(traced, cell, 1)
    np.testing.assert_allclose(one.data[0].marker.color, cell.h[:, 0])
    np.testing.assert_allclose(other.data[0].marker.color, cell.h[:, 1])
    titled = unrolled_network(traced, cell, 0, title="my title")
    assert titled.layout.title.text == "my title" and one.layout.title.text != "my title"


def test_the_language_is_part_of_the_key(traced):
    english = prediction_by_word({"run": traced})
    with use_language("es"):
        spanish = prediction_by_word({"run": traced})
    assert english.layout.title.text != spanish.layout.title.text
    with use_language("es"):
        assert spanish.layout.title.text == prediction_by_word.uncached({"run": traced}).layout.title.text


def test_each_caller_gets_its_own_copy(traced):
    first = prediction_by_word({"run": traced})
    first.update_layout(title_text="changed by one page")
    first.data[0].y[0] = 123.0
    second = prediction_by_word({"run": traced})
    assert second.layout.title.text != "changed by one page"
    assert second.data[0].y[0] != 123.0


def test_arguments_that_cannot_be_pickled_are_built_uncached():
    calls = []

    @memo.shared_figure
    def builder(thing):
        calls.append(1)
        import plotly.graph_objects as go
        return go.Figure()

    unpicklable = lambda: None   # noqa: E731
    computed = memo.FIGURES.computed
    builder(unpicklable)
    builder(unpicklable)
    assert len(calls) == 2 and memo.FIGURES.computed == computed and len(memo.FIGURES) == 0
