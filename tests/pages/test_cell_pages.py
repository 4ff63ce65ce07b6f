"""Pages for every registered cell kind: the Train page offers it, the Gates page shows its own gates and
equations (the course's three cells have their own page tests: these cover every kind registered beyond them)."""

import numpy as np
import pytest
from conftest import no_exception, number_input, open_app, wait_for_training
from trace_helpers import figures

import rnnviz
from rnnviz import lesson as codec
from rnnviz.cells import cell_names, get_cell
from rnnviz.i18n import _
from rnnviz.models import CELLS
from rnnviz.ui import lesson

BEYOND_THE_COURSE = [cell for cell in cell_names() if cell not in ("SimpleRNN", "LSTM", "GRU")]


def test_the_train_page_offers_every_registered_cell():
    at = open_app("pages/train.py")
    assert no_exception(at)
    options = at.selectbox(key="train_cell").options          # recurrent cells by name, baselines labelled
    assert set(cell_names()) <= set(options) and len(options) == len(CELLS)


@pytest.mark.parametrize("cell", cell_names())
def test_a_lesson_link_trains_a_preset_with_any_registered_cell(cell):
    fields = lesson.page_fields("gates")
    values, problems = codec.decode(fields, {"preset": "sentiment_lstm_en", "cell": cell})
    assert problems == [] and values["cell"] == cell
    preset = lesson.lesson_preset(values["preset"], values["cell"])
    original = rnnviz.PRESETS["sentiment_lstm_en"].request
    assert preset.request.config == original.config.replace(cell=cell)
    assert (preset.request.dataset_name, preset.request.epochs, preset.request.seed) == \
        (original.dataset_name, original.epochs, original.seed)
    assert (preset.request == original) == (cell == original.config.cell)
    _values, problems = codec.decode(fields, {"cell": "Elman"})
    assert len(problems) == 1 and "Elman" in problems[0]


@pytest.mark.parametrize("cell", BEYOND_THE_COURSE)
def test_the_gates_page_shows_the_cells_gates_and_equations(tiny_sentiment, cell):
    model = rnnviz.build_model(tiny_sentiment, cell=cell, units=4, embedding_dim=4, learning_rate=0.01)
    run = rnnviz.train(model, tiny_sentiment, epochs=1, batch_size=32, seed=0, name=f"tiny {cell}")
    at = open_app("pages/gates.py", {run.name: run})
    assert no_exception(at)
    layer = rnnviz.trace(run.model, at.text_input(key="gates_text").value, dataset=run.dataset).layers[0]
    assert [h["name"] for h in figures(at)["gates_heatmaps"]["data"]] == list(get_cell(cell).gate_names)
    step = at.selectbox(key="gates_step").value
    unit = at.selectbox(key="gates_unit_" + layer.label).value
    lines = rnnviz.explain_step(layer, step, unit)
    shown = [latex.value for latex in at.latex]
    assert len(shown) == len(lines)
    for line, latex in zip(lines, shown):
        assert line.symbolic in latex and line.numeric in latex
    assert np.isfinite([line.value for line in lines]).all()
    note = get_cell(cell).equations_caption
    assert note is None or any(_(note) in caption.value for caption in at.caption)


@pytest.mark.parametrize("cell", BEYOND_THE_COURSE)
def test_the_train_page_trains_the_cell(cell):
    at = open_app("pages/train.py")
    at.selectbox(key="train_cell").set_value(cell)
    for label, value in (("Sentences", 200), ("Units", 4), ("Epochs", 1)):
        number_input(at, label).set_value(value)
    at.run()
    summary = at.dataframe[1].value                       # Keras' own layers and counts, before training
    assert list(summary["layer"])[1] == f"{cell.lower()}_1"
    at.button(key="train_button").click().run()
    wait_for_training(at)
    assert no_exception(at)
    (run,) = at.session_state["rnnviz_runs"].values()
    assert run.config.cell == cell and type(run.model.layers[1]).__name__ == cell
    assert len(run.history) == 1
