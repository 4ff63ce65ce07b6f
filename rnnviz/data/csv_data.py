"""`load_dataset("csv", path=..., text_column=..., label_column=...)`: a teacher's own CSV file as a Dataset.

The file is checked before anything is parsed, so each usual mistake gets one line that says what to do: a
file over the size limit (checked before reading a byte), an Excel workbook renamed .csv, a binary file, a file
that is not UTF-8 (a Latin-1 export), text that is not a table, a column that does not exist. Fields may be
separated by commas, semicolons (Spanish Excel's "CSV"), tabs or bars; the separator is detected.
"""

from __future__ import annotations

import csv
import io
import os

import pandas as pd

from ..i18n import N_, _
from .dataset import Dataset
from .descriptions import described
from .language import detect_language
from .own_texts import dataset_from_texts

MAX_FILE_MB = 200.0
SEPARATORS = ",;\t|"
# Signatures of files people rename to .csv by mistake: (first bytes, what the file is).
_SIGNATURES = ((b"PK\x03\x04", N_("an Excel workbook (.xlsx) or another zip archive")),
               (b"\xd0\xcf\x11\xe0", N_("an old Excel workbook (.xls)")),
               (b"%PDF", N_("a PDF document")))


def csv_dataset(path: str = "", text_column: str = "text", label_column: str = "label", seed: int = 0,
                size: int | None = None, vocabulary_size: int = 10_000, sequence_length: int | None = None,
                padding: str = "pre", max_file_mb: float = MAX_FILE_MB, language: str = "any") -> Dataset:
    """Read a UTF-8 CSV file and make a Dataset of its `text_column` classified by its `label_column`.

    size caps the number of rows used (a random sample by seed); the other options are those of
    `dataset_from_texts`. Raises ValueError (one line) for every problem with the file.
    """
    table = read_table(path, max_file_mb)
    for role, column in (("text_column", text_column), ("label_column", label_column)):
        if column not in table.columns:
            existing = ", ".join(repr(c) for c in table.columns)
            raise ValueError(_("{role} {column!r} is not a column of {file}; its columns: {existing}").format(
                role=role, column=column, file=os.path.basename(path), existing=existing))
    if text_column == label_column:
        raise ValueError(_("text_column and label_column are both {column!r}: choose two different columns").format(
            column=text_column))
    name = os.path.splitext(os.path.basename(path))[0]
    description = described(N_("{name}: {rows:,} rows, '{text}' classified by '{label}'"), name=name,
                            rows=len(table), text=text_column, label=label_column)
    # "any": the language is detected when the texts are clearly English or Spanish (concepts and edits need it)
    detected = detect_language(table[text_column]) if language == "any" else language
    dataset = dataset_from_texts(table[text_column], _labels(table[label_column]), seed=seed, size=size,
                                 vocabulary_size=vocabulary_size, sequence_length=sequence_length,
                                 padding=padding, name="csv", language=detected,
                                 description=description["description"])
    dataset.description_id, dataset.description_values = description["description_id"], \
        description["description_values"]
    dataset.options.update(path=path, text_column=text_column, label_column=label_column,
                           max_file_mb=max_file_mb, language=language)
    return dataset


def _labels(column: pd.Series) -> list:
    """The label column as numbers when every label is one (so 2 sorts before 10), else as the strings read."""
    numbers = pd.to_numeric(column, errors="coerce")
    return numbers.tolist() if not numbers.isna().any() else column.tolist()


def read_table(path, max_file_mb: float = MAX_FILE_MB) -> pd.DataFrame:
    """The CSV file at `path` as a DataFrame of strings (every column read as text; labels parsed later)."""
    _check_size(path, max_file_mb)
    with open(path, "rb") as file:
        raw = file.read()
    text = decode_utf8(raw, os.path.basename(path))
    return parse_csv(text, os.path.basename(path))


