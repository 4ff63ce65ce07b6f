"""Train page, "Reproduce the course table": the course's models on one IMDB subset, one measured table."""

import pytest
from conftest import no_exception, open_app, wait_for_training
from conftest import number_input as _number
from test_imdb import keras_home  # noqa: F401 - the synthetic imdb.npz fixture

from rnnviz import bag_of_words_baseline, load_dataset
from rnnviz.models import build_keras_model
from rnnviz.ui.course_table import MODELS

PAGE = "pages/train.py"


def test_one_click_trains_the_course_models_and_tabulates_what_they_measured(keras_home):  # noqa: F811
    at = open_app(PAGE)
    next(w for w in at.selectbox if w.label == "Dataset").set_value("imdb")
    at.run()
    _number(at, "Reviews").set_value(100)
    _number(at, "Words read per review (maxlen)").set_value(30)
    at.run()                          # the course's section waits for reviews that load (the file holds 141)
    _number(at, "Epochs per model").set_value(1)
    at.run()
    assert not any("does not build convolutional" in c.value for c in at.caption)
    assert {"Conv1D (max-pooling)", "Conv1D + GRU"} <= {title for title, _, _ in MODELS}
    at.button(key="course_button").click().run()
    wait_for_training(at)
    assert no_exception(at)
    runs = {run.request.run_name: run for run in at.session_state["rnnviz_runs"].values()}
    assert len(runs) == len(MODELS)
    table = at.dataframe[-1].value.set_index("model")
    data = load_dataset("imdb", size=100, sequence_length=30, vocabulary_size=5000, padding="pre", seed=0)
    for title, config, _ in MODELS:
        run = runs[f"course: {title}"]
        assert run.request.dataset_options == next(iter(runs.values())).request.dataset_options   # same data
        row = table.loc[title]
        assert row["test accuracy"] == pytest.approx(run.test_scores["accuracy"])
        # oracle: Keras' own count of a model built independently from the same config
        expected = build_keras_model(config, data.vocabulary_size, data.sequence_length).count_params()
        assert row["parameters"] == expected
        assert row["seconds per epoch"] == pytest.approx(run.wall_time_s / run.epochs_done, abs=0.01)
    assert table.loc["TF-IDF + logistic regression", "test accuracy"] == pytest.approx(
        bag_of_words_baseline(data)["test"])
    assert table.loc["LSTM", "the course's figure (25,000 reviews)"].startswith("89 %")


def test_the_course_tables_own_defaults_are_accepted_by_the_server():
    # IMDB, 5,000 reviews, maxlen 200, 3 epochs: the Embedding + Flatten row was refused at 2.2e11
    from rnnviz.training_request import cost_cap, training_cost
    from rnnviz.ui.course_table import course_requests

    requests, refused = course_requests({"size": 5000, "sequence_length": 200}, 3, 64, 0)
    assert refused == [] and len(requests) == len(MODELS)
    costs = {request.run_name: training_cost(request) for request in requests}
    assert max(costs.values()) <= cost_cap()
    # a Flatten reads a review in one product: it costs less than the SimpleRNN that reads it word by word
    assert costs["course: Embedding + Flatten"] < costs["course: SimpleRNN"]


def test_a_model_over_the_cap_is_named_and_the_others_still_train(monkeypatch):
    from rnnviz.ui.course_table import course_requests

    monkeypatch.setenv("RNNVIZ_MAX_TRAINING_COST", "1e10")
    requests, refused = course_requests({"size": 5000, "sequence_length": 200}, 3, 64, 0)
    assert [request.run_name for request in requests] == [
        "course: Embedding + Flatten", "course: SimpleRNN", "course: Conv1D (max-pooling)"]
    assert [line.split(":")[0] for line in refused] == ["LSTM", "GRU", "Bidirectional LSTM", "Conv1D + GRU"]
    assert all("too large for the server" in line and "\n" not in line for line in refused)


def test_missing_imdb_reviews_are_said_once_and_the_course_button_waits_for_them(tmp_path, monkeypatch):
    from keras.src.backend import config as keras_config
    from keras.src.datasets import imdb as keras_imdb_module

    monkeypatch.setattr(keras_config, "_KERAS_DIR", str(tmp_path))

    def offline(fname, origin, file_hash):   # what get_file raises when urlretrieve cannot connect
        raise Exception(f"URL fetch failure on {origin}: None -- [Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(keras_imdb_module, "get_file", offline)
    at = open_app(PAGE)
    next(w for w in at.selectbox if w.label == "Dataset").set_value("imdb")
    at.run()
    assert no_exception(at)
    assert len([e for e in at.error if "IMDB reviews are not available" in e.value]) == 1
    assert not [button for button in at.button if button.key == "course_button"]
    assert any("need the IMDB reviews" in caption.value for caption in at.caption)
