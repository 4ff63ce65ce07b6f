"""The Embeddings page renders for trained models, and its figures carry the projected coordinates."""

import base64
import json

import numpy as np
import pandas as pd
import pytest

import rnnviz
from rnnviz.projection import count_words, methods, project_embeddings, project_states
from rnnviz.training import Run

from conftest import no_exception, open_app

PAGE = "pages/embeddings.py"


def decode(value):
    """A Plotly JSON array: a plain list or Plotly 7's {"dtype", "bdata"} base64 encoding."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), value["dtype"])
    return np.asarray(value)


def figures(at) -> dict:
    """Figure title -> figure dict, for every Plotly chart on the page."""
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return {spec["layout"].get("title", {}).get("text", ""): spec for spec in specs}


def trace(spec, name) -> dict:
    return next(t for t in spec["data"] if t.get("name") == name)


def points(spec, names) -> np.ndarray:
    """(n_points, 2) x, y of the traces whose name starts with one of `names`."""
    chosen = [t for t in spec["data"] if t.get("name", "").startswith(names)]
    return np.concatenate([np.column_stack([decode(t["x"]), decode(t["y"])]) for t in chosen])


def untrained_run(dataset, **options) -> Run:
    """A Run around a freshly built model (for layouts only: no training needed)."""
    model = rnnviz.build_model(dataset, **options)
    history = pd.DataFrame(columns=["loss", "accuracy", "val_loss", "val_accuracy"])
    return Run(model, dataset, history, model.rnnviz_config, {}, 0.0, 0, 32, 0, name="untrained")


@pytest.fixture
def lstm_page(tiny_runs):
    run = tiny_runs["LSTM"]
    at = open_app(PAGE, {run.name: run})
    assert no_exception(at), at.exception
    return at, run


def test_page_figures_carry_the_projected_coordinates(lstm_page):
    at, run = lstm_page
    specs = figures(at)
    n_words = min(500, count_words(run.dataset))
    after = project_embeddings(run.model, run.dataset, n_words=n_words)
    before = project_embeddings(rnnviz.build_model(run.dataset, run.config), run.dataset, n_words=n_words)
    for title, expected in (("Word vectors after training", after), ("Word vectors before training", before)):
        words = trace(specs[title], "words")
        np.testing.assert_allclose(np.column_stack([decode(words["x"]), decode(words["y"])]),
                                   expected.coordinates, atol=1e-9)
        assert [row[0] for row in words["customdata"]] == list(expected.words)
        assert specs[title]["layout"]["xaxis"]["title"]["text"].startswith("PC1 (")
    states = project_states(run.model, run.dataset, n_sentences=len(run.dataset.validation))
    state_spec = next(spec for title, spec in specs.items() if title.startswith("Final hidden state of lstm_1"))
    shown = points(state_spec, ("true:",))
    expected = np.concatenate([states.coordinates[states.labels == label] for label in (0, 1)])
    np.testing.assert_allclose(shown, expected, atol=1e-6)
    path = next(t for t in state_spec["data"] if t["name"].startswith("your sentence"))
    # Every word on hover (customdata); the visible labels are those that fit without overlapping.
    assert [text.split("·", 1)[1] for text in path["customdata"]] == run.dataset.examples[0].split()
    assert path["text"][-1] == path["customdata"][-1]


def test_colour_and_search_changes_do_no_projection_work(lstm_page, monkeypatch):
    at, run = lstm_page
    calls = []
    original = methods.project
    monkeypatch.setattr(methods, "project", lambda *a, **k: calls.append(a[1]) or original(*a, **k))
    at.segmented_control(key="emb_colour").set_value("frequency")
    at.segmented_control(key="states_colour").set_value("prediction")
    at.text_input(key="emb_search").set_value("good")
    at.run()
    assert no_exception(at) and calls == []
    after = figures(at)["Word vectors after training"]
    assert trace(after, "search: good")["text"] == ["<b>good</b>"]
    table = at.dataframe[0].value
    expected = project_embeddings(run.model, run.dataset, n_words=count_words(run.dataset)).neighbours("good", 8)
    assert list(table["word"]) == list(expected["word"])
    np.testing.assert_allclose(table["similarity"], expected["similarity"], atol=1e-9)
    assert any(t.get("name", "").startswith("predicted:") for t in figures(at)[next(
        title for title in figures(at) if title.startswith("Final hidden state"))]["data"])
    # A new setting does project again (the cache is keyed by settings, not frozen).
    at.segmented_control(key="emb_method").set_value("tsne")
    at.run()
    assert no_exception(at) and calls.count("tsne") == 2            # after and before training
    spec = figures(at)["Word vectors after training"]
    perplexity, seed = at.slider(key="emb_perplexity").value, at.number_input(key="emb_seed").value
    assert perplexity == int((count_words(run.dataset) - 1) / 3)      # capped at (n - 1) / 3, under the default 30
    tsne = project_embeddings(run.model, run.dataset, method="tsne", n_words=count_words(run.dataset),
                              perplexity=perplexity, seed=seed)
    np.testing.assert_allclose(np.column_stack([decode(trace(spec, "words")[axis]) for axis in "xy"]),
                               tsne.coordinates, atol=1e-6)


def test_bad_input_gets_one_line_and_the_maps_stay(lstm_page):
    at, _ = lstm_page
    at.text_input(key="emb_search").set_value("zzzz")
    at.text_input(key="projector_sentence_text").set_value("?!")
    at.run()
    assert no_exception(at)
    errors = [error.value for error in at.error]
    assert any("word 'zzzz' is not among" in error for error in errors)
    assert any(error.startswith("Your sentence: the sentence has no words") for error in errors)
    assert len(at.get("plotly_chart")) == 3


def test_stacked_bidirectional_model_offers_each_half_of_each_layer(tiny_sentiment):
    run = untrained_run(tiny_sentiment, cell="GRU", units=3, embedding_dim=4, n_layers=2, bidirectional=True)
    at = open_app(PAGE, {run.name: run})
    layer_box = at.selectbox(key="states_layer")
    assert layer_box.options == ["bidirectional_1/forward", "bidirectional_1/backward",
                                 "bidirectional_2/forward", "bidirectional_2/backward"]
    assert layer_box.value == "bidirectional_2/forward"
    layer_box.set_value("bidirectional_1/backward")
    at.segmented_control(key="states_dims").set_value(3)
    at.run()
    assert no_exception(at)
    spec = next(spec for title, spec in figures(at).items() if "bidirectional_1/backward" in title)
    path = next(t for t in spec["data"] if t["name"].startswith("your sentence"))
    assert path["type"] == "scatter3d"
    assert path["customdata"][0].endswith("·" + run.dataset.examples[0].split()[-1])   # it reads from the end


def test_a_baseline_without_recurrent_layer_still_shows_its_embedding(tiny_sentiment):
    run = untrained_run(tiny_sentiment, cell="pooling", units=4, embedding_dim=4)
    at = open_app(PAGE, {run.name: run})
    assert no_exception(at)
    assert any("no recurrent layer" in info.value for info in at.info)
    assert len(at.get("plotly_chart")) == 2


def test_a_ten_word_vocabulary_caps_words_and_perplexity():
    data = rnnviz.load_dataset("memory_task", lag=2, n_steps=6, size=60, seed=0)
    run = untrained_run(data, cell="SimpleRNN", units=3, embedding_dim=4)
    at = open_app(PAGE, {run.name: run})
    assert any("has 10 words" in caption.value for caption in at.caption)
    at.segmented_control(key="emb_method").set_value("tsne")
    at.run()
    assert no_exception(at) and not at.error
    assert at.slider(key="emb_perplexity").max == 3                 # (10 points - 1) / 3: t-SNE's limit
    spec = figures(at)["Word vectors after training"]
    assert len(decode(trace(spec, "words")["x"])) == 10
