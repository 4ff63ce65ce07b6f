"""Walking a Keras model layer by layer in NumPy: Embedding -> recurrent layers -> Dense head.

`plan_model` reads a model once into plain arrays (a `ModelPlan`); `run_plan` pushes a batch of token id
sequences through it, keeping every recurrent layer's states and gates. It follows Keras' rules exactly:

- the Embedding's mask (mask_zero=True) marks padding; it passes through every layer that returns sequences;
- a masked step is computed and discarded: the state is carried over, the output repeats the previous output
  (or is 0 in the halves of a Bidirectional layer that returns sequences);
- go_backwards reads the last token first; a Bidirectional layer runs a forward and a backward copy of its
  layer, with separate weights, and merges the outputs by concat, sum, ave or mul, the backward one put back
  in token order;
- a layer that does not return sequences hands on its last output: the one after its last processed step
  (token 0 for a backward layer);
- a lone go_backwards layer that returns sequences hands them on in processing order (last token first),
  while its mask stays in token order: the next layer reads the sequence reversed.
Dropout-like layers do nothing at inference, so they are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cells import ACTIVATIONS, CellWeights, activation_name, run_cell, to_numpy

# Layers that are the identity at inference (model.predict): skipped.
IDENTITY_LAYERS = ("InputLayer", "Dropout", "SpatialDropout1D", "GaussianNoise", "GaussianDropout",
                   "AlphaDropout", "ActivityRegularization")
RECURRENT_LAYERS = ("SimpleRNN", "LSTM", "GRU")
MERGE_FUNCTIONS = {"concat": lambda a, b: np.concatenate([a, b], axis=-1), "sum": lambda a, b: a + b,
                   "ave": lambda a, b: (a + b) / np.float32(2), "mul": lambda a, b: a * b}


@dataclass(frozen=True)
class Direction:
    """One direction of one recurrent layer: the cell's weights and how Keras runs it."""

    name: str                    # "forward" or "backward" (processing direction)
    weights: CellWeights
    go_backwards: bool
    zero_output_for_mask: bool


@dataclass(frozen=True)
class RecurrentStep:
    """A recurrent layer of the model: one Direction, or two for a Bidirectional layer."""

    layer_name: str              # the Keras layer's name, e.g. "lstm_1" or "bidirectional_1"
    directions: tuple[Direction, ...]
    return_sequences: bool
    merge_mode: str | None       # Bidirectional only

    @property
    def bidirectional(self) -> bool:
        return len(self.directions) == 2


@dataclass(frozen=True)
class ModelPlan:
    """A model read into NumPy: what `run_plan` needs, and nothing from Keras."""

    embeddings: np.ndarray       # (vocabulary_size, embedding_dim)
    mask_zero: bool              # id 0 is padding, skipped by every recurrent layer
    recurrent: tuple[RecurrentStep, ...]
    head: tuple[tuple[np.ndarray, np.ndarray | None, str], ...]   # Dense layers: (kernel, bias, activation)
    input_length: int | None     # the model's fixed sequence length (None if any length)

    @property
    def reads_full_length(self) -> bool:
        """True when padding changes the result, so a sentence must be traced padded to the model's length:
        without masking padding is read like words, and a lone go_backwards layer that returns sequences
        hands them on reversed over the whole padded length."""
        reversing = any(not step.bidirectional and step.return_sequences and step.directions[0].go_backwards
                        for step in self.recurrent)
        return bool(self.input_length) and (not self.mask_zero or reversing)

    @property
    def is_causal(self) -> bool:
        """True when every layer reads left to right, so the state at step t only depends on tokens <= t."""
        return all(not d.go_backwards for step in self.recurrent for d in step.directions)


def direction_label(layer_name: str, direction: str, bidirectional: bool) -> str:
    """A name for menus: "lstm_1", "gru_1 (backward)" (go_backwards), "bidirectional_1 · forward"."""
    if bidirectional:
        return f"{layer_name} · {direction}"
    return layer_name if direction == "forward" else f"{layer_name} (backward)"


