"""The training service's worker processes and its Dask path: same results as in-process, Stop, crashes.

One spawn worker is shared by the module's tests (its start and TensorFlow import cost a few seconds once).
Where a training is held is chosen by a callback (HoldAt), never by timing; every wait is bounded.
"""

import os
import signal

import numpy as np
import pytest

from rnnviz import ModelConfig, TrainingRequest, load_dataset, run_request
from rnnviz.run import Run
from rnnviz.service import ProcessSlots, TrainingService
from rnnviz.service.testing import HoldAt

DATA = {"size": 300, "seed": 1}
WAIT = 300          # seconds: a bound on every wait, never an expected duration


def _request(units=2, epochs=2, **changes):
    return TrainingRequest("toy_sentiment", DATA, ModelConfig(cell="LSTM", units=units, embedding_dim=4,
                                                              dropout=0.1), epochs=epochs, batch_size=32, **changes)


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    service = TrainingService(ProcessSlots(1, recycle_after=100, nice=5),
                              directory=str(tmp_path_factory.mktemp("jobs")))
    yield service
    service.shutdown()


def test_a_training_in_a_worker_gives_the_weights_and_history_of_the_same_training_here(pool):
    request = _request()
    batch = pool.submit([request], "a")
    assert batch.wait(WAIT), "the worker never answered"
    assert batch.current.error is None
    data = load_dataset("toy_sentiment", **DATA)
    there = Run.from_result(batch.current.result, data, request)
    here = run_request(request, data)
    assert there.history.equals(here.history)
    assert all(np.array_equal(a, b) for a, b in zip(there.model.get_weights(), here.model.get_weights()))
    assert there.test_scores == pytest.approx(here.test_scores)
    assert there.request == request and there.group == request.group


def test_lab_callbacks_run_in_the_worker_and_their_records_come_back(pool):
    from rnnviz.gradients.recorder import RecordGradients

    request = _request(epochs=1, callback_factories=(RecordGradients(n_sequences=8),))
    batch = pool.submit([request], "a")
    assert batch.wait(WAIT) and batch.current.error is None
    run = Run.from_result(batch.current.result, load_dataset("toy_sentiment", **DATA), request)
    assert run.gradient_history.epochs == [0, 1] and run.gradient_history.matrix().shape == (2, 32)


def test_stop_reaches_the_worker_through_the_cancel_file(pool, tmp_path):
    hold = HoldAt(epoch=2, release_path=str(tmp_path / "release"))
    batch = pool.submit([_request(epochs=50, callback_factories=(hold,))], "a")
    hold.wait_until_reached(WAIT)
    batch.stop()
    hold.release()
    assert batch.wait(WAIT)
    assert batch.current.result.stop_reason == "stopped by the user after 2 epochs"


def test_a_worker_killed_mid_training_is_one_line_and_the_pool_recovers(pool, tmp_path):
    hold = HoldAt(epoch=1, release_path=str(tmp_path / "never released"))
    batch = pool.submit([_request(epochs=5, callback_factories=(hold,))], "a")
    hold.wait_until_reached(WAIT)
    pid = batch.current.job.files.worker_pid()
    assert pid is not None and pid != os.getpid()
    os.kill(pid, signal.SIGKILL)
    assert batch.wait(WAIT)
    error = batch.current.error
    assert error.startswith("the training's worker process stopped unexpectedly") and "\n" not in error
    assert batch.current.result is None
    again = pool.submit([_request(units=3, epochs=1)], "a")     # a new worker takes the next job
    assert again.wait(WAIT) and again.current.error is None and again.current.result.epochs_done == 1
    assert again.current.job is None or pid not in pool.executor.worker_pids()


def test_workers_are_recycled_after_n_trainings(tmp_path):
    service = TrainingService(ProcessSlots(1, recycle_after=1, nice=0), directory=str(tmp_path))
    try:
        pids = []
        for units in (2, 3):
            batch = service.submit([_request(units=units, epochs=1)], "a")
            assert batch.wait(WAIT) and batch.current.error is None
            pids.append(batch.current.job.files.worker_pid())
        assert pids[0] != pids[1]
    finally:
        service.shutdown()


def test_the_same_job_runs_on_a_dask_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    from rnnviz.service.dask_executor import DaskSlots

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) \
            as cluster, distributed.Client(cluster) as client:
        service = TrainingService(DaskSlots(client), directory=str(tmp_path))
        hold = HoldAt(epoch=2, batch=1, release_path=str(tmp_path / "release"))   # epoch 1's line is written
        request = _request(epochs=3, callback_factories=(hold,))
        batch = service.submit([request], "a")
        hold.wait_until_reached(WAIT)
        assert [row["epoch"] for row in batch.epochs()] == [1]          # progress through the file protocol
        batch.stop()
        hold.release()
        assert batch.wait(WAIT) and batch.current.error is None
        assert batch.current.result.stop_reason.startswith("stopped by the user during epoch 2")
        plain = _request(epochs=1)
        done = service.submit([plain], "b")
        assert done.wait(WAIT)
        there = Run.from_result(done.current.result, load_dataset("toy_sentiment", **DATA), plain)
        here = run_request(plain, load_dataset("toy_sentiment", **DATA))
        assert there.history.equals(here.history)


def test_a_worker_started_during_a_script_run_does_not_run_the_script(tmp_path, monkeypatch):
    """Streamlit installs the running script (app.py) as sys.modules['__main__']; a spawn child re-imports
    __main__ from its file, so a worker started then would run the whole app (and start workers of its own)."""
    import sys
    import types

    marker = tmp_path / "the app ran in the worker"
    script = tmp_path / "app.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n")
    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    slots = ProcessSlots(capacity=1)
    try:
        assert slots.submit(os.getpid).result(timeout=300) != os.getpid()     # the worker runs jobs
    finally:
        slots.shutdown()
    assert sys.modules["__main__"] is fake_main                              # put back after the start
    assert not marker.exists()
