"""Built-in data sets, generated offline in a second, all returned as one `Dataset` type."""

from __future__ import annotations

from .dataset import OOV_TOKEN, PAD_TOKEN, Dataset, EncodedSentence, Split, standardize
from .memory import memory_task
from .sentiment import LANGUAGES, toy_sentiment
from .series import SERIES_GENERATORS
from .windows import SeriesDataset

# name -> generator; each generator validates its own options.
GENERATORS = {"toy_sentiment": toy_sentiment, "memory_task": memory_task, **SERIES_GENERATORS}
DATASET_NAMES = ("toy_sentiment", "memory_task")   # text classification: the Train page's choices
SERIES_NAMES = tuple(SERIES_GENERATORS)            # forecasting: load_dataset returns a SeriesDataset


def load_dataset(name: str = "toy_sentiment", **options) -> Dataset | SeriesDataset:
    """Build a built-in dataset by name, e.g. ``load_dataset("toy_sentiment", language="es", size=2000)``.

    Raises ValueError for an unknown name or option, naming what is allowed.
    """
    if name not in GENERATORS:
        raise ValueError(f"dataset {name!r} is unknown; built-in datasets: {', '.join(GENERATORS)}")
    generator = GENERATORS[name]
    allowed = generator.__code__.co_varnames[:generator.__code__.co_argcount]
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise ValueError(f"{name} has no option {unknown[0]!r}; its options: {', '.join(allowed)}")
    return generator(**options)


__all__ = ["Dataset", "SeriesDataset", "SERIES_NAMES", "Split", "EncodedSentence", "load_dataset",
           "DATASET_NAMES", "LANGUAGES", "toy_sentiment", "memory_task", "OOV_TOKEN", "PAD_TOKEN", "standardize"]
