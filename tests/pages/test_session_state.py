"""Sessions: isolation between browser sessions, a bounded number of runs, names kept unique."""

from conftest import open_app


def test_the_shared_cache_gives_each_student_their_own_model_and_never_a_stopped_one(tiny_sentiment):
    """What crosses sessions is only the result cache: it must hand out copies, and only finished trainings."""
    import numpy as np

    from rnnviz import TrainingMonitor, TrainingRequest
    from rnnviz.ui.jobs import _RESULTS, _train_or_reuse

    request = TrainingRequest("toy_sentiment", {"size": 300, "seed": 1}, epochs=1, batch_size=32)
    stopped = TrainingMonitor(1)
    stopped.request_stop()
    assert _train_or_reuse(request, tiny_sentiment, stopped).stop_reason.startswith("stopped by the user")
    assert _RESULTS.get(request.cache_key()) is None                      # a cut-short model is never shared
    first = _train_or_reuse(request, tiny_sentiment, TrainingMonitor(1))  # a whole training: shared
    second = _train_or_reuse(request, tiny_sentiment, TrainingMonitor(1))
    assert second.extras["reused"] and not first.extras.get("reused")
    assert second.model is not first.model and second.history is not first.history
    assert all(np.array_equal(a, b) for a, b in zip(first.model.get_weights(), second.model.get_weights()))
    second.model.layers[-1].kernel.assign(np.zeros_like(second.model.layers[-1].kernel.numpy()))
    third = _train_or_reuse(request, tiny_sentiment, TrainingMonitor(1))  # one student's change stays theirs
    assert np.array_equal(third.model.get_weights()[-2], first.model.get_weights()[-2])


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

    def __init__(self, runs):
        self.runs = runs


def _copy(run, name):
    from dataclasses import replace

    return replace(run, name=name, extras={})
