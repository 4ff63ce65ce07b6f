"""Gradients page, long-range tab: the order task is a choice, with the preset's budget as its defaults."""

import pandas as pd
import pytest
from conftest import no_exception, open_app
from trace_helpers import figures

from rnnviz.gradients import LagExperiment
from rnnviz.gradients.lag_experiment import LAG_TASKS, TASK_DESCRIPTIONS, LagResult
from rnnviz.ui import lag_lab

PAGE = "pages/gradients.py"


def _measured(settings: LagExperiment) -> LagResult:
    rows = [{"cell": cell, "lag": lag, "val_accuracy": 0.5 if cell == "SimpleRNN" else 1.0, "best_val_accuracy": 1.0,
             "train_accuracy": 1.0, "epochs": settings.epochs, "diverged": False}
            for cell in settings.cells for lag in settings.lags]
    return LagResult(settings, pd.DataFrame(rows), 0.1)


def test_choosing_the_order_task_runs_it_with_the_preset_budget(monkeypatch):
    lag_lab.lag_store().clear()
    calls = []

    def fake_run(settings, bar, waiting):
        calls.append(settings)
        return _measured(settings)

    monkeypatch.setattr(lag_lab, "run_in_service", fake_run)
    at = open_app(PAGE, state={"gradients_tab": "Long-range memory"})   # only the open tab runs
    at.radio(key="lag_task").set_value("order_task").run()
    assert no_exception(at)
    assert any(TASK_DESCRIPTIONS["order_task"] in m.value for m in at.markdown)
    at.button(key="lag_run").click().run()
    assert no_exception(at) and calls == [LagExperiment.for_task("order_task")]
    figure = figures(at)["lag_figure"]
    assert figure["layout"]["xaxis"]["title"]["text"] == LAG_TASKS["order_task"]
    caption = " ".join(c.value for c in at.caption)
    assert "the gated cells remembered further back than SimpleRNN" in caption and "SimpleRNN 0.50" in caption
    lag_lab.lag_store().clear()


def test_a_refused_lag_experiment_is_told_in_the_students_words(monkeypatch):
    """The lag lab goes to the service like every page: as its student (one training at a time per browser), and
    a refusal (a full queue) reaches the student as their one line, in their language, not the service's."""
    from rnnviz.i18n import use_language
    from rnnviz.service.service import Refused

    seen = {}

    class FullService:
        def submit(self, requests, session, datasets, owner=""):
            seen["owner"] = owner
            raise Refused("server_busy", "the server is busy: 120 trainings waiting; try again in a minute",
                          waiting=120)

    monkeypatch.setattr(lag_lab, "get_service", FullService)
    monkeypatch.setattr(lag_lab, "cached_dataset", lambda name, options: None)
    monkeypatch.setattr(lag_lab, "session_id", lambda: "session-1")
    settings = LagExperiment(lags=(1, 4), n_steps=6, cells=("SimpleRNN",), units=4, epochs=1, size=120, seed=3)
    with use_language("es"), pytest.raises(ValueError) as error:
        lag_lab.run_in_service(settings, bar=None, waiting="")
    assert str(error.value) == "El servidor está ocupado: 120 entrenamientos en espera; inténtalo de nuevo en un minuto."
    assert "owner" in seen
