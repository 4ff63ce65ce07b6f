"""Tables shown to students: their column headers in the student's language.

The rows keep the code's column names (tests, saved runs and other code read them); only what is drawn is
translated, at the last moment.
"""

from __future__ import annotations

import numbers

import pandas as pd

from ..i18n import DEFAULT_LANGUAGE, N_, _, format_number, get_language

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
