"""Pretrained word vectors (GloVe, word2vec, fastText text files) as the starting matrix of an Embedding layer.

    vectors = rnnviz.load_word_vectors("glove.6B.100d.txt", data)
    vectors.matrix          # (vocabulary_size, 100): row i is the vector of data.vocabulary[i]
    vectors.n_missing       # vocabulary words the file does not have (their rows stay 0)
    model = rnnviz.build_model(data, "LSTM", input_representation="pretrained", vectors_path="glove.6B.100d.txt")

The file is text, one word per line followed by its numbers ("the 0.418 0.24968 ..."); a word2vec header line
("400000 100") is recognised. File words are normalised as the dataset's words are, so "Movie" in a
case-sensitive file matches the vocabulary's "movie" (the first, most frequent, spelling wins). Padding, the
OOV token and missing words get zero vectors, as in the course's notebooks.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

import numpy as np

from .data.dataset import standardize
from .i18n import _

N_MISSING_SHOWN = 20


@dataclass(frozen=True)
class WordVectors:
    """Vectors for one dataset's vocabulary, read from a file.

    matrix: (vocabulary_size, dimension) float32; row i belongs to dataset.vocabulary[i]; zeros for padding
        (row 0), the OOV token (row 1) and words the file lacks.
    """

    matrix: np.ndarray
    n_missing: int                    # vocabulary words (padding and OOV aside) not in the file
    missing: tuple[str, ...]          # the first of them, most frequent first
    n_file_words: int                 # words the file holds
    sha256: str                       # of the file's bytes: the vectors' identity in a ModelConfig
    path: str

    @property
    def dimension(self) -> int:
        return self.matrix.shape[1]


def load_word_vectors(path, dataset) -> WordVectors:
    """Read a GloVe / word2vec text file and pick the vectors of `dataset.vocabulary`.

    Raises ValueError (one line) for a file that is missing, not text, or whose lines disagree on the
    number of dimensions.
    """
    path = _check_path(path)
    rows = {word: index for index, word in enumerate(dataset.vocabulary) if index >= 2}   # skip padding, OOV
    found, dimension, n_file_words, digest = _read_vectors(path, rows)
    matrix = np.zeros((dataset.vocabulary_size, dimension), np.float32)
    for word, vector in found.items():
        matrix[rows[word]] = vector
    missing = tuple(word for word in rows if word not in found)
    return WordVectors(matrix=matrix, n_missing=len(missing), missing=missing[:N_MISSING_SHOWN],
                       n_file_words=n_file_words, sha256=digest, path=str(path))


def file_sha256(path) -> str:
    """The SHA-256 of a file's bytes (a vectors file's identity in a ModelConfig and in caches)."""
    digest = hashlib.sha256()
    with open(_check_path(path), "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_vectors(path: str, wanted: dict):
    """One pass over the file: ({normalised word: (dimension,) vector} for wanted words, dimension,
    number of words in the file, sha256 of its bytes)."""
    name, digest = os.path.basename(path), hashlib.sha256()
    found, dimension, header_dimension, n_words, first = {}, None, None, 0, 0
    with open(path, "rb") as file:
        for number, raw in enumerate(file, start=1):
            digest.update(raw)
            line = _decode_line(raw, number, name)
            if not line:
                continue
            fields = line.split(" ")
            if number == 1 and len(fields) == 2 and all(f.isdigit() for f in fields):   # word2vec header
                header_dimension = int(fields[1])
                continue
            if dimension is None:
                dimension, first = len(fields) - 1, number
                _check_first_line(fields, number, name, header_dimension)
            elif len(fields) - 1 != dimension:
                raise ValueError(_("line {number:,} of {name} has {n} numbers but line {first} has {dimension}: "
                                   "every line must be a word and the same number of numbers").format(
                    number=number, name=name, n=len(fields) - 1, first=first, dimension=dimension))
            n_words += 1
            word = standardize(fields[0])
            if word in wanted and word not in found:   # the first (most frequent) spelling wins
                found[word] = _numbers(fields[1:], number, name)
    if dimension is None:
        raise ValueError(_("{name} holds no word vectors").format(name=name))
    return found, dimension, n_words, digest.hexdigest()


def _check_first_line(fields: list[str], number: int, name: str, header_dimension: int | None) -> None:
    if len(fields) < 2:
        raise ValueError(_("{name} is not a word-vectors file: line {number} should be a word and its numbers, "
                           "got {line!r}").format(name=name, number=number, line=" ".join(fields)[:40]))
    _numbers(fields[1:], number, name)
    if header_dimension is not None and header_dimension != len(fields) - 1:
        raise ValueError(_("the header of {name} announces {dimension} dimensions but line {number} has {n} "
                           "numbers").format(name=name, dimension=header_dimension, number=number,
                                             n=len(fields) - 1))


def _numbers(fields: list[str], number: int, name: str) -> np.ndarray:
    try:
        return np.asarray([float(f) for f in fields], np.float32)
    except ValueError:
        bad = next(f for f in fields if not _is_number(f))
        raise ValueError(_("{name} is not a word-vectors file: line {number:,} has {bad!r} where a number "
                           "should be").format(name=name, number=number, bad=bad[:30])) from None


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _decode_line(raw: bytes, number: int, name: str) -> str:
    if b"\x00" in raw:
        raise ValueError(_("{name} is a binary file, not a text vectors file (a binary word2vec file? save it "
                           "with binary=False)").format(name=name))
    try:
        return raw.decode("utf-8").strip().lstrip("\ufeff")   # a byte-order mark may open the file
    except UnicodeDecodeError:
        raise ValueError(_("{name} is not a UTF-8 text vectors file (line {number:,} is not UTF-8; a binary "
                           "word2vec file? save it with binary=False)").format(name=name, number=number)) from None


def _check_path(path) -> str:
    if not isinstance(path, (str, os.PathLike)) or not str(path):
        raise ValueError(f"the vectors file must be a path, e.g. 'glove.6B.100d.txt', got {path!r}")
    if not os.path.isfile(path):
        raise ValueError(_("no vectors file at {path!r}").format(path=str(path)))
    return str(path)
