"""How big is the gradient of the loss with respect to each hidden state, step by step?

Backpropagation through time carries the error signal from the loss back to every earlier step. When the
signal shrinks at each step the early words hardly change what the network learns (vanishing gradients);
when it grows it can blow training up (exploding gradients). `gradient_norms` measures it: for every
recurrent layer and every step t it gives ||dL/dh_t|| (and ||dL/dc_t|| for an LSTM's cell state) and
||dL/dx_t|| for the embedded word, per sequence, all from one backward pass, in float64 so tiny values do
not underflow to zero. L is each sequence's own loss (the gradient of a batch's mean loss is this divided by
the batch size), so the numbers do not depend on how many sequences are measured together.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..cells import get_cell

MAX_CHUNK = 256       # sequences per backward pass: bounds memory, the function is traced once per model
QUANTILES = (0.1, 0.9)


@dataclass(frozen=True)
class StateGradients:
    """||dL/dh_t|| (and ||dL/dc_t||) of one recurrent layer, one direction.

    layer: the direction's shared name ("lstm_1", "bidirectional_1/backward"), as `rnnviz.trace` names it.
    hidden: (n_sequences, n_steps) float64; step t is the position of the token in the input, so for a
    backward direction it is the state just after reading token t (coming from the end).
    cell_state: (n_sequences, n_steps) float64 for LSTM, else None.
    """

    layer: str
    cell: str
    hidden: np.ndarray
    cell_state: np.ndarray | None = None
    reads_backward: bool = False     # go_backwards: the direction reads the last word first, the first word last


@dataclass(frozen=True)
class GradientNorms:
    """Everything gradient_norms measured for a batch of sequences.

    inputs: (n_sequences, n_steps) float64, ||dL/dx_t|| of the embedded input at each step.
    mask: (n_sequences, n_steps) bool, True at real tokens (padding gets exactly zero gradient).
    losses: (n_sequences,) each sequence's loss; predictions: the model's output for each sequence.
    """

    layers: tuple[StateGradients, ...]
    inputs: np.ndarray
    mask: np.ndarray
    losses: np.ndarray
    predictions: np.ndarray

    @property
    def n_sequences(self) -> int:
        return self.mask.shape[0]

    @property
    def n_steps(self) -> int:
        return self.mask.shape[1]

    @property
    def layer_names(self) -> tuple[str, ...]:
        return tuple(layer.layer for layer in self.layers)

    def layer(self, name: str | None = None) -> StateGradients:
        """One layer's gradients by name; None = the first recurrent layer (the one nearest the words)."""
        if name is None:
            return self.layers[0]
        for layer in self.layers:
            if layer.layer == name:
                return layer
        raise ValueError(f"no recurrent layer {name!r}; layers: {', '.join(self.layer_names)}")

    def values(self, quantity: str = "hidden", layer: str | None = None) -> np.ndarray:
        """(n_sequences, n_steps) norms of `quantity`: 'hidden' (dL/dh_t), 'cell' (dL/dc_t) or 'input' (dL/dx_t)."""
        if quantity == "input":
            return self.inputs
        if quantity not in ("hidden", "cell"):
            raise ValueError(f"quantity must be 'hidden', 'cell' or 'input', got {quantity!r}")
        chosen = self.layer(layer)
        if quantity == "cell" and chosen.cell_state is None:
            raise ValueError(f"layer {chosen.layer!r} is a {chosen.cell}: only an LSTM has a cell state c_t")
        return chosen.hidden if quantity == "hidden" else chosen.cell_state

    def reads_backward(self, quantity: str = "hidden", layer: str | None = None) -> bool:
        """True when `layer` reads the last word first (go_backwards), so its reading ends on the first word.
        The input x_t is read by every direction: it is lined up at the last word."""
        return quantity != "input" and self.layer(layer).reads_backward

    def by_distance_from_end(self, quantity: str = "hidden", layer: str | None = None) -> np.ndarray:
        """(n_sequences, n_steps): column k is the step k steps before the end of the layer's reading.

        A forward direction's reading ends at each sequence's last real token, a backward direction's at its
        first real token: column k is then the k-th token after it. Sequences of different lengths (padding
        'pre' or 'post') line up there; NaN where a sequence has no token that far back.
        """
        values = self.values(quantity, layer)
        backward = self.reads_backward(quantity, layer)
        aligned = np.full(values.shape, np.nan)
        for row, (norms, real) in enumerate(zip(values, self.mask)):
            positions = np.flatnonzero(real)                       # real tokens, in token order
            positions = positions if backward else positions[::-1]   # the last one read first
            aligned[row, :len(positions)] = norms[positions]
        return aligned

    def summary(self, quantity: str = "hidden", layer: str | None = None, min_sequences: int = 1) -> pd.DataFrame:
        """Per distance from the end: mean, std, median, q10, q90 over the sequences that reach it.

        Index: distance (0 = the last word read: the last word, or the first for a backward direction, whose
        summary has attrs["reads_backward"] = True); only distances reached by at least `min_sequences` sequences (a
        median of the two longest sentences says little about the batch).
        """
        aligned = self.by_distance_from_end(quantity, layer)
        reached = (~np.isnan(aligned)).sum(axis=0) >= max(1, min_sequences)
        aligned = aligned[:, reached]
        with np.errstate(all="ignore"):   # inf (overflow) and NaN (diverged weights) are reported as they are
            low, high = np.nanquantile(aligned, QUANTILES, axis=0)
        table = pd.DataFrame({"mean": np.nanmean(aligned, axis=0), "std": np.nanstd(aligned, axis=0),
                              "median": np.nanmedian(aligned, axis=0), "q10": low, "q90": high,
                              "n_sequences": (~np.isnan(aligned)).sum(axis=0)},
                             index=pd.Index(np.flatnonzero(reached), name="distance"))
        table.attrs["reads_backward"] = self.reads_backward(quantity, layer)
        return table


