"""Tables shown to students: their column headers in the student's language.

The rows keep the code's column names (tests, saved runs and other code read them); only what is drawn is
translated, at the last moment.
"""

from __future__ import annotations

import pandas as pd

from ..i18n import N_, _

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