def decode_utf8(raw: bytes, name: str) -> str:
    """The file's bytes as text; ValueError for a file that is not text, or not UTF-8."""
    for signature, kind in _SIGNATURES:
        if raw.startswith(signature):
            raise ValueError(_("{name} is {kind}, not a CSV file: save it as 'CSV UTF-8' and try again").format(
                name=name, kind=_(kind)))
    if b"\x00" in raw[:65536]:
        raise ValueError(_("{name} is a binary file, not a CSV text file").format(name=name))
    try:
        return raw.decode("utf-8-sig")   # -sig: Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as error:
        raise ValueError(_("{name} is not UTF-8 (byte {byte} at position {position:,}; a Latin-1 or Windows "
                           "export?): save it as 'CSV UTF-8'").format(
            name=name, byte=f"0x{raw[error.start]:02x}", position=error.start)) from None


def parse_csv(text: str, name: str) -> pd.DataFrame:
    """Text -> DataFrame; the separator is sniffed among , ; tab |. ValueError when it is not a table."""
    if not text.strip():
        raise ValueError(_("{name} is empty").format(name=name))
    try:
        separator = csv.Sniffer().sniff(text[:65536], delimiters=SEPARATORS).delimiter
    except csv.Error:
        separator = ","
    try:
        table = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as error:
        detail = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
        raise ValueError(_("{name} is not a readable CSV table ({detail})").format(name=name, detail=detail)) from None
    if len(table.columns) < 2:
        raise ValueError(_("{name} is not a CSV table with a text column and a label column: found one column "
                           "({column!r}); separate fields with commas").format(name=name,
                                                                            column=str(table.columns[0])[:40]))
    table.columns = [str(c).strip() for c in table.columns]
    return table


HEAD_BYTES = 65536           # what read_columns reads: the header line and a few rows to sniff the separator
BYTES_PER_WORD = 6           # a word and its separator, on average (English and Spanish reviews: 5.5 to 6.5)


def read_columns(path, max_file_mb: float = MAX_FILE_MB) -> list[str]:
    """The column names of the CSV file at `path`, from its first HEAD_BYTES only (the server lists a 200 MB
    file's columns without parsing it). ValueError (one line) as read_table."""
    _check_size(path, max_file_mb)
    with open(path, "rb") as file:
        head = file.read(HEAD_BYTES)
    if len(head) == HEAD_BYTES:                      # cut at the last whole line (and so at a whole character)
        head = head[:head.rfind(b"\n") + 1] or head[:HEAD_BYTES - 4]
    table = parse_csv(decode_utf8(head, os.path.basename(path)), os.path.basename(path))
    return [str(column) for column in table.columns]


def csv_shape(path, max_file_mb: float = MAX_FILE_MB) -> tuple[int, int]:
    """(rows, estimated words per row) of the CSV file at `path`, counted without parsing it: lines in 1 MB
    chunks, and the bytes per row over BYTES_PER_WORD. For the cost and memory caps, before any data is made."""
    size = _check_size(path, max_file_mb)
    lines = 0
    with open(path, "rb") as file:
        while chunk := file.read(2**20):
            lines += chunk.count(b"\n")
    rows = max(lines - 1, 1)                          # the header
    return rows, max(2, round(size / rows / BYTES_PER_WORD))


def _check_size(path, max_file_mb: float) -> int:
    """The file's size in bytes; ValueError when there is no file or it is over max_file_mb."""
    if not isinstance(path, (str, os.PathLike)) or not str(path):
        raise ValueError("path must be the path of a CSV file, e.g. path='reviews.csv'")
    if not os.path.isfile(path):
        raise ValueError(_("no file at {path!r}").format(path=str(path)))
    size = os.path.getsize(path)
    if size / 1e6 > max_file_mb:
        raise ValueError(_("{file} is {size:,.0f} MB; the limit is {limit:g} MB (max_file_mb): use a sample of "
                           "the rows").format(file=os.path.basename(path), size=size / 1e6, limit=max_file_mb))
    return size
