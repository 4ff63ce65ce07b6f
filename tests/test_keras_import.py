"""Keras is imported by one thread at a time: two threads importing TensorFlow at once break it."""

import threading

from rnnviz import keras_import

BOUND = 60     # seconds: a bound on every wait, never an expected duration


def _slow_import(monkeypatch):
    """Replace the import by one that records who is inside it and stays there until `release` is set."""
    inside, entered, release, overlaps = [], threading.Event(), threading.Event(), []

    def fake(name):
        assert name == "keras"
        if inside:
            overlaps.append(threading.current_thread().name)
        inside.append(threading.current_thread().name)
        entered.set()
        release.wait(BOUND)
        inside.pop()

    monkeypatch.setattr(keras_import.importlib, "import_module", fake)
    return entered, release, overlaps


def test_a_page_waits_for_the_background_import_instead_of_racing_it(monkeypatch):
    entered, release, overlaps = _slow_import(monkeypatch)
    done = []
    background = keras_import.import_in_background(then=lambda: done.append("warm-up"))
    assert entered.wait(BOUND)
    page = threading.Thread(target=lambda: (keras_import.import_keras(), done.append("page")), name="page")
    page.start()
    waiting = threading.Thread(target=lambda: (keras_import.wait_while_importing(), done.append("wait")))
    waiting.start()
    page.join(0.5)
    assert page.is_alive() and "page" not in done and "wait" not in done   # both held while the import runs
    release.set()
    for thread in (background, page, waiting):
        thread.join(BOUND)
    assert overlaps == []                              # never two threads inside the import
    assert sorted(done) == ["page", "wait", "warm-up"]


def test_waiting_when_nothing_is_imported_returns_at_once_and_imports_nothing(monkeypatch):
    calls = []
    monkeypatch.setattr(keras_import.importlib, "import_module", calls.append)
    keras_import.wait_while_importing()
    assert calls == []
    keras_import.import_keras()
    assert calls == ["keras"]
