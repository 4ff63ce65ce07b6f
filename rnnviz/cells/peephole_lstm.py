"""Peephole LSTM (Gers & Schmidhuber 2000; the course's "conexiones rendija"): the gates also look at the cell.

Diagonal peepholes, one weight per unit and gate (p_i, p_f, p_o: each unit sees only its own cell state):

    i = sig(x W_i + h U_i + p_i * c_{t-1} + b_i);  f = sig(... + p_f * c_{t-1});  g = tanh(x W_g + h U_g + b_g)
    c_t = f * c_{t-1} + i * g;  o = sig(... + p_o * c_t);  h_t = o * tanh(c_t)

Keras has no such layer: `PeepholeLSTM` below is one (a `keras.layers.RNN` over `PeepholeLSTMCell`), with an
LSTM's kernel, recurrent_kernel and bias in Keras' LSTM layout (blocks i, f, g, o) plus `peephole`
(3 * n_units,: p_i, p_f, p_o). Its parameters are an LSTM's plus 3 x units. The peepholes start at 0, so with the
same seeds it starts as exactly the plain LSTM: any difference after training is the peepholes' doing. Both
classes are registered as Keras serializable: a saved model loads in safe mode, no Lambda.
"""

from __future__ import annotations

import functools

from ..i18n import N_
from .equations import FormulaLine
from .lstm import GATE_TITLES, SATURATION_NOTE, h_line, state_lines
from .registry import CellKind, register

GATES = ("i", "f", "g", "o")
PEEPHOLES = ("i", "f", "o")      # the gates that see the cell: blocks of the `peephole` vector, in this order


def step(arrays, x_kernel_t, h, c, act, gate_act, reset_after=True, nudge_c=None):
    """One step, as PeepholeLSTMCell.call computes it; nudge_c is added to c_t before o and h read it."""
    z = x_kernel_t + h @ arrays["recurrent_kernel"]                  # (x W + h U) + b, as Keras' LSTM
    if arrays["bias"] is not None:
        z = z + arrays["bias"]
    n_units = z.shape[-1] // 4
    block = {name: z[..., k * n_units:(k + 1) * n_units] for k, name in enumerate(GATES)}
    peep = {name: arrays["peephole"][k * n_units:(k + 1) * n_units] for k, name in enumerate(PEEPHOLES)}
    i = gate_act(block["i"] + peep["i"] * c)
    f = gate_act(block["f"] + peep["f"] * c)
    g = act(block["g"])
    new_c = f * c + i * g
    if nudge_c is not None:
        new_c = new_c + nudge_c
    o = gate_act(block["o"] + peep["o"] * new_c)
    return {"i": i, "f": f, "g": g, "o": o}, o * act(new_c), new_c


def explain(s) -> list[FormulaLine]:
    """i, f, g, c, o, h: o comes after c, since it looks at c_t."""
    gate_act, act = s.weights.recurrent_activation, s.weights.activation
    n_units = s.weights.n_units
    weight = {name: float(s.weights.extra["peephole"][k * n_units + s.unit]) for k, name in enumerate(PEEPHOLES)}
    c_prev, c = float(s.trace.c_prev[s.step, s.unit]), float(s.trace.c[s.step, s.unit])
    seen = {"i": (r"c_{t-1}", c_prev), "f": (r"c_{t-1}", c_prev), "o": (r"c_t", c)}

    def gate(name: str) -> FormulaLine:
        if name not in seen:
            return s.gate_line(name, act)
        cell_symbol, cell_value = seen[name]
        return s.gate_line(name, gate_act, extras=[(rf"p_{name} \odot {cell_symbol}", cell_symbol,
                                                     weight[name] * cell_value)])

    i, f, g = gate("i"), gate("f"), gate("g")
    o = gate("o")
    return [i, f, g, *state_lines(s, i.value, f.value, g.value, None), o, h_line(s, o.value)]


@functools.cache
def layer_class():
    """PeepholeLSTM, defined (and registered with Keras) on first use: importing the registry needs no Keras."""
    return _keras_classes()[1]


