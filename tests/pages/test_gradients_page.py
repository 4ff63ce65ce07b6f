"""Gradients page: renders for each cell kind, and its figures and captions carry the measured numbers."""

import numpy as np
import pandas as pd
import pytest
from conftest import no_exception, open_app
from trace_helpers import decode, figures

from rnnviz import build_model, load_dataset, train
from rnnviz.gradients import LagExperiment, gradient_norms, run_lag_experiment
from rnnviz.gradients.captions import format_ratio
from rnnviz.gradients.lab import ClippingDemo, Conditions, build_cells
from rnnviz.gradients.lag_experiment import LagResult
from rnnviz.gradients.recorder import RecordGradients
from rnnviz.service import get_service
from rnnviz.training import Run
from rnnviz.training_request import TrainingRequest
from rnnviz.ui import gradients_lab, lag_lab

PAGE = "pages/gradients.py"


def _lines(figure) -> dict:
    """name -> y values of the lines (not the bands) of a figure."""
    return {trace["name"]: decode(trace["y"]).astype(float) for trace in figure["data"]
            if "lines" in trace.get("mode", "")}


def _medians(norms, min_sequences=1):
    return norms.summary(min_sequences=min_sequences)["median"].to_numpy()


@pytest.mark.parametrize("cell", ["SimpleRNN", "LSTM", "GRU"])
def test_page_shows_your_model_trained_against_its_initial_weights(tiny_runs, cell):
    run = tiny_runs[cell]
    at = open_app(PAGE, {run.name: run}, state={"gradients_tab": "Through training"})
    assert no_exception(at)
    lines = _lines(figures(at)["gradients_twin"])
    x, y = run.dataset.validation.x[:64], run.dataset.validation.y[:64]
    label = run.config.label()
    np.testing.assert_allclose(lines[f"{label} trained"], _medians(gradient_norms(run.model, x, y), 32), rtol=1e-6)
    untrained = build_model(run.dataset, run.config)        # same config and seed: the run's initial weights
    np.testing.assert_allclose(lines[f"{label} at initialisation"], _medians(gradient_norms(untrained, x, y), 32),
                               rtol=1e-6)
    assert any(f"{label} trained {format_ratio(lines[f'{label} trained'][-1] / lines[f'{label} trained'][0])}"
               in caption.value for caption in at.caption)
    assert at.button(key="gradients_record_run")    # no gradient history yet: offer to record one


def test_cells_compared_on_the_same_data_with_measured_captions(tiny_runs):
    run = tiny_runs["LSTM"]
    at = open_app(PAGE, {run.name: run})
    charts = figures(at)
    conditions = Conditions()
    dataset = load_dataset(conditions.dataset, **conditions.dataset_options())
    x, y = dataset.validation.x[:64], dataset.validation.y[:64]
    measured = {cell: gradient_norms(model, x, y) for cell, model in build_cells(conditions, dataset).items()}
    lines = _lines(charts["gradients_batch"])
    assert list(lines) == ["SimpleRNN", "LSTM", "GRU"]
    for cell, norms in measured.items():
        np.testing.assert_allclose(lines[cell], _medians(norms, 32), rtol=1e-6)
    caption = next(c.value for c in at.caption if c.value.startswith("Measured: the gradient 49 steps"))
    for cell, values in lines.items():
        assert f"{cell} {format_ratio(values[-1] / values[0])}" in caption
    # The "trained" weights come from this session's runs of the same conditions; runs holding the initial
    # weights (same config and seed) must give exactly the untrained numbers through that other path.
    models = build_cells(conditions, dataset)
    at.session_state["rnnviz_runs"] = {
        f"lab {cell}": Run(model=model, dataset=dataset, history=pd.DataFrame(), config=model.rnnviz_config,
                           test_scores={}, wall_time_s=0.0, epochs_requested=1, batch_size=64, seed=0,
                           request=TrainingRequest(conditions.dataset, conditions.dataset_options(), model.rnnviz_config,
                                                   group=gradients_lab.comparison_group(conditions)))
        for cell, model in models.items()}
    at.run()
    weights = at.radio(key="gradients_weights")
    assert "trained (0 epochs)" in weights.options   # the label counts real epochs
    weights.set_value("trained").run()                # the value: the same in every language
    assert no_exception(at)
    for cell, values in _lines(figures(at)["gradients_batch"]).items():
        np.testing.assert_allclose(values, lines[cell], rtol=1e-6)
    # Changing a condition changes the measurement: a larger gain, measured again.
    at.slider(key="gradients_gain").set_value(1.5).run()
    assert no_exception(at)
    assert not np.allclose(_lines(figures(at)["gradients_batch"])["SimpleRNN"], lines["SimpleRNN"])


