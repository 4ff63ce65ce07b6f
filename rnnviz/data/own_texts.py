"""Your own texts as a `Dataset`: `dataset_from_texts(texts, labels)` for a notebook's lists or a DataFrame's columns.

Labels become classes: class names are the distinct labels, sorted (numbers by value), and label k is the k-th
name. Two classes give a binary task (one sigmoid output), more a multiclass one (softmax). The texts are cut
70/15/15 into train / validation / test by `seed`, and the vocabulary is learnt on the training split by the
same `tokenize_splits` every built-in dataset uses, so any language works and a typed sentence is encoded as
the training texts were.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ..i18n import N_, _, _n
from .dataset import PADDING_CHOICES, Dataset, check_choice, check_int, split_three_ways, standardize, tokenize_splits
from .descriptions import described

MAX_CLASSES = 50            # more distinct labels than this are a score, not categories
MIN_TEXTS = 20              # fewer cannot be cut into train, validation and test
MAX_TEXTS = 1_000_000
AUTO_LENGTH_QUANTILE = 0.95  # sequence_length=None: long enough for 95 % of the training texts
MAX_AUTO_LENGTH = 400


def dataset_from_texts(texts, labels, seed: int = 0, size: int | None = None, vocabulary_size: int = 10_000,
                       sequence_length: int | None = None, padding: str = "pre", name: str = "texts",
                       language: str = "any", description: str = "") -> Dataset:
    """A Dataset from parallel sequences of texts and labels (lists, arrays or pandas Series).

    size: keep at most this many texts, a random sample by `seed` (None: all).
    sequence_length: None measures it: the word count that 95 % of the training texts fit in (at most 400).
    Raises ValueError (one line) for empty texts, missing labels, a single class, or labels that are not
    categories (more than 50 distinct values).
    """
    texts, labels = _as_list(texts, "texts"), _as_list(labels, "labels")
    if len(texts) != len(labels):
        raise ValueError(_("texts and labels must have the same length, got {texts:,} texts and {labels:,} "
                           "labels").format(texts=len(texts), labels=len(labels)))
    seed = check_int("seed", seed, 0, 2**31 - 1)
    vocabulary_size = check_int("vocabulary_size", vocabulary_size, 3, 1_000_000)
    check_choice("padding", padding, PADDING_CHOICES)
    _check_texts(texts)
    class_names, y = label_classes(labels)
    rng = np.random.default_rng(seed)
    if size is not None:
        size = check_int("size", size, MIN_TEXTS, MAX_TEXTS)
        if size < len(texts):   # a random sample, in random order (the split shuffles again)
            keep = rng.permutation(len(texts))[:size]
            texts, y = [texts[i] for i in keep], y[keep]
    if len(texts) < MIN_TEXTS:
        raise ValueError(_("there are {n} texts; at least {needed} are needed to make training, validation and "
                           "test splits").format(n=len(texts), needed=MIN_TEXTS))
    texts_by_split, labels_by_split = split_three_ways(texts, y, rng)
    if sequence_length is None:
        sequence_length = measured_length(texts_by_split["train"])
    sequence_length = check_int("sequence_length", sequence_length, 2, 5000)
    vocabulary, splits = tokenize_splits(texts_by_split, labels_by_split, vocabulary_size, sequence_length, padding)
    n_classes = len(class_names)
    return Dataset(
        name=name, task="binary" if n_classes == 2 else "multiclass", class_names=class_names,
        **({"description": description} if description else described(
            N_("{n:,} texts, {n_classes} classes ({names})"), n=len(texts), n_classes=n_classes,
            names=", ".join(class_names[:6]) + (", ..." if n_classes > 6 else ""))),
        language=language, vocabulary=vocabulary, sequence_length=sequence_length, padding=padding, **splits,
        options=dict(seed=seed, size=size, vocabulary_size=vocabulary_size, sequence_length=sequence_length,
                     padding=padding),
        examples=_examples(splits["train"].texts, splits["train"].y, n_classes))


def label_classes(labels: list) -> tuple[tuple[str, ...], np.ndarray]:
    """(class names, (n,) int32 labels): class k is the k-th distinct label, sorted (numbers by value).

    Whole-number floats (1.0, read from a column with gaps) are the integers they hold.
    """
    for row, label in enumerate(labels):
        if label is None or (isinstance(label, float) and math.isnan(label)) or str(label).strip() == "":
            raise ValueError(_("label {row} is missing: every text needs a label").format(row=row + 1))
    values = [_plain(label) for label in labels]
    distinct = sorted(set(values), key=lambda v: (isinstance(v, str), v))
    if len(distinct) < 2:
        raise ValueError(_("every label is {label!r}: a classifier needs at least two classes").format(
            label=distinct[0]))
    if len(distinct) > MAX_CLASSES:
        sample = ", ".join(str(v) for v in distinct[:3])
        raise ValueError(_("the labels have {n:,} distinct values ({sample}, ...): labels must be categories, at "
                           "most {limit} classes (a score? cut it into bands first)").format(
            n=len(distinct), sample=sample, limit=MAX_CLASSES))
    index = {value: k for k, value in enumerate(distinct)}
    return tuple(str(v) for v in distinct), np.asarray([index[v] for v in values], dtype=np.int32)


def measured_length(texts) -> int:
    """The number of words 95 % of `texts` fit in (at least 2, at most 400): a default sequence length."""
    counts = [len(standardize(text).split()) for text in texts]
    return int(min(max(math.ceil(np.quantile(counts, AUTO_LENGTH_QUANTILE)), 2), MAX_AUTO_LENGTH))


def _plain(label):
    """A label as a hashable, sortable plain value: numbers stay numbers (1.0 -> 1), the rest strings."""
    if isinstance(label, (bool, np.bool_)):
        return str(bool(label))
    if isinstance(label, numbers.Integral):
        return int(label)
    if isinstance(label, numbers.Real):
        return int(label) if float(label).is_integer() else float(label)
    return str(label).strip()


def _check_texts(texts: list) -> None:
    empty = [row for row, text in enumerate(texts) if not isinstance(text, str) or not standardize(text).split()]
    if len(empty) == len(texts):
        raise ValueError(_("every text is empty: the text column holds no words"))
    if empty:
        raise ValueError(_n("{n:,} text is empty or not text (first: text {first}): remove those rows or fill "
                            "them in",
                            "{n:,} texts are empty or not text (first: text {first}): remove those rows or fill "
                            "them in", len(empty)).format(n=len(empty), first=empty[0] + 1))


def _as_list(values, what: str) -> list:
    if isinstance(values, str) or not hasattr(values, "__len__"):
        raise ValueError(f"{what} must be a list, array or DataFrame column, got {type(values).__name__}")
    return list(values.tolist() if hasattr(values, "tolist") else values)


def _examples(texts, y, n_classes: int, max_words: int = 30) -> tuple[str, ...]:
    """One short training text per class (at most 6), to offer as sentences to type."""
    chosen = []
    for label in range(min(n_classes, 6)):
        short = [t for t, k in zip(texts, y) if k == label and len(t.split()) <= max_words]
        if short:
            chosen.append(short[0])
    return tuple(chosen)
