"""Data sets, all returned as one `Dataset` type: the generated ones (offline, in a second), the course's IMDB
reviews (through Keras' cache), and your own texts (a CSV file, or lists in a notebook)."""

from __future__ import annotations

from .csv_data import csv_dataset
from .dataset import OOV_TOKEN, PAD_TOKEN, Dataset, EncodedSentence, Split
from .imdb import imdb
from .memory import memory_task
from .order_task import order_task
from .own_texts import dataset_from_texts
from .sentiment import LANGUAGES, toy_sentiment
from .series import SERIES_GENERATORS
from .text import standardize, words
from .windows import SeriesDataset

# name -> generator; each generator validates its own options.
GENERATORS = {"toy_sentiment": toy_sentiment, "memory_task": memory_task, "order_task": order_task, "imdb": imdb,
              "csv": csv_dataset, **SERIES_GENERATORS}
# The generated text datasets, offline in a second: the Train page's dataset menu.
DATASET_NAMES = ("toy_sentiment", "memory_task", "order_task")
SERIES_NAMES = tuple(SERIES_GENERATORS)            # forecasting: load_dataset returns a SeriesDataset


def load_dataset(name: str = "toy_sentiment", **options) -> Dataset | SeriesDataset:
    """Build a dataset by name, e.g. ``load_dataset("toy_sentiment", language="es", size=2000)``,
    ``load_dataset("imdb", size=5000)``, ``load_dataset("csv", path="reviews.csv", text_column="text",
    label_column="label", seed=0)`` or ``load_dataset("sunspots", look_back=12, horizon=1)``.

    Raises ValueError for an unknown name or option, naming what is allowed.
    """
    if name not in GENERATORS:
        raise ValueError(f"dataset {name!r} is unknown; datasets: {', '.join(GENERATORS)}")
    generator = GENERATORS[name]
    allowed = generator.__code__.co_varnames[:generator.__code__.co_argcount]
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise ValueError(f"{name} has no option {unknown[0]!r}; its options: {', '.join(allowed)}")
    return generator(**options)


__all__ = ["Dataset", "SeriesDataset", "SERIES_NAMES", "Split", "EncodedSentence", "load_dataset", "DATASET_NAMES",
           "LANGUAGES", "toy_sentiment", "memory_task", "order_task", "imdb", "csv_dataset", "dataset_from_texts",
           "OOV_TOKEN", "PAD_TOKEN", "standardize", "words"]