def gradient_norms(model, x, y, loss=None) -> GradientNorms:
    """||dL/dh_t|| for every recurrent layer and step, ||dL/dc_t|| for LSTM, ||dL/dx_t||: one backward pass.

    Parameters
    ----------
    model : keras.Model
        What `rnnviz.model_plan` reads (an optional Embedding, SimpleRNN / LSTM / GRU layers, stacked or
        Bidirectional, Dense layers; Sequential or a functional chain); anything else raises ValueError naming
        what is supported. Layers are named as in `rnnviz.trace`: "lstm_1", "bidirectional_1/backward".
    x : array (n_sequences, n_steps) of token ids, or (n_steps,) for one sequence; without an Embedding,
        (n_sequences, n_steps, n_features) float vectors (or (n_steps, n_features)).
        Padding (id 0) is masked when the Embedding has mask_zero=True: its steps get exactly zero gradient.
    y : array (n_sequences,) of labels (or a single label for one sequence); a forecast of `horizon` steps:
        (n_sequences, horizon) targets (or (horizon,) for one window).
    loss : optional
        A Keras loss name, function or Loss; default: the model's compiled loss.

    Returns
    -------
    GradientNorms with float64 (n_sequences, n_steps) arrays, computed in float64 from the model's weights.
    The first call for a model compares the replay's predictions with the model's own and raises ValueError if
    they differ (the gradients would be those of another model).
    """
    import tensorflow as tf

    from .unroll import check_against_model, make_plan, make_replay, structure, weights

    plan = make_plan(model, loss)            # reads the weights now: training between calls is seen
    x, y = _check_inputs(plan.model, x, y)
    key = (structure(plan.model), x.ndim, y.dtype.str, None if loss is None else repr(loss))
    with _LOCK:  # sessions may share a read-only model: build its replay once
        cached = _REPLAYS.setdefault(model, {})
        replay = cached.get(key)
        checked = replay is not None
        if replay is None:  # one trace per model serves every batch size and sequence length
            replay = make_replay(plan)
    arrays = weights(plan.model)
    chunks = [replay(tf.constant(x[start:start + MAX_CHUNK]), tf.constant(y[start:start + MAX_CHUNK]), arrays)
              for start in range(0, len(x), MAX_CHUNK)]
    joined = lambda parts: np.concatenate([np.asarray(p) for p in parts])
    losses, predictions, inputs = (joined([c[i] for c in chunks]) for i in range(3))
    if not checked:   # once per model: is the replay the model? (ValueError if not; nothing is cached then)
        batch = slice(0, MAX_CHUNK)
        check_against_model(model, replay, x[batch], y[batch], plan, predictions[batch])
        with _LOCK:
            cached[key] = replay
    directions = plan.model.directions
    lstm_index = {d.name: i for i, d in enumerate(d for d in directions if get_cell(d.weights.cell).has_cell_state)}
    layers = tuple(
        StateGradients(d.name, d.weights.cell, joined([c[3][i] for c in chunks]),
                       joined([c[4][lstm_index[d.name]] for c in chunks]) if d.name in lstm_index else None,
                       reads_backward=d.go_backwards)
        for i, d in enumerate(directions))
    mask = x != 0 if plan.model.mask_zero else np.ones(x.shape[:2], bool)
    return GradientNorms(layers=layers, inputs=inputs, mask=mask, losses=losses.astype(np.float64),
                         predictions=predictions)


# model -> {(structure, input rank, label dtype, loss): traced replay}; weights are read at call time, so training
# between calls is seen, and the entry disappears with the model.
_REPLAYS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _check_inputs(plan, x, y) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(x), np.asarray(y)
    has_embedding = plan.embeddings is not None
    if x.ndim == (1 if has_embedding else 2):   # one sequence
        x, y = x[None], y.reshape(1, -1)
    if x.ndim != (2 if has_embedding else 3) or x.shape[0] == 0 or x.shape[1] == 0:
        expected = "(n_sequences, n_steps) token ids" if has_embedding else \
            f"(n_sequences, n_steps, {plan.n_features}) float vectors (the model has no Embedding)"
        raise ValueError(f"x must be {expected}, got an array of shape {x.shape}")
    if not has_embedding and x.shape[2] != plan.n_features:
        raise ValueError(f"x has {x.shape[2]} features per step but the model reads {plan.n_features}")
    # A forecast of several steps has one row of targets per window, (n_sequences, horizon): keep the rows (its
    # loss averages over them); one target per sequence, (n,) or (n, 1), stays the flat (n,) labels.
    y = y.reshape(len(y), -1) if y.ndim > 0 else y.reshape(1)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if len(y) != len(x):
        raise ValueError(f"x has {len(x)} sequences but y has {len(y)} labels")
    if has_embedding:
        if not np.issubdtype(x.dtype, np.integer):
            raise ValueError(f"x must hold integer token ids, got dtype {x.dtype}")
        x = x.astype(np.int32)
    else:
        x = x.astype(np.float32)
    y = y.astype(np.int32) if np.issubdtype(y.dtype, np.integer) else y.astype(np.float32)
    return x, y
