"""The peephole LSTM, added through the cell registry alone (the oracles of tests/test_cells.py run on it because
it is registered): what is its own, its parameters, its start, its training, its peephole terms."""

import numpy as np
import pytest

import rnnviz
from rnnviz.cells import get_cell
from rnnviz.i18n import _, use_language
from rnnviz.models import ModelConfig, build_keras_model


def test_it_has_an_lstms_parameters_plus_three_per_unit():
    model = build_keras_model(ModelConfig(cell="PeepholeLSTM", units=6, embedding_dim=8), 30, 9)
    assert model.layers[1].count_params() == 4 * (6 * (8 + 6) + 6) + 18 == 378
    assert type(model.layers[1]).__name__ == "PeepholeLSTM"


def test_it_starts_as_the_plain_lstm_and_training_moves_its_peepholes(tiny_sentiment):
    """Same seeds, peepholes at 0: the same predictions before training; after, the peepholes have learned."""
    built = {cell: rnnviz.build_model(tiny_sentiment, cell=cell, units=4, embedding_dim=4, seed=2)
             for cell in ("LSTM", "PeepholeLSTM")}
    x = tiny_sentiment.validation.x[:16]
    np.testing.assert_allclose(built["PeepholeLSTM"].predict(x, verbose=0), built["LSTM"].predict(x, verbose=0),
                               atol=1e-6)
    runs = {cell: rnnviz.train(model, tiny_sentiment, epochs=2, batch_size=32, seed=0, name=f"tiny {cell}")
            for cell, model in built.items()}
    peepholes = runs["PeepholeLSTM"].model.layers[1].cell.peephole.numpy()
    assert peepholes.shape == (12,) and np.abs(peepholes).min() > 0
    assert len(runs["PeepholeLSTM"].history) == 2 and np.isfinite(runs["PeepholeLSTM"].history["loss"]).all()
    lstm, peephole = (runs[cell].model.predict(x, verbose=0) for cell in ("LSTM", "PeepholeLSTM"))
    assert np.abs(lstm - peephole).max() > 1e-4       # the comparison on the same data shows a difference


def test_its_equations_show_the_peephole_terms_with_their_numbers():
    model = build_keras_model(ModelConfig(cell="PeepholeLSTM", units=4, embedding_dim=5), 20, 7)
    rng = np.random.default_rng(0)
    model.set_weights([rng.normal(0, 0.6, w.shape).astype("float32") for w in model.get_weights()])
    layer = rnnviz.trace(model, np.array([3, 17, 5, 9, 1, 12, 4])).layers[0]
    step, unit = 4, 1
    lines = {line.name: line for line in rnnviz.explain_step(layer, step, unit)}
    assert list(lines) == ["i", "f", "g", "c", "o", "h"]        # o after c: it looks at c_t
    p_i, p_f, p_o = model.layers[1].cell.peephole.numpy().reshape(3, 4)[:, unit]
    assert min(abs(p_i), abs(p_f), abs(p_o)) > 1e-3        # terms that change the gates
    seen = {"i": r"p_i \odot c_{t-1}", "f": r"p_f \odot c_{t-1}", "o": r"p_o \odot c_t"}
    for name, term in seen.items():
        assert term in lines[name].symbolic
        assert r"}_{\text{from } c_{t-1}}" in lines[name].numeric or r"}_{\text{from } c_t}" in lines[name].numeric
        assert lines[name].recomputed == pytest.approx(lines[name].value, rel=1e-5)
    assert r"\odot c" not in lines["g"].symbolic and "from } c" not in lines["g"].numeric


def test_its_note_is_translated():
    with use_language("es"):
        assert _(get_cell("PeepholeLSTM").equations_caption).startswith("Conexiones rendija")
