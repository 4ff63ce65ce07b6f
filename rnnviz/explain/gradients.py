"""Gradients of the prediction with respect to the embedding vectors, in TensorFlow float64.

The model is replayed from its plan with the gradient replay's own direction scan (`gradients.unroll`), starting
from the embedding vectors instead of the ids, so the vectors can be moved along the integrated-gradients path.
One batch holds the sentence, the baseline and every path point: one call per doubling of the steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from ..gradients.unroll import _run_direction, structure, weights
from ..model_plan import hand_on
from .attribution import COMPLETENESS_TOLERANCE, FIRST_STEPS, MAX_STEPS

_REPLAYS: dict = {}        # plan structure -> tf.function; the weights are its argument


@dataclass(frozen=True)
class PathGradients:
    """attributions, gradient_x_input: (n_words,). f_x, f_baseline: f at the sentence and at the baseline.
    steps: path steps used; error: |sum(attributions) - (f_x - f_baseline)| / |f_x - f_baseline|."""

    attributions: np.ndarray
    gradient_x_input: np.ndarray
    f_x: float
    f_baseline: float
    steps: int
    error: float


def integrated_gradients(plan, ids: np.ndarray, word_steps: np.ndarray, class_index: int) -> PathGradients:
    """Integrated gradients from the zero embedding at every word (padding steps keep their vector), midpoint
    rule, the steps doubled from FIRST_STEPS until completeness holds within COMPLETENESS_TOLERANCE."""
    arrays = weights(plan)
    vectors = plan.embeddings[ids].astype(np.float64)               # (T, D)
    baseline = vectors.copy()
    baseline[word_steps] = 0.0
    keep = np.asarray(ids != 0 if plan.mask_zero else np.ones(len(ids), bool))
    replay = _replay(plan)
    steps = FIRST_STEPS
    while True:
        alphas = (np.arange(steps) + 0.5) / steps                     # midpoints of the path
        path = baseline[None] + alphas[:, None, None] * (vectors - baseline)[None]
        batch = np.concatenate([vectors[None], baseline[None], path], axis=0)     # (2 + steps, T, D)
        f, gradients = (np.asarray(t, np.float64) for t in replay(
            tf.constant(batch), tf.constant(np.repeat(keep[None], len(batch), 0).T), arrays, class_index))
        attributions = ((vectors - baseline) * gradients[2:].mean(axis=0)).sum(axis=-1)[word_steps]
        target = f[0] - f[1]
        error = abs(attributions.sum() - target) / max(abs(target), 1e-12)
        if error <= COMPLETENESS_TOLERANCE or steps >= MAX_STEPS or abs(target) < 1e-9:
            break
        steps *= 2
    gradient_x_input = (vectors * gradients[0]).sum(axis=-1)[word_steps]
    return PathGradients(attributions, gradient_x_input, float(f[0]), float(f[1]), steps,
                         0.0 if abs(target) < 1e-9 else float(error))


def _replay(plan):
    key = structure(plan)
    if key not in _REPLAYS:
        _REPLAYS[key] = _make_replay(plan)
    return _REPLAYS[key]


def _make_replay(plan):
    """tf.function (vectors (B, T, D), keep (T, B), weights, class index) -> (f (B,), df/dvectors (B, T, D))."""
    @tf.function(reduce_retracing=True)
    def replay(vectors, keep, arrays, class_index):
        with tf.GradientTape() as tape:
            tape.watch(vectors)
            sequence = tf.transpose(vectors, (1, 0, 2))                    # (T, B, D)
            shape = tf.shape(sequence)
            index = 0
            for step in plan.recurrent:
                outputs = []
                for direction in step.directions:
                    zeros = tf.zeros((shape[0], shape[1], direction.weights.n_units), vectors.dtype)
                    outputs.append(_run_direction(direction, arrays["directions"][index], sequence, keep,
                                                  plan.mask_zero, zeros, zeros))
                    index += 1
                sequence = hand_on(step, outputs, flip=lambda a: tf.reverse(a, [0]), take=lambda a, i: a[i],
                                   concat=lambda a, b: tf.concat([a, b], axis=-1))
            prediction = sequence
            for (kernel, bias), (_, _, activation) in zip(arrays["head"], plan.head):
                prediction = prediction @ kernel if bias is None else prediction @ kernel + bias
                prediction = keras.activations.get(activation)(prediction)
            f = prediction[:, class_index]
            total = tf.reduce_sum(f)       # each row's f depends on its own vectors only
        return f, tape.gradient(total, vectors)

    return replay
