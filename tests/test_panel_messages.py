"""The one-line outcome of a training: plural, and a reused training's time is the student's wait."""

from types import SimpleNamespace

from rnnviz.ui.panel import outcome_line


def _run(epochs, seconds):
    return SimpleNamespace(reported=lambda: {"val_accuracy": 0.9125}, restored_epoch=None, epochs_done=epochs,
                           reported_epoch=epochs, wall_time_s=seconds)


def test_one_epoch_is_singular():
    assert outcome_line(_run(1, 3.14)) == "validation accuracy 0.912 after 1 epoch (3.1 s)."
    assert outcome_line(_run(6, 3.14)) == "validation accuracy 0.912 after 6 epochs (3.1 s)."


def test_a_reused_training_reports_the_wait_not_the_original_time():
    line = outcome_line(_run(8, 176.0), reused_in_s=4.2)
    assert "ready in 4.2 s" in line and "reused" in line
    assert "176" not in line


def test_a_training_reports_the_wait_the_student_lived_beside_the_training_time():
    line = outcome_line(_run(6, 20.5), waited_s=43.04)
    assert line.startswith("validation accuracy 0.912 after 6 epochs (training 20.5 s; ready 43.0 s after you")
    assert "queue" in line


def _collect_a_finished_job():
    import streamlit as st

    from rnnviz.ui import keys, state
    from rnnviz.ui.panel import training_panel

    if st.session_state.get("pressed"):
        st.session_state[keys.JOB] = st.session_state.pop("pressed")
    state.collect_finished_job()
    training_panel()


def test_the_success_line_counts_from_the_press_not_from_the_training(tiny_runs):
    """A job pressed 40 s ago (the queue, the worker's start) whose training took the run's own time."""
    import copy
    import time

    from streamlit.testing.v1 import AppTest

    run = copy.copy(tiny_runs["GRU"])
    job = SimpleNamespace(done=True, runs=[run], error=None, notes=[], submitted_at=time.monotonic() - 40.0)
    at = AppTest.from_function(_collect_a_finished_job, default_timeout=60)
    at.session_state["pressed"] = job
    at.run()
    (line,) = [success.value for success in at.success]
    waited = float(line.split("ready ")[1].split(" s")[0])
    assert waited >= 40.0 and f"training {run.wall_time_s:.1f} s" in line
