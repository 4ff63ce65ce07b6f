"""A dataset's one-line description, written once in English and shown in the reader's language.

A loader states its description as a message id (marked with N_) and the values that fill it; `described()`
turns them into the dataset's fields: `description`, the English text (notebooks, logs, saved runs), and the
id and values that `description_text()` translates when the description is shown. Datasets are cached and
shared by every student, so the translation is made at display time, never stored.
"""

from __future__ import annotations

from ..i18n import _


def described(template: str, **values) -> dict:
    """The description fields of a dataset: {"description", "description_id", "description_values"}.

    template: an English message id with named fields, e.g. N_("{size:,} sequences of {n_steps} tokens").
    """
    return {"description": template.format(**values), "description_id": template,
            "description_values": tuple(values.items())}


def description_text(dataset) -> str:
    """The description of `dataset` (a Dataset, SeriesDataset or RawSeries) in the current language."""
    template = getattr(dataset, "description_id", "")
    if not template:                  # a description given as plain text (own texts, old saved runs)
        return dataset.description
    return _(template).format(**dict(dataset.description_values))
