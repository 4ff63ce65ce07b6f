"""How long the one-click toy_sentiment LSTM preset takes to train, and how good it is.

Run: python bench/preset_speed.py
Prints the wall time of data generation + model building + training, the validation accuracy, and the
TF-IDF bag-of-words baseline on the same data. The claim: under 10 s on 2 CPU cores, >= 0.95 validation
accuracy, and the bag of words clearly below.
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keras  # noqa: E402, F401 - imported before timing: the app imports it in the background at start

import rnnviz  # noqa: E402
from rnnviz.presets import PRESETS  # noqa: E402


def main() -> None:
    for key in ("sentiment_lstm_en", "sentiment_lstm_es", "memory_lstm"):
        request = PRESETS[key].request
        started = time.perf_counter()
        data = rnnviz.load_dataset(request.dataset_name, **request.dataset_options)
        run = rnnviz.run_request(request, data)
        total = time.perf_counter() - started
        baseline = rnnviz.bag_of_words_baseline(data)
        print(f"{key}: {total:.1f} s total (fit {run.wall_time_s:.1f} s), validation accuracy "
              f"{run.history['val_accuracy'].iloc[-1]:.3f}, test {run.test_scores['accuracy']:.3f}; "
              f"bag-of-words baseline validation {baseline['validation']:.3f}")


if __name__ == "__main__":
    main()
