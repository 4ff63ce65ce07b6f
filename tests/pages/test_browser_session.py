"""Runs survive a reload: a new session of the same browser (same key) gets its runs and choice back, and a
training still running; another browser gets nothing."""

from pathlib import Path

import numpy as np
import pytest
from conftest import no_exception, open_app, wait_for_training
from test_train_page import PAGE, _small_settings

from rnnviz.session_store import new_browser_key
from rnnviz.ui import browser_session, keys


def test_a_reload_brings_back_the_runs_the_choice_and_the_pins():
    key = new_browser_key()
    first = _small_settings(open_app(PAGE, state={keys.BROWSER_KEY: key}))
    first.button(key="train_button").click().run()
    wait_for_training(first)
    first.button(key="train_button").click().run()        # a second model, same settings: "#2"
    wait_for_training(first)
    runs = first.session_state[keys.RUNS]
    assert no_exception(first) and len(runs) == 2
    older, newer = list(runs)
    assert first.session_state[keys.CURRENT_RUN] == newer

    reloaded = open_app(PAGE, state={keys.BROWSER_KEY: key})    # F5: a new session, the same cookie
    assert no_exception(reloaded)
    back = reloaded.session_state[keys.RUNS]
    assert list(back) == [older, newer] and reloaded.session_state[keys.CURRENT_RUN] == newer
    for name in back:   # fresh models holding the very same weights and history
        for mine, theirs in zip(back[name].model.get_weights(), runs[name].model.get_weights()):
            np.testing.assert_array_equal(mine, theirs)
        assert back[name].history.equals(runs[name].history)
        assert back[name].model is not runs[name].model

    classmate = open_app(PAGE, state={keys.BROWSER_KEY: new_browser_key()})
    assert not classmate.session_state[keys.RUNS] if keys.RUNS in classmate.session_state else True


def test_a_deleted_run_stays_deleted_after_a_reload():
    key = new_browser_key()
    at = _small_settings(open_app(PAGE, state={keys.BROWSER_KEY: key}))
    at.button(key="train_button").click().run()
    wait_for_training(at)
    at.button(key="delete_run").click().run()
    assert not at.session_state[keys.RUNS]
    entry = browser_session.STORE.load(key)
    assert entry is not None and entry.runs == []
    again = open_app(PAGE, state={keys.BROWSER_KEY: key})
    assert not again.session_state[keys.RUNS] if keys.RUNS in again.session_state else True


def test_a_training_running_at_the_reload_is_taken_over_not_orphaned():
    key = new_browser_key()
    first = _small_settings(open_app(PAGE, state={keys.BROWSER_KEY: key}))
    first.button(key="train_button").click().run()
    job = first.session_state[keys.JOB]
    reloaded = open_app(PAGE, state={keys.BROWSER_KEY: key})   # before (or just after) the training ends
    assert reloaded.session_state[keys.JOB] is job or len(reloaded.session_state[keys.RUNS]) == 1
    wait_for_training(reloaded)
    assert no_exception(reloaded) and len(reloaded.session_state[keys.RUNS]) == 1


HIDDEN = "pages/hidden_states.py"


class _NoPagesFolder(type(Path())):
    def exists(self, *args, **kwargs):
        return False if self.name == "pages" else super().exists(*args, **kwargs)


@pytest.fixture
def through_app(monkeypatch):
    """AppTest runs app.py (and so the sidebar) at every rerun, as the real server does (see test_spanish_pages)."""
    from streamlit.runtime import pages_manager

    monkeypatch.setattr(pages_manager, "Path", _NoPagesFolder)


def cookie_scripts(at) -> list[str]:
    """The cookie-setting scripts of the last run (st.html elements)."""
    return [element.proto.body for element in at.get("html") if "rnnviz_browser=" in element.proto.body]


def test_the_cookie_is_written_at_every_rerun_so_a_run_cut_by_a_rerun_cannot_lose_it(through_app):
    # A lesson link whose preset the server already trained reruns at once (st.rerun): the first run's elements
    # never reach the browser. The cookie must be in the runs after it too.
    at = open_app()
    key = at.session_state[keys.BROWSER_KEY]
    at.run()
    (script,) = cookie_scripts(at)
    assert f"rnnviz_browser={key}; path=/; SameSite=Strict" in script       # a browser-session cookie
    assert "max-age=2592000" not in script


