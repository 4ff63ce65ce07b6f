"""Train page: data preview, model summary with Keras' counts, training, comparing, renaming, bad input."""

import pytest
from conftest import no_exception, open_app, wait_for_training
from conftest import number_input as _number
from conftest import selectbox as _select

PAGE = "pages/train.py"


def _small_settings(at):
    _number(at, "Sentences").set_value(200)
    _number(at, "Units").set_value(4)
    _number(at, "Epochs").set_value(1)
    return at.run()


def test_page_shows_data_model_summary_and_baseline():
    at = open_app(PAGE)
    assert no_exception(at)
    _small_settings(at)
    assert no_exception(at)
    tables = at.dataframe
    summary = tables[1].value
    vocabulary_size = int(summary["parameters"][0]) // 16
    assert list(summary["layer"]) == ["embedding", "lstm_1", "output"]
    assert list(summary["parameters"]) == [vocabulary_size * 16, 4 * 4 * (4 + 16 + 1), 5]
    assert any(f"Total parameters: {vocabulary_size * 16 + 4 * 4 * 21 + 5:,}" in c.value for c in at.caption)
    assert any("Keras' own count" in c.value for c in at.caption)
    assert any("Bag-of-words baseline" in m.label for m in at.metric)


def test_training_from_the_page_adds_a_run_then_rename_and_delete():
    at = _small_settings(open_app(PAGE))
    at.button(key="train_button").click().run()
    wait_for_training(at)
    assert no_exception(at)
    runs = at.session_state["rnnviz_runs"]
    assert len(runs) == 1
    name = next(iter(runs))
    assert at.dataframe[-1].value["run"].tolist() == [name, "TF-IDF + logistic regression"]
    at.text_input(key=f"rename_{name}").set_value("my first LSTM").run()
    at.button(key="rename_run").click().run()
    assert list(at.session_state["rnnviz_runs"]) == ["my first LSTM"]
    at.button(key="delete_run").click().run()
    assert not at.session_state["rnnviz_runs"]
    assert no_exception(at)


@pytest.mark.parametrize("label, value, message", [
    ("Units", 0, "Units: must be an integer from 1 to 1024, got 0"),
    ("Learning rate", 50.0, "Learning rate: must be a number from 1e-06 to 1, got 50.0"),
    ("Sentences", 0, "Sentences: must be an integer from 60 to 200,000, got 0"),
])
def test_bad_settings_get_one_line_and_no_traceback(label, value, message):
    at = open_app(PAGE)
    _number(at, label).set_value(value).run()
    assert no_exception(at)
    assert [e.value for e in at.error] == [message]


def test_a_million_epochs_is_refused_with_a_message():
    at = _small_settings(open_app(PAGE))
    _number(at, "Epochs").set_value(1_000_000).run()
    at.button(key="train_button").click().run()
    assert no_exception(at)
    assert [e.value for e in at.error] == ["Epochs: must be an integer from 1 to 500, got 1000000"]
    assert "rnnviz_job" not in at.session_state or at.session_state["rnnviz_job"] is None


@pytest.mark.parametrize("label, value, message", [
    ("Seed", -1, "Seed: must be an integer from 0 to"),
    ("Early stopping patience (0 = off)", -1,
     "Early stopping patience (0 = off): must be 0 (off) or an integer from 1 to 500, got -1"),
])
def test_budget_errors_read_in_the_boxs_words(label, value, message):
    at = _small_settings(open_app(PAGE))
    _number(at, label).set_value(value).run()
    at.button(key="train_button").click().run()
    assert no_exception(at)
    assert len(at.error) == 1 and at.error[0].value.startswith(message)
    assert "training_seed" not in at.error[0].value and "early_stopping_patience" not in at.error[0].value


def test_a_diverging_training_says_so_in_one_line():
    at = _small_settings(open_app(PAGE))
    _select(at, "Cell").set_value("SimpleRNN")
    at.run()
    _select(at, "Optimizer").set_value("sgd")
    _select(at, "Activation").set_value("relu")
    _number(at, "Learning rate").set_value(1.0)
    _number(at, "Units").set_value(32)
    _number(at, "Recurrent gain").set_value(10.0)
    _number(at, "Embedding init scale").set_value(5.0)
    at.run()
    at.button(key="train_button").click().run()
    wait_for_training(at)
    assert no_exception(at)
    assert len(at.error) == 1
    assert "the loss became NaN in epoch 1: training diverged" in at.error[0].value
    assert len(at.session_state["rnnviz_runs"]) == 1     # the diverged run is kept, to look at


