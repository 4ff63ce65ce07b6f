"""The training service in threads: validation and cost cap, queue, single flight, Stop, dropped sessions.

Where a training is held or stopped is chosen by a callback (HoldAt), never by timing; every wait is bounded.
The worker processes and Dask are tested in test_service_workers.py.
"""

import pytest

from rnnviz import ModelConfig, TrainingRequest
from rnnviz.run import Run
from rnnviz.service import ThreadSlots, TrainingService
from rnnviz.service.testing import HoldAt
from rnnviz.training_request import parameters_per_step, training_cost

DATA = {"size": 300, "seed": 1}          # = the tiny_sentiment fixture: 210 training sequences
WAIT = 300                               # seconds: a bound on every wait, never an expected duration


def _request(units=2, epochs=2, **changes):
    return TrainingRequest("toy_sentiment", DATA, ModelConfig(cell="GRU", units=units, embedding_dim=4),
                           epochs=epochs, batch_size=32, **changes)


@pytest.fixture
def service(tmp_path):
    service = TrainingService(ThreadSlots(1), directory=str(tmp_path / "jobs"))
    yield service
    service.shutdown()


def _held(tmp_path, request, epoch=1, batch=None, name="hold"):
    hold = HoldAt(epoch=epoch, batch=batch, release_path=str(tmp_path / name))
    return hold, TrainingRequest(**{**request.__dict__, "callback_factories": (hold,)})


# -- validation in TrainingRequest.__post_init__
@pytest.mark.parametrize("changes, message", [
    ({"epochs": 0}, "epochs must be an integer from 1 to 500, got 0"),
    ({"batch_size": 10_000}, "batch_size must be an integer from 1 to 4,096, got 10000"),
    ({"seed": -1}, "seed must be an integer from 0"),
    ({"early_stopping_patience": 0}, "early_stopping_patience must be an integer from 1"),
    ({"train_size": 3}, "train_size must be an integer from 10"),
    ({"dataset_name": "no_such_data"}, "dataset must be one of 'toy_sentiment', 'memory_task'"),
    ({"dataset_options": {"colour": 1}}, "toy_sentiment option must be one of 'size'"),
    ({"config": {"units": 3}}, "config must be a ModelConfig or a SeriesModelConfig, got dict"),
    ({"callback_factories": (lambda model, data: None,)}, "must be a frozen dataclass of plain values"),
])
def test_bad_requests_are_refused_with_one_line(changes, message):
    fields = {"dataset_name": "toy_sentiment", "dataset_options": DATA, "config": ModelConfig(), **changes}
    with pytest.raises(ValueError, match=message) as refused:
        TrainingRequest(**fields)
    assert "\n" not in str(refused.value)


def test_a_request_over_the_cost_cap_is_refused_with_a_message(monkeypatch):
    with pytest.raises(ValueError) as refused:     # the example: 200,000 sentences of 1,000 words
        TrainingRequest("toy_sentiment", {"size": 200_000, "sequence_length": 1000}, ModelConfig(units=32))
    assert str(refused.value).startswith("this training is too large for the server: 140,000 sequences x "
                                         "1,000 steps x 6,321 parameters x 6 epochs = 5.3e+12, above the cap")
    assert "\n" not in str(refused.value)
    with pytest.raises(ValueError, match="too large"):
        TrainingRequest("toy_sentiment", {}, ModelConfig(units=1024, n_layers=4, bidirectional=True), epochs=500)
    small = _request()
    monkeypatch.setenv("RNNVIZ_MAX_TRAINING_COST", str(training_cost(small) - 1))   # the cap is configurable
    with pytest.raises(ValueError, match="too large"):
        _request()
    monkeypatch.setenv("RNNVIZ_MAX_TRAINING_COST", str(training_cost(small)))
    assert _request() == small


@pytest.mark.parametrize("options", [
    {"cell": "SimpleRNN"}, {"cell": "LSTM", "n_layers": 2}, {"cell": "GRU", "bidirectional": True},
    {"cell": "LSTM", "n_layers": 3, "bidirectional": True, "merge_mode": "sum"}, {"cell": "pooling"},
    {"cell": "flatten"},
])
def test_the_cost_counts_the_parameters_keras_builds_outside_the_embedding(options):
    from rnnviz.models import build_keras_model

    config = ModelConfig(units=8, embedding_dim=5, **options)
    model = build_keras_model(config, vocabulary_size=50, sequence_length=12, n_classes=2)
    assert parameters_per_step(config, 12) == model.count_params() - 50 * 5 + config.embedding_dim


def test_requests_with_the_same_lab_factories_share_a_key_and_others_do_not():
    from rnnviz.gradients.recorder import RecordGradients

    plain = _request()
    recorded = _request(callback_factories=(RecordGradients(),))
    assert recorded.cache_key() == _request(callback_factories=(RecordGradients(),)).cache_key()
    assert recorded.cache_key() != plain.cache_key() != _request(seed=1).cache_key()