def _keras_classes():
    import keras
    from keras import ops

    @keras.saving.register_keras_serializable(package="rnnviz")
    class PeepholeLSTMCell(keras.layers.Layer):
        """One step of a peephole LSTM; state_size [h, c]. Weights: kernel (D, 4U), recurrent_kernel (U, 4U),
        bias (4U,) (blocks i, f, g, o, as Keras' LSTMCell), peephole (3U,) (p_i, p_f, p_o)."""

        def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                     kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                     bias_initializer="zeros", peephole_initializer="zeros", unit_forget_bias=True,
                     kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, dropout=0.0,
                     recurrent_dropout=0.0, seed=None, **kwargs):
            super().__init__(**kwargs)
            self.units, self.use_bias, self.unit_forget_bias = units, use_bias, unit_forget_bias
            self.activation = keras.activations.get(activation)
            self.recurrent_activation = keras.activations.get(recurrent_activation)
            self.kernel_initializer = keras.initializers.get(kernel_initializer)
            self.recurrent_initializer = keras.initializers.get(recurrent_initializer)
            self.bias_initializer = keras.initializers.get(bias_initializer)
            self.peephole_initializer = keras.initializers.get(peephole_initializer)
            self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
            self.recurrent_regularizer = keras.regularizers.get(recurrent_regularizer)
            self.bias_regularizer = keras.regularizers.get(bias_regularizer)
            self.dropout, self.recurrent_dropout, self.seed = float(dropout), float(recurrent_dropout), seed
            self.seed_generator = keras.random.SeedGenerator(seed)
            self.state_size = [units, units]
            self.output_size = units

        def build(self, input_shape):
            units = self.units
            self.kernel = self.add_weight(shape=(input_shape[-1], 4 * units), name="kernel",
                                          initializer=self.kernel_initializer, regularizer=self.kernel_regularizer)
            self.recurrent_kernel = self.add_weight(shape=(units, 4 * units), name="recurrent_kernel",
                                                    initializer=self.recurrent_initializer,
                                                    regularizer=self.recurrent_regularizer)
            self.bias = None
            if self.use_bias:
                start = self.bias_initializer
                if self.unit_forget_bias:   # as Keras' LSTM: the forget block starts at 1 (remember by default)
                    def start(shape, dtype=None):
                        return ops.concatenate([self.bias_initializer((units,), dtype), ops.ones((units,), dtype),
                                                self.bias_initializer((2 * units,), dtype)])
                self.bias = self.add_weight(shape=(4 * units,), name="bias", initializer=start,
                                            regularizer=self.bias_regularizer)
            self.peephole = self.add_weight(shape=(3 * units,), name="peephole",
                                            initializer=self.peephole_initializer)
            self.built = True

        def call(self, inputs, states, training=False):
            h, c = states
            if training and self.dropout > 0:
                inputs = keras.random.dropout(inputs, self.dropout, seed=self.seed_generator)
            h_in = h
            if training and self.recurrent_dropout > 0:
                h_in = keras.random.dropout(h, self.recurrent_dropout, seed=self.seed_generator)
            z = ops.matmul(inputs, self.kernel) + ops.matmul(h_in, self.recurrent_kernel)
            if self.use_bias:
                z = z + self.bias
            z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)
            p_i, p_f, p_o = ops.split(self.peephole, 3)
            i = self.recurrent_activation(z_i + p_i * c)
            f = self.recurrent_activation(z_f + p_f * c)
            new_c = f * c + i * self.activation(z_g)
            o = self.recurrent_activation(z_o + p_o * new_c)
            new_h = o * self.activation(new_c)
            return new_h, [new_h, new_c]

        def get_config(self):
            serialize = keras.saving.serialize_keras_object
            return {**super().get_config(), "units": self.units, "use_bias": self.use_bias,
                    "unit_forget_bias": self.unit_forget_bias, "dropout": self.dropout,
                    "recurrent_dropout": self.recurrent_dropout, "seed": self.seed,
                    **{name: serialize(getattr(self, name)) for name in _SERIALIZED}}

    @keras.saving.register_keras_serializable(package="rnnviz")
    class PeepholeLSTM(keras.layers.RNN):
        """A peephole LSTM layer, built like keras.layers.LSTM: PeepholeLSTM(units, return_sequences=...)."""

        def __init__(self, units, return_sequences=False, return_state=False, go_backwards=False, stateful=False,
                     unroll=False, zero_output_for_mask=False, **options):
            layer_options = {key: options.pop(key) for key in list(options) if key in _LAYER_OPTIONS}
            cell = PeepholeLSTMCell(units, dtype=layer_options.get("dtype"), name="peephole_lstm_cell", **options)
            super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                             go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                             zero_output_for_mask=zero_output_for_mask, **layer_options)

        def get_config(self):
            config = super().get_config()
            cell = config.pop("cell")["config"]
            for key in ("name", "trainable", "dtype"):
                cell.pop(key, None)
            return {**config, **cell}

        @classmethod
        def from_config(cls, config):
            return cls(**config)

    return PeepholeLSTMCell, PeepholeLSTM


_SERIALIZED = ("activation", "recurrent_activation", "kernel_initializer", "recurrent_initializer", "bias_initializer",
               "peephole_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer")
_LAYER_OPTIONS = ("name", "dtype", "trainable", "input_shape", "activity_regularizer")

EQUATIONS_CAPTION = N_("Peephole connections (Gers & Schmidhuber 2000): the gates also look at the cell state, f and i "
                  "at c_(t-1), o at the new c_t. Each p is one weight per unit: a unit's gate sees only its own cell.")

KIND = register(CellKind(name="PeepholeLSTM", position=3, gate_names=GATES, sigmoid_gates=("i", "f", "o"), step=step,
                         explain=explain, layer_class=layer_class, colour="#CC79A7", has_cell_state=True,
                         extra_weights={"peephole": 3}, gate_titles=GATE_TITLES, equations_caption=EQUATIONS_CAPTION,
                         saturation_note=SATURATION_NOTE))
