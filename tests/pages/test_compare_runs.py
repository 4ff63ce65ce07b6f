"""Train page, 'Compare runs': one TF-IDF baseline row per distinct data, each row naming its data."""

from types import SimpleNamespace

import pandas as pd

from rnnviz.ui import tables
from rnnviz.ui.cache import cached_dataset

WORDS = {0: ["dull", "bad", "boring", "awful"], 1: ["great", "fine", "lovely", "good"]}


def write_csv(path, n_rows: int, offset: int) -> str:
    rows = [{"text": f"a {WORDS[i % 2][(i + offset) % 4]} film number {i}", "label": ("neg", "pos")[i % 2]}
            for i in range(n_rows)]
    pd.DataFrame(rows).to_csv(path, index=False)
    return str(path)


def fake_run(name: str, options: dict):
    """What compare_rows reads of a run: its request, its dataset and its summary row."""
    dataset = cached_dataset("csv", tuple(sorted(options.items())))
    return SimpleNamespace(name=name, dataset=dataset,
                           request=SimpleNamespace(dataset_name="csv", dataset_options=options),
                           summary=lambda: {"run": name, "dataset": dataset.name})


def test_one_baseline_row_per_distinct_data_and_every_row_names_its_data(tmp_path):
    reviews = write_csv(tmp_path / "reviews.csv", 120, 0)
    tweets = write_csv(tmp_path / "tweets.csv", 100, 1)
    runs = {  # two runs on reviews.csv that differ only in what the network reads (sequence length)
        "a": fake_run("a", {"path": reviews, "sequence_length": 8}),
        "b": fake_run("b", {"path": reviews, "sequence_length": 12}),
        "c": fake_run("c", {"path": tweets}),
    }
    rows = tables.compare_rows(runs)
    baselines = [row for row in rows if row["run"] == "TF-IDF + logistic regression"]
    assert [row["dataset"] for row in baselines] == ["reviews.csv · 120 texts", "tweets.csv · 100 texts"]
    assert [row["dataset"] for row in rows[:3]] == ["reviews.csv · 120 texts"] * 2 + ["tweets.csv · 100 texts"]
    # the baseline's numbers are the fitted baseline's on that file (an independent fit, not the table's copy)
    from rnnviz.baselines import bag_of_words_baseline

    assert baselines[1]["test accuracy"] == bag_of_words_baseline(runs["c"].dataset)["test"]


def test_a_series_run_is_named_by_its_series_and_gets_no_baseline_row():
    from rnnviz.data import load_dataset

    series = load_dataset("noisy_sine")
    run = SimpleNamespace(name="s", dataset=series, request=SimpleNamespace(dataset_name="noisy_sine", dataset_options={}),
                          summary=lambda: {"run": "s", "dataset": series.name})
    assert tables.compare_rows({"s": run}) == [{"run": "s", "dataset": series.name}]
