"""Sessions: isolation between browser sessions, a bounded number of runs, names kept unique."""

from conftest import open_app


def test_the_shared_cache_gives_each_student_their_own_model(tiny_sentiment, tmp_path):
    """What crosses sessions is the service's result cache: each session rebuilds its own model from it."""
    import numpy as np

    from rnnviz import TrainingRequest
    from rnnviz.service import ThreadSlots, TrainingService
    from rnnviz.ui.jobs import TrainingJob

    service = TrainingService(ThreadSlots(1), directory=str(tmp_path))
    request = TrainingRequest("toy_sentiment", {"size": 300, "seed": 1}, epochs=1, batch_size=32)

    def train_in(session):
        job = TrainingJob(service.submit([request], session), [tiny_sentiment])
        assert job.wait(300)
        return job.runs[0]

    first, second = train_in("student 1"), train_in("student 2")
    assert second.reused and not first.reused and service.trainings_started == 1
    assert second.model is not first.model and second.history is not first.history
    assert all(np.array_equal(a, b) for a, b in zip(first.model.get_weights(), second.model.get_weights()))
    second.model.layers[-1].kernel.assign(np.zeros_like(second.model.layers[-1].kernel.numpy()))
    third = train_in("student 3")                     # one student's change stays theirs
    assert np.array_equal(third.model.get_weights()[-2], first.model.get_weights()[-2])
    service.shutdown()


def test_a_session_keeps_its_latest_runs_only(tiny_runs):
    from rnnviz.ui import state

    many = {f"run {k}": tiny_runs["GRU"] for k in range(state.MAX_RUNS_PER_SESSION)}
    at = open_app("pages/train.py", runs=many)
    at.session_state["rnnviz_last_job"] = {"names": [], "error": None, "reused": []}
    # what collect_finished_job does with one more finished run, through the real add_run
    at.session_state["rnnviz_job"] = _FinishedJob([_copy(tiny_runs["SimpleRNN"], "newest")])
    at.run()
    names = list(at.session_state["rnnviz_runs"])
    assert len(names) == state.MAX_RUNS_PER_SESSION and names[-1] == "newest" and "run 0" not in names
    assert any("removed the oldest, 'run 0'" in i.value for i in at.info)


class _FinishedJob:
    done = True
    error = None
    notes = []

    def __init__(self, runs):
        self.runs = runs


def _copy(run, name):
    from dataclasses import replace

    return replace(run, name=name)
