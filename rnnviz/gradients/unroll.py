"""The model, replayed one step at a time so that every hidden state can be nudged.

`tape.gradient(loss, layer_output)` only sees where the loss reads the output (the last step). To get
dL/dh_t for every step t from one backward pass, we unroll each recurrent layer's own Keras cell in a
tf.function and add a zero tensor delta_t to the state after every step: dL/d(delta_t) = dL/dh_t, the total
derivative through all later steps. The replay reproduces Keras' masking rules (a padded step is computed
and then discarded with tf.where, so its delta gets exactly zero gradient), stacking (the output sequence
feeds the next layer) and Bidirectional (the backward layer reads the reversed sequence; its states are
reported at the position of the token they have just read).
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import tensorflow as tf

CELL_CLASSES = {"SimpleRNN": keras.layers.SimpleRNNCell, "LSTM": keras.layers.LSTMCell,
                "GRU": keras.layers.GRUCell}
SUPPORTED = ("an optional Embedding, then SimpleRNN / LSTM / GRU layers (stacked with return_sequences=True, "
             "or wrapped in Bidirectional with merge_mode concat, sum, ave or mul; Dropout between them is "
             "fine), then any layers that read the last recurrent output")
_TRANSPARENT = (keras.layers.Dropout, keras.layers.SpatialDropout1D, keras.layers.GaussianNoise,
                keras.layers.GaussianDropout)   # identity at inference: safe to skip


@dataclass(frozen=True)
class Direction:
    """One recurrent layer reading the sequence in one direction (a Bidirectional layer has two)."""

    name: str           # "lstm_1", or "bidirectional_1/forward" and "bidirectional_1/backward"
    layer: object       # the keras RNN layer (its .cell holds the weights)
    kind: str           # SimpleRNN | LSTM | GRU

    @property
    def units(self) -> int:
        return int(self.layer.cell.units)


@dataclass(frozen=True)
class Plan:
    """The model cut into the three parts the replay needs."""

    embedding: object | None            # keras Embedding, or None when the model reads float vectors
    recurrent: tuple                    # per recurrent layer: (keras layer, tuple of Directions)
    after: tuple                        # layers applied to the last recurrent output (Dense ...)
    loss: object                        # per-sequence loss: f(y_true, y_pred) -> (n_sequences,)


def make_plan(model, loss=None) -> Plan:
    """Check that `model` is a chain the replay understands and split it; ValueError otherwise."""
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    embedding = None
    if layers and isinstance(layers[0], keras.layers.Embedding):
        embedding, layers = layers[0], layers[1:]
    recurrent, after = [], []
    for layer in layers:
        is_recurrent = isinstance(layer, (keras.layers.RNN, keras.layers.Bidirectional))
        if after and is_recurrent:
            raise ValueError(f"layer {layer.name!r} is recurrent but comes after {after[0].name!r}; "
                             f"gradients through time support {SUPPORTED}")
        if is_recurrent:
            recurrent.append((layer, _directions(layer)))
        elif isinstance(layer, _TRANSPARENT) and not after:
            continue
        elif not recurrent:
            raise ValueError(f"layer {layer.name!r} ({type(layer).__name__}) comes before the recurrent layers; "
                             f"gradients through time support {SUPPORTED}")
        else:
            after.append(layer)
    if not recurrent:
        raise ValueError(f"model {model.name!r} has no recurrent layer (SimpleRNN, LSTM or GRU): there is no "
                         "hidden state to follow through time")
    for layer, _ in recurrent[:-1]:
        if not layer.return_sequences:
            raise ValueError(f"layer {layer.name!r} must return sequences to feed the next recurrent layer")
    return Plan(embedding, tuple(recurrent), tuple(after), _per_sequence_loss(model, loss))


def _directions(layer) -> tuple:
    if isinstance(layer, keras.layers.Bidirectional):
        if layer.merge_mode not in ("concat", "sum", "ave", "mul"):
            raise ValueError(f"Bidirectional layer {layer.name!r} has merge_mode={layer.merge_mode!r}; "
                             "supported: concat, sum, ave, mul")
        return (Direction(f"{layer.name}/forward", layer.forward_layer, _kind(layer.forward_layer)),
                Direction(f"{layer.name}/backward", layer.backward_layer, _kind(layer.backward_layer)))
    return (Direction(layer.name, layer, _kind(layer)),)


def _kind(layer) -> str:
    for kind, cell_class in CELL_CLASSES.items():
        if type(layer.cell) is cell_class:
            if getattr(layer, "stateful", False):
                raise ValueError(f"layer {layer.name!r} is stateful; only stateless layers are supported")
            return kind
    raise ValueError(f"layer {layer.name!r} has a {type(layer.cell).__name__}; gradients through time support "
                     f"{SUPPORTED}")


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


def make_replay(plan: Plan, input_spec: tf.TensorSpec, label_dtype):
    """A tf.function (x, y) -> (losses, predictions, input norms, [hidden norms], [cell norms]).

    x: (n_sequences, n_steps) ids (or (n_sequences, n_steps, n_features) floats without an Embedding).
    All norms are float64 tensors (n_sequences, n_steps); cell norms are given for LSTM directions only.
    Each layer is a tf.scan over time, so the graph (and the ~1 s trace) does not grow with n_steps.
    """
    directions = [d for _, ds in plan.recurrent for d in ds]

    @tf.function(input_signature=[input_spec, tf.TensorSpec((None,), label_dtype)], reduce_retracing=True)
    def replay(x, y):
        if plan.embedding is not None:
            embedded = plan.embedding(x)                                      # (B, T, D)
            mask = plan.embedding.compute_mask(x)                             # (B, T) or None
        else:
            embedded, mask = tf.cast(x, keras.backend.floatx()), None
        shape = tf.shape(embedded)
        keep = tf.transpose(mask) if mask is not None else tf.ones((shape[1], shape[0]), tf.bool)   # (T, B)
        zeros = lambda d: tf.zeros((shape[1], shape[0], d.units), embedded.dtype)  # noqa: E731 - (T, B, U)
        deltas_h = {d.name: zeros(d) for d in directions}
        deltas_c = {d.name: zeros(d) for d in directions if d.kind == "LSTM"}
        with tf.GradientTape() as tape:
            tape.watch([embedded, deltas_h, deltas_c])
            sequence = tf.transpose(embedded, (1, 0, 2))                       # (T, B, D): time first for scan
            last = None
            for layer, layer_directions in plan.recurrent:
                outputs = [_run_direction(d, sequence, keep, mask is not None, deltas_h[d.name],
                                          deltas_c.get(d.name)) for d in layer_directions]
                sequence, last = _merge(layer, outputs)
            prediction = tf.transpose(sequence, (1, 0, 2)) if plan.recurrent[-1][0].return_sequences else last
            for layer in plan.after:
                prediction = layer(prediction, training=False)
            losses = plan.loss(_match_rank(y, prediction), prediction)         # (B,)
            total = tf.reduce_sum(losses)  # sequences are independent: each delta sees its own loss only
        grads = tape.gradient(total, [embedded, deltas_h, deltas_c],
                              unconnected_gradients=tf.UnconnectedGradients.ZERO)
        input_norms = _norms(grads[0])                                         # (B, T)
        hidden = [_norms(tf.transpose(grads[1][d.name], (1, 0, 2))) for d in directions]
        cell = [_norms(tf.transpose(grads[2][d.name], (1, 0, 2))) for d in directions if d.kind == "LSTM"]
        return losses, prediction, input_norms, hidden, cell

    return replay


def _norms(gradients: tf.Tensor) -> tf.Tensor:
    """(B, T, n) gradients -> (B, T) Euclidean norms, squared in float64 (float32 squares underflow at 1e-19)."""
    return tf.sqrt(tf.reduce_sum(tf.square(tf.cast(gradients, tf.float64)), axis=-1))


def _match_rank(y, prediction):
    """Labels (B,) against a (B, 1) sigmoid output become (B, 1), as Keras' compiled loss does."""
    if prediction.shape.rank == 2 and prediction.shape[-1] == 1:
        return tf.cast(y[:, None], prediction.dtype)
    return y