def plan_model(model) -> ModelPlan:
    """Read a Keras model (Embedding, recurrent layers, Dense head) into a ModelPlan.

    Raises ValueError naming the first layer that cannot be traced.
    """
    layers = [layer for layer in model.layers if type(layer).__name__ not in IDENTITY_LAYERS]
    supported = "Embedding, then SimpleRNN / LSTM / GRU layers (Bidirectional or not), then Dense layers"
    if not layers or type(layers[0]).__name__ != "Embedding":
        first = type(layers[0]).__name__ if layers else "nothing"
        raise ValueError(f"a model must start with an Embedding layer to be traced (it starts with {first}); "
                         f"supported: {supported}")
    embedding = layers[0]
    recurrent, head = [], []
    for layer in layers[1:]:
        kind = type(layer).__name__
        if kind in RECURRENT_LAYERS + ("Bidirectional",) and not head:
            if recurrent and not recurrent[-1].return_sequences:
                raise ValueError(f"layer {layer.name!r} follows a recurrent layer that returns no sequence")
            recurrent.append(_recurrent_step(layer))
        elif kind == "Dense" and recurrent and not recurrent[-1].return_sequences:
            bias = None if layer.bias is None else to_numpy(layer.bias)
            head.append((to_numpy(layer.kernel), bias, activation_name(layer.activation)))
        else:
            raise ValueError(f"layer {layer.name!r} ({kind}) cannot be traced here; supported: {supported}")
    if not recurrent:
        raise ValueError(f"model {model.name!r} has no recurrent layer to trace (a baseline model?)")
    input_shape = model.inputs[0].shape if getattr(model, "inputs", None) else (None, None)
    return ModelPlan(embeddings=to_numpy(embedding.embeddings),
                     mask_zero=bool(embedding.mask_zero), recurrent=tuple(recurrent), head=tuple(head),
                     input_length=input_shape[1] if len(input_shape) > 1 else None)


def _recurrent_step(layer) -> RecurrentStep:
    if type(layer).__name__ == "Bidirectional":
        if layer.merge_mode not in MERGE_FUNCTIONS:
            raise ValueError(f"Bidirectional layer {layer.name!r} has merge_mode={layer.merge_mode!r}; "
                             f"supported: {', '.join(MERGE_FUNCTIONS)}")
        halves = (layer.forward_layer, layer.backward_layer)
        # A backward_layer given by hand may run forwards: name each half by its processing direction.
        directions = tuple(_direction(half, "backward" if half.go_backwards else "forward") for half in halves)
        return RecurrentStep(layer.name, directions, bool(layer.return_sequences), layer.merge_mode)
    return RecurrentStep(layer.name, (_direction(layer, "backward" if layer.go_backwards else "forward"),),
                         bool(layer.return_sequences), None)


def _direction(layer, name: str) -> Direction:
    if layer.stateful or layer.return_state:
        raise ValueError(f"layer {layer.name!r} is stateful or returns its state: not supported by the trace")
    return Direction(name, CellWeights.from_keras_cell(layer.cell), bool(layer.go_backwards),
                     bool(getattr(layer, "zero_output_for_mask", False)))


def run_plan(plan: ModelPlan, token_ids: np.ndarray):
    """Push a batch of token id sequences through the plan.

    Parameters
    ----------
    token_ids : (n_sequences, n_steps) int token ids; 0 is padding when plan.mask_zero.

    Returns
    -------
    (records, outputs, mask): records is a list with one (RecurrentStep, Direction, inputs, record) per
    direction of each recurrent layer, in model order; inputs is (n_sequences, n_steps, n_inputs) and record
    the dict of `run_cell`. outputs: (n_sequences, n_outputs) the model's predictions. mask: (n_sequences,
    n_steps) bool, False at the padding steps Keras skips.
    """
    token_ids = np.asarray(token_ids)
    mask = token_ids != 0 if plan.mask_zero else np.ones(token_ids.shape, bool)
    x = plan.embeddings[token_ids]                                # (n_sequences, n_steps, embedding_dim)
    records = []
    for step in plan.recurrent:
        outputs = []
        for direction in step.directions:
            record = run_cell(direction.weights, x, mask, direction.go_backwards, direction.zero_output_for_mask)
            records.append((step, direction, x, record))
            outputs.append(record["output"])
        x = layer_output(step, outputs)
    return records, apply_head(plan, x), mask


def layer_output(step: RecurrentStep, outputs: list[np.ndarray]) -> np.ndarray:
    """What a recurrent layer hands on, from each direction's outputs (..., n_steps, n_units) in token order:
    the merged sequence, or the merged last outputs (..., n_features)."""
    emitted = []
    for direction, output in zip(step.directions, outputs):
        if step.return_sequences:
            # Bidirectional flips its backward half back to token order; a lone go_backwards layer does not.
            reversed_order = direction.go_backwards and not step.bidirectional
            emitted.append(output[..., ::-1, :] if reversed_order else output)
        else:  # the last output: after the last processed step
            emitted.append(output[..., 0 if direction.go_backwards else -1, :])
    return MERGE_FUNCTIONS[step.merge_mode](*emitted) if step.bidirectional else emitted[0]


def apply_head(plan: ModelPlan, x: np.ndarray) -> np.ndarray:
    """The Dense layers after the last recurrent layer: (..., n_features) -> (..., n_outputs)."""
    with np.errstate(over="ignore"):   # sigmoid of a large negative number: exp overflows, the result is 0
        for kernel, bias, activation in plan.head:
            x = x @ kernel
            if bias is not None:
                x = x + bias
            x = ACTIVATIONS[activation](x)
    return x
