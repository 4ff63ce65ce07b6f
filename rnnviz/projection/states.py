"""Where sentences end up in hidden-state space, and the path a typed sentence takes to get there.

A recurrent layer reads a sentence word by word; after each word its hidden state h_t (a vector of n_units numbers)
sums up what it has read so far. Each validation sentence becomes one point, the state after its last word, coloured
by its true label or by the model's prediction: a trained model pulls the two classes apart. A typed sentence
becomes a path, one point per word, drawn with the same projection, so one can watch "not" or "but" push the state
across the border.

The states come from the one model plan (`rnnviz.model_plan`), walked in NumPy exactly as `rnnviz.trace` walks
it (checked against Keras' own layer outputs in the tests); layers are named as the trace and `gradient_norms` name
them. For a Bidirectional layer one picks its forward or its backward half ("bidirectional_1/backward"): the
backward one reads the sentence from its last word to its first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from . import methods

MAX_SENTENCES = 2000
_BATCH = 512   # sentences per forward pass: bounds memory on long validation splits


@dataclass(frozen=True)
class StateTrajectory:
    """A typed sentence's path: one hidden state per word, in the order the layer read the words.

    words: the n_steps words in reading order (reversed for a backward layer).
    states: (n_steps, n_units) hidden state after each word.
    coordinates: (n_steps, n_components) the states placed by the projection of the validation states.
    probabilities: (n_classes,) the whole model's prediction for the sentence.
    """

    sentence: str
    words: tuple[str, ...]
    states: np.ndarray
    coordinates: np.ndarray
    probabilities: np.ndarray


@dataclass(frozen=True)
class StateProjection:
    """Final hidden states of validation sentences, projected.

    states: (n_sentences, n_units) state of `layer` after each sentence's last word (first, for a backward layer).
    labels: (n_sentences,) true classes. probabilities: (n_sentences, n_classes) the model's predictions.
    projection.coordinates: (n_sentences, n_components).
    """

    layer: str
    states: np.ndarray
    labels: np.ndarray
    probabilities: np.ndarray
    texts: tuple[str, ...]
    class_names: tuple[str, ...]
    projection: methods.Projection
    trajectory: StateTrajectory | None = None

    @property
    def coordinates(self) -> np.ndarray:
        return self.projection.coordinates

    @property
    def predictions(self) -> np.ndarray:
        """(n_sentences,) predicted classes."""
        return self.probabilities.argmax(axis=1)


def recurrent_layer_choices(model) -> tuple[str, ...]:
    """The shared names of the directions whose states can be shown (as `rnnviz.trace` and `gradient_norms` name
    them): 'lstm_1', ...; 'bidirectional_1/forward' and 'bidirectional_1/backward'. () without a recurrent layer."""
    from ..model_plan import RECURRENT_LAYERS

    if not any(type(layer).__name__ in RECURRENT_LAYERS + ("Bidirectional",) for layer in model.layers):
        return ()
    return _plan(model).direction_names


def default_layer(model) -> str:
    """The last recurrent layer (its forward half when Bidirectional): the one the classifier reads."""
    if not recurrent_layer_choices(model):
        raise ValueError(f"model {model.name!r} has no recurrent layer, so it has no hidden states to show "
                         "(a pooling or flatten baseline reads the words without a state)")
    return _plan(model).recurrent[-1].directions[0].name


def final_states(model, x, layer: str | None = None) -> np.ndarray:
    """(n_sequences, n_units) the state of `layer` after reading each padded sequence of `x` (n_sequences, T)."""
    return final_states_and_probabilities(model, x, layer)[0]


def final_states_and_probabilities(model, x, layer: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """((n_sequences, n_units) final states of `layer`, (n_sequences, n_classes) class probabilities), both
    from one walk of the model plan (whose outputs tests check against model.predict). One walk instead of
    a walk and a model.predict: predict traces a tf.function on a model's first use, ~1-2 s on 2 cores, most
    of a first visit to the Embeddings page."""
    plan = _plan(model)
    name = _check_layer(model, layer or default_layer(model))
    x = np.asarray(x, dtype=np.int32)
    states, outputs = [], []
    for start in range(0, len(x), _BATCH):
        h, direction, output = _states(plan, name, x[start:start + _BATCH])
        states.append(h[:, 0 if direction.go_backwards else -1])   # after the last step it processes
        outputs.append(output)
    return np.concatenate(states), _as_probabilities(np.concatenate(outputs))


def trace_states(model, dataset, sentence: str, layer: str | None = None) -> tuple[tuple[str, ...], np.ndarray]:
    """The state of `layer` after each word of `sentence`: (words in reading order, (n_steps, n_units) states)."""
    plan = _plan(model)
    name = _check_layer(model, layer or default_layer(model))
    encoded = dataset.encode_sentence(sentence)
    ids = encoded.ids[None, :].astype(np.int32)
    if plan.reads_full_length and ids.shape[1] < plan.input_length:
        from ..data.dataset import pad  # padding changes this model's result: read what predict reads

        ids = pad([list(map(int, encoded.ids))], plan.input_length, dataset.padding).astype(np.int32)
    # With masking the unpadded sentence alone gives exactly the padded result, and one state per real word.
    h, direction, _ = _states(plan, name, ids)
    states = h[0][ids[0] != 0] if plan.reads_full_length else h[0]
    if direction.go_backwards:                                  # in the order the layer read the words
        return tuple(encoded.tokens[::-1]), states[::-1]
    return tuple(encoded.tokens), states


def project_states(model, dataset, layer: str | None = None, method: str = "pca", sentence: str | None = None,
                   n_sentences: int | None = None, n_components: int = 2, seed: int = 0, perplexity: float = 30.0,
                   progress=None) -> StateProjection:
    """Project the final hidden states of validation sentences, and optionally a typed sentence's path.

    Parameters
    ----------
    model : a Keras model with at least one recurrent layer
    dataset : the Dataset it was trained on (its validation split is projected)
    layer : one of `recurrent_layer_choices(model)`; default: the last recurrent layer
    method : "pca" or "tsne". With PCA the sentence's states are placed by the rotation fitted on the validation
        states; t-SNE cannot place new points, so they are embedded together with the validation states.
    sentence : optional typed sentence, drawn as a path
    n_sentences : the first n validation sentences (default: all, up to 2,000)
    n_components, seed, perplexity, progress : as in `methods.project`

    Returns
    -------
    StateProjection
    """
    methods.check_method(method)
    layer = layer or default_layer(model)
    n_available = len(dataset.validation)
    if n_sentences is None:
        n_sentences = min(n_available, MAX_SENTENCES)
    limit = min(n_available, MAX_SENTENCES)
    if isinstance(n_sentences, bool) or not isinstance(n_sentences, (int, np.integer)) \
            or not 3 <= n_sentences <= limit:
        raise ValueError(f"n_sentences must be an integer from 3 to {limit:,} (the validation split has "
                         f"{n_available:,} sentences), got {n_sentences!r}")
    x = dataset.validation.x[:n_sentences]
    states, probabilities = final_states_and_probabilities(model, x, layer)   # (n_sentences, n_units / n_classes)
    base = StateProjection(layer=layer, states=states, labels=dataset.validation.y[:n_sentences],
                           probabilities=probabilities,
                           texts=dataset.validation.texts[:n_sentences], class_names=dataset.class_names,
                           projection=None)
    if method == "pca" or sentence is None:
        projection = methods.project(states, method, n_components, perplexity, seed, progress)
        result = replace(base, projection=projection)
        return add_trajectory(result, model, dataset, sentence) if sentence is not None else result
    words, path_states = trace_states(model, dataset, sentence, layer)
    joint = methods.project(np.concatenate([states, path_states]), method, n_components, perplexity, seed, progress)
    projection = replace(joint, coordinates=joint.coordinates[:n_sentences])
    trajectory = StateTrajectory(sentence, words, path_states, joint.coordinates[n_sentences:],
                                 class_probabilities(model, dataset.encode([sentence]))[0])
    return replace(base, projection=projection, trajectory=trajectory)


def add_trajectory(projection: StateProjection, model, dataset, sentence: str) -> StateProjection:
    """A copy of a PCA `projection` with `sentence`'s path placed by the same rotation (cheap: no refit)."""
    words, path_states = trace_states(model, dataset, sentence, projection.layer)
    coordinates = projection.projection.transform(path_states)      # ValueError for t-SNE, with the reason
    trajectory = StateTrajectory(sentence, words, path_states, coordinates,
                                 class_probabilities(model, dataset.encode([sentence]))[0])
    return replace(projection, trajectory=trajectory)


