"""Every page rendered in Spanish with AppTest: no text a student reads is one of the English messages.

AppTest normally runs a switched-to page file on its own (it sees a `pages/` folder and falls back to
Streamlit's old multipage mode, where app.py is not run); the real server goes through app.py, which sets the
language. `through_app` makes AppTest do the same, so the language, the sidebar and the page title are those
a student gets.
"""

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import no_exception, open_app, wait_for_training

from rnnviz.i18n import use_language
from tests.i18n_messages import catalogue, code_messages, english_finder

PAGES = ["pages/home.py", "pages/train.py", "pages/time_series.py", "pages/hidden_states.py", "pages/gates.py",
         "pages/embeddings.py", "pages/why.py", "pages/fitting.py", "pages/gradients.py"]
GRADIENT_TABS = ["Through time", "Exploding & clipping", "Through training", "Long-range memory"]
# Messages whose Spanish is the English on purpose (the course says them so), with the reason.
SAME_IN_SPANISH = {
    "Dropout": "the course's Spanish uses the English word",
    "L2 (lambda)": "a formula's name",
    "tokens": "the course's Spanish uses the English word",
    "Final: {name}": "'Final' is Spanish too",
    "English": "the language box names each language in its own",
}


class _NoPagesFolder(type(Path())):
    def exists(self, *args, **kwargs):
        return False if self.name == "pages" else super().exists(*args, **kwargs)


@pytest.fixture(autouse=True)
def through_app(monkeypatch):
    """AppTest runs app.py at every rerun (st.navigation), as the real server does."""
    from streamlit.runtime import pages_manager

    monkeypatch.setattr(pages_manager, "Path", _NoPagesFolder)


@pytest.fixture(scope="module")
def english_patterns():
    """(msgid, finder) of every English message (interface and library) whose Spanish differs."""
    spanish = {message.id: message.string for message in catalogue("es") if message.id}
    found = []
    for message in code_messages():
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid in SAME_IN_SPANISH or spanish.get(message) == message:
            continue
        found.append((msgid, english_finder(msgid)))
    assert len(found) > 300
    return found


@pytest.fixture(scope="module")
def preset_runs():
    """The Spanish sentiment preset trained from the Spanish home page (at test size), as a student would."""
    from rnnviz import presets

    small = {key: replace(p, request=replace(p.request, dataset_options={**p.request.dataset_options, "size": 300},
                                             config=p.request.config.replace(units=4), epochs=1))
             for key, p in presets.PRESETS.items()}
    with pytest.MonkeyPatch.context() as patch, use_language("es"):
        patch.setattr(presets, "PRESETS", small)
        from streamlit.runtime import pages_manager

        patch.setattr(pages_manager, "Path", _NoPagesFolder)
        at = open_app(state={"rnnviz_language": "es"})
        at.button(key="preset_sentiment_lstm_es").click().run()
        wait_for_training(at)
        assert no_exception(at)
        assert any("exactitud de validación" in line.value for line in at.success)
        return dict(at.session_state["rnnviz_runs"])


def texts(at) -> list[str]:
    """Every text of the page a student reads: text elements, labels, help, options, placeholders, tabs."""
    found = []

    def walk(node):
        for attribute in ("value", "label", "help", "placeholder", "body"):
            value = getattr(node, attribute, None) if attribute != "value" or _is_text(node) else None
            if isinstance(value, str) and value and not value.lstrip().startswith(("<style", "<script")):
                found.append(value)           # (a style sheet or the cookie's script: no student reads them)
        options = getattr(node, "options", None)
        if isinstance(options, list):
            found.extend(option for option in options if isinstance(option, str))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def _is_text(node) -> bool:
    """Text elements carry their text in .value (a widget's value is the student's, not the interface's)."""
    return getattr(node, "type", "") in ("markdown", "caption", "title", "header", "subheader", "alert", "info",
                                         "warning", "error", "success", "toast", "latex", "code", "badge")


def english_in(at, patterns) -> list:
    return sorted({(msgid, text[:120]) for text in texts(at) for msgid, finds in patterns if finds(text)})


@pytest.mark.parametrize("page", PAGES)
def test_every_page_speaks_spanish(page, preset_runs, english_patterns):
    with use_language("es"):     # AppTest formats a widget's options in the test's thread too
        for tab in (GRADIENT_TABS if page == "pages/gradients.py" else [None]):
            state = {"rnnviz_language": "es", **({"gradients_tab": tab} if tab else {})}
            at = open_app(page, preset_runs, state=state)
            assert no_exception(at), [e.value for e in at.get("exception")]
            assert at.sidebar.selectbox(key="rnnviz_language_picker").value == "es"
            english = english_in(at, english_patterns)
            assert english == [], "\n".join(map(repr, english))


def test_the_check_finds_english_where_there_is_some(preset_runs, english_patterns):
    """The same page in English is full of the catalogue's messages: the check above can fail."""
    at = open_app("pages/gates.py", preset_runs)
    assert no_exception(at)
    found = {msgid for msgid, _text in english_in(at, english_patterns)}
    assert {"Gates, word by word", "Interface language", "Your models"} <= found


def test_the_url_and_the_selector_set_the_language_and_it_survives_a_page_switch():
    from conftest import APP, TIMEOUT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "es"                   # a shared link: ?lang=es
    at.run()
    assert no_exception(at)
    assert at.session_state["rnnviz_language"] == "es"
    assert at.title[0].value == "rnnviz: mira dentro de las redes neuronales recurrentes"
    with use_language("es"):
        at.switch_page("pages/train.py").run()
        assert at.title[0].value == "Entrena una red recurrente"
        assert at.query_params["lang"] == ["es"] or at.query_params["lang"] == "es"   # the link keeps it
        at.selectbox(key="train_dataset").set_value("memory_task").run()
        at.sidebar.selectbox(key="rnnviz_language_picker").set_value("en").run()
    assert no_exception(at)
    assert at.title[0].value == "Train a recurrent network"
    assert "lang" not in at.query_params                             # English: the default, no parameter
    assert at.selectbox(key="train_dataset").value == "memory_task"  # the choice made in Spanish is kept
    at.sidebar.selectbox(key="rnnviz_language_picker").set_value("es").run()
    with use_language("es"):
        at.switch_page("pages/home.py").run()
    assert no_exception(at)
    assert at.title[0].value == "rnnviz: mira dentro de las redes neuronales recurrentes"
    assert at.query_params["lang"] in ("es", ["es"])


def test_an_unknown_language_in_the_link_falls_back_to_english_with_one_line():
    from conftest import APP, TIMEOUT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "fr"
    at.run()
    assert no_exception(at)
    assert at.session_state["rnnviz_language"] == "en"
    assert [w.value for w in at.sidebar.warning] == [
        "The link asks for the language 'fr', which rnnviz does not have: showing English."]
    assert "lang" not in at.query_params                 # the URL now says what is shown


def test_a_fresh_session_without_a_parameter_is_english():
    at = open_app()
    assert no_exception(at)
    assert at.session_state["rnnviz_language"] == "en"
    assert at.title[0].value == "rnnviz: see inside recurrent neural networks"
