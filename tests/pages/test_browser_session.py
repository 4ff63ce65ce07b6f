"""Runs survive a reload: a new session of the same browser (same key) gets its runs and choice back, and a
training still running; another browser gets nothing."""

import numpy as np
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
