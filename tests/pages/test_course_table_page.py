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
