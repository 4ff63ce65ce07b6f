"""Models in and out: save_run / load_run round trips, and one line for every file that is not a run."""

import io
import json
import zipfile

import numpy as np
import pandas as pd
import pytest

import rnnviz
from rnnviz.run_files import load_run, save_run

SENTENCE = "the movie was not good at all"


@pytest.fixture(scope="module")
def saved(tiny_runs, tmp_path_factory):
    run = tiny_runs["LSTM"]
    path = tmp_path_factory.mktemp("runs") / "lstm.zip"
    assert save_run(run, path) == path
    return run, path


def test_a_saved_run_predicts_and_traces_exactly_as_before(saved):
    run, path = saved
    loaded = load_run(path)
    x = run.dataset.validation.x
    assert np.array_equal(loaded.model.predict(x, verbose=0), run.model.predict(x, verbose=0))
    before = rnnviz.trace(run.model, SENTENCE, dataset=run.dataset)
    after = rnnviz.trace(loaded.model, SENTENCE, dataset=loaded.dataset)
    assert np.array_equal(after.token_ids, before.token_ids) and after.words == before.words
    assert np.array_equal(after.predictions, before.predictions)
    for a, b in zip(after.layers, before.layers):
        assert np.array_equal(a.h, b.h) and np.array_equal(a.c, b.c)
        assert all(np.array_equal(a.gates[k], b.gates[k], equal_nan=True) for k in b.gates)
    assert rnnviz.verify_trace(loaded.model, rnnviz.trace(loaded, SENTENCE)).ok


def test_the_loaded_run_keeps_settings_history_and_encoding(saved):
    run, path = saved
    loaded = load_run(path)
    pd.testing.assert_frame_equal(loaded.history, run.history, check_index_type=False)
    assert loaded.config == run.config and loaded.model.rnnviz_config == run.config
    assert loaded.test_scores == run.test_scores and loaded.name == run.name and loaded.seed == run.seed
    for key in ("vocabulary", "sequence_length", "padding", "class_names", "task", "name", "examples"):
        assert getattr(loaded.dataset, key) == getattr(run.dataset, key)
    assert np.array_equal(loaded.dataset.encode([SENTENCE]), run.dataset.encode([SENTENCE]))
    assert len(loaded.dataset.train) == 0 and loaded.loaded_from == "lstm.zip"
    assert set(zipfile.ZipFile(path).namelist()) == {"model.keras", "dataset.json", "run.json", "history.csv"}


def test_save_and_load_through_file_objects(saved):
    run, _ = saved
    buffer = io.BytesIO()
    save_run(run, buffer)
    buffer.seek(0)
    loaded = load_run(buffer)
    x = run.dataset.test.x
    assert np.array_equal(loaded.model.predict(x, verbose=0), run.model.predict(x, verbose=0))


def test_a_multiclass_run_keeps_its_class_names(tmp_path):
    topics = {"sport": "the match and the goal", "food": "a tasty dinner recipe", "music": "a song and a concert"}
    data = rnnviz.dataset_from_texts([f"{s} {i}" for i in range(20) for s in topics.values()],
                                     [t for i in range(20) for t in topics], seed=0)
    run = rnnviz.train(rnnviz.build_model(data, "GRU", units=3), data, epochs=1, seed=0)
    loaded = load_run(save_run(run, tmp_path / "topics.zip"))
    assert loaded.dataset.class_names == ("food", "music", "sport") and loaded.dataset.task == "multiclass"
    assert np.array_equal(rnnviz.trace(loaded, "a tasty song").predictions,
                          rnnviz.trace(run, "a tasty song").predictions)


def test_a_bare_keras_model_loads_with_its_dataset(saved, tmp_path):
    run, _ = saved
    path = tmp_path / "model.keras"
    run.model.save(path)
    loaded = load_run(path, dataset=run.dataset)
    assert np.array_equal(rnnviz.trace(loaded, SENTENCE).predictions,
                          rnnviz.trace(run, SENTENCE).predictions)
    with pytest.raises(ValueError, match="is a Keras model without its vocabulary: pass dataset="):
        load_run(path)