def class_probabilities(model, x) -> np.ndarray:
    """(n_sequences, n_classes) predicted class probabilities (a sigmoid output p becomes [1 - p, p])."""
    return final_states_and_probabilities(model, x)[1]


def _as_probabilities(output: np.ndarray) -> np.ndarray:
    """(n, 1) sigmoid outputs p -> (n, 2) [1 - p, p]; (n, k) softmax outputs as they are; float64."""
    output = np.asarray(output, dtype=np.float64)
    return np.column_stack([1.0 - output[:, 0], output[:, 0]]) if output.shape[1] == 1 else output


def _plan(model):
    from ..model_plan import plan_model

    return plan_model(model)


def _check_layer(model, name: str) -> str:
    choices = recurrent_layer_choices(model)
    if name not in choices:
        raise ValueError(f"layer must be one of {', '.join(map(repr, choices)) or '(none: no recurrent layer)'}, "
                         f"got {name!r}")
    return name


def _states(plan, name: str, ids: np.ndarray):
    """((n_sequences, n_steps, n_units) h of direction `name` by token position, the plan's Direction,
    (n_sequences, n_outputs) the model's outputs), from the NumPy walk of the model plan (the one
    `rnnviz.trace` uses, checked against Keras)."""
    from ..tracing.walk import run_plan

    _, _, direction = plan.direction(name)
    records, outputs, _ = run_plan(plan, ids)
    record = next(record for _, d, _, record in records if d.name == name)
    return record["h"], direction, outputs
