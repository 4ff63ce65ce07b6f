"""Tables shown to students: their column headers in the student's language; the Train page's 'Compare runs'.

The rows keep the code's column names (tests, saved runs and other code read them); only what is drawn is
translated, at the last moment.
"""

from __future__ import annotations

import hashlib
import numbers
import os

import numpy as np
import pandas as pd

from ..i18n import DEFAULT_LANGUAGE, N_, _, format_number, get_language
from .cache import cached_baseline, cached_dataset

COLUMN_TITLES = {
    "run": N_("run"), "model": N_("model"), "dataset": N_("dataset"), "epochs": N_("epochs"),
    "reported epoch": N_("reported epoch"), "train accuracy": N_("train accuracy"),
    "val accuracy": N_("val accuracy"), "val loss": N_("val loss"), "test accuracy": N_("test accuracy"),
    "seconds": N_("seconds"), "note": N_("note"), "parameters": N_("parameters"),
    "seconds per epoch": N_("seconds per epoch"),
    "the course's figure (25,000 reviews)": N_("the course's figure (25,000 reviews)"),
}


def shown_columns(table):
    """`table` (a list of row dicts or a DataFrame) with the headers of COLUMN_TITLES translated."""
    def title(column):
        return _(COLUMN_TITLES[column]) if column in COLUMN_TITLES else column

    if isinstance(table, pd.DataFrame):
        return table.rename(columns=title)
    return [{title(column): value for column, value in row.items()} for row in table]


def localized_numbers(table):
    """`table` for st.dataframe with its numbers written as the student's language does ("4.000", "0,51").

    st.dataframe writes numbers in English whatever the page's language (its frontend formats them); a pandas
    Styler's display texts are shown instead while the cells stay numbers (sorting still works). English:
    the table as it is. Integers grouped, other numbers with up to 3 decimals (format_number); empty: "".
    """
    frame = table if isinstance(table, pd.DataFrame) else pd.DataFrame(table)
    language = get_language()
    if language == DEFAULT_LANGUAGE:
        return frame
    return frame.style.format(lambda value: _cell(value, language), na_rep="")   # the language of now


def _cell(value, language: str) -> str:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return format_number(value, language=language)
    return str(value)


BASELINE_NAME = N_("TF-IDF + logistic regression")   # translated where shown


def data_label(dataset) -> str:
    """Which data a row is about, as a student tells them apart: 'reviews.csv · 200 texts',
    'toy_sentiment (en) · 4,000 texts'. A CSV is named by its file (every CSV's dataset name is 'csv')."""
    if getattr(dataset, "task", None) == "regression":      # a series: its name says it (it has no texts)
        return dataset.name
    rows = len(dataset.train) + len(dataset.validation) + len(dataset.test)
    path = dataset.options.get("path") if dataset.name == "csv" else None
    language = getattr(dataset, "language", None)
    name = os.path.basename(path) if path else dataset.name + (f" ({language})" if language else "")
    return _("{data} · {n:,} texts").format(data=name, n=rows)


def data_fingerprint(dataset) -> str:
    """A digest of what the bag-of-words baseline reads (the texts and labels of the three splits): two runs whose
    options differ only in what the network sees (sequence length, vocabulary) have the same one."""
    digest = hashlib.sha256()
    for split in (dataset.train, dataset.validation, dataset.test):
        digest.update("\x1f".join(map(str, split.texts)).encode())
        digest.update(np.asarray(split.y).tobytes())
    return digest.hexdigest()


def compare_rows(runs: dict) -> list[dict]:
    """The 'Compare runs' table: one row per run (Run.summary, its data named by data_label), then one TF-IDF +
    logistic regression row per distinct text dataset the runs were trained on, named the same way."""
    rows = []
    for run in runs.values():
        rows.append({**run.summary(), "dataset": data_label(run.dataset)})
    return rows + baseline_rows(runs)


def baseline_rows(runs: dict) -> list[dict]:
    """TF-IDF + logistic regression's accuracies, once per distinct data (the texts the baseline reads, not the
    options: two runs on one CSV with two sequence lengths get one row), in the columns of Run.summary."""
    rows, seen = [], set()
    for run in runs.values():
        request = getattr(run, "request", None)
        if request is None or getattr(run.dataset, "task", None) == "regression":
            continue
        key = (request.dataset_name, tuple(sorted(request.dataset_options.items())))
        try:
            dataset = cached_dataset(*key)
            fingerprint = data_fingerprint(dataset)
            if fingerprint in seen:
                continue
            scores = cached_baseline(*key)
        except (ValueError, OSError):      # e.g. an uploaded CSV this server no longer holds
            continue
        seen.add(fingerprint)
        rows.append({"run": _(BASELINE_NAME), "model": _("bag of words (no word order)"),
                     "dataset": data_label(dataset), "train accuracy": scores["train"],
                     "val accuracy": scores["validation"], "test accuracy": scores["test"],
                     "note": _("baseline: knows which words occur, not their order")})
    return rows
