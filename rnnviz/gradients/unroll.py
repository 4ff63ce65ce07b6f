"""The model, replayed one step at a time in TensorFlow float64 so that every hidden state can be nudged.

`tape.gradient(loss, layer_output)` only sees where the loss reads the output (the last step). To get
dL/dh_t for every step t from one backward pass, the replay runs each direction's cell equations
(`tracing.cells.cell_step`, the same ones the trace runs in NumPy) over the weights of the model plan
(`rnnviz.model_plan`) and adds a zero tensor delta_t to the state after every step: dL/d(delta_t) = dL/dh_t,
the total derivative through all later steps (and dL/dc_t through delta_c for an LSTM). Everything, forward and
backward, is float64, so gradients far below float32's smallest number (1e-45) are still measured.

Masking (a padded step is computed and then discarded with tf.where, so its delta gets exactly zero gradient),
stacking and Bidirectional follow the plan's rules (`model_plan.hand_on`); `check_against_model` compares the
replay's predictions with the model's own.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from ..cells import get_cell
from ..model_plan import ModelPlan, hand_on, plan_model
from ..tracing.cells import cell_step

CHECK_TOLERANCE = 1e-4   # largest |replay - model| prediction difference still called the same model


@dataclass(frozen=True)
class Plan:
    """The model plan and the per-sequence loss the replay differentiates."""

    model: ModelPlan
    loss: object                        # f(y_true, y_pred) -> (n_sequences,)


def make_plan(model, loss=None) -> Plan:
    """Read `model` with the one model plan; ValueError if the replay cannot follow it."""
    model_plan = plan_model(model)
    if model_plan.recurrent[-1].return_sequences:
        raise ValueError(f"layer {model_plan.recurrent[-1].layer_name!r} returns sequences and nothing reads its "
                         "last output: gradients through time need a model with one prediction per sequence")
    return Plan(model_plan, _per_sequence_loss(model, loss))


def _per_sequence_loss(model, loss):
    """The model's loss without the batch mean: f(y_true, y_pred) -> (n_sequences,)."""
    loss = loss if loss is not None else getattr(model, "loss", None)
    if loss is None:
        raise ValueError(f"model {model.name!r} is not compiled: compile it with a loss, or pass loss= "
                         "(e.g. 'binary_crossentropy')")
    if isinstance(loss, keras.losses.Loss):
        return loss.call  # Loss.call skips the reduction
    try:
        return keras.losses.get(loss)
    except (ValueError, TypeError) as error:
        raise ValueError(f"loss {loss!r} is not a Keras loss: {error}") from None


def structure(plan: ModelPlan) -> tuple:
    """What the traced replay depends on besides the weights' values: equal structures share one replay.

    The sizes are part of it: a replay closes over its plan's unit counts, and one tf.function fed weights of
    several sizes would generalise their shapes to None (reduce_retracing), losing the gate block width."""
    return (plan.embeddings is None, plan.mask_zero, tuple(
        (step.return_sequences, step.merge_mode, tuple(
            (d.name, d.weights.n_units, d.weights.cell, d.weights.activation, d.weights.recurrent_activation, d.weights.reset_after,
             d.weights.bias is None, d.go_backwards, d.zero_output_for_mask) for d in step.directions))
        for step in plan.recurrent), tuple((bias is None, activation) for _, bias, activation in plan.head))


def weights(plan: ModelPlan, dtype=tf.float64) -> dict:
    """The plan's arrays as `dtype` tensors, the replay's argument (read at every call: training is seen)."""
    constant = lambda array: None if array is None else tf.constant(np.asarray(array), dtype)
    return {"embeddings": constant(plan.embeddings),
            "directions": [{name: constant(array) for name, array in d.weights.arrays().items()}
                           for d in plan.directions],
            "head": [(constant(kernel), constant(bias)) for kernel, bias, _ in plan.head]}


def make_replay(plan: Plan):
    """A tf.function (x, y, weights) -> (losses, predictions, input norms, [hidden norms], [cell norms]).

    x: (n_sequences, n_steps) ids (or (n_sequences, n_steps, n_features) floats without an Embedding).
    weights: `weights(plan.model, dtype)`; the whole computation runs in that dtype (float64 for measuring).
    All norms are float64 tensors (n_sequences, n_steps); cell norms only for directions with a cell state (LSTM).
    Each layer is a tf.scan over time, so the graph (and the ~1 s trace) does not grow with n_steps.
    """
    model_plan = plan.model
    directions = model_plan.directions

    @tf.function(reduce_retracing=True)
    def replay(x, y, arrays):
        dtype = arrays["directions"][0]["kernel"].dtype
        if model_plan.embeddings is not None:
            vectors = tf.gather(arrays["embeddings"], x)                       # (B, T, D)
        else:
            vectors = tf.cast(x, dtype)
        shape = tf.shape(vectors)
        keep = tf.transpose(x != 0) if model_plan.mask_zero else tf.ones((shape[1], shape[0]), tf.bool)  # (T, B)
        deltas_h = [tf.zeros((shape[1], shape[0], d.weights.n_units), dtype) for d in directions]   # (T, B, U)
        deltas_c = [delta if get_cell(d.weights.cell).has_cell_state else None
                    for d, delta in zip(directions, deltas_h)]
        deltas_c = [None if delta is None else tf.zeros_like(delta) for delta in deltas_c]
        with tf.GradientTape() as tape:
            tape.watch([vectors, deltas_h, [delta for delta in deltas_c if delta is not None]])
            sequence = tf.transpose(vectors, (1, 0, 2))                        # (T, B, D): time first for scan
            index = 0
            for step in model_plan.recurrent:
                outputs = []
                for direction in step.directions:
                    outputs.append(_run_direction(direction, arrays["directions"][index], sequence, keep,
                                                  model_plan.mask_zero, deltas_h[index], deltas_c[index]))
                    index += 1
                sequence = hand_on(step, outputs, flip=lambda a: tf.reverse(a, [0]), take=lambda a, i: a[i],
                                   concat=lambda a, b: tf.concat([a, b], axis=-1))
            prediction = sequence                                              # (B, n_features)
            for (kernel, bias), (_, _, activation) in zip(arrays["head"], model_plan.head):
                prediction = prediction @ kernel if bias is None else prediction @ kernel + bias
                prediction = keras.activations.get(activation)(prediction)
            losses = plan.loss(_match_rank(y, prediction), prediction)         # (B,)
            total = tf.reduce_sum(losses)  # sequences are independent: each delta sees its own loss only
        grads = tape.gradient(total, [vectors, deltas_h, [delta for delta in deltas_c if delta is not None]],
                              unconnected_gradients=tf.UnconnectedGradients.ZERO)
        hidden = [_norms(tf.transpose(gradient, (1, 0, 2))) for gradient in grads[1]]
        cell = [_norms(tf.transpose(gradient, (1, 0, 2))) for gradient in grads[2]]
        return losses, prediction, _norms(grads[0]), hidden, cell

    return replay


