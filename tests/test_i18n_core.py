"""The library's texts for a student in Spanish: diagnosis, captions, verification, explanations, figures, errors.

Each check asserts a word only the translation has and that the English message is gone; the same call in
English (the default) is unchanged; the catalogue's placeholders match the English ones.
"""

import re
import string

import numpy as np
import pandas as pd
import pytest
from babel.messages.pofile import read_po

import rnnviz
from rnnviz import i18n
from rnnviz.figures.gates import gate_title
from rnnviz.figures.training import training_curves
from rnnviz.fitting import (CANNOT_TELL, GOOD_FIT, OVERFITTING, UNDER_AND_OVERFITTING, UNDERFITTING,
                            compare_diagnoses, diagnose, symptoms_table)
from rnnviz.gradients.captions import describe_through_time
from rnnviz.i18n import get_language, use_language
from rnnviz.validation import check_choice, check_int, check_number

EPOCHS = np.arange(1, 21)
LIBRARY_FILES = ("pages/", "rnnviz/ui/", "app.py")   # texts owned by the interface, not by the library


def history(loss, val_loss=None, accuracy=None, val_accuracy=None) -> pd.DataFrame:
    columns = {"loss": loss, "accuracy": accuracy, "val_loss": val_loss, "val_accuracy": val_accuracy}
    frame = pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in columns.items() if v is not None})
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="epoch")
    return frame


def _histories() -> dict:
    """label -> a history built to be that case (the shapes of tests/test_fitting.py)."""
    over_loss = 0.7 * np.exp(-EPOCHS / 5)
    flat = 0.69 - 0.002 * EPOCHS
    good = 0.7 * np.exp(-EPOCHS / 4)
    both = 0.6 - 0.004 * EPOCHS
    return {
        OVERFITTING: history(over_loss, 0.5 + 0.01 * (EPOCHS - 6) ** 2, 1 - over_loss / 1.4, np.full(20, 0.70)),
        UNDERFITTING: history(flat, flat + 0.01, np.full(20, 0.60), np.full(20, 0.58)),
        GOOD_FIT: history(good, good * 1.05, 1 - good / 3, 1 - good / 3 - 0.005),
        UNDER_AND_OVERFITTING: history(both, both + 0.15, np.full(20, 0.75), np.full(20, 0.60)),
        CANNOT_TELL: history([0.7, 0.6], [0.7, 0.65], [0.5, 0.6], [0.5, 0.55]),
    }


SPANISH_LABELS = {OVERFITTING: "sobreajuste", UNDERFITTING: "subajuste", GOOD_FIT: "buen ajuste",
                  UNDER_AND_OVERFITTING: "subajuste y sobreajuste", CANNOT_TELL: "pocas épocas para saberlo"}


def _summary(values, backward=False):
    values = np.asarray(values, dtype=float)
    frame = pd.DataFrame({"median": values}, index=pd.Index(np.arange(len(values)), name="distance"))
    frame.attrs["reads_backward"] = backward
    return frame


def _spanish_catalogue():
    with (i18n.LOCALE_DIR / "es" / "LC_MESSAGES" / "rnnviz.po").open("rb") as po_file:
        return read_po(po_file, locale="es")


# --- the diagnosis ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("label", list(SPANISH_LABELS))
def test_each_diagnosis_reads_in_spanish_with_the_same_label_code(label):
    h = _histories()[label]
    english = diagnose(h)
    with use_language("es"):
        spanish = diagnose(h)
        spanish_name = spanish.label_name                               # display text: made when read
    assert english.label == spanish.label == label                      # the code compared by the app
    assert english.label_name == label and spanish_name == SPANISH_LABELS[label]
    assert len(spanish.reasons) == len(english.reasons)
    for reason, original in zip(spanish.reasons, english.reasons):
        assert reason != original
        assert "training" not in reason and "validation" not in reason and "epoch " not in reason
    assert any("época" in reason for reason in spanish.reasons)


def test_the_diagnosis_numbers_are_the_same_in_both_languages():
    h = _histories()[OVERFITTING]
    english = diagnose(h)
    with use_language("es"):
        spanish = diagnose(h)
        measures = spanish.measures()
    assert "lowest 5-epoch average (0.520, epochs 4-8)" in english.reasons[0]
    assert "menor media de 5 épocas (0,520, épocas 4-8)" in spanish.reasons[0]   # Babel: decimal comma
    assert list(measures.columns) == ["medida", "valor"]
    assert list(measures["valor"]) == list(english.measures()["value"])
    assert "mejor época (menor pérdida de validación)" in set(measures["medida"])


