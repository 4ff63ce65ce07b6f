"""Sessions: isolation between browser sessions, a bounded number of runs, names kept unique."""

from conftest import open_app


def test_two_sessions_never_see_each_other_s_runs(tiny_runs):
    mine = open_app("pages/train.py", runs={"mine": tiny_runs["LSTM"]})
    theirs = open_app("pages/train.py")
    assert list(mine.session_state["rnnviz_runs"]) == ["mine"]
    assert "rnnviz_runs" not in theirs.session_state or not theirs.session_state["rnnviz_runs"]
    assert not [s for s in theirs.sidebar.selectbox if s.label == "Model shown on the pages"]


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
