"""Is the trace right? Compare it with what Keras itself computes for the same model and sentence.

Two oracles, both run by Keras on the model's own variables:

1. the model's recurrent layers themselves: a probe model returns each layer's output (the sequence, or the
   last output), to compare with the trace's h (merged like Bidirectional merges them);
2. every direction's own cell run by Keras' RNN loop with return_state=True over all prefixes of the
   sentence at once (one batch row per prefix, the rest masked): row t's final states are Keras' h_t and c_t,
   so the cell state, which Keras never outputs per step, is checked at every step too.

If these agree to float32 precision, the gates agree as well: h and c are functions of the gates.
The Keras computation is compiled once per model (a tf.function, ~1 s) and then takes a few milliseconds.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import N_, _
from ..model_plan import RECURRENT_LAYERS, plan_model
from .walk import layer_output

TOLERANCE = 1e-4   # beyond this the page says in red that the trace disagrees with Keras
LAYER_OUTPUT = N_("layer output")   # a quantity of Verification.checks (h and c are the others)


@dataclass(frozen=True)
class Verification:
    """The largest |trace - Keras| over every recurrent layer, direction and step.

    checks: one row per compared quantity, columns layer, quantity ("layer output", "h", "c"),
    max_abs_difference.
    """

    max_abs_difference: float
    checks: pd.DataFrame
    tolerance: float = TOLERANCE
    largest_value: float = float("nan")   # the largest |value| Keras computed: 0 means there was nothing to compare

    @property
    def nothing_to_check(self) -> bool:
        """True when every compared value is exactly 0 on both sides (a dead layer): agreeing proves nothing."""
        return self.largest_value == 0 and self.max_abs_difference == 0

    @property
    def ok(self) -> bool:
        return bool(np.isfinite(self.max_abs_difference) and self.max_abs_difference <= self.tolerance
                    and not self.nothing_to_check)

    def message(self) -> str:
        """One line for the page: 'matches Keras: max |difference| = 3e-07', 'nothing to check: ...' or the
        red warning's text."""
        if self.nothing_to_check:
            return _("nothing to check: every state is exactly 0, in the trace and in Keras, so their agreement "
                     "proves nothing (a dead layer, e.g. ReLU units that never fire)")
        if self.ok:
            return _("matches Keras: max |difference| = {difference:.0e}").format(difference=self.max_abs_difference)
        worst = self.checks.sort_values("max_abs_difference").iloc[-1]
        return _("does NOT match Keras: max |difference| = {difference:.2g} (tolerance {tolerance:g}) in "
                 "{quantity} of {layer}: the values shown are not what the model computes").format(
            difference=self.max_abs_difference, tolerance=self.tolerance, quantity=_(worst["quantity"]),
            layer=worst["layer"])


def verify_trace(model, trace_result, tolerance: float = TOLERANCE) -> Verification:
    """Compare a Trace with Keras' own outputs for the same model and token ids (or window of a series).

    Parameters
    ----------
    model : the keras model the trace was made from (or a Run).
    trace_result : the Trace of `rnnviz.trace`.
    tolerance : largest |difference| still called a match.
    """
    model = getattr(model, "model", model)
    plan = plan_model(model, convolution=True)
    if (trace_result.window is None) != (plan.embeddings is not None):
        raise ValueError(f"model {model.name!r} and this trace do not go together: one reads token ids, the "
                         "other a window of float values")
    n_steps = trace_result.n_steps
    if trace_result.window is not None:   # a window: read whole (read_window checked its length)
        keras_values = _oracle(model)(np.asarray(trace_result.window, np.float32)[None])
    else:
        ids = np.asarray(trace_result.token_ids, dtype=np.int32)
        length = plan.input_length or len(ids)
        if len(ids) < length:
            if plan.reads_full_length:
                raise ValueError(f"this model's result depends on padding: it must be traced on all {length} "
                                 f"tokens, the trace has {len(ids)}")
            ids = np.concatenate([ids, np.zeros(length - len(ids), np.int32)])  # masked: changes nothing before
        keras_values = _oracle(model)(ids[None, :])
    rows = []
    layer_traces = iter(trace_result.layers)
    for step, (keras_output, directions) in zip(plan.recurrent, keras_values):
        halves = [next(layer_traces) for _ in step.directions]
        ours = layer_output(step, [half.output for half in halves])
        theirs = keras_output[0, :n_steps] if step.return_sequences else keras_output[0]
        rows.append((step.layer_name, LAYER_OUTPUT, *_compare(ours, theirs)))
        for half, (h_rows, c_rows) in zip(halves, directions):
            rows.append((half.label, "h", *_compare(half.h, h_rows[:n_steps])))
            if half.c is not None:
                rows.append((half.label, "c", *_compare(half.c, c_rows[:n_steps])))
    checks = pd.DataFrame(rows, columns=["layer", "quantity", "max_abs_difference", "largest_value"])
    worst = float(checks["max_abs_difference"].max()) if len(checks) else float("nan")
    largest = float(checks["largest_value"].max()) if len(checks) else float("nan")
    return Verification(max_abs_difference=worst, checks=checks, tolerance=tolerance, largest_value=largest)


