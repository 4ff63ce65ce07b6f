"""Items 11 and 15: each server process has its own job folder (no stale cancel file or progress line of another
process), one training per student across tabs, and a global cap on the queue with an honest message."""

import os
import re
import subprocess
import sys

import pytest

from rnnviz import ModelConfig, TrainingRequest
from rnnviz.service import ThreadSlots, TrainingService
from rnnviz.service.progress import process_job_folder, remove_stale_folders
from rnnviz.service.service import Refused
from rnnviz.service.testing import HoldAt

DATA = {"size": 300, "seed": 1}
WAIT = 300


def _request(units=2, epochs=2, **changes):
    return TrainingRequest("toy_sentiment", DATA, ModelConfig(cell="GRU", units=units, embedding_dim=4),
                           epochs=epochs, batch_size=32, **changes)


def _dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_stale_cancel_file_of_an_earlier_server_never_stops_a_new_training(tmp_path):
    root = tmp_path / "shared"
    old = TrainingService(ThreadSlots(1), directory=str(root))
    first_id = f"job1-{old._token}"
    (old.directory / f"{first_id}.cancel").touch()       # what a Stop of the old server left
    (old.directory / f"{first_id}.jsonl").write_text('{"event": "epoch", "epoch": 1, "loss": 9.0}\n')
    old.shutdown()
    old_name = old.directory.name
    dead_name = re.sub(r"-\d+-([0-9a-f]{8})$", rf"-{_dead_pid()}-\1", old_name)
    os.rename(old.directory, root / dead_name)          # as if the old server's process had ended

    new = TrainingService(ThreadSlots(1), directory=str(root))
    try:
        assert new.directory.parent == root and new.directory != root / dead_name
        assert not (root / dead_name).exists()           # its dead predecessor's folder is cleared
        batch = new.submit([_request(epochs=3)], session_id="s")
        assert batch.wait(WAIT)
        assert batch.current.job.id != "job1"
        assert batch.current.result is not None and batch.current.result.epochs_done == 3
        assert not batch.current.result.stopped_by_user
    finally:
        new.shutdown()


def test_two_processes_sharing_a_job_root_get_distinct_folders_and_ids(tmp_path):
    one, two = (TrainingService(ThreadSlots(1), directory=str(tmp_path)) for _ in range(2))
    try:
        assert one.directory != two.directory and one._token != two._token
    finally:
        one.shutdown()
        two.shutdown()


def test_stale_folders_are_removed_only_when_they_are_safe_to_remove(tmp_path):
    alive = process_job_folder(tmp_path)                 # this process: alive
    dead = re.sub(r"-\d+-([0-9a-f]{8})$", rf"-{_dead_pid()}-\1", alive.name)
    foreign = tmp_path / dead.replace(dead[-8:], "aaaaaaaa")
    (tmp_path / dead).mkdir()
    (tmp_path / dead / "job3-0123abcd.jsonl").write_text("{}\n")
    foreign.mkdir()
    (foreign / "notes.txt").write_text("not a job file")  # a dead process's folder holding something else
    other_host = tmp_path / f"rnnviz-jobs-elsewhere-{_dead_pid()}-bbbbbbbb"
    other_host.mkdir()
    unrelated = tmp_path / "my-data"
    unrelated.mkdir()
    removed = remove_stale_folders(tmp_path)
    assert removed == [tmp_path / dead]
    assert alive.exists() and foreign.exists() and other_host.exists() and unrelated.exists()


def test_one_training_per_student_across_tabs(tmp_path):
    service = TrainingService(ThreadSlots(1), directory=str(tmp_path))
    hold = HoldAt(epoch=1, release_path=str(tmp_path / "release"))
    held = TrainingRequest(**{**_request().__dict__, "callback_factories": (hold,)})
    try:
        first = service.submit([held], session_id="tab1", owner="browser-A")
        hold.wait_until_reached()
        with pytest.raises(Refused, match="another tab") as refused:
            service.submit([_request(units=3)], session_id="tab2", owner="browser-A")
        assert refused.value.kind == "student_busy"
        other = service.submit([_request(units=3)], session_id="tab3", owner="browser-B")   # another student
        hold.release()
        assert first.wait(WAIT) and other.wait(WAIT)
        assert service.submit([_request(units=4)], session_id="tab2", owner="browser-A").wait(WAIT)
    finally:
        hold.release()
        service.shutdown()


def test_a_full_queue_refuses_new_trainings_with_an_honest_message(tmp_path):
    service = TrainingService(ThreadSlots(1), directory=str(tmp_path), max_queued=2)
    hold = HoldAt(epoch=1, release_path=str(tmp_path / "release"))
    held = TrainingRequest(**{**_request().__dict__, "callback_factories": (hold,)})
    try:
        batches = [service.submit([held], session_id="running")]
        hold.wait_until_reached()
        batches += [service.submit([_request(units=units)], session_id=f"s{units}") for units in (3, 4)]
        with pytest.raises(Refused) as refused:
            service.submit([_request(units=5)], session_id="late")
        assert str(refused.value) == "the server is busy: 2 trainings waiting; try again in a minute"
        assert refused.value.kind == "server_busy" and refused.value.values == {"waiting": 2}
        joined = service.submit([_request(units=3)], session_id="joins")   # the same as one queued: no new work
        batches.append(joined)
        hold.release()
        assert all(batch.wait(WAIT) for batch in batches)
    finally:
        hold.release()
        service.shutdown()


def test_the_pages_say_the_refusals_in_the_students_language():
    from rnnviz.i18n import use_language
    from rnnviz.ui.jobs import refused_text

    busy = Refused("server_busy", "the server is busy", waiting=12)
    english = refused_text(busy)
    assert english == "The server is busy: 12 trainings waiting; try again in a minute."
    with use_language("es"):
        spanish = refused_text(busy)
    assert "12" in spanish and spanish != english
