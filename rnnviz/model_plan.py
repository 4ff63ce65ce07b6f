"""One reader of a Keras recurrent model, used by the trace, the gradient replay and the hidden-state projections.

`plan_model(model)` reads a model once into plain arrays (a `ModelPlan`): an optional Embedding (without one the
model reads float vectors (n_sequences, n_steps, n_features)), recurrent layers (each with one direction, or two
for Bidirectional) and a Dense head. Sequential and functional `keras.Model(inputs, outputs)` chains alike.
Everything that says how Keras runs such a model is written here once:

- which layers are the identity at inference and are skipped (`IDENTITY_LAYERS`);
- the names of directions, shared by every API: "lstm_1", and "bidirectional_1/forward", "bidirectional_1/backward";
- the gate blocks of each cell kind, in Keras' column layout (`GATE_NAMES`, `CellWeights.block`, in
  `rnnviz.cell_weights`, re-exported here);
- how a layer hands its output on (`hand_on`): a Bidirectional layer flips its backward half back to token order;
  a lone go_backwards layer that returns sequences hands them on in processing order (last token first) while
  its mask stays in token order; a layer that returns no sequence hands on the output of its last processed step;
- a convolution stage (Conv1D / MaxPooling1D, `rnnviz.conv_stage`) before the recurrent layers: read only when
  the caller asks (`plan_model(model, convolution=True)`): each recurrent step then covers several words
  (`ModelPlan.step_spans`), and readers that need one step per word get a ValueError saying so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cell_weights import (  # noqa: F401
    ACTIVATION_NAMES,
    GATE_NAMES,
    SIGMOID_GATES,
    CellWeights,
    activation_name,
    block_of,
    split_blocks,
    to_numpy,
)
from .cells import cell_names
from .conv_stage import FRONT_LAYERS, FrontLayer, read_front_layer, spans, stage_length

# Layers that are the identity at inference (model(x), predict): skipped by every reader.
IDENTITY_LAYERS = ("InputLayer", "Dropout", "SpatialDropout1D", "GaussianNoise", "GaussianDropout",
                   "AlphaDropout", "ActivityRegularization")
RECURRENT_LAYERS = cell_names()     # the registered cells' Keras layer names (rnnviz.cells)
MERGE_MODES = ("concat", "sum", "ave", "mul")
SUPPORTED = ("an optional Embedding (else float vectors (n_sequences, n_steps, n_features)), then "
             f"{' / '.join(RECURRENT_LAYERS)} layers (stacked with return_sequences=True, or Bidirectional with merge_mode concat, sum, ave "
             "or mul), then Dense layers; Dropout-like layers anywhere (Conv1D / MaxPooling1D before the recurrent "
             "layers on the hidden states and gates pages)")


def direction_name(layer_name: str, reading: str, bidirectional: bool) -> str:
    """The one name of a direction: "lstm_1" (also for a lone go_backwards layer), "bidirectional_1/forward"."""
    return f"{layer_name}/{reading}" if bidirectional else layer_name


@dataclass(frozen=True)
class Direction:
    """One direction of one recurrent layer: the cell's weights and how Keras runs it."""

    name: str                    # the shared name: "lstm_1", "bidirectional_1/backward"
    reading: str                 # "forward" or "backward": the order the tokens are processed in
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

    def hands_on_reversed(self, direction: Direction) -> bool:
        """True when this direction's sequence is handed on in processing order, reversed from token order:
        a lone go_backwards layer that returns sequences (Bidirectional flips its backward half back)."""
        return self.return_sequences and direction.go_backwards and not self.bidirectional


