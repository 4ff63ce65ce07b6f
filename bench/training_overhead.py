"""rnnviz.train against a plain model.fit of the same model on the same arrays, in one process.

Run: python bench/training_overhead.py [toy|imdb] [repeats]
- toy (default): the toy_sentiment LSTM preset (its config, data, epochs and batch size);
- imdb: one epoch of the default LSTM (rnnviz.build_model defaults) on 5,000 IMDB-like reviews of 200-300 words,
  all read (sequence_length 300), batch 32: a synthetic imdb.npz read by Keras' own loader
  (bench/imdb_default_size.py; random words, so only time is measured, not accuracy).
Both fit fresh, identically initialised models with the same validation data and validation batch size; runs
alternate to share the machine's noise; the ratio of medians is printed. The claim: rnnviz's training path
(seeded batches, NaN guard, progress monitor; test evaluation excluded) costs at most 10% more than model.fit.
"""

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import alternating_seconds  # noqa: E402

import rnnviz  # noqa: E402
from rnnviz.models import ModelConfig  # noqa: E402
from rnnviz.presets import PRESETS  # noqa: E402

VALIDATION_BATCH = 512   # what rnnviz.train validates with; plain fit is given the same


def toy_setting():
    request = PRESETS["sentiment_lstm_en"].request
    data = rnnviz.load_dataset(request.dataset_name, **request.dataset_options)
    return data, request.config, dict(epochs=request.epochs, batch_size=request.batch_size)


def imdb_setting():
    from imdb_default_size import load_synthetic_imdb

    # size 7,143: the 70/15/15 split leaves 5,000 training reviews.
    data, _ = load_synthetic_imdb(n_train=8000, n_test=2000, size=7143, sequence_length=300)
    return data, ModelConfig(), dict(epochs=1, batch_size=32)


def main(setting: str = "toy", repeats: int = 5) -> None:
    data, config, budget = {"toy": toy_setting, "imdb": imdb_setting}[setting]()

    def plain_fit() -> float:
        model = rnnviz.build_model(data, config)   # built outside the timed part, as in rnnviz_train
        started = time.perf_counter()
        model.fit(data.train.x, data.train.y, validation_data=(data.validation.x, data.validation.y),
                  validation_batch_size=VALIDATION_BATCH, shuffle=True, verbose=0, **budget)
        return time.perf_counter() - started

    def rnnviz_train() -> float:
        model = rnnviz.build_model(data, config)
        monitor = rnnviz.TrainingMonitor(budget["epochs"])
        return rnnviz.train(model, data, seed=0, monitor=monitor, **budget).wall_time_s

    print(f"{setting}: {config.label()}, {len(data.train):,} training sequences x {data.sequence_length} steps, "
          f"{budget['epochs']} epoch(s), batch {budget['batch_size']}; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}")
    times = alternating_seconds({"plain": plain_fit, "rnnviz": rnnviz_train}, repeats)
    plain, ours = times["plain"], times["rnnviz"]
    ratio = statistics.median(ours) / statistics.median(plain)
    print(f"model.fit     median {statistics.median(plain):.2f} s  ({', '.join(f'{t:.2f}' for t in plain)})")
    print(f"rnnviz.train  median {statistics.median(ours):.2f} s  ({', '.join(f'{t:.2f}' for t in ours)})")
    print(f"overhead ratio rnnviz.train / model.fit = {ratio:.3f} (claim: <= 1.10); load average now "
          f"{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "toy", int(sys.argv[2]) if len(sys.argv) > 2 else 5)