def test_the_symptoms_table_and_the_comparison_are_in_spanish():
    with use_language("es"):
        table = symptoms_table()
        compared = compare_diagnoses({"a": diagnose(_histories()[OVERFITTING])})
    assert list(table.index) == ["subajuste", "buen ajuste", "sobreajuste", "pocas épocas para saberlo"]
    assert table.loc["sobreajuste", "remedios"].startswith("una red más pequeña, regularización L2")
    assert "remedies" not in table.columns and table.index.name == "diagnóstico"
    assert compared.loc["a", "diagnóstico"] == "sobreajuste" and "mejor época" in compared.columns


def test_highlighting_a_row_works_in_spanish():
    with use_language("es"):
        table = symptoms_table()
        css = rnnviz.fitting.highlight_diagnosis(table, UNDER_AND_OVERFITTING).to_html().split("</style>")[0]
    painted = {cell.split("_", 2)[-1] for cell in css.split("{")[0].replace(",", " ").split() if "_row" in cell}
    rows = [list(table.index).index("subajuste"), list(table.index).index("sobreajuste")]
    assert painted == {f"row{row}_col{col}" for row in rows for col in range(len(table.columns))}


# --- captions, verification, explanations, series ----------------------------------------------------------------

def test_a_gradient_caption_is_in_spanish_with_the_same_numbers():
    curves = {"SimpleRNN": _summary([1.0, 1e-9, 1e-10]), "LSTM": _summary([1.0, 0.5, 0.2]),
              "GRU": _summary([1.0, 3.0, 400.0])}
    english = describe_through_time(curves)
    with use_language("es"):
        spanish = describe_through_time(curves)
    assert english.startswith("Measured: the gradient 2 steps before the last word")
    assert spanish.startswith("Medido: el gradiente 2 pasos antes de la última palabra")
    assert "se desvaneció" in spanish and "explosión del gradiente" in spanish
    assert "Measured" not in spanish and "vanished" not in spanish and "exploding" not in spanish
    ratios = r"\d[\d.,]*(?:e[-+]\d+)?x"
    spanish_ratios = re.findall(ratios, spanish)
    assert all("." not in ratio for ratio in spanish_ratios)          # Spanish writes a decimal comma
    assert [r.replace(",", ".") for r in spanish_ratios] == re.findall(ratios, english) != []


def test_trace_verification_message_is_in_spanish(tiny_runs):
    run = tiny_runs["LSTM"]
    check = rnnviz.verify_trace(run.model, rnnviz.trace(run.model, "not good at all", dataset=run.dataset))
    english = check.message()
    with use_language("es"):
        spanish = check.message()
    assert english.startswith("matches Keras: max |difference| = ")
    assert spanish.startswith("coincide con Keras: máx. |diferencia| = ")
    assert spanish.split("= ")[1] == english.split("= ")[1]
    zero = rnnviz.tracing.verify.Verification(0.0, check.checks, largest_value=0.0)
    with use_language("es"):
        assert zero.message().startswith("nada que comprobar") and "proves nothing" not in zero.message()
    bad = rnnviz.tracing.verify.Verification(0.5, pd.DataFrame(
        {"layer": ["lstm"], "quantity": ["layer output"], "max_abs_difference": [0.5], "largest_value": [1.0]}),
        largest_value=1.0)
    with use_language("es"):
        assert "NO coincide con Keras" in bad.message() and "en salida de la capa de lstm" in bad.message()


def test_the_formula_view_speaks_spanish_and_names_the_gru_convention(tiny_runs):
    from rnnviz.tracing import convention_note, explain_step

    run = tiny_runs["GRU"]
    cell_trace = rnnviz.trace(run.model, "not good", dataset=run.dataset).layers[0]
    english = explain_step(cell_trace, 1, 0)
    with use_language("es"):
        spanish, note = explain_step(cell_trace, 1, 0), convention_note("GRU")
        assert convention_note("LSTM") is None
    assert r"\text{from } x_t" in english[0].numeric and r"\text{bias}" in english[0].numeric
    assert r"\text{de } x_t" in spanish[0].numeric and r"\text{sesgo}" in spanish[0].numeric
    assert [line.value for line in spanish] == [line.value for line in english]
    assert note.startswith("Keras pondera el estado anterior con z") and "Cho et al. 2014" in note
    assert convention_note("GRU").startswith("Keras weighs the old state by z")


