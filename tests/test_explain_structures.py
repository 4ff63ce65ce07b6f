"""rnnviz.explain on stacked and Bidirectional models, in Spanish: the same checks hold."""

import numpy as np
import pytest

from rnnviz.explain import Edit, attribute, compare_edits, find_concept_units, layer_names
from rnnviz.tracing import trace


@pytest.fixture(scope="module")
def spanish_bidirectional_stack():
    from rnnviz import build_model, load_dataset, train

    data = load_dataset("toy_sentiment", size=300, seed=2, language="es")
    model = build_model(data, cell="GRU", units=4, embedding_dim=4, n_layers=2, bidirectional=True)
    return train(model, data, epochs=1, batch_size=32, seed=0)


def test_edits_of_a_bidirectional_stack_equal_direct_traces(spanish_bidirectional_stack):
    run = spanish_bidirectional_stack
    comparison = compare_edits(run, "la película no es buena", ["suggested", Edit("delete", 2)])
    descriptions = [r.description for r in comparison.results]
    assert 'swap "buena" -> "mala"' in descriptions and 'delete "no"' in descriptions
    result = comparison.results[descriptions.index('delete "no"')]
    direct = trace(run.model, "la película es buena", dataset=run.dataset)
    assert len(direct.layers) == 4                  # two layers, two directions each
    for ours, theirs in zip(result.trace.layers, direct.layers):
        np.testing.assert_array_equal(ours.h, theirs.h)
    np.testing.assert_array_equal(result.trace.predictions, direct.predictions)


def test_attributions_of_a_bidirectional_stack_are_checked(spanish_bidirectional_stack):
    found = attribute(spanish_bidirectional_stack, "la película no es buena")
    assert found.completeness_met
    assert found.occlusion_check <= 1e-5


def test_concept_units_in_every_direction(spanish_bidirectional_stack):
    names = layer_names(spanish_bidirectional_stack)
    assert len(names) == 4
    found = find_concept_units(spanish_bidirectional_stack, layer=names[1], concept="after_but")
    assert found.layer == names[1] and found.scores.shape == (4,)
