"""Every registered cell kind (rnnviz.cells) against independent oracles: a cell is tested by being registered.

For each kind: the trace against its own Keras layer's outputs; c_t and h_t rebuilt from the traced gates;
its equations' numbers against the traced values; ||dL/dh_t|| (and ||dL/dc_t||) against central finite
differences through Keras' own layer; the parameter count against Keras'; a saved model loaded in a fresh
process in safe mode.
"""

import subprocess
import sys

import keras
import numpy as np
import pytest

import rnnviz
from rnnviz.cells import cell_names, course_cells, get_cell
from rnnviz.gradients import gradient_norms
from rnnviz.models import ModelConfig, build_keras_model
from rnnviz.training_request import parameters_per_step

CELLS = cell_names()
VOCABULARY, LENGTH, EPS = 20, 7, 1e-6
SENTENCE = np.array([3, 17, 5, 9, 1, 12, 4])


def _model(cell, scale=0.6, **options):
    """Embedding(20, 5) -> cell(4 units) -> Dense(1, sigmoid), every weight N(0, scale) (gates away from 0.5)."""
    config = ModelConfig(cell=cell, units=4, embedding_dim=5, seed=3, **options)
    model = build_keras_model(config, VOCABULARY, LENGTH)
    rng = np.random.default_rng(0)
    model.set_weights([rng.normal(0, scale, w.shape).astype(w.dtype) for w in model.get_weights()])
    return model


@pytest.fixture
def float64():
    floatx, policy = keras.config.floatx(), keras.config.dtype_policy()
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    yield
    keras.config.set_floatx(floatx)
    keras.config.set_dtype_policy(policy)


def test_the_course_cells_are_registered_in_its_order():
    assert CELLS[:3] == course_cells() == ("SimpleRNN", "LSTM", "GRU")     # the labs' comparisons
    with pytest.raises(ValueError, match="cell must be one of SimpleRNN, LSTM, GRU.*got 'Elman'"):
        get_cell("Elman")


@pytest.mark.parametrize("cell", CELLS)
def test_trace_is_its_keras_layer_and_the_state_equations_hold(cell):
    model = _model(cell)
    result = rnnviz.trace(model, SENTENCE)
    layer = result.layers[0]
    probe = keras.Model(model.inputs[0], model.layers[1].output)
    keras_h = np.asarray(probe(SENTENCE[None]))[0]                       # the layer's own last output
    assert np.abs(layer.h[-1] - keras_h).max() <= 1e-6
    check = rnnviz.verify_trace(model, result)
    assert check.ok and check.max_abs_difference <= 1e-5
    assert np.abs(layer.h).max() > 0.1                                  # not a match of two near-zero states
    assert tuple(layer.gates) == get_cell(cell).gate_names
    if get_cell(cell).has_cell_state:
        gates = layer.gates
        np.testing.assert_allclose(layer.c, gates["f"] * layer.c_prev + gates["i"] * gates["g"], atol=1e-6)
        np.testing.assert_allclose(layer.h, gates["o"] * np.tanh(layer.c), atol=1e-6)
        np.testing.assert_array_equal(layer.c_prev[1:], layer.c[:-1])


@pytest.mark.parametrize("cell", CELLS)
def test_equations_recompute_the_traced_values(cell):
    layer = rnnviz.trace(_model(cell), SENTENCE).layers[0]
    for step, unit in ((0, 0), (3, 2), (6, 3)):
        lines = rnnviz.explain_step(layer, step, unit)
        assert lines[-1].name == "h" and lines[-1].value == pytest.approx(float(layer.h[step, unit]))
        for line in lines:
            assert line.recomputed == pytest.approx(line.value, rel=1e-5, abs=1e-6), (line.name, step, unit)


def _split_run(layer, embedded, t, offsets):
    """Keras' own layer on steps 0..t, its states nudged by `offsets`, then on the rest: the last output."""
    config = {**layer.get_config(), "return_state": True, "return_sequences": False}
    config.pop("name")
    first = type(layer).from_config(config)
    first(embedded[:, :t + 1])
    first.set_weights(layer.get_weights())
    _, *states = first(embedded[:, :t + 1])
    states = [s + offset for s, offset in zip(states, offsets)]
    if t + 1 == embedded.shape[1]:
        return states[0]
    config["return_state"] = False
    second = type(layer).from_config(config)
    second(embedded[:, t + 1:], initial_state=states)
    second.set_weights(layer.get_weights())
    return second(embedded[:, t + 1:], initial_state=states)


def _finite_difference_norm(model, x, y, t, state_index=0):
    """||dL/dh_t|| of the first sequence by central differences, one entry of the state h_t at a time (the
    other states, c_t for an LSTM, carried unchanged)."""
    layer, units = model.layers[1], model.layers[1].cell.units
    embedded = model.get_layer("embedding")(x)
    n_states = 2 if get_cell(model.rnnviz_config.cell).has_cell_state else 1

    def loss(offsets):
        prediction = model.get_layer("output")(_split_run(layer, embedded, t, offsets))
        return float(np.sum(keras.losses.binary_crossentropy(y[:, None].astype("float64"), prediction)))

    gradient = []
    for unit in range(units):
        values = []
        for sign in (1, -1):
            offsets = [np.zeros((len(x), units)) for _ in range(n_states)]
            offsets[state_index][0, unit] = sign * EPS
            values.append(loss(offsets))
        gradient.append((values[0] - values[1]) / (2 * EPS))
    return float(np.linalg.norm(gradient))


@pytest.mark.parametrize("cell", CELLS)
def test_gradients_through_time_match_finite_differences(cell, float64):
    model = _model(cell, scale=0.5)
    x = np.random.default_rng(1).integers(1, VOCABULARY, (2, LENGTH)).astype(np.int32)
    y = np.array([1, 0])
    norms = gradient_norms(model, x, y).layer()
    for t in (1, 4):
        expected = _finite_difference_norm(model, x, y, t)
        assert expected > 1e-6 and norms.hidden[0, t] == pytest.approx(expected, rel=1e-4)
    assert (norms.cell_state is not None) == get_cell(cell).has_cell_state


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("bidirectional", [False, True])
def test_parameter_counts_are_keras_own(cell, bidirectional):
    config = ModelConfig(cell=cell, units=6, embedding_dim=8, bidirectional=bidirectional, n_layers=2)
    model = build_keras_model(config, 30, 9)
    recurrent, head = model.layers[1:3], model.layers[-1]
    touched = sum(layer.count_params() for layer in recurrent) + head.count_params() + 8   # + one embedding row
    assert parameters_per_step(config, 9) == touched
    assert model.layers[1].count_params() == (2 if bidirectional else 1) * get_cell(cell).parameters(8, 6)


LOAD_IN_A_FRESH_PROCESS = """
import sys
from rnnviz.run_files import _load_model
for path in sys.argv[1:]:
    with open(path, "rb") as file:
        print(type(_load_model(file.read(), path).layers[1]).__name__)
"""


def test_every_cell_saves_and_loads_in_safe_mode_in_a_fresh_process(tmp_path):
    """A fresh process has run no build: the loader itself must make every registered layer known to Keras."""
    paths, expected = [], []
    for cell in CELLS:
        model = _model(cell)
        path = tmp_path / f"{cell}.keras"
        model.save(path)
        paths.append(str(path))
        expected.append(type(model.layers[1]).__name__)
    done = subprocess.run([sys.executable, "-c", LOAD_IN_A_FRESH_PROCESS, *paths], capture_output=True, text=True, check=False,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == expected