@pytest.fixture(scope="module")
def clipping_runs():
    """The page's default clipping experiment, trained small: name -> Run, as the training queue would leave them."""
    demo = ClippingDemo()
    data = load_dataset("memory_task", **{**demo.dataset_options(), "size": 300})
    runs = {}
    for label, config in demo.configs().items():
        model = build_model(data, config)
        run = train(model, data, epochs=2, batch_size=64, seed=0, callbacks=[RecordGradients(32)(model, data)],
                    name=f"clipping lab: {label}")
        run.request = TrainingRequest("memory_task", demo.dataset_options(), config, epochs=2,
                                      group=f"gradients-clipping {demo!r}")
        runs[run.name] = run
    return runs


def test_exploding_without_clipping_is_a_clear_message(clipping_runs):
    at = open_app(PAGE, clipping_runs, state={"gradients_tab": "Exploding & clipping"})
    assert no_exception(at)
    assert any("without clipping: the loss became NaN in epoch 1" in error.value for error in at.error)
    charts = figures(at)
    clipped = clipping_runs["clipping lab: clipnorm=1"]
    loss = {trace["name"]: decode(trace["y"]) for trace in charts["clipping_loss"]["data"]}
    np.testing.assert_allclose(loss["clipnorm=1"], clipped.history["loss"].to_numpy())
    heatmap = charts["clipping_heatmap_clipnorm=1"]["data"][0]
    np.testing.assert_allclose(decode(heatmap["customdata"]), clipped.gradient_history.matrix(), rtol=1e-9)
    assert "gradients_heatmap" not in charts      # only the open tab's work runs
    # just trained: the panel names the diverged run; the lab does not say it a second time
    from rnnviz.ui import keys
    at.session_state[keys.LAST_JOB] = {"names": list(clipping_runs), "error": None, "notes": [], "reused": [],
                                       "page": None, "seconds": 1.0}
    at.run()
    nan_lines = [e.value for e in at.error if "the loss became NaN in epoch 1" in e.value]
    assert nan_lines == ["'clipping lab: without clipping': " + nan_lines[0].split("': ", 1)[1]]
    del at.session_state[keys.LAST_JOB]
    at.session_state["gradients_tab"] = "Through training"
    at.run()
    assert no_exception(at)
    assert "gradients_heatmap" in figures(at)     # the through-training tab lists the recorded runs
    assert at.session_state["gradients_tab"] == "Through training"   # and stays open on the next rerun
    at.run()
    assert "gradients_heatmap" in figures(at) and "clipping_loss" not in figures(at)


def _fake_result(settings: LagExperiment) -> LagResult:
    rows = [{"cell": cell, "lag": lag, "val_accuracy": 1.0 - 0.01 * lag * (cell != "SimpleRNN"),
             "best_val_accuracy": 1.0, "train_accuracy": 1.0, "epochs": settings.epochs, "diverged": False}
            for cell in settings.cells for lag in settings.lags]
    return LagResult(settings, pd.DataFrame(rows), 0.1)


