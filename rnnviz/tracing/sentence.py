"""`trace(model, "the movie was not good at all", dataset=data)`: one sentence through a trained network, step by step.

(A forecasting model, without an Embedding, is traced on a window of values: `trace(model, data.test.x[0])`,
see `window.py`; the result is the same Trace.)

The result is a `Trace`: for every recurrent layer (and each direction of a Bidirectional one) the input
vector, the hidden state and every gate at every word, all indexed by token position, and the model's
prediction after each prefix of the sentence: how the sentiment evolves word by word.

A model that reads the words through a convolution first (Conv1D + MaxPooling1D + GRU) takes one recurrent step
per pooled window: its trace is indexed by step, each step covering the words `Trace.spans` says.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..i18n import _
from ..model_plan import CellWeights, direction_name, plan_model
from .walk import apply_head, run_plan
from .window import forecasts_by_step, step_names, window_inputs

PADDING_DISPLAY = "·"   # how a padding step is written on an axis


@dataclass(frozen=True)
class CellTrace:
    """One direction of one recurrent layer over one sentence. Every array is indexed by token position.

    inputs: (n_steps, n_inputs) x_t, the vector the layer reads at each token.
    h: (n_steps, n_units) the hidden state after reading token t (carried over at padding steps).
    h_prev: (n_steps, n_units) the state the step started from: h_{t-1} in processing order (for a backward
        direction, that is the state after token t + 1).
    output: (n_steps, n_units) what the layer emits at each step (differs from h only at padding steps).
    c, c_prev: (n_steps, n_units) the LSTM cell state after / before each step; None for other cells.
    gates: name -> (n_steps, n_units); LSTM "i", "f", "g" (candidate), "o"; GRU "z", "r", "h_tilde";
        SimpleRNN "pre_activation" (the number inside tanh). NaN at padding steps (Keras discards them).
    """

    layer: str                       # the Keras layer's name, e.g. "lstm_1" or "bidirectional_1"
    direction: str                   # "forward" or "backward": the order the tokens are read in
    bidirectional: bool              # True for a half of a Bidirectional layer
    weights: CellWeights
    inputs: np.ndarray
    h: np.ndarray
    h_prev: np.ndarray
    output: np.ndarray
    c: np.ndarray | None
    c_prev: np.ndarray | None
    gates: dict = field(default_factory=dict)

    @property
    def cell(self) -> str:
        return self.weights.cell

    @property
    def label(self) -> str:
        """The direction's one name, shared with gradient_norms and project_states: "lstm_1" (also for a lone
        go_backwards layer), "bidirectional_1/forward", "bidirectional_1/backward"."""
        return direction_name(self.layer, self.direction, self.bidirectional)

    @property
    def n_steps(self) -> int:
        return self.h.shape[0]

    @property
    def n_units(self) -> int:
        return self.h.shape[1]


@dataclass(frozen=True)
class Trace:
    """A sentence (or a window of a series) traced through a model.

    token_ids: (n_steps,) the ids the model read (0 = padding); None for a window of a series.
    tokens: (n_steps,) the tokens as the vocabulary sees them: the OOV token for unknown words, "" for padding.
    words: (n_steps,) the words as typed (unknown words kept, so they can be shown and marked).
    is_unknown: (n_steps,) bool, True where the word is not in the vocabulary.
    mask: (n_steps,) bool, False at padding steps the model skips (Embedding mask_zero).
    layers: one CellTrace per recurrent layer and direction, in model order (forward before backward).
    predictions: (n_steps, n_outputs) the model's output for the prefix made of tokens 0..t, equal to
        model.predict on that prefix padded as the dataset pads (one sigmoid output for a binary task).
        For a window: the forecast (n_outputs = horizon) had the window ended at step t (`forecasts_by_step`).
    window: (n_steps, n_features) float32, the values a series model read (tokens and words are then the step
        names "t-11" ... "t-0"); None for a sentence.
    spans: (n_steps, 2) int, for a model with a convolution stage: the words [start, stop) of token_ids each
        step covers (tokens, words and is_unknown then describe those groups of words; token_ids has one entry
        per word read, and predictions[t] is model.predict on the text cut after step t's last word); None when
        every step is one word.
    """

    token_ids: np.ndarray | None
    tokens: tuple[str, ...]
    words: tuple[str, ...]
    is_unknown: np.ndarray
    mask: np.ndarray
    layers: tuple[CellTrace, ...]
    predictions: np.ndarray
    class_names: tuple[str, ...] = ()
    n_truncated: int = 0             # words cut because the sentence was longer than the model reads
    window: np.ndarray | None = None
    spans: np.ndarray | None = None

    @property
    def n_steps(self) -> int:
        return len(self.mask)

    @property
    def is_series(self) -> bool:
        return self.window is not None

    @property
    def step_noun(self) -> str:
        """What one step is, for hover texts: "word", "words" (a group, after a convolution) or "step"."""
        if self.spans is not None:
            return _("words")
        return _("step") if self.is_series else _("word")

    @property
    def step_kind(self) -> str:
        """How a step is named on an axis: a word of the sentence, a group of words, or a step of the window."""
        if self.spans is not None:
            return _("group of words (one step after the convolution and pooling)")
        return (_("step of the window (t-0: the last value read)") if self.is_series
                else _("word (position in the sentence)"))

    @property
    def labels(self) -> list[str]:
        """One axis label per step: the token, the OOV token for unknown words, a dot for padding (a group of
        words: its first and last word)."""
        if self.spans is not None:
            return [PADDING_DISPLAY if not token else token if " " not in token else
                    f"{token.split()[0]}…{token.split()[-1]}" for token in self.tokens]
        return [PADDING_DISPLAY if not token else token for token in self.tokens]

    def steps(self, start: int, stop: int) -> "Trace":
        """The same trace cut to steps [start, stop), e.g. a window of words of a long review to draw; the
        numbers are the full sentence's (the state at a step still carries everything read before it)."""
        if not (isinstance(start, (int, np.integer)) and isinstance(stop, (int, np.integer))
                and 0 <= start < stop <= self.n_steps):
            raise ValueError(f"steps must satisfy 0 <= start < stop <= {self.n_steps}, got start={start!r}, "
                             f"stop={stop!r}")
        cut = slice(int(start), int(stop))

        def cell(c: CellTrace) -> CellTrace:
            arrays = {name: getattr(c, name)[cut] for name in ("inputs", "h", "h_prev", "output")}
            for name in ("c", "c_prev"):
                arrays[name] = None if getattr(c, name) is None else getattr(c, name)[cut]
            return replace(c, gates={k: v[cut] for k, v in c.gates.items()}, **arrays)

        ids, spans = self.token_ids, self.spans
        if spans is not None:            # token_ids are per word: keep the words of these steps
            ids, spans = ids[spans[start, 0]:spans[stop - 1, 1]], spans[cut] - spans[start, 0]
        elif ids is not None:
            ids = ids[cut]
        return replace(self, token_ids=ids, tokens=self.tokens[cut], words=self.words[cut],
                       is_unknown=self.is_unknown[cut], mask=self.mask[cut], layers=tuple(map(cell, self.layers)),
                       predictions=self.predictions[cut], spans=spans,
                       window=None if self.window is None else self.window[cut])

    def layer(self, label: str) -> CellTrace:
        """The CellTrace with this label (see CellTrace.label) or layer name (its first direction)."""
        for cell_trace in self.layers:
            if label in (cell_trace.label, cell_trace.layer):
                return cell_trace
        raise ValueError(f"no recurrent layer {label!r}; traced: {', '.join(t.label for t in self.layers)}")

    def class_probability(self) -> tuple[str, np.ndarray]:
        """(name, (n_steps,) probabilities) of the class the prediction line follows: the positive class of a
        binary task, else the class predicted for the whole sentence."""
        if self.predictions.shape[1] == 1:
            name = self.class_names[1] if len(self.class_names) == 2 else "class 1"
            return name, self.predictions[:, 0]
        index = int(np.argmax(self.predictions[-1]))
        name = self.class_names[index] if len(self.class_names) > index else _("class {index}").format(index=index)
        return name, self.predictions[:, index]


def trace(model, text_or_token_ids, dataset=None, padding: str | None = None) -> Trace:
    """Trace a sentence through a trained recurrent model, step by step, from the layers' own weights.

    Parameters
    ----------
    model : a keras model (Embedding -> SimpleRNN / LSTM / GRU layers, stacked or Bidirectional -> Dense),
        or a `rnnviz.Run` (its model and dataset are used).
    text_or_token_ids : a sentence (needs `dataset` to turn words into ids) or (n_steps,) token ids; for a
        model without an Embedding (a forecasting model), a window (look_back, n_features) of scaled values,
        e.g. ``dataset.test.x[i]`` (dataset and padding are then not used).
    dataset : the Dataset the model was trained on: its vocabulary, sequence length and padding side.
    padding : "pre" or "post": how prefixes are padded for the prediction after each word; default the
        dataset's, else "pre" (Keras' pad_sequences). Only matters for a model without masking.

    Returns
    -------
    Trace, arrays indexed by token position. For a model whose Embedding masks padding, a typed sentence is
    traced unpadded (Keras gives exactly the same result as for the padded, masked sentence).
    """
    if hasattr(model, "model") and hasattr(model, "dataset"):   # a Run
        model, dataset = model.model, dataset if dataset is not None else model.dataset
    plan = plan_model(model, convolution=True)
    if plan.embeddings is None:
        if isinstance(text_or_token_ids, str):
            raise ValueError(f"model {model.name!r} reads float vectors (no Embedding), not sentences: give it a "
                             f"window of shape ({plan.input_length or 'n_steps'}, {plan.n_features})")
        return _trace_window(plan, text_or_token_ids)
    padding = padding or (dataset.padding if dataset is not None else "pre")
    if padding not in ("pre", "post"):
        raise ValueError(f"padding must be 'pre' or 'post', got {padding!r}")
    ids, words, is_unknown, n_truncated = _read_input(text_or_token_ids, dataset, plan, padding)
    records, _, mask = run_plan(plan, ids[None, :])
    layers = _cell_traces(records)
    tokens = tuple(dataset.vocabulary[i] if dataset is not None else ("" if i == 0 else str(i)) for i in ids)
    class_names = tuple(dataset.class_names) if dataset is not None else ()
    if plan.front:
        return _grouped_trace(plan, ids, tokens, words, is_unknown, n_truncated, layers, padding, class_names)
    if plan.mask_zero and plan.is_causal:
        # Reading left to right, the top layer's output at step t is its output for the prefix 0..t
        # (padding is skipped wherever it is), so one pass gives every prefix's prediction.
        predictions = apply_head(plan, layers[-1].output)
    else:
        predictions = prefix_predictions(plan, ids, padding)
    return Trace(token_ids=ids, tokens=tokens, words=words, is_unknown=is_unknown, mask=mask[0], layers=layers,
                 predictions=predictions, class_names=class_names, n_truncated=n_truncated)


def _grouped_trace(plan, ids, tokens, words, is_unknown, n_truncated, layers, padding, class_names) -> Trace:
    """The Trace of a model with a convolution stage: one step per group of words (`plan.step_spans`)."""
    spans = plan.step_spans(len(ids))
    ends = spans[:, 1].copy()
    ends[-1] = len(ids)       # the last step's prediction is the whole text's (a 'valid' stage may drop words)

    def group(values):
        return tuple(" ".join(v for v in values[start:stop] if v) for start, stop in spans)

    return Trace(token_ids=ids, tokens=group(tokens), words=group(words),
                 is_unknown=np.array([is_unknown[start:stop].any() for start, stop in spans]),
                 mask=np.ones(len(spans), bool), layers=layers, predictions=prefix_predictions(plan, ids, padding, ends),
                 class_names=class_names, n_truncated=n_truncated, spans=spans)


def _cell_traces(records) -> tuple[CellTrace, ...]:
    """One CellTrace per direction from run_plan's records of a batch of one sequence."""
    return tuple(
        CellTrace(layer=step.layer_name, direction=direction.reading, bidirectional=step.bidirectional,
                  weights=direction.weights, inputs=inputs[0], h=record["h"][0], h_prev=record["h_prev"][0],
                  output=record["output"][0], c=record["c"][0] if "c" in record else None,
                  c_prev=record["c_prev"][0] if "c_prev" in record else None,
                  gates={name: record[name][0] for name in direction.weights.gate_names})
        for step, direction, inputs, record in records)


def _trace_window(plan, window) -> Trace:
    """The Trace of one window (n_steps, n_features) through a model without an Embedding."""
    values, records, outputs, mask = window_inputs(plan, window)
    names = step_names(len(values))
    return Trace(token_ids=None, tokens=names, words=names, is_unknown=np.zeros(len(values), bool), mask=mask,
                 layers=_cell_traces(records), predictions=forecasts_by_step(plan, values, records, outputs),
                 window=values)


def prefix_predictions(plan, ids: np.ndarray, padding: str, ends=None) -> np.ndarray:
    """(n_prefixes, n_outputs): the model's output for each prefix ids[:end] (ends: default 1 .. len(ids), one per
    word), padded with zeros to the model's input length on the `padding` side, all prefixes in one batch."""
    length = plan.input_length or len(ids)
    ends = range(1, len(ids) + 1) if ends is None else ends
    batch = np.zeros((len(ends), length), ids.dtype)                  # (n_prefixes, length)
    for t, end in enumerate(ends):
        prefix = ids[:end]
        if padding == "pre":
            batch[t, length - len(prefix):] = prefix
        else:
            batch[t, :len(prefix)] = prefix
    return run_plan(plan, batch)[1]


def _read_input(text_or_token_ids, dataset, plan, padding):
    """(ids, words, is_unknown, n_truncated) for a typed sentence or a sequence of ids."""
    vocabulary_size = plan.embeddings.shape[0]
    if isinstance(text_or_token_ids, str):
        if dataset is None:
            raise ValueError("a typed sentence needs dataset= (its vocabulary turns words into ids)")
        if dataset.vocabulary_size != vocabulary_size:
            raise ValueError(f"the dataset has {dataset.vocabulary_size} tokens but the model's Embedding "
                             f"has {vocabulary_size}: they were not made together")
        encoded = dataset.encode_sentence(text_or_token_ids)      # ValueError with a hint for empty text
        ids, words, unknown, n_truncated = encoded.ids.astype(np.int64), encoded.words, encoded.is_unknown, \
            encoded.n_truncated
    else:
        ids = np.asarray(text_or_token_ids)
        if ids.ndim != 1 or ids.size == 0 or not np.issubdtype(ids.dtype, np.integer):
            raise ValueError(f"token ids must be a non-empty 1-D sequence of integers, got shape {ids.shape} "
                             f"of {ids.dtype}")
        if ids.min() < 0 or ids.max() >= vocabulary_size:
            raise ValueError(f"token ids must be from 0 to {vocabulary_size - 1} (the Embedding's vocabulary), "
                             f"got {ids.min()} to {ids.max()}")
        if plan.input_length and len(ids) > plan.input_length:
            raise ValueError(_("the model reads at most {limit} tokens, got {n}").format(limit=plan.input_length,
                                                                                          n=len(ids)))
        ids, n_truncated = ids.astype(np.int64), 0
        words = tuple(dataset.vocabulary[i] if dataset is not None else ("" if i == 0 else str(i)) for i in ids)
        unknown = ids == 1 if dataset is not None else np.zeros(len(ids), bool)
    if plan.reads_full_length and len(ids) < plan.input_length:
        # Here padding changes the result (see ModelPlan.reads_full_length): trace what model.predict reads.
        n_pad = plan.input_length - len(ids)
        before = padding == "pre"
        ids = np.concatenate([np.zeros(n_pad, np.int64), ids][::1 if before else -1])
        words = (("",) * n_pad + tuple(words)) if before else (tuple(words) + ("",) * n_pad)
        unknown = np.concatenate([np.zeros(n_pad, bool), unknown][::1 if before else -1])
    return ids, tuple(words), np.asarray(unknown, bool), n_truncated