@dataclass(frozen=True)
class ModelPlan:
    """A model read into NumPy: everything the replays need, and nothing from Keras."""

    embeddings: np.ndarray | None   # (vocabulary_size, embedding_dim), or None: the model reads float vectors
    mask_zero: bool                 # id 0 is padding, skipped by every recurrent layer
    recurrent: tuple[RecurrentStep, ...]
    head: tuple[tuple[np.ndarray, np.ndarray | None, str], ...]   # Dense layers: (kernel, bias, activation)
    input_length: int | None        # the model's fixed sequence length (None if any length)
    n_features: int                 # size of the vector read at each step (embedding_dim without an Embedding)
    front: tuple[FrontLayer, ...] = ()   # the convolution stage between the Embedding and the recurrent layers

    def step_spans(self, n_words: int) -> np.ndarray:
        """(n_steps, 2) int: the words [start, stop) each recurrent step covers (one each without a stage)."""
        return spans(self.front, n_words)

    def n_recurrent_steps(self, n_words: int) -> int:
        return stage_length(self.front, n_words)

    @property
    def directions(self) -> tuple[Direction, ...]:
        return tuple(direction for step in self.recurrent for direction in step.directions)

    @property
    def direction_names(self) -> tuple[str, ...]:
        return tuple(direction.name for direction in self.directions)

    def direction(self, name: str) -> tuple[int, RecurrentStep, Direction]:
        """(index of the recurrent layer, its step, the direction) for a shared name; ValueError otherwise."""
        for index, step in enumerate(self.recurrent):
            for direction in step.directions:
                if direction.name == name:
                    return index, step, direction
        raise ValueError(f"no recurrent layer {name!r}; layers: {', '.join(self.direction_names)}")

    @property
    def reads_full_length(self) -> bool:
        """True when padding changes the result, so a sentence must be read padded to the model's length:
        without masking padding is read like words, and a lone go_backwards layer that returns sequences
        hands them on reversed over the whole padded length."""
        reversing = any(step.hands_on_reversed(d) for step in self.recurrent for d in step.directions)
        return bool(self.input_length) and (not self.mask_zero or reversing)

    @property
    def is_causal(self) -> bool:
        """True when every layer reads left to right, so the state at step t only depends on tokens <= t."""
        return all(not d.go_backwards for d in self.directions)


def hand_on(step: RecurrentStep, outputs: list, flip, take, concat):
    """What a recurrent layer hands on, from each direction's outputs in token order; array-agnostic.

    flip(a) reverses the time axis, take(a, i) the output at time index i (0 or -1), concat(a, b) joins the
    feature axes: NumPy and TensorFlow replays pass their own.
    """
    emitted = []
    for direction, output in zip(step.directions, outputs):
        if step.return_sequences:
            emitted.append(flip(output) if step.hands_on_reversed(direction) else output)
        else:  # the last output: after the last processed step
            emitted.append(take(output, 0 if direction.go_backwards else -1))
    if not step.bidirectional:
        return emitted[0]
    forward, backward = emitted
    return {"concat": lambda: concat(forward, backward), "sum": lambda: forward + backward,
            "ave": lambda: (forward + backward) / 2, "mul": lambda: forward * backward}[step.merge_mode]()


