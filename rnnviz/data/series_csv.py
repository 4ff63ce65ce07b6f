"""A student's own series from a CSV file: an optional date column and one or more numeric value columns.

Every problem is a one-line ValueError naming the column or row at fault: not a CSV, a missing column,
non-numeric or empty values, dates out of order, too few rows, a constant column.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from ..i18n import N_, _
from .descriptions import described
from .series_sources import RawSeries

MIN_ROWS = 10


def read_series_csv(source, date_column: str | None = None, value_columns: tuple[str, ...] | None = None,
                    ) -> RawSeries:
    """Read `source` (a path, the file's bytes or text, or an open file) into a RawSeries.

    date_column: the column of time labels (None: rows are numbered). value_columns: the series to keep, in
    order (None: every column but the date one). Rows must be in increasing date order.
    """
    frame = _read_frame(source)
    columns = [str(c) for c in frame.columns]
    frame.columns = columns
    for column in ([date_column] if date_column is not None else []) + list(value_columns or []):
        if column not in columns:
            raise ValueError(_("column {column!r} is not in the CSV; its columns: {columns}").format(
                column=column, columns=", ".join(columns)))
    if value_columns is None:
        value_columns = tuple(c for c in columns if c != date_column)
    if not value_columns:
        raise ValueError(_("the CSV has no value column besides the date column {column!r}").format(
            column=date_column))
    if len(frame) < MIN_ROWS:
        raise ValueError(_("the CSV has {n} data rows; a series needs at least {needed}").format(
            n=len(frame), needed=MIN_ROWS))
    values = np.column_stack([_numeric(frame[c]) for c in value_columns])
    times = _times(frame[date_column]) if date_column is not None else pd.RangeIndex(len(frame), name="row")
    for index, column in enumerate(value_columns):
        if np.ptp(values[:, index]) == 0:
            raise ValueError(_("column {column!r} is constant (every value is {value:g}): there is nothing to "
                               "forecast").format(column=column, value=values[0, index]))
    return RawSeries(values, times, tuple(value_columns),
                     **described(N_("CSV, {rows:,} rows: {columns}"), rows=len(frame),
                                 columns=", ".join(value_columns)))


def _read_frame(source) -> pd.DataFrame:
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    elif isinstance(source, str) and "\n" in source:
        source = io.StringIO(source)
    try:
        frame = pd.read_csv(source)
    except FileNotFoundError:
        raise ValueError(_("no file at {path!r}").format(path=source)) from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        reason = _("it is empty") if isinstance(error, pd.errors.EmptyDataError) else type(error).__name__
        raise ValueError(_("the file is not a readable CSV table ({reason})").format(reason=reason)) from None
    if frame.columns.duplicated().any():
        raise ValueError(_("the CSV has two columns called {column!r}").format(
            column=frame.columns[frame.columns.duplicated()][0]))
    return frame


def _numeric(column: pd.Series) -> np.ndarray:
    """The column as float64; ValueError for the first non-numeric or empty cell (data rows count from 1)."""
    numbers = pd.to_numeric(column, errors="coerce")
    bad = numbers.isna() & column.notna()
    if bad.any():
        row = int(np.argmax(bad.to_numpy()))
        raise ValueError(_("column {column!r} has a non-numeric value at data row {row}: {value!r}").format(
            column=column.name, row=row + 1, value=column.iloc[row]))
    if numbers.isna().any():
        row = int(np.argmax(numbers.isna().to_numpy()))
        raise ValueError(_("column {column!r} has {n} empty values (first at data row {row}); fill or remove "
                           "them").format(column=column.name, n=int(numbers.isna().sum()), row=row + 1))
    values = numbers.to_numpy(np.float64)
    if not np.isfinite(values).all():
        raise ValueError(_("column {column!r} has an infinite value").format(column=column.name))
    return values


def _times(column: pd.Series) -> pd.Index:
    dates = pd.to_datetime(column, errors="coerce", format="mixed")
    if dates.isna().any():
        row = int(np.argmax(dates.isna().to_numpy()))
        raise ValueError(_("date column {column!r} has a value that is not a date at data row {row}: "
                           "{value!r}").format(column=column.name, row=row + 1, value=column.iloc[row]))
    steps = np.diff(dates.to_numpy())
    if (steps <= np.timedelta64(0)).any():
        row = int(np.argmax(steps <= np.timedelta64(0))) + 2
        raise ValueError(_("the dates in {column!r} must increase; data row {row} ({value!r}) is not after the "
                           "row before it").format(column=column.name, row=row, value=column.iloc[row - 1]))
    return pd.DatetimeIndex(dates, name=str(column.name))
