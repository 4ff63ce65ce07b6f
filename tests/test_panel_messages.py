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