def _compare(ours, theirs) -> tuple[float, float]:
    """(max |ours - theirs|, max |theirs|)."""
    largest = float(np.abs(np.asarray(theirs, np.float64)).max(initial=0.0))
    return _max_difference(ours, theirs), largest


def _max_difference(ours, theirs) -> float:
    ours, theirs = np.asarray(ours, np.float64), np.asarray(theirs, np.float64)
    if ours.shape != theirs.shape:
        return float("inf")
    difference = np.abs(ours - theirs)
    return float("inf") if np.isnan(difference).any() else float(difference.max(initial=0.0))


# model -> its compiled Keras computation; entries go when the model is garbage collected.
_ORACLES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _oracle(model):
    """A function ids (1, length) (or a window (1, length, n_features)) -> [(layer output, [(h rows, c rows)
    per direction]) per recurrent layer]."""
    with _LOCK:
        oracle = _ORACLES.get(model)
        if oracle is None:
            oracle = _ORACLES[model] = _build_oracle(model)
    return oracle


def _build_oracle(model):
    import keras
    import tensorflow as tf

    layers = list(model.layers)
    # The probe returns every layer's output; a recurrent layer's input is its predecessor's output.
    probe = keras.Model(model.inputs[0], [layer.output for layer in layers])
    recurrent = [(index, layer) for index, layer in enumerate(layers)
                 if type(layer).__name__ in RECURRENT_LAYERS + ("Bidirectional",)]
    plan = plan_model(model, convolution=True)
    mask_zero = plan.mask_zero
    loops = {}   # (layer index, half) -> Keras' RNN loop over that half's own cell (shared variables)
    for index, layer in recurrent:
        halves = (layer.forward_layer, layer.backward_layer) if hasattr(layer, "forward_layer") else (layer,)
        loops[index] = [keras.layers.RNN(half.cell, return_sequences=False, return_state=True,
                                         go_backwards=half.go_backwards) for half in halves]

    # Token ids (1, length), or a window (1, length, n_features) of floats for a model without an Embedding.
    spec = tf.TensorSpec((1, None), tf.int32) if plan.embeddings is not None else \
        tf.TensorSpec((1, None, plan.n_features), tf.float32)

    @tf.function(input_signature=[spec], reduce_retracing=True)
    def compute(ids):
        outputs = probe(ids, training=False)
        results = []
        for index, layer in recurrent:
            inputs = outputs[index - 1] if index > 0 else ids   # a first layer reads the window itself
            # The steps the layer takes: fewer than the words behind a convolution stage (which drops the mask).
            length = tf.shape(inputs)[1]
            positions = tf.range(length)
            token_mask = ids[0] != 0 if mask_zero else tf.ones([length], tf.bool)
            batch = tf.repeat(inputs, length, axis=0)                    # (n_prefixes, length, n_inputs)
            directions = []
            for loop in loops[index]:
                # Row t keeps the tokens read up to token t: 0..t forwards, t..end backwards.
                if loop.go_backwards:
                    keep = positions[None, :] >= positions[:, None]
                else:
                    keep = positions[None, :] <= positions[:, None]
                states = loop(batch, mask=keep & token_mask[None, :], training=False)[1:]
                directions.append((states[0], states[1] if len(states) > 1 else states[0]))
            results.append((outputs[index], directions))
        return results

    def run(ids: np.ndarray):
        return [(np.asarray(output), [(np.asarray(h), np.asarray(c)) for h, c in directions])
                for output, directions in compute(tf.constant(ids, spec.dtype))]

    return run
