"""attribute: occlusion equals re-prediction by Keras, gradients match finite differences, IG is complete."""

from dataclasses import replace

import numpy as np
import pytest

from rnnviz.explain import attribute
from rnnviz.model_plan import plan_model
from rnnviz.tracing.walk import run_plan

SENTENCE = "the movie was not good at all"


@pytest.fixture(scope="module", params=["SimpleRNN", "LSTM", "GRU"])
def run(request, tiny_runs):
    return tiny_runs[request.param]


def _f_of_vectors(model, vectors):
    """f (positive-class probability) of embedding vectors (T, D), from the NumPy plan, with no Embedding."""
    plan = replace(plan_model(model), embeddings=None)
    return float(run_plan(plan, np.asarray(vectors, np.float32)[None])[1][0, 0])


def test_integrated_gradients_meet_completeness_with_the_steps_reported(run):
    found = attribute(run, SENTENCE, method="integrated_gradients")
    vectors = plan_model(run.model).embeddings[run.dataset.encode_sentence(SENTENCE).ids]
    f_x, f_zero = _f_of_vectors(run.model, vectors), _f_of_vectors(run.model, np.zeros_like(vectors))
    assert found.f_x == pytest.approx(f_x, abs=1e-5)
    assert found.f_baseline == pytest.approx(f_zero, abs=1e-5)
    total = found.scores["integrated_gradients"].sum()
    assert abs(total - (f_x - f_zero)) <= 0.01 * abs(f_x - f_zero) + 2e-5
    assert found.completeness_met and found.ig_steps >= 16
    assert "completeness met with" in found.caption()


def test_gradient_x_input_matches_central_differences(run):
    found = attribute(run, SENTENCE, method="gradient_x_input")
    vectors = plan_model(run.model).embeddings[run.dataset.encode_sentence(SENTENCE).ids].astype(np.float64)
    eps = 1e-2
    for i, score in enumerate(found.scores["gradient_x_input"]):
        up, down = vectors.copy(), vectors.copy()
        up[i] *= 1 + eps
        down[i] *= 1 - eps
        difference = (_f_of_vectors(run.model, up) - _f_of_vectors(run.model, down)) / (2 * eps)
        assert score == pytest.approx(difference, rel=0.05, abs=2e-5)


def test_occlusion_equals_the_keras_re_prediction_of_each_masked_sentence(run):
    found = attribute(run, SENTENCE, method="occlusion")
    ids = run.dataset.encode_sentence(SENTENCE).ids
    padded = np.zeros((len(ids) + 1, run.dataset.sequence_length), np.int32)
    for row in range(len(ids) + 1):
        masked = ids.copy()
        if row:
            masked[row - 1] = 1
        padded[row, -len(ids):] = masked
    predicted = run.model.predict(padded, verbose=0)[:, 0].astype(np.float64)
    np.testing.assert_allclose(found.scores["occlusion"], predicted[0] - predicted[1:], atol=1e-5)
    assert found.occlusion_check <= 1e-5


def test_rank_correlations_between_methods_are_reported_in_the_caption(tiny_runs):
    found = attribute(tiny_runs["LSTM"], SENTENCE)
    assert set(found.scores) == {"occlusion", "gradient_x_input", "integrated_gradients"}
    assert len(found.rank_correlations) == 3
    assert all(-1 <= rho <= 1 for rho in found.rank_correlations.values())
    assert "rank correlation" in found.caption()
    assert list(found.table()["word"]) == SENTENCE.split()


def test_spearman_is_the_rank_correlation():
    from rnnviz.explain.attribution import spearman

    assert spearman(np.array([1.0, 2, 3, 4]), np.array([10.0, 20, 30, 1000])) == pytest.approx(1.0)
    assert spearman(np.array([1.0, 2, 3]), np.array([3.0, 2, 1])) == pytest.approx(-1.0)


@pytest.mark.parametrize("sentence, method, message", [
    (SENTENCE, "saliency", "method must be one of"),
    ("  !! ", "all", "the sentence has no words"),
    (" ".join(["good"] * 500), "all", "the sentence has 500 words"),
])
def test_bad_input_is_a_one_line_value_error(tiny_runs, sentence, method, message):
    with pytest.raises(ValueError, match=message) as error:
        attribute(tiny_runs["GRU"], sentence, method=method)
    assert "\n" not in str(error.value)


def test_steps_are_doubled_until_completeness_holds(tiny_runs, monkeypatch):
    """Starting from one path step, the steps double until the 1 % check passes. The tiny model is nearly
    linear along the path, so its embeddings are scaled up (in a clone) until one step is clearly too few."""
    import keras

    import rnnviz.explain.gradients as gradients

    monkeypatch.setattr(gradients, "FIRST_STEPS", 1)
    run = tiny_runs["LSTM"]
    model = keras.models.clone_model(run.model)
    model.set_weights([w * 8 if i == 0 else w for i, w in enumerate(run.model.get_weights())])
    plan = plan_model(model)
    ids = run.dataset.encode_sentence(SENTENCE).ids.astype(np.int64)
    monkeypatch.setattr(gradients, "MAX_STEPS", 1)
    one_step = gradients.integrated_gradients(plan, ids, np.arange(len(ids)), 0)
    monkeypatch.setattr(gradients, "MAX_STEPS", 1024)
    doubled = gradients.integrated_gradients(plan, ids, np.arange(len(ids)), 0)
    assert one_step.steps == 1 and one_step.error > 0.01
    assert doubled.steps > 1 and doubled.error <= 0.01
    assert doubled.steps & (doubled.steps - 1) == 0          # a power of two: 1, 2, 4, ...


def test_models_of_one_structure_and_other_sizes_each_get_their_own_exact_attributions(tiny_sentiment):
    """The replay is shared by structure: a second model with other unit counts must not reuse the first's."""
    from rnnviz import build_model

    for units in (4, 6, 3):
        model = build_model(tiny_sentiment, cell="LSTM", units=units, embedding_dim=units + 1, seed=units)
        found = attribute(model, SENTENCE, dataset=tiny_sentiment, method="integrated_gradients")
        vectors = plan_model(model).embeddings[tiny_sentiment.encode_sentence(SENTENCE).ids]
        assert found.f_x == pytest.approx(_f_of_vectors(model, vectors), abs=1e-5)
        assert found.completeness_met
