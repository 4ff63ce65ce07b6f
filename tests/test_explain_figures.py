"""Figures of rnnviz.explain draw the results' numbers unchanged."""

import numpy as np

from rnnviz.explain import Edit, attribute, compare_edits, find_concept_units, unit_examples
from rnnviz.figures.explain import (attribution_bars, difference_heatmap, edit_predictions, unit_activations,
                                    unit_ranking)

SENTENCE = "the movie was not good"


def test_edit_figures_draw_the_comparison(tiny_runs):
    run = tiny_runs["LSTM"]
    comparison = compare_edits(run, SENTENCE, [Edit("delete", 3), Edit("unknown", 4)])
    fig = edit_predictions(comparison)
    assert len(fig.data) == 3
    np.testing.assert_array_equal(fig.data[0].y, comparison.probability)
    result = comparison.results[0]
    layer = comparison.trace.layers[0].label
    heat = difference_heatmap(result, layer, "f")
    np.testing.assert_array_equal(heat.data[0].z, result.differences[layer]["f"].T)
    assert list(heat.layout.xaxis.ticktext) == ["the", "movie", "was", "good"]


def test_attribution_bars_have_one_named_colour_per_method_and_no_word_on_the_bars(tiny_runs):
    found = attribute(tiny_runs["GRU"], SENTENCE)
    fig = attribution_bars(found)
    assert len(fig.data) == 3
    colours = [bar.marker.color for bar in fig.data]
    assert all(isinstance(colour, str) for colour in colours) and len(set(colours)) == 3   # a legend swatch each
    assert all(bar.text is None for bar in fig.data)          # the word is on the axis, not once per bar
    assert list(fig.layout.xaxis.ticktext) == list(found.words)
    np.testing.assert_array_equal(fig.data[0].y, found.scores["occlusion"])
    assert fig.layout.title.text != "Which words made the prediction"   # the page's heading says it once


def test_unit_ranking_draws_the_best_units_first(tiny_runs):
    found = find_concept_units(tiny_runs["SimpleRNN"], concept="negation")
    fig = unit_ranking(found)
    assert fig.data[0].x[0] == f"unit {found.ranking[0]}"
    assert fig.data[0].y[0] == found.scores.max()
    baseline = fig.data[1]
    assert "untrained networks (same architecture" in baseline.name and set(baseline.y) == {found.baseline}
    assert fig.layout.legend.y < 0 and fig.layout.legend.yanchor == "top"   # under the plot, not over the bars
    assert not fig.layout.annotations


def test_unit_examples_are_the_traced_states_of_the_best_units(tiny_runs):
    from rnnviz.tracing import trace

    run = tiny_runs["LSTM"]
    found = find_concept_units(run, concept="negation")
    examples = unit_examples(run, found, n_units=2, n_sentences=2)
    assert len(examples.words) == 2 and list(examples.units) == list(found.ranking[:2])
    for words, values, inside in zip(examples.words, examples.activations, examples.inside):
        assert inside.any()
        direct = trace(run.model, " ".join(words), dataset=run.dataset).layers[0].h
        np.testing.assert_allclose(values, direct[:, examples.units], atol=1e-6)
    fig = unit_activations(examples)
    assert len(fig.data) == 4


def test_edit_lines_differ_in_dash_and_marker_so_lines_on_top_of_each_other_stay_visible(tiny_runs):
    from rnnviz.explain import compare_edits
    from rnnviz.figures.explain import edit_predictions

    run = tiny_runs["LSTM"]
    comparison = compare_edits(run, "the movie was not good at all", "suggested")
    fig = edit_predictions(comparison)
    styles = [(trace.line.dash or "solid", trace.marker.symbol or "circle") for trace in fig.data]
    assert len(fig.data) >= 3 and len(set(styles)) == len(styles)