def _one_line(call, message):
    with pytest.raises(ValueError, match=message) as error:
        call()
    assert "\n" not in str(error.value) and error.value.__cause__ is None
    return error


def test_a_keras_file_that_is_really_text(tmp_path):
    path = tmp_path / "model.keras"
    path.write_text("this is not a model")
    _one_line(lambda: load_run(path), r"model\.keras is not a saved run .* nor a Keras \.keras model")


def test_a_zip_that_is_not_a_run(tmp_path):
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "hello")
    _one_line(lambda: load_run(path), r"photos\.zip is a zip file but not a run saved by rnnviz\.save_run "
                                      r"\(no model\.keras, dataset\.json, run\.json, history\.csv\)")


def _rewrite(source, target, member, change):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.namelist():
            data = old.read(item)
            new.writestr(item, change(data) if item == member else data)
    return target


def test_a_model_that_does_not_fit_the_vocabulary(saved, tmp_path, tiny_sentiment):
    run, path = saved

    def fewer_words(data):
        settings = json.loads(data)
        settings["vocabulary"] = settings["vocabulary"][:-3]
        return json.dumps(settings)

    damaged = _rewrite(path, tmp_path / "cut.zip", "dataset.json", fewer_words)
    _one_line(lambda: load_run(damaged), r"does not fit the vocabulary: its Embedding reads "
                                         rf"{run.dataset.vocabulary_size} token ids, the vocabulary has "
                                         rf"{run.dataset.vocabulary_size - 3} words")
    other = rnnviz.load_dataset("toy_sentiment", size=300, seed=1, sequence_length=20)
    _one_line(lambda: load_run(path, dataset=other), "reads 32 tokens, the dataset's sequence length is 20")


def test_a_damaged_model_inside_the_zip(saved, tmp_path):
    _, path = saved
    damaged = _rewrite(path, tmp_path / "bad.zip", "model.keras", lambda data: b"plain text")
    _one_line(lambda: load_run(damaged), r"the model in bad\.zip could not be loaded by Keras")


def test_code_inside_a_model_is_refused_by_safe_mode(tiny_sentiment, tmp_path):
    import keras

    model = keras.Sequential([keras.Input((32,), dtype="int32"),
                              keras.layers.Embedding(tiny_sentiment.vocabulary_size, 4),
                              keras.layers.Lambda(lambda x: x * 2.0),
                              keras.layers.LSTM(2), keras.layers.Dense(1, activation="sigmoid")])
    path = tmp_path / "code.keras"
    model.save(path)
    _one_line(lambda: load_run(path, dataset=tiny_sentiment), r"contains Python code \(a Lambda layer\): "
                                                               r"refused, models are loaded with safe_mode=True")


def test_no_file(tmp_path):
    _one_line(lambda: load_run(tmp_path / "nothing.zip"), "no file at")


def test_several_runs_in_one_file_come_back_in_order(tiny_runs, tmp_path):
    from rnnviz.run_files import load_runs, save_runs

    path = save_runs(tiny_runs, tmp_path / "all.zip")
    loaded = load_runs(path)
    assert [run.name for run in loaded] == [run.name for run in tiny_runs.values()]
    for run, original in zip(loaded, tiny_runs.values()):
        x = original.dataset.validation.x[:5]
        np.testing.assert_allclose(run.model.predict(x, verbose=0), original.model.predict(x, verbose=0), atol=1e-6)
        pd.testing.assert_frame_equal(run.history, original.history, check_dtype=False, check_index_type=False)
    single = save_run(tiny_runs["GRU"], tmp_path / "one.zip")
    assert [run.name for run in load_runs(single)] == [tiny_runs["GRU"].name]   # one run's file is accepted too
    with zipfile.ZipFile(tmp_path / "damaged.zip", "w") as archive:
        archive.writestr("runs.json", json.dumps({"format": "rnnviz-runs", "runs": ["run_01.zip"]}))
    with pytest.raises(ValueError, match="damaged.zip lists run_01.zip but does not hold it"):
        load_runs(tmp_path / "damaged.zip")
