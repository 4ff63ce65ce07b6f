"""How fast is the trace of a series window? A 100-step window through the default preset's LSTM (16 units):
rnnviz.trace vs model.predict on the same window.

Claim (issue 13): every state and gate of a 100-step window, plus the forecast after each step, in <= 5 ms
(median), so the Time series page can retrace as the window slider moves. model.predict on the same window
(one forecast, no gates) is the baseline, measured in the same process. The trace is checked against Keras
(verify_trace) before it is timed.

Run: /work/venv/bin/python bench/series_trace.py
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import median_ms  # noqa: E402 - bench/timing.py, beside this script
from rnnviz import build_model, gradient_norms, load_dataset, trace, verify_trace  # noqa: E402
from rnnviz.series_presets import DEFAULT_SERIES_PRESET, SERIES_PRESETS  # noqa: E402

LOOK_BACK = 100



def main():
    request = SERIES_PRESETS[DEFAULT_SERIES_PRESET].request
    data = load_dataset(request.dataset_name, **{**request.dataset_options, "look_back": LOOK_BACK})
    config = request.config
    model = build_model(data, config)
    window = data.test.x[0]                                          # (100, 1)
    check = verify_trace(model, trace(model, window))
    assert check.ok, check.message()

    traced = median_ms(lambda: trace(model, window))
    predict = median_ms(lambda: model.predict(window[None], verbose=0), repeats=31)
    gradients = median_ms(lambda: gradient_norms(model, window[None], data.test.y[:1]), repeats=21)

    print(f"{LOOK_BACK}-step window of {data.name}, {config.label()}, {os.cpu_count()} cores")
    print(f"  rnnviz.trace (states, gates, forecast per step) median {traced:7.2f} ms   (claim: <= 5 ms) "
          f"{'OK' if traced <= 5 else 'MISSED'}")
    print(f"  model.predict, same window                      median {predict:7.2f} ms")
    print(f"  ratio predict / trace                                  {predict / traced:7.1f} x")
    print(f"  gradient_norms, same window                     median {gradients:7.2f} ms")
    print(f"  verify_trace: {check.message()}")


if __name__ == "__main__":
    main()