def test_lag_experiment_runs_on_demand_and_is_shared_by_settings(monkeypatch):
    """The real experiment is tested in test_gradients_training.py and test_lag_service.py; here: button,
    progress, figure, shared result."""
    lag_lab.lag_store().clear()
    calls = []

    def fake_run(settings, bar, waiting):
        calls.append(settings)
        for done in range(settings.n_trials):
            bar.progress(done / settings.n_trials, text=waiting.format(what="a trial", number=done + 1,
                                                                        total=settings.n_trials))
        return _fake_result(settings)

    monkeypatch.setattr(lag_lab, "run_in_service", fake_run)
    at = open_app(PAGE, state={"gradients_tab": "Long-range memory"})
    assert "lag_figure" not in figures(at)                       # nothing runs until the button is pressed
    at.button(key="lag_run").click().run()
    assert no_exception(at) and calls == [LagExperiment()]      # the page's defaults are the library's
    lines = _lines(figures(at)["lag_figure"])
    assert lines["LSTM"] == pytest.approx([0.99, 0.89, 0.8, 0.7])
    assert any("SimpleRNN remembered further back than the gated cells" in c.value for c in at.caption)
    other_student = open_app(PAGE, state={"gradients_tab": "Long-range memory"})   # a new session: no new run
    assert "lag_figure" in figures(other_student) and len(calls) == 1
    lag_lab.lag_store().clear()


def test_the_lab_keeps_its_own_sentence_box():
    """A sentence typed for the student's model on an inspection page never lands on the lab's models."""
    conditions = Conditions()
    dataset = load_dataset(conditions.dataset, **conditions.dataset_options())
    typed = {f"{dataset.name}/{dataset.language}": "la película fue maravillosa"}
    at = open_app(PAGE, state={"rnnviz_sentences": dict(typed)})
    assert no_exception(at)
    box = at.text_input(key="gradients_text")
    assert box.value == list(dataset.examples)[0]
    box.set_value(list(dataset.examples)[1]).run()
    assert at.session_state["rnnviz_sentences"] == typed          # the inspection pages' sentence is untouched


def test_classic_case_is_one_click_and_the_default_case_is_explained():
    at = open_app(PAGE)
    default = next(c.value for c in at.caption if c.value.startswith("Measured on the untrained SimpleRNN"))
    assert "tanh' 0.9" in default and "orthogonal matrix keeps a vector's length" in default
    at.button(key="gradients_classic").click().run()
    assert no_exception(at)
    assert at.select_slider(key="gradients_scale").value == gradients_lab.CLASSIC_CASE.embedding_scale
    lines = _lines(figures(at)["gradients_batch"])
    ratio = {cell: values[-1] / values[0] for cell, values in lines.items()}
    assert ratio["SimpleRNN"] < ratio["LSTM"] / 100              # the textbook picture, measured
    caption = next(c.value for c in at.caption if c.value.startswith("Measured: the gradient 49 steps"))
    assert "SimpleRNN" in caption.split("vanished")[0].rsplit(".", 1)[-1]   # named among the vanished ones
    regime = next(c.value for c in at.caption if c.value.startswith("Measured on the untrained SimpleRNN"))
    assert "saturation" in regime
    at.button(key="gradients_defaults").click().run()
    assert at.select_slider(key="gradients_scale").value == 0.05 and at.slider(key="gradients_gain").value == 1.0


def test_the_experiment_trains_in_the_training_service(monkeypatch):
    """Pressing Run sends the trials to the service (here its thread executor) and draws what they measured."""
    lag_lab.lag_store().clear()
    tiny = LagExperiment(lags=(1, 3), n_steps=6, cells=("GRU",), units=4, epochs=2, size=120, seed=1)
    monkeypatch.setattr(lag_lab, "lag_controls", lambda key="lag": tiny)
    at = open_app(PAGE, state={"gradients_tab": "Long-range memory"})
    at.button(key="lag_run").click().run()
    assert no_exception(at)
    expected = run_lag_experiment(tiny)
    lines = _lines(figures(at)["lag_figure"])
    assert lines["GRU"] == pytest.approx([expected.accuracy("GRU", lag) for lag in tiny.lags], abs=1e-6)
    assert get_service().queue_length() == 0
    lag_lab.lag_store().clear()