def test_keep_my_runs_makes_the_cookie_last_30_days(through_app):
    at = open_app()
    at.checkbox(key=keys.KEEP_RUNS).check().run()
    (script,) = cookie_scripts(at)
    assert f"rnnviz_browser={at.session_state[keys.BROWSER_KEY]}; path=/; max-age=2592000" in script
    assert "rnnviz_keep=1" in script


def test_the_typed_sentence_survives_a_reload(tiny_runs):
    key = new_browser_key()
    runs = {"tiny GRU": tiny_runs["GRU"]}
    first = open_app(HIDDEN, runs=runs, state={keys.BROWSER_KEY: key})
    first.text_input(key="hidden_states_text").set_value("a fine film after all").run()
    reloaded = open_app(HIDDEN, runs=runs, state={keys.BROWSER_KEY: key})    # F5: same cookie, new session
    assert no_exception(reloaded)
    assert reloaded.text_input(key="hidden_states_text").value == "a fine film after all"


def test_two_tabs_of_one_browser_each_train_and_a_reload_gets_both():
    key = new_browser_key()
    tabs = [_small_settings(open_app(PAGE, state={keys.BROWSER_KEY: key})) for _tab in range(2)]
    for tab in tabs:                       # each tab trains its own run; the second save must not erase the first
        tab.button(key="train_button").click().run()
        wait_for_training(tab)
        assert len(tab.session_state[keys.RUNS]) == 1
    reloaded = open_app(PAGE, state={keys.BROWSER_KEY: key})
    assert no_exception(reloaded) and len(reloaded.session_state[keys.RUNS]) == 2


def test_forget_me_clears_the_runs_the_sentences_and_the_key(through_app):
    key = new_browser_key()
    trained = _small_settings(open_app(PAGE, state={keys.BROWSER_KEY: key}))
    trained.button(key="train_button").click().run()
    wait_for_training(trained)
    at = open_app(state={keys.BROWSER_KEY: key})
    assert at.session_state[keys.RUNS] and browser_session.STORE.load(key).runs
    at.button(key="rnnviz_forget_me").click().run()
    assert no_exception(at)
    assert browser_session.STORE.load(key) is None
    assert not at.session_state[keys.RUNS] if keys.RUNS in at.session_state else True
    new_key = at.session_state[keys.BROWSER_KEY]
    assert new_key != key and f"rnnviz_browser={new_key}; path=/; SameSite=Strict" in cookie_scripts(at)[0]
    again = open_app(PAGE, state={keys.BROWSER_KEY: key})          # the old cookie, had it survived
    assert not again.session_state[keys.RUNS] if keys.RUNS in again.session_state else True


def test_a_run_uploaded_on_the_train_page_shows_in_the_sidebar_at_once(through_app, tiny_runs):
    from rnnviz.ui.run_transfer import run_bytes

    at = open_app(PAGE)
    assert any("None yet" in caption.value for caption in at.sidebar.caption)
    at.file_uploader(key="train_run_file").set_value(("tiny_GRU.zip", run_bytes(tiny_runs["GRU"]),
                                                       "application/octet-stream"))
    at.run()
    assert no_exception(at)
    assert not any("None yet" in caption.value for caption in at.sidebar.caption)
    assert [box.value for box in at.sidebar.selectbox if box.key == keys.RUN_PICKER] == ["tiny GRU"]


def test_a_long_run_name_is_shown_whole_in_the_sidebar(through_app, tiny_runs):
    import copy

    long_name = "GRU 4 · toy_sentiment (en) · the run I trained for the homework, second try #2"
    run = copy.copy(tiny_runs["GRU"])
    at = open_app(runs={long_name: run})
    assert no_exception(at)
    # the select box cuts a long name to its width: under it, the whole name (markdown escaped, so it wraps)
    assert [box.value for box in at.sidebar.selectbox if box.key == keys.RUN_PICKER] == [long_name]
    shown = [text.value for text in at.sidebar.markdown]
    assert any(text.replace("\\", "").strip("*") == long_name for text in shown)