def test_an_explain_caption_is_in_spanish(tiny_runs):
    run = tiny_runs["GRU"]
    found = rnnviz.find_concept_units(run.model, run.dataset, concept="negation", n_sentences=40, n_inits=1)
    english = found.caption()
    with use_language("es"):
        spanish = found.caption()
        edits = rnnviz.compare_edits(run.model, "not good at all", dataset=run.dataset)
        table = edits.table()
        note = edits.alignment_note
    assert f"unit {int(found.ranking[0])}" in english and "'negation'" in english
    assert f"la unidad {int(found.ranking[0])}" in spanish and "frases de validación" in spanish
    assert "'negación'" in spanish and "'negation'" not in spanish     # the concept's name is translated too
    assert "validation sentences" not in spanish
    assert "cambio" in table.columns and "change" not in table.columns
    assert note.startswith("Los estados se comparan palabra a palabra")


def test_a_series_report_is_in_spanish():
    from rnnviz.series_report import series_report

    data = rnnviz.load_dataset("noisy_sine", length=120, look_back=6)
    run = rnnviz.train(rnnviz.build_model(data, cell="GRU", units=3), data, epochs=1, seed=0, name="tiny GRU")
    english = series_report(data, {"tiny GRU": run}, steps=5)
    with use_language("es"):
        spanish = series_report(data, {"tiny GRU": run}, steps=5)
    assert english.forecasts.layout.title.text == "Predictions against the real series"
    assert spanish.forecasts.layout.title.text == "Predicciones frente a la serie real"
    assert {trace.name for trace in spanish.forecasts.data} >= {"serie real", "ingenua (último valor)",
                                                               "tiny GRU (un paso)", "tiny GRU (recursiva)"}
    assert spanish.errors.layout.xaxis.title.text == "pasos hacia delante"
    assert list(english.metrics.columns)[:2] == ["run", "model"]
    assert list(spanish.metrics.columns)[:2] == ["entrenamiento", "modelo"]
    assert spanish.metrics.iloc[0, 0].startswith("ingenua (último valor) · ")
    np.testing.assert_array_equal(spanish.metrics.iloc[:, 2:].to_numpy(), english.metrics.iloc[:, 2:].to_numpy())


def test_dataset_descriptions_are_shown_in_spanish_and_stored_in_english():
    data = rnnviz.load_dataset("memory_task", size=60, lag=3, n_steps=8)
    series = rnnviz.load_dataset("noisy_sine", length=80, look_back=5)
    with use_language("es"):
        shown, shown_series = data.display_description, series.display_description
    assert data.description == data.display_description == ("60 sequences of 8 random tokens; label = the marker "
                                                             "(a or b) placed 3 steps before the end.")
    assert shown == ("60 secuencias de 8 tokens aleatorios; etiqueta = el marcador (a o b) colocado 3 pasos antes "
                     "del final.")
    assert series.description == "sine of period 50 steps, noise 0.1"
    assert shown_series == "seno de periodo 50 pasos, ruido 0,1"


def test_a_stored_stop_reason_is_shown_in_spanish():
    from rnnviz.stop_reasons import DIVERGED, EARLY_STOPPING, STOPPED_AFTER, stop_reason, stop_reason_text

    stored = [stop_reason(DIVERGED, epoch=3), stop_reason(STOPPED_AFTER, n=2), stop_reason(EARLY_STOPPING, epoch=9,
                                                                                          best=6)]
    assert stored[1] == "stopped by the user after 2 epochs"          # what workers store: English
    with use_language("es"):
        shown = [stop_reason_text(reason) for reason in stored]
        assert stop_reason_text("a reason from elsewhere") == "a reason from elsewhere"
    assert shown[0].startswith("la pérdida se volvió NaN en la época 3: el entrenamiento divergió")
    assert shown[1] == "detenido por el usuario tras 2 épocas"
    assert shown[2] == "parada temprana tras la época 9; pesos restaurados de la mejor época, la 6"
    assert [stop_reason_text(reason) for reason in stored] == stored


# --- figures and errors ------------------------------------------------------------------------------------------

def test_a_figure_has_spanish_title_axes_and_legend():
    h = _histories()[GOOD_FIT]
    with use_language("es"):
        fig = training_curves(h)
    assert fig.layout.title.text == "Curvas de entrenamiento"
    assert fig.layout.xaxis.title.text == "época"
    assert [a.text for a in fig.layout.annotations] == ["pérdida", "exactitud"]
    assert {trace.name for trace in fig.data} == {"entrenamiento", "validación"}
    english = training_curves(h)
    assert english.layout.title.text == "Training curves" and english.layout.xaxis.title.text == "epoch"
    assert {trace.name for trace in english.data} == {"train", "validation"}


