"""The long-range preset, measured: validation accuracy per cell kind over seeds, with training seconds.

Run: python bench/long_range.py [seed ...]      (default seeds 0 1 2)
Trains rnnviz.presets.long_range_comparison(seed) for every seed: SimpleRNN, LSTM and GRU on the same
order_task data with the same units, epochs, batch size and learning rate. Prints one line per model (last and
best epoch's validation accuracy, fit seconds), the bag-of-words baseline on the same data, and a summary.
The picture the preset is meant to show: SimpleRNN <= 0.6 while LSTM and GRU >= 0.9, on every seed.
How the setting was found: bench/long_range_search.py.
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import pandas as pd  # noqa: E402

import rnnviz  # noqa: E402
from rnnviz.presets import LONG_RANGE, long_range_comparison  # noqa: E402


def main(seeds: list[int]) -> None:
    print(f"order_task {LONG_RANGE.dataset_options}, {LONG_RANGE.config.units} units, {LONG_RANGE.epochs} epochs, "
          f"batch {LONG_RANGE.batch_size}, learning rate {LONG_RANGE.config.learning_rate}, embedding scale "
          f"{LONG_RANGE.config.embedding_scale}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    rows = []
    for seed in seeds:
        requests = long_range_comparison(seed)
        data = rnnviz.load_dataset(LONG_RANGE.dataset_name, **requests["LSTM"].dataset_options)
        bag = rnnviz.bag_of_words_baseline(data)["validation"]
        for cell, request in requests.items():
            run = rnnviz.run_request(request, data)
            accuracy = run.history["val_accuracy"]
            rows.append({"seed": seed, "cell": cell, "val_accuracy": float(accuracy.iloc[-1]),
                         "best_val_accuracy": float(accuracy.max()), "fit_seconds": run.wall_time_s})
            print(f"  seed {seed} {cell:9s} validation accuracy {accuracy.iloc[-1]:.3f} (best {accuracy.max():.3f})"
                  f" in {run.wall_time_s:.1f} s", flush=True)
        print(f"  seed {seed} bag of words (TF-IDF + logistic regression) validation accuracy {bag:.3f}", flush=True)
    table = pd.DataFrame(rows)
    summary = table.groupby("cell", sort=False).agg(
        min_val=("val_accuracy", "min"), mean_val=("val_accuracy", "mean"), max_val=("val_accuracy", "max"),
        max_best=("best_val_accuracy", "max"), mean_seconds=("fit_seconds", "mean"),
        max_seconds=("fit_seconds", "max"))
    print(summary.round(3).to_string())
    by_cell = summary["min_val"]
    shown = (summary.loc["SimpleRNN", "max_val"] <= 0.6 and by_cell["LSTM"] >= 0.9 and by_cell["GRU"] >= 0.9)
    print(f"textbook picture (SimpleRNN <= 0.6, LSTM and GRU >= 0.9 on all {len(seeds)} seeds): "
          f"{'shown' if shown else 'NOT shown'}")


if __name__ == "__main__":
    main([int(seed) for seed in sys.argv[1:]] or [0, 1, 2])