# -- the service
def test_identical_requests_in_flight_train_once_and_each_session_gets_its_own_model(service, tmp_path):
    hold, request = _held(tmp_path, _request())
    first = service.submit([request], "student 1")
    hold.wait_until_reached(WAIT)          # the job is running, held at the end of epoch 1
    second = service.submit([request], "student 2")
    assert second.current.job is first.current.job and second.current.reused
    hold.release()
    assert first.wait(WAIT) and second.wait(WAIT)
    assert service.trainings_started == 1
    assert first.current.result is second.current.result and first.current.result.epochs_done == 2
    third = service.submit([request], "student 3")   # finished: answered from the cache at once
    assert third.done and third.current.reused and service.trainings_started == 1
    from rnnviz import load_dataset

    data = load_dataset("toy_sentiment", **DATA)
    a, b = (Run.from_result(t.current.result, data, request) for t in (first, second))
    assert a.model is not b.model and a.run_id != b.run_id
    assert all((x == y).all() for x, y in zip(a.model.get_weights(), b.model.get_weights()))


def test_the_queue_is_fifo_with_positions_and_one_job_per_session(service, tmp_path):
    hold, held = _held(tmp_path, _request())
    running = service.submit([held], "a")
    hold.wait_until_reached(WAIT)
    waiting_b = service.submit([_request(units=3)], "b")
    waiting_c = service.submit([_request(units=4)], "c")
    assert (running.position, waiting_b.position, waiting_c.position) == (0, 1, 2)
    assert 0 < waiting_b.wait_estimate_s() < waiting_c.wait_estimate_s()
    with pytest.raises(ValueError, match="a training is already running in this session"):
        service.submit([_request(units=5)], "a")
    service.drop_session("b")                          # a closed tab: its queued job leaves the queue
    assert waiting_b.done and waiting_b.current.note == "stopped before it started"
    assert waiting_c.position == 1
    hold.release()
    assert running.wait(WAIT) and waiting_c.wait(WAIT)
    assert service.trainings_started == 2 and waiting_c.current.result.epochs_done == 2


def test_a_batch_trains_its_requests_one_after_another(service):
    batch = service.submit([_request(units=2, epochs=1), _request(units=3, epochs=1)], "a")
    assert batch.wait(WAIT)
    assert [t.request.config.units for t in batch.outcomes()] == [2, 3]
    assert all(t.result.epochs_done == 1 for t in batch.outcomes())


@pytest.mark.parametrize("batch, reason", [
    (None, "stopped by the user after 1 epoch"),                   # Stop at an epoch's end
    (3, "stopped by the user during epoch 1"),                     # Stop inside an epoch (7 batches)
])
def test_stop_from_the_api_keeps_the_epochs_done(service, tmp_path, batch, reason):
    hold, request = _held(tmp_path, _request(epochs=50), epoch=1, batch=batch)
    job = service.submit([request], "a")
    hold.wait_until_reached(WAIT)
    job.stop()                      # the cancel file is there before the training goes on
    hold.release()
    assert job.wait(WAIT)
    result = job.current.result
    assert result.stop_reason.startswith(reason) and result.epochs_done == 1 and result.stopped_by_user
    assert not result.shareable and service.submit([request], "b").current.job is not None   # never cached


def test_a_stop_on_a_shared_training_lets_go_without_stopping_it_for_the_other(service, tmp_path):
    hold, request = _held(tmp_path, _request())
    first = service.submit([request], "a")
    hold.wait_until_reached(WAIT)
    second = service.submit([request], "b")
    second.stop()
    assert second.done and second.current.result is None and "goes on for them" in second.current.note
    hold.release()
    assert first.wait(WAIT) and first.current.result.stop_reason is None and first.current.result.epochs_done == 2


def test_reap_drops_sessions_closed_longer_than_the_grace(service, tmp_path):
    hold, held = _held(tmp_path, _request())
    running = service.submit([held], "open")
    hold.wait_until_reached(WAIT)
    queued = service.submit([_request(units=3)], "closed")
    service.reap(lambda session: session == "open", grace_s=3600)
    assert not queued.done                              # closed for less than the grace: keeps its place
    service.reap(lambda session: session == "open", grace_s=0)
    assert queued.done and not running.done
    hold.release()
    assert running.wait(WAIT)


def test_progress_is_read_from_the_job_file_epoch_by_epoch(service, tmp_path):
    hold, request = _held(tmp_path, _request(epochs=3), epoch=3, batch=1)   # after epoch 2's line is written
    batch = service.submit([request], "a")
    hold.wait_until_reached(WAIT)
    epochs = batch.epochs()
    assert [row["epoch"] for row in epochs] == [1, 2]
    assert batch.fraction_done() == pytest.approx(2 / 3)
    hold.release()
    assert batch.wait(WAIT)
    assert batch.current.result.history["loss"][:2] == [row["loss"] for row in epochs]


def test_a_refused_setting_inside_the_job_is_one_line(service):
    batch = service.submit([_request(train_size=100_000)], "a")     # more than the 210 sequences there are
    assert batch.wait(WAIT)
    assert batch.current.result is None
    assert batch.current.error == "train_size must be an integer from 10 to 210, got 100000"
