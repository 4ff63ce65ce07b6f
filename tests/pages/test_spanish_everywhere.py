"""THE CHECK: every page in Spanish, with runs of every kind and with error messages shown, reads Spanish.

Each page is rendered through app.py (as the server does) with tiny trained runs: SimpleRNN, LSTM and GRU text
runs on the Spanish toy reviews, a series run, a run read back from its file, and the fitting lab's three runs.
Everything a student reads is collected: text elements, widget labels, help, options and placeholders, and
from each chart's Plotly spec its title, axis titles, legend names, hover templates and texts, annotations.
It fails on
- an English word: a word of the English messages of the code that no Spanish translation uses (so the list
  is made from our own catalogue, not from a dictionary), outside the names kept in every language (ALLOWED);
- a number in English style: a decimal point ("0.510", "0.62x") or English grouping ("4,000.5", "1,234,567").
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace

import pytest
from conftest import no_exception, open_app, wait_for_training
from test_spanish_pages import _NoPagesFolder, texts

from rnnviz.i18n import use_language
from tests.i18n_messages import catalogue, code_messages

PAGES = ["pages/home.py", "pages/train.py", "pages/time_series.py", "pages/hidden_states.py", "pages/gates.py",
         "pages/embeddings.py", "pages/why.py", "pages/fitting.py", "pages/gradients.py"]
GRADIENT_TABS = ["Through time", "Exploding & clipping", "Through training", "Long-range memory"]
# Names every language writes the same: cells, layers, libraries, methods, data sets, units.
ALLOWED = {"lstm", "gru", "simplernn", "keras", "tf", "idf", "pca", "tsne", "sne", "imdb", "glove", "conv1d",
           "dense", "relu", "tanh", "sigmoid", "softmax", "adam", "rnnviz", "rnn", "csv", "zip", "png", "svg",
           "plotly", "python", "numpy", "streamlit", "embedding", "dropout", "tokens", "token", "unk", "pad",
           "bptt", "mae", "rmse", "mse", "umap", "id", "url", "http", "https", "api", "json", "gpu", "cpu",
           "lambda", "clipnorm", "l2", "lr", "mb", "kb", "ok", "oov", "sunspots", "noisy", "sine", "memory_task",
           "model", "predict", "fit", "evaluate", "shape", "units", "max", "min", "median", "batch",
           "english", "glorot", "uniform", "orthogonal", "zeros", "linear"}   # a language's own name; Keras names
# Words the lesson issue saw in English on Spanish pages (some are in no message: app-made names).
ISSUE_WORDS = {"clipping", "without", "underfitting", "overfitting", "good", "baseline", "any", "step", "value",
               "upload", "choose", "option", "offline", "saved", "loaded", "contains", "code", "follow"}
ENGLISH_NUMBER = re.compile(r"(?<![\w.,])\d+\.(?:\d{1,2}|\d{4,})(?![\d])|(?<![\w.,])0\.\d"
                            r"|\d,\d{3},\d{3}|\d,\d{3}\.\d")
TRACE_TEXT = ("name", "hovertemplate", "hovertext", "text", "texttemplate", "legendgrouptitle")
AXIS_TEXT = ("title",)


@pytest.fixture(scope="module")
def english_words() -> set[str]:
    """Words of the English messages that no Spanish translation uses (lower case, 3+ letters)."""
    words = lambda text: {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}   # noqa: E731
    english, spanish = set(), set()
    for message in catalogue("es"):
        if message.id and message.string:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            english |= set().union(*map(words, ids))
            spanish |= set().union(*map(words, strings))
    for message in code_messages():
        english |= set().union(*map(words, message if isinstance(message, tuple) else (message,)))
    found = (english - spanish - ALLOWED) | ISSUE_WORDS
    assert {"training", "without", "hidden"} <= found
    return found


@pytest.fixture(scope="module")
def runs():
    """name -> Run: three text cells on the Spanish toy reviews, a series GRU, a run read back from its file."""
    from rnnviz import build_model, load_dataset, load_run, train
    from rnnviz.ui.run_transfer import run_bytes

    reviews = load_dataset("toy_sentiment", language="es", size=300, seed=1)
    found = {}
    for cell in ("SimpleRNN", "LSTM", "GRU"):
        model = build_model(reviews, cell=cell, units=4, embedding_dim=4, learning_rate=0.01)
        run = train(model, reviews, epochs=1, batch_size=32, seed=0, name=f"{cell} reseñas")
        found[run.name] = run
    series = load_dataset("noisy_sine", length=120, noise=0.1, seed=0, look_back=20, horizon=1, scaling="standard")
    run = train(build_model(series, cell="GRU", units=4), series, epochs=1, seed=0, name="GRU serie")
    found[run.name] = run
    buffer = io.BytesIO(run_bytes(found["LSTM reseñas"]))
    buffer.name = "guardado.zip"
    loaded = load_run(buffer)
    loaded.name = "LSTM leída"                 # the session names a loaded run apart from its original
    found[loaded.name] = loaded
    # The session's current run: a trained text run (a loaded run as the current one breaks the Why page, the
    # gates and the projector before any text is read: 'index -1 is out of bounds', reported, not this check's)
    found["LSTM reseñas"] = found.pop("LSTM reseñas")
    return found


@pytest.fixture(autouse=True)
def through_app(monkeypatch):
    from streamlit.runtime import pages_manager

    monkeypatch.setattr(pages_manager, "Path", _NoPagesFolder)


def chart_texts(at) -> list[str]:
    """Titles, axis titles, legend names, hover templates and texts, annotations of every chart on the page."""
    found = []

    def add(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                add(item)

    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        layout = spec.get("layout", {})
        add((layout.get("title") or {}).get("text"))
        for key, axis in layout.items():
            if key.startswith(("xaxis", "yaxis", "coloraxis")) and isinstance(axis, dict):
                add((axis.get("title") or {}).get("text"))
                add((axis.get("colorbar", {}).get("title") or {}).get("text"))
        add([annotation.get("text") for annotation in layout.get("annotations", [])])
        for trace in spec.get("data", []):
            for field in TRACE_TEXT:
                add(trace.get(field))
            add(((trace.get("colorbar") or {}).get("title") or {}).get("text"))
    return found


def problems(strings, english_words) -> list[str]:
    """The English words and English-style numbers in `strings` (each problem once, with its text)."""
    found = {}
    for text in strings:
        if text.lstrip().startswith(("<style", "<script")):
            continue                                  # a style sheet or the cookie's script: no student reads it
        plain = re.sub(r"\\(?:begin|end)\{\w+\}|%\{[^}]*\}|<[^>]+>|https?://\S+|(?<!\w)/[\w/]+\?\S*|`[^`]*`"
                       r"|:material/[a-z_]+:|:[a-z]+-badge\[|\\[a-zA-Z]+|\b[a-z]+_[a-z_]+\b", " ", text)
        # (markup, links, code, icons and badges, LaTeX commands and code names are not words a student reads)
        words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", plain)} & english_words
        for word in words:
            found.setdefault(f"word {word!r}", text[:160])
        for number in ENGLISH_NUMBER.findall(plain):
            found.setdefault(f"number {number!r}", text[:160])
    return [f"{problem}: {text!r}" for problem, text in sorted(found.items())]


def page_problems(at, english_words) -> list[str]:
    return problems(texts(at) + chart_texts(at), english_words)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_reads_spanish_with_runs_of_every_kind(page, runs, english_words):
    with use_language("es"):
        for tab in (GRADIENT_TABS if page == "pages/gradients.py" else [None]):
            state = {"rnnviz_language": "es", **({"gradients_tab": tab} if tab else {})}
            at = open_app(page, runs, state=state)
            assert no_exception(at), [e.value for e in at.get("exception")]
            found = page_problems(at, english_words)
            assert found == [], f"{page} {tab or ''}\n" + "\n".join(found)


def test_the_check_sees_english_words_and_english_numbers(english_words):
    assert problems(["Validación 0,510, 4.000 frases"], english_words) == []
    assert len(problems(["training accuracy 0.510", "1,234,567 frases", "0.62x"], english_words)) == 4


@pytest.fixture
def test_size_fitting():
    from rnnviz.fitting import FITTING_SCENARIOS

    with pytest.MonkeyPatch.context() as patch:
        for name, scenario in list(FITTING_SCENARIOS.items()):
            patch.setitem(FITTING_SCENARIOS, name, replace(scenario, page=scenario.test))
        yield


def test_the_fitting_lab_trained_in_spanish_names_its_runs_in_spanish(runs, english_words, test_size_fitting):
    with use_language("es"):
        at = open_app("pages/fitting.py", runs, state={"rnnviz_language": "es"})
        at.button(key="fitting_preset_all").click().run()
        wait_for_training(at)
        assert no_exception(at), [e.value for e in at.get("exception")]
        found = page_problems(at, english_words)
    names = set(at.session_state["rnnviz_runs"])
    assert {"subajuste", "buen ajuste", "sobreajuste"} <= names, names
    assert found == [], "\n".join(found)


def test_bad_numbers_and_a_bad_sentence_are_told_in_spanish(runs, english_words):
    with use_language("es"):
        at = open_app("pages/time_series.py", runs, state={"rnnviz_language": "es"})
        at.number_input(key="ts_epochs").set_value(0).run()
        at.number_input(key="ts_length").set_value(-5).run()
        series_errors = [e.value for e in at.error]
        assert series_errors and no_exception(at)
        found = page_problems(at, english_words)
        at = open_app("pages/why.py", runs, state={"rnnviz_language": "es"})
        at.text_input(key="why_text").set_value("   ").run()
        assert no_exception(at)
        found += page_problems(at, english_words)
    assert not any("epochs" in error or "length" in error for error in series_errors), series_errors
    assert found == [], "\n".join(found)


def test_a_bad_upload_is_told_in_spanish(english_words):
    from rnnviz import load_run

    from rnnviz.ui.run_transfer import refusal_line

    junk = io.BytesIO(b"not a zip")
    junk.name = "notas.zip"
    with pytest.raises(ValueError) as error:
        load_run(junk)                   # the notebook API's message (English, for a programmer)
    with use_language("es"):
        line = refusal_line(error.value, "notas.zip")     # what the student reads
    assert line.startswith("notas.zip no es un modelo guardado")
    assert problems([line], english_words) == []


def test_the_clipping_lab_names_its_runs_in_the_students_language():
    from rnnviz.gradients.lab import ClippingDemo

    with use_language("es"):
        assert list(ClippingDemo().configs()) == ["sin recorte", "clipnorm=1"]
    assert list(ClippingDemo().configs()) == ["without clipping", "clipnorm=1"]
