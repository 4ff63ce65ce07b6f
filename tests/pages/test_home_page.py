"""Start here: renders without TensorFlow, and one click trains a preset that joins the session."""

import subprocess
import sys
from dataclasses import replace

from conftest import no_exception, open_app, wait_for_training


def test_first_page_modules_do_not_import_tensorflow():
    code = ("import sys; import rnnviz, rnnviz.ui, rnnviz.presets, rnnviz.figures.training; "
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'imported TF'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_home_renders_and_a_preset_trains_into_the_session(monkeypatch):
    from rnnviz import presets

    # The real preset at test size: same code path, a fraction of the data and epochs.
    small = {key: replace(p, request=replace(p.request, dataset_options={**p.request.dataset_options, "size": 300},
                                             config=p.request.config.replace(units=4), epochs=1))
             for key, p in presets.PRESETS.items()}
    monkeypatch.setattr(presets, "PRESETS", small)
    at = open_app()
    assert no_exception(at)
    assert "rnnviz" in at.title[0].value
    at.button(key="preset_sentiment_lstm_en").click().run()
    assert no_exception(at)
    wait_for_training(at)
    assert no_exception(at)
    runs = at.session_state["rnnviz_runs"]
    assert list(runs) == ["LSTM on toy sentiment (English)"]
    run = runs["LSTM on toy sentiment (English)"]
    assert run.epochs_done == 1 and run.config.cell == "LSTM"
    assert any("validation accuracy" in s.value for s in at.success)
    assert f"{run.history['val_accuracy'].iloc[-1]:.3f}" in at.success[0].value
    assert "after 1 epoch (" in at.success[0].value                      # not "1 epochs"
    # the just-finished run's curves stay under the success line; no Stop button is left for a finished job
    assert any(chart.proto.id and "Final: LSTM on toy sentiment" in chart.proto.spec for chart in at.get("plotly_chart"))
    assert not [b for b in at.button if b.key == "rnnviz_stop"]
    # the same preset again: reused from the server's cache, and said so, with this wait's time
    at.button(key="preset_sentiment_lstm_en").click().run()
    wait_for_training(at)
    assert no_exception(at)
    assert any("reused from an identical training" in s.value and "ready in" in s.value for s in at.success)