def _run_direction(direction: Direction, inputs, keep, masked: bool, deltas_h, deltas_c):
    """Scan one layer's cell over (T, B, D) inputs; returns ((T, B, U) outputs in input order, last output)."""
    layer, cell = direction.layer, direction.layer.cell
    is_lstm = deltas_c is not None
    batch = tf.shape(inputs)[1]
    zero = tf.zeros((batch, direction.units), inputs.dtype)
    carry = (zero, zero, zero)               # h, c (LSTM only, else unused), output of the previous step

    def step(carry, elements):
        h, c, previous_output = carry
        x_t, keep_t, delta_h, delta_c = elements
        states = [h, c] if is_lstm else [h]
        output, new_states = cell(x_t, states, training=False)
        new_states = list(new_states) if isinstance(new_states, (list, tuple)) else [new_states]
        new_c = c
        if is_lstm:
            output = _with_cell_delta(cell, x_t, h, new_states[1], output, delta_c)
            new_c = new_states[1] + delta_c
        output = output + delta_h            # h_t is both the output and the state carried on
        if not masked:
            return output, new_c, output
        # A padded step is computed, then discarded (Keras' rule): state carried, output repeated or zero.
        keep_t = keep_t[:, None]
        fallback = tf.zeros_like(output) if layer.zero_output_for_mask else previous_output
        return (tf.where(keep_t, output, h), tf.where(keep_t, new_c, c),
                tf.where(keep_t, output, fallback))

    elements = (inputs, keep, deltas_h, deltas_c if is_lstm else deltas_h)
    # reverse=True reads the last token first but returns the results aligned with the input positions.
    _, _, outputs = tf.scan(step, elements, initializer=carry, reverse=layer.go_backwards)
    # Keras' last output is the one of the last step processed (go_backwards: the first token).
    return outputs, outputs[0] if layer.go_backwards else outputs[-1]


