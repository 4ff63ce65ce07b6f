"""The load test's websocket client against a real `streamlit run app.py` (no TensorFlow work, no timing)."""

import pytest

from bench.st_client import Session
from bench.st_server import streamlit_server

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def server_url():
    from pathlib import Path

    with streamlit_server(str(Path(__file__).resolve().parents[1])) as (url, _):
        yield url


def test_a_session_loads_start_here_with_its_preset_buttons(server_url):
    session = Session(server_url, timeout=120)
    try:
        session.load()
        drawn = session.drawn()
        assert drawn.errors() == []
        assert drawn.has_text("rnnviz: see inside recurrent neural networks")
        assert drawn.has_text("1 · Train a model in seconds")
        button = drawn.widget("button", "preset_sentiment_lstm_en")
        assert button is not None and button.label == "Train"
        assert {"Start here", "Hidden states", "Embeddings", "Vanishing & exploding gradients"} <= set(session.pages)
    finally:
        session.close()


def test_a_session_navigates_and_sees_that_it_has_no_model_yet(server_url):
    session = Session(server_url, timeout=120)
    try:
        session.load()
        session.goto("Embeddings")
        drawn = session.drawn()
        assert drawn.errors() == []
        assert drawn.has_text("Embedding projector")
        assert drawn.has_text("No trained model in this session yet")
        assert drawn.widget("button", "preset_sentiment_lstm_en") is None   # the home page's elements are gone
    finally:
        session.close()


def test_students_opening_a_fresh_server_at_the_same_moment_all_get_the_app():
    """The first import of rnnviz.ui happens in one session while the others wait for it: none may fail."""
    import threading
    from pathlib import Path

    with streamlit_server(str(Path(__file__).resolve().parents[1])) as (url, _):
        sessions = [Session(url, timeout=120) for _ in range(8)]
        start = threading.Barrier(len(sessions))
        drawn = {}

        def visit(i):
            start.wait()
            sessions[i].load()
            drawn[i] = sessions[i].drawn()

        threads = [threading.Thread(target=visit, args=(i,)) for i in range(len(sessions))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for session in sessions:
            session.close()
    assert len(drawn) == len(sessions)
    assert [d.errors() for d in drawn.values()] == [[]] * len(sessions)
    assert all(d.has_text("1 · Train a model in seconds") for d in drawn.values())
