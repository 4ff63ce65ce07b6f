"""Walking a model plan layer by layer in NumPy: (Embedding) -> (Conv1D stage) -> recurrent layers -> Dense head.

The plan (`rnnviz.model_plan`) says how Keras runs the model; `run_plan` follows it in NumPy float32, keeping
every recurrent layer's states and gates:

- the Embedding's mask (mask_zero=True) marks padding; it passes through every layer that returns sequences;
- a masked step is computed and discarded: the state is carried over, the output repeats the previous output
  (or is 0 in the halves of a Bidirectional layer that returns sequences);
- each layer hands its output on by the plan's one rule (`model_plan.hand_on`);
- a convolution stage (Conv1D / MaxPooling1D) slides its windows as `conv_stage.FrontLayer.windows` says, and
  the recurrent layers then read one step per window, unmasked.
"""

from __future__ import annotations

import numpy as np

from ..model_plan import ModelPlan, RecurrentStep, hand_on
from .cells import ACTIVATIONS, run_cell


def run_plan(plan: ModelPlan, inputs: np.ndarray):
    """Push a batch of sequences through the plan.

    Parameters
    ----------
    inputs : (n_sequences, n_steps) int token ids (0 is padding when plan.mask_zero), or (n_sequences, n_steps,
        n_features) float vectors for a model without an Embedding.

    Returns
    -------
    (records, outputs, mask): records is a list with one (RecurrentStep, Direction, inputs, record) per
    direction of each recurrent layer, in model order; inputs is (n_sequences, n_steps, n_inputs) and record
    the dict of `run_cell`. outputs: (n_sequences, n_outputs) the model's predictions. mask: (n_sequences,
    n_steps) bool, False at the padding steps Keras skips.
    """
    x, mask = embed(plan, inputs)
    if plan.front:
        x = run_front(plan.front, x)
        mask = np.ones(x.shape[:2], bool)    # Conv1D drops the mask: every step is read
    records = []
    for step in plan.recurrent:
        outputs = []
        for direction in step.directions:
            record = run_cell(direction.weights, x, mask, direction.go_backwards, direction.zero_output_for_mask)
            records.append((step, direction, x, record))
            outputs.append(record["output"])
        x = layer_output(step, outputs)
    return records, apply_head(plan, x), mask


def embed(plan: ModelPlan, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """((n_sequences, n_steps, n_features) float32 vectors the first recurrent layer reads, (n_sequences, n_steps)
    mask)."""
    inputs = np.asarray(inputs)
    if plan.embeddings is None:
        vectors = inputs.astype(np.float32)
        return vectors, np.ones(vectors.shape[:2], bool)
    mask = inputs != 0 if plan.mask_zero else np.ones(inputs.shape, bool)
    return plan.embeddings[inputs], mask


def run_front(front, x: np.ndarray) -> np.ndarray:
    """(n_sequences, n_words, n_features) -> (n_sequences, n_steps, n_channels) through the convolution stage."""
    for layer in front:
        before, after, _ = layer.padding_of(x.shape[1])
        # Conv1D pads with zeros; max pooling never picks its padding (-inf).
        fill = 0.0 if layer.kind == "Conv1D" else -np.inf
        padded = np.pad(x, ((0, 0), (before, after), (0, 0)), constant_values=fill)
        windows = padded[:, layer.windows(x.shape[1]) + before, :]       # (n, n_out, size, channels)
        if layer.kind == "MaxPooling1D":
            x = windows.max(axis=2)
            continue
        x = np.einsum("bosc,scf->bof", windows, layer.kernel, optimize=True)
        if layer.bias is not None:
            x = x + layer.bias
        x = ACTIVATIONS[layer.activation](x).astype(np.float32)
    return x


def layer_output(step: RecurrentStep, outputs: list[np.ndarray]) -> np.ndarray:
    """What a recurrent layer hands on, from each direction's outputs (..., n_steps, n_units) in token order:
    the merged sequence, or the merged last outputs (..., n_features)."""
    return hand_on(step, outputs, flip=lambda a: a[..., ::-1, :], take=lambda a, i: a[..., i, :],
                   concat=lambda a, b: np.concatenate([a, b], axis=-1))


def apply_head(plan: ModelPlan, x: np.ndarray) -> np.ndarray:
    """The Dense layers after the last recurrent layer: (..., n_features) -> (..., n_outputs)."""
    with np.errstate(over="ignore"):   # sigmoid of a large negative number: exp overflows, the result is 0
        for kernel, bias, activation in plan.head:
            x = x @ kernel
            if bias is not None:
                x = x + bias
            x = ACTIVATIONS[activation](x)
    return x