def check_against_model(model, replay, x: np.ndarray, y: np.ndarray, plan: Plan, predictions: np.ndarray) -> None:
    """ValueError unless the replay's predictions are the model's own (model(x)) on this batch.

    The float64 replay is compared first; a chaotic model (exploding gradients) can amplify float32 rounding,
    so when it differs the same replay is run in float32, which must then match Keras' float32.
    """
    expected = np.asarray(model(tf.constant(x), training=False), np.float64)
    difference = _largest_difference(predictions, expected)
    if difference > CHECK_TOLERANCE:
        in_float32 = replay(tf.constant(x), tf.constant(y), weights(plan.model, tf.float32))[1]
        difference = _largest_difference(np.asarray(in_float32, np.float64), expected)
    if difference > CHECK_TOLERANCE:
        raise ValueError(f"the gradient replay of model {model.name!r} predicts differently from the model itself "
                         f"(max |difference| = {difference:.2g}, tolerance {CHECK_TOLERANCE:g}): it would measure "
                         "the gradients of another model, so none are reported")


def _largest_difference(ours: np.ndarray, theirs: np.ndarray) -> float:
    if ours.shape != theirs.shape:
        return float("inf")
    with np.errstate(invalid="ignore"):
        difference = np.abs(ours - theirs)
    both_nan = np.isnan(ours) & np.isnan(theirs)     # diverged weights: NaN on both sides is the same model
    difference = np.where(both_nan, 0.0, difference)
    return float("inf") if np.isnan(difference).any() else float(difference.max(initial=0.0))


def _norms(gradients: tf.Tensor) -> tf.Tensor:
    """(B, T, n) gradients -> (B, T) Euclidean norms in float64, scaled by the largest entry first: a plain sum
    of squares underflows for entries below 1e-154, whose squares are below float64's smallest number."""
    gradients = tf.cast(gradients, tf.float64)
    largest = tf.reduce_max(tf.abs(gradients), axis=-1, keepdims=True)             # (B, T, 1)
    scale = tf.where(largest > 0, largest, tf.ones_like(largest))
    return largest[..., 0] * tf.sqrt(tf.reduce_sum(tf.square(gradients / scale), axis=-1))


def _match_rank(y, prediction):
    """Labels (B,) against a (B, 1) sigmoid output become (B, 1), as Keras' compiled loss does."""
    if prediction.shape.rank == 2 and prediction.shape[-1] == 1:
        return tf.cast(y[:, None], prediction.dtype)
    return y


def _run_direction(direction, arrays: dict, inputs, keep, masked: bool, deltas_h, deltas_c):
    """Scan one direction's cell over (T, B, D) inputs; returns (T, B, U) outputs in token order."""
    kind, n_units = direction.weights.cell, direction.weights.n_units
    act = keras.activations.get(direction.weights.activation)
    gate_act = keras.activations.get(direction.weights.recurrent_activation)
    x_kernel = tf.einsum("tbd,dk->tbk", inputs, arrays["kernel"])             # (T, B, n_blocks * U)
    zero = tf.zeros((tf.shape(inputs)[1], n_units), inputs.dtype)

    def step(carry, elements):
        h, c, previous_output = carry
        x_kernel_t, keep_t, delta_h, delta_c = elements
        _, new_h, new_c = cell_step(kind, arrays, direction.weights.reset_after, x_kernel_t, h, c, act, gate_act,
                                    nudge_c=delta_c if get_cell(kind).has_cell_state else None)
        new_h = new_h + delta_h            # h_t is both the output and the state carried on
        if not masked:
            return new_h, new_c, new_h
        # A padded step is computed, then discarded (Keras' rule): state carried, output repeated or zero.
        keep_t = keep_t[:, None]
        fallback = tf.zeros_like(new_h) if direction.zero_output_for_mask else previous_output
        return tf.where(keep_t, new_h, h), tf.where(keep_t, new_c, c), tf.where(keep_t, new_h, fallback)

    elements = (x_kernel, keep, deltas_h, deltas_c if deltas_c is not None else deltas_h)
    # reverse=True reads the last token first but returns the results aligned with the token positions.
    _, _, outputs = tf.scan(step, elements, initializer=(zero, zero, zero), reverse=direction.go_backwards)
    return outputs