def test_the_gate_and_state_figures_of_a_trace_are_in_spanish(tiny_runs):
    from rnnviz.figures.gates import gate_heatmaps, state_heatmaps

    run = tiny_runs["LSTM"]
    result = rnnviz.trace(run.model, "not good", dataset=run.dataset)
    with use_language("es"):
        states, gates = state_heatmaps(result, result.layers[0]), gate_heatmaps(result, result.layers[0])
    assert [a.text for a in states.layout.annotations] == ["estado de la celda c (memoria a largo plazo)",
                                                           "estado oculto h"]
    assert states.layout.title.text.startswith("Estado de la celda c junto a h")
    assert any(a.text.startswith("puerta de olvido f") for a in gates.layout.annotations)
    assert gates.layout.title.text.startswith("Puertas de ") and "palabra a palabra" in gates.layout.title.text


def test_gate_names_follow_the_course():
    with use_language("es"):
        assert gate_title("f").startswith("puerta de olvido f")
        assert gate_title("i").startswith("puerta de entrada i")
        assert gate_title("o").startswith("puerta de salida o")
        assert gate_title("z").startswith("puerta de actualización z")
        assert gate_title("r").startswith("puerta de reinicio r")


def test_validation_errors_are_one_spanish_line_naming_the_value():
    with use_language("es"), pytest.raises(ValueError) as error:
        check_int("units", 0, 1, 1024)
    assert str(error.value) == "unidades debe ser un número entero de 1 a 1.024; se recibió 0"
    with use_language("es"), pytest.raises(ValueError, match=r"^cell debe ser uno de 'LSTM', 'GRU'; se recibió 'x'$"):
        check_choice("cell", "x", ("LSTM", "GRU"))
    with use_language("es"), pytest.raises(ValueError, match=r"^dropout debe ser un número de 0 a 0.9; se recibió"):
        check_number("dropout", 2.0, 0, 0.9)
    with pytest.raises(ValueError, match=r"^units must be an integer from 1 to 1,024, got 0$"):
        check_int("units", 0, 1, 1024)


def test_an_uploaded_file_problem_is_told_in_spanish():
    from rnnviz.data.csv_data import parse_csv
    from rnnviz.data.own_texts import dataset_from_texts

    with use_language("es"), pytest.raises(ValueError, match=r"^notas.csv está vacío$"):
        parse_csv("  ", "notas.csv")
    with use_language("es"), pytest.raises(ValueError, match=r"^todas las etiquetas son 'pos': un clasificador"):
        dataset_from_texts(["muy buena", "genial", "me encantó"] * 10, ["pos"] * 30)
    with pytest.raises(ValueError, match=r"^notas.csv is empty$"):
        parse_csv("  ", "notas.csv")


# --- the catalogue -----------------------------------------------------------------------------------------------

def _fields(text: str) -> set:
    """The {name:spec!conversion} fields of a str.format message."""
    return {(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None}


def test_every_translation_keeps_the_placeholders_of_its_english_message():
    catalogue = _spanish_catalogue()
    checked = 0
    for message in catalogue:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for translation in strings:
            assert _fields(translation) == _fields(ids[-1]), message.id
        checked += 1
    assert checked > 300


def test_every_library_message_is_translated_and_none_is_fuzzy():
    catalogue = _spanish_catalogue()
    library = [m for m in catalogue if m.id and any(not path.startswith(LIBRARY_FILES) for path, _ in m.locations)]
    assert len(library) > 300
    untranslated = [m.id for m in library if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert untranslated == []
    assert [m.id for m in catalogue if m.fuzzy and m.id] == []


# --- no text frozen in the first language used ---------------------------------------------------------------------

def _texts() -> tuple:
    """One text from each kind of builder, in the current language."""
    h = _histories()[UNDERFITTING]
    return (diagnose(h).reasons[0], diagnose(h).label_name, symptoms_table().columns[0], gate_title("f"),
            training_curves(h).layout.title.text, rnnviz.PRESETS["memory_lstm"].display_blurb,
            rnnviz.FITTING_SCENARIOS[OVERFITTING].display_summary)


def test_english_then_spanish_then_english_gives_each_language():
    assert get_language() == "en"
    first = _texts()
    with use_language("es"):
        spanish = _texts()
    again = _texts()
    assert first == again
    assert all(a != b for a, b in zip(first, spanish))
    assert spanish[1] == "subajuste" and spanish[3].startswith("puerta de olvido")
    # the preset's request (its run name) stays the English one: a shared request, whatever the language
    with use_language("es"):
        assert rnnviz.PRESETS["memory_lstm"].title == "LSTM on the memory task (lag 10)"
        assert rnnviz.PRESETS["memory_lstm"].display_title == "LSTM en la tarea de memoria (retardo 10)"