def plan_model(model, convolution: bool = False) -> ModelPlan:
    """Read a Keras model (optional Embedding, recurrent layers, Dense head) into a ModelPlan.

    convolution: also read a Conv1D / MaxPooling1D stage before the recurrent layers (for readers that follow
    `ModelPlan.step_spans`); otherwise such a model is refused: its steps are not words.
    Raises ValueError naming the first layer that cannot be read, and what is supported.
    """
    _check_chain(model)
    layers = [layer for layer in model.layers if type(layer).__name__ not in IDENTITY_LAYERS]
    kinds = [type(layer).__name__ for layer in layers]
    if "Conv1D" in kinds and not set(kinds) & set(RECURRENT_LAYERS + ("Bidirectional",)):
        raise ValueError(f"model {model.name!r} is convolutional (Conv1D) with no recurrent layer "
                         f"({', '.join(RECURRENT_LAYERS)}): it has no hidden state to follow from word to word")
    embedding = layers[0] if layers and kinds[0] == "Embedding" else None
    recurrent, head, front = [], [], []
    for layer, kind in list(zip(layers, kinds))[1 if embedding is not None else 0:]:
        if kind in RECURRENT_LAYERS + ("Bidirectional",) and not head:
            if recurrent and not recurrent[-1].return_sequences:
                raise ValueError(f"layer {layer.name!r} follows a recurrent layer that returns no sequence")
            recurrent.append(_recurrent_step(layer))
        elif kind == "Dense" and recurrent and not recurrent[-1].return_sequences:
            bias = None if layer.bias is None else to_numpy(layer.bias)
            head.append((to_numpy(layer.kernel), bias, activation_name(layer.activation)))
        elif kind in FRONT_LAYERS and not recurrent and embedding is not None:
            front.append(read_front_layer(layer, activation_name, to_numpy))
        elif not recurrent:
            raise ValueError(f"layer {layer.name!r} ({kind}) comes before the recurrent layers; supported: "
                             f"{SUPPORTED}")
        else:
            raise ValueError(f"layer {layer.name!r} ({kind}) cannot be read here; supported: {SUPPORTED}")
    if not recurrent:
        raise ValueError(f"model {model.name!r} has no recurrent layer ({', '.join(RECURRENT_LAYERS)}): there is "
                         "no hidden state to follow (a baseline model?)")
    if front and not convolution:
        raise ValueError(f"model {model.name!r} reads the words through a convolution ({front[0].name}): each step "
                         "of its recurrent layer covers several words, and this view needs one step per word; "
                         "the hidden states and gates pages show such a model")
    input_shape = tuple(model.inputs[0].shape) if getattr(model, "inputs", None) else (None, None)
    embeddings = to_numpy(embedding.embeddings) if embedding is not None else None
    n_features = embeddings.shape[1] if embeddings is not None else recurrent[0].directions[0].weights.n_inputs
    # Keras' Conv1D supports no mask: the Embedding's mask never reaches recurrent layers behind one.
    mask_zero = bool(embedding is not None and embedding.mask_zero and not front)
    return ModelPlan(embeddings=embeddings, mask_zero=mask_zero, recurrent=tuple(recurrent), head=tuple(head),
                     input_length=input_shape[1] if len(input_shape) > 1 else None, n_features=n_features,
                     front=tuple(front))


def _check_chain(model) -> None:
    """A functional model must be a chain (each layer reads the one before): branches cannot be read."""
    if type(model).__name__ == "Sequential" or not getattr(model, "inputs", None):
        return
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        raise ValueError(f"model {model.name!r} has {len(model.inputs)} inputs and {len(model.outputs)} outputs; "
                         f"supported: one input and one output, {SUPPORTED}")
    previous = None
    for layer in model.layers:
        if type(layer).__name__ == "InputLayer":
            previous = layer
            continue
        read = layer.input[0] if isinstance(layer.input, (list, tuple)) else layer.input   # [tensor, mask]
        if previous is not None and read is not previous.output:
            raise ValueError(f"layer {layer.name!r} does not read {previous.name!r}: only chains of layers can be "
                             f"read; supported: {SUPPORTED}")
        previous = layer


def _recurrent_step(layer) -> RecurrentStep:
    if type(layer).__name__ == "Bidirectional":
        if layer.merge_mode not in MERGE_MODES:
            raise ValueError(f"Bidirectional layer {layer.name!r} has merge_mode={layer.merge_mode!r}; "
                             f"supported: {', '.join(MERGE_MODES)}")
        halves = (layer.forward_layer, layer.backward_layer)
        # A backward_layer given by hand may run forwards: name each half by its processing direction.
        directions = tuple(_direction(half, layer.name, True) for half in halves)
        return RecurrentStep(layer.name, directions, bool(layer.return_sequences), layer.merge_mode)
    return RecurrentStep(layer.name, (_direction(layer, layer.name, False),), bool(layer.return_sequences), None)


def _direction(layer, layer_name: str, bidirectional: bool) -> Direction:
    if getattr(layer, "stateful", False) or getattr(layer, "return_state", False):
        raise ValueError(f"layer {layer.name!r} is stateful or returns its state: not supported; {SUPPORTED}")
    reading = "backward" if layer.go_backwards else "forward"
    return Direction(direction_name(layer_name, reading, bidirectional), reading,
                     CellWeights.from_keras_cell(layer.cell), bool(layer.go_backwards),
                     bool(getattr(layer, "zero_output_for_mask", False)))
