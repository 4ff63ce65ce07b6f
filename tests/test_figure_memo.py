"""@shared_figure: equal inputs give the stored figure (identical to a fresh build), any other input a new one."""

import json

import numpy as np
import plotly.graph_objects as go
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
    first.data[0].y = np.full(len(first.data[0].y), 123.0)
    second = prediction_by_word({"run": traced})
    assert second.layout.title.text != "changed by one page"
    assert second.data[0].y[0] != 123.0
    with pytest.raises(ValueError, match="read-only"):    # a change in place would go unnoticed: refused
        second.data[0].y[0] = 123.0


CHANGES = {
    "update_layout": lambda fig: fig.update_layout(height=321),
    "a layout property": lambda fig: setattr(fig.layout.title, "text", "new"),
    "a nested property": lambda fig: fig.__setitem__("layout.xaxis.title.text", "new"),
    "a trace property": lambda fig: setattr(fig.data[0], "name", "new"),
    "update_traces": lambda fig: fig.update_traces(opacity=0.5),
    "for_each_trace": lambda fig: fig.for_each_trace(lambda trace: trace.update(name="new")),
    "add_annotation": lambda fig: fig.add_annotation(text="note"),
    "add_hline": lambda fig: fig.add_hline(y=0.5),
    "add_trace": lambda fig: fig.add_trace(go.Scatter(y=[1, 2])),
    "a new data list": lambda fig: setattr(fig, "data", []),
    "a new layout": lambda fig: setattr(fig, "layout", go.Layout()),
    "update_xaxes": lambda fig: fig.update_xaxes(range=[0, 1]),
    "frames": lambda fig: setattr(fig, "frames", [go.Frame(data=[go.Scatter(y=[1])])]),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_figure_keeps_its_shared_token_only_until_it_is_changed(traced, change):
    """The token lets a page reuse what was made of the stored figure (its chart spec): any change must drop it."""
    fig = prediction_by_word({"run": traced})
    token = fig.shared_token
    assert token is not None and prediction_by_word({"run": traced}).shared_token == token
    fig.layout.title.text, fig.to_dict(), fig.data[0].y.sum()      # reading changes nothing
    fig.update_layout(title_text=fig.layout.title.text)            # nor does setting a value it already has
    assert fig.shared_token == token
    CHANGES[change](fig)
    assert fig.shared_token is None
    assert prediction_by_word({"run": traced}).shared_token == token   # the stored figure is untouched


def test_a_shared_figure_is_built_only_when_something_reads_it(traced):
    fig = prediction_by_word({"run": traced})
    assert fig.shared_token is not None and "_data_objs" not in fig.__dict__     # not built: nothing read yet
    assert fig.layout.title.text == prediction_by_word.uncached({"run": traced}).layout.title.text
    assert "_data_objs" in fig.__dict__ and fig.shared_token is not None      # built on that first read
    with pytest.raises(AttributeError):
        fig.no_such_attribute  # noqa: B018


def test_a_copy_of_a_shared_figure_is_an_ordinary_figure(traced):
    import copy
    import pickle

    fig = prediction_by_word({"run": traced})
    for other in (copy.deepcopy(fig), pickle.loads(pickle.dumps(fig)), go.Figure(fig)):
        assert type(other) is go.Figure and as_json(other) == as_json(fig)


def test_a_caller_s_changes_are_validated_as_in_any_figure(traced):
    fig = prediction_by_word({"run": traced})
    with pytest.raises(ValueError):
        fig.update_layout(height="tall")


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
