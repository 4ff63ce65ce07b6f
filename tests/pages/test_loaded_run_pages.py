"""A run read back from its file (rnnviz.load_run: no training texts) opens on every inspection page."""

import io

import pytest
from conftest import no_exception, open_app

from rnnviz import load_run
from rnnviz.ui.run_transfer import run_bytes


@pytest.fixture(scope="module")
def loaded_gru(tiny_runs):
    buffer = io.BytesIO(run_bytes(tiny_runs["GRU"]))
    buffer.name = "tiny_gru.zip"
    return load_run(buffer)


@pytest.mark.parametrize("page", ["pages/hidden_states.py", "pages/gates.py", "pages/embeddings.py",
                                  "pages/fitting.py", "pages/gradients.py", "pages/why.py"])
def test_a_loaded_run_opens_on_the_page(loaded_gru, page):
    at = open_app(page, runs={"loaded GRU": loaded_gru})
    assert no_exception(at), [e.value for e in at.get("exception")][:1]
    # what needs the validation sentences (a file has none) says so in one line, never an error of the code's
    # ("token_ids must be a non-empty ...", "n_sentences must be an integer from 3 to 0")
    assert [error.value for error in at.error] == []
