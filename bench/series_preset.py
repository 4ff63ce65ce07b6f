"""Each series preset, and each model of the README's series example, beside the naive forecast.

Run: python bench/series_preset.py
Prints, per preset: the wall time of data loading + model building + training, and the test MAE in the series'
own units beside the naive "repeat the last value" forecast's (same split, same units). Then the README's
sunspots models (look_back 12, horizon 1, learning rate 0.01) at 20 epochs, the same way. The claims: the default preset trains in
<= 20 s on 2 CPU cores, and every preset beats the naive forecast.
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keras  # noqa: E402, F401 - imported before timing: the app imports it in the background at start

import rnnviz  # noqa: E402
from rnnviz.series_forecast import naive_forecast_scores, one_step_predictions  # noqa: E402
from rnnviz.series_presets import DEFAULT_SERIES_PRESET, SERIES_PRESETS  # noqa: E402

README_MODELS = (("SimpleRNN", 5), ("LSTM", 5), ("GRU", 5), ("Conv1D", 5))


def _line(name: str, data, model, seconds: float) -> str:
    """Test MAE of `model` and of the naive forecast, in the series' units, and whether the model wins."""
    mae = one_step_predictions(model, data, "test").scores()["mae"]
    naive = naive_forecast_scores(data, scale="original").loc["test", "mae"]
    verdict = "beats naive" if mae < naive else "does NOT beat naive"
    return (f"{name}: {seconds:.1f} s, test MAE {mae:.3g} vs naive {naive:.3g} ({data.target_name}, "
            f"{len(data.test)} test windows): {verdict}")


def main() -> None:
    print(f"CPU cores visible: {os.cpu_count()}")
    for key in (DEFAULT_SERIES_PRESET, *(k for k in SERIES_PRESETS if k != DEFAULT_SERIES_PRESET)):
        request = SERIES_PRESETS[key].request
        started = time.perf_counter()
        data = rnnviz.load_dataset(request.dataset_name, **request.dataset_options)
        run = rnnviz.run_request(request, data)
        label = f"preset {key}{' (default)' * (key == DEFAULT_SERIES_PRESET)}, {run.epochs_done} epochs"
        print(_line(label, data, run.model, time.perf_counter() - started))
    series = rnnviz.load_dataset("sunspots", look_back=12, horizon=1)
    for cell, units in README_MODELS:
        started = time.perf_counter()
        forecaster = rnnviz.build_model(series, cell=cell, units=units, learning_rate=0.01)
        rnnviz.train(forecaster, series, epochs=20, seed=0)
        print(_line(f"README sunspots {cell}({units}), learning rate 0.01, 20 epochs", series, forecaster, time.perf_counter() - started))


if __name__ == "__main__":
    main()