def _with_cell_delta(cell, x_t, h_previous, c_t, h_t, delta_c):
    """h_t as a function of a nudged c_t: h_t + o_t * (act(c_t + delta) - act(c_t)).

    Equal to the cell's own h_t at delta = 0 (so the replay stays Keras' exact forward pass), while
    d h_t / d delta = o_t * act'(c_t): dL/dc_t then counts the path through h_t as well as the later steps.
    """
    units = cell.units
    z_o = tf.matmul(x_t, cell.kernel[:, 3 * units:]) + tf.matmul(h_previous, cell.recurrent_kernel[:, 3 * units:])
    if cell.use_bias:
        z_o = z_o + cell.bias[3 * units:]
    o_t = cell.recurrent_activation(z_o)
    return h_t + o_t * (cell.activation(c_t + delta_c) - cell.activation(c_t))


def _merge(layer, outputs: list):
    """Per-direction outputs -> ((T, B, U') sequence, (B, U') last output), as the layer combines them."""
    if len(outputs) == 1:
        return outputs[0]
    (forward, forward_last), (backward, backward_last) = outputs
    if not layer.return_sequences:
        return None, _combine(layer.merge_mode, forward_last, backward_last)
    # The backward sequence is already in input order here (Keras flips it back the same way).
    merged = _combine(layer.merge_mode, forward, backward)
    return merged, merged[-1]


def _combine(mode: str, forward, backward):
    if mode == "concat":
        return tf.concat([forward, backward], axis=-1)
    if mode == "sum":
        return forward + backward
    if mode == "ave":
        return (forward + backward) / 2
    return forward * backward
