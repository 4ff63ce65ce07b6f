"""Shared test set-up: quiet TensorFlow, tiny datasets and runs reused across tests."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# The app's trainings run in threads of the test process (tests/test_service*.py test the worker processes).
os.environ.setdefault("RNNVIZ_EXECUTOR", "thread")
os.environ.setdefault("RNNVIZ_WARM_UP", "keras")    # the page tests clear the caches: no lab pictures each time

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def tiny_sentiment():
    """A small English toy_sentiment dataset (300 sentences)."""
    from rnnviz import load_dataset

    return load_dataset("toy_sentiment", size=300, seed=1)


@pytest.fixture(scope="session")
def tiny_runs(tiny_sentiment):
    """cell -> a Run of a 4-unit model trained for 2 epochs (cheap; for pages and shapes, not accuracy)."""
    from rnnviz import build_model, train

    runs = {}
    for cell in ("SimpleRNN", "LSTM", "GRU"):
        model = build_model(tiny_sentiment, cell=cell, units=4, embedding_dim=4, learning_rate=0.01)
        runs[cell] = train(model, tiny_sentiment, epochs=2, batch_size=32, seed=0, name=f"tiny {cell}")
    return runs
