"""How long the default series preset (and the sunspots one) takes to train, and how it compares with the
naive forecast.

Run: python bench/series_preset.py
Prints the wall time of data loading + model building + training, the validation MSE against the naive
"repeat the last value" forecast's (both in the scaled units of the loss). The claim: the default preset
trains in <= 20 s on 2 CPU cores and beats the naive forecast.
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keras  # noqa: E402, F401 - imported before timing: the app imports it in the background at start

import rnnviz  # noqa: E402
from rnnviz.series_forecast import naive_forecast_scores  # noqa: E402
from rnnviz.series_presets import DEFAULT_SERIES_PRESET, SERIES_PRESETS  # noqa: E402


def main() -> None:
    print(f"CPU cores visible: {os.cpu_count()}")
    for key in (DEFAULT_SERIES_PRESET, *(k for k in SERIES_PRESETS if k != DEFAULT_SERIES_PRESET)):
        request = SERIES_PRESETS[key].request
        started = time.perf_counter()
        data = rnnviz.load_dataset(request.dataset_name, **request.dataset_options)
        run = rnnviz.run_request(request, data)
        total = time.perf_counter() - started
        naive = naive_forecast_scores(data).loc["validation", "mse"]
        val = run.history["val_loss"].iloc[-1]
        print(f"{key}{' (default)' * (key == DEFAULT_SERIES_PRESET)}: {total:.1f} s total (fit "
              f"{run.wall_time_s:.1f} s, {run.epochs_done} epochs), validation MSE {val:.4f} vs naive "
              f"{naive:.4f} (ratio {val / naive:.2f}); {data.shape_text()}")


if __name__ == "__main__":
    main()