def test_stop_on_the_page_ends_training_cleanly_and_keeps_the_epochs_done(tmp_path, monkeypatch):
    """The training is held at the end of epoch 2 (a callback, not a timer) while the student presses Stop."""
    from dataclasses import replace

    from rnnviz.service import get_service
    from rnnviz.service.testing import HoldAt

    hold = HoldAt(epoch=2, release_path=str(tmp_path / "release"))
    service = get_service()
    submit = service.submit
    monkeypatch.setattr(service, "submit", lambda requests, session, datasets=None, **options: submit(
        [replace(r, callback_factories=(*r.callback_factories, hold)) for r in requests], session, datasets,
        **options))
    at = _small_settings(open_app(PAGE))
    _number(at, "Epochs").set_value(400)
    at.run()
    at.button(key="train_button").click().run()
    hold.wait_until_reached(300)
    at.run()                                   # the live panel: epoch 1 done, the Stop button
    assert any("Training LSTM 4: epoch" in p.proto.text for p in at.get("progress"))
    at.button(key="rnnviz_stop").click().run()
    hold.release()
    wait_for_training(at)
    assert no_exception(at)
    run = next(iter(at.session_state["rnnviz_runs"].values()))
    assert run.epochs_done == 2 and run.stop_reason == "stopped by the user after 2 epochs"
    assert any("stopped by the user after 2 epochs" in i.value for i in at.info)


def test_the_live_panel_shows_the_place_in_the_queue(tmp_path, monkeypatch):
    from rnnviz import ModelConfig, TrainingRequest
    from rnnviz.service import ThreadSlots, TrainingService, set_service
    from rnnviz.service.testing import HoldAt

    service = TrainingService(ThreadSlots(1), directory=str(tmp_path / "jobs"))
    previous = set_service(service)
    try:
        hold = HoldAt(epoch=1, release_path=str(tmp_path / "release"))
        other = service.submit([TrainingRequest("toy_sentiment", {"size": 200}, ModelConfig(units=2), epochs=1,
                                                callback_factories=(hold,))], "another student")
        hold.wait_until_reached(300)
        at = _small_settings(open_app(PAGE))
        at.button(key="train_button").click().run()
        texts = [p.proto.text for p in at.get("progress")]
        assert any("number 1 in the server's queue" in text for text in texts), texts
        hold.release()
        assert other.wait(300)
        wait_for_training(at)
        assert no_exception(at) and len(at.session_state["rnnviz_runs"]) == 1
    finally:
        set_service(previous)
        service.shutdown()


def test_settings_survive_a_visit_to_another_page():
    at = _small_settings(open_app(PAGE))
    _select(at, "Cell").set_value("GRU")
    at.run()
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert no_exception(at)
    assert (_number(at, "Sentences").value, _number(at, "Units").value, _number(at, "Epochs").value) == (200, 4, 1)
    assert _select(at, "Cell").value == "GRU"


def test_rename_keeps_the_run_chosen_and_refuses_endless_names(tiny_runs):
    at = open_app(PAGE, runs={"first": tiny_runs["LSTM"], "second": tiny_runs["GRU"]})
    at.selectbox(key="manage_run").set_value("second").run()
    at.text_input(key="rename_second").set_value("my GRU").run()
    at.button(key="rename_run").click().run()
    assert list(at.session_state["rnnviz_runs"]) == ["first", "my GRU"]
    assert at.selectbox(key="manage_run").value == "my GRU"
    assert at.session_state["rnnviz_runs"]["my GRU"].name == "my GRU"
    at.text_input(key="rename_my GRU").set_value("x" * 80).run()   # longer than the box's 60 characters
    at.button(key="rename_run").click().run()
    assert no_exception(at)
    assert all(len(name) <= 60 for name in at.session_state["rnnviz_runs"])
    current = at.selectbox(key="manage_run").value
    at.text_input(key=f"rename_{current}").set_value("first").run()     # a name that is taken
    at.button(key="rename_run").click().run()
    assert [e.value for e in at.error] == ["a run called 'first' already exists"]


@pytest.mark.parametrize("dataset", ["toy_sentiment", "memory_task", "order_task"])
def test_every_built_in_dataset_can_be_chosen(dataset):
    at = open_app(PAGE)
    _select(at, "Dataset").set_value(dataset).run()
    assert no_exception(at)
    assert not at.error
