"""rnnviz.train against a plain model.fit of the same model on the same data, in one process.

Run: python bench/training_overhead.py
Both fit the toy_sentiment LSTM preset (same config, data, epochs, batch size, validation data) from fresh,
identically initialised models; runs alternate to share the machine's noise; the ratio of medians is printed.
The claim: rnnviz's training path (seeded batches, NaN guard, progress monitor, test evaluation excluded)
costs at most 10% more than model.fit.
"""

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import rnnviz  # noqa: E402
from rnnviz.presets import PRESETS  # noqa: E402

REPEATS = 5


def main() -> None:
    request = PRESETS["sentiment_lstm_en"].request
    data = rnnviz.load_dataset(request.dataset_name, **request.dataset_options)
    budget = dict(epochs=request.epochs, batch_size=request.batch_size)

    def plain_fit() -> float:
        model = rnnviz.build_model(data, request.config)
        started = time.perf_counter()
        model.fit(data.train.x, data.train.y, validation_data=(data.validation.x, data.validation.y),
                  shuffle=True, verbose=0, **budget)
        return time.perf_counter() - started

    def rnnviz_train() -> float:
        model = rnnviz.build_model(data, request.config)
        monitor = rnnviz.TrainingMonitor(request.epochs)
        return rnnviz.train(model, data, seed=0, monitor=monitor, **budget).wall_time_s

    plain_fit(), rnnviz_train()  # warm-up: first traces, first allocations
    plain, ours = [], []
    for _ in range(REPEATS):
        plain.append(plain_fit())
        ours.append(rnnviz_train())
    ratio = statistics.median(ours) / statistics.median(plain)
    print(f"model.fit     median {statistics.median(plain):.2f} s  ({', '.join(f'{t:.2f}' for t in plain)})")
    print(f"rnnviz.train  median {statistics.median(ours):.2f} s  ({', '.join(f'{t:.2f}' for t in ours)})")
    print(f"overhead ratio rnnviz.train / model.fit = {ratio:.3f} (claim: <= 1.10)")


if __name__ == "__main__":
    main()
