"""imdb: the course's movie reviews (25,000 + 25,000, positive or negative), through `keras.datasets.imdb`.

Keras ships the reviews as word ranks. They are decoded back to words with Keras' own word index
(`get_word_index`: rank r is id r + 3 in `load_data`, after padding 0, start 1 and out-of-vocabulary 2), and
then tokenised like every other dataset here (`tokenize_splits`): the vocabulary is learnt on the training
split, so a typed sentence is encoded exactly as the loaded reviews were, and every page shows real words.
`vocabulary_size` plays the role of Keras' `num_words` and `sequence_length` of `pad_sequences`' `maxlen`
(padding and truncation on the `padding` side).

Train and validation reviews come from Keras' training half, test reviews from its test half, so no test
review is ever trained on. Keras downloads the two files once into `$KERAS_HOME/datasets` (else
~/.keras/datasets); offline without them, a ValueError says where to put them.
"""

from __future__ import annotations

import os

import numpy as np

from ..i18n import N_, _
from .dataset import (
    PADDING_CHOICES,
    SPLIT_FRACTIONS,
    Dataset,
    check_choice,
    check_int,
    tokenize_splits,
    train_split_size,
)
from .descriptions import described

FILES = ("imdb.npz", "imdb_word_index.json")
INDEX_FROM = 3                # load_data's default: id = rank + 3
_KEEP_EVERY_WORD = 2**31 - 1  # num_words for load_data: decode every word; the vocabulary cut comes later
EXAMPLES = ("this movie was wonderful and the acting was brilliant",
            "a boring film with a terrible plot and awful dialogue",
            "i expected a great movie but it was a waste of time",
            "not bad at all, the ending was actually moving")


def imdb(size: int = 5000, seed: int = 0, vocabulary_size: int = 5000, sequence_length: int = 200,
         padding: str = "pre") -> Dataset:
    """The IMDB reviews: `size` of them, split 70/15/15 (test from Keras' test half), as words.

    The default (5,000 reviews of at most 200 words, 5,000 words) trains an LSTM(32) in seconds per epoch on a
    laptop CPU; size goes up to what the files hold (about 29,000 with these fractions).
    Raises ValueError for a bad option, or when the files are neither cached nor downloadable.
    """
    size = check_int("size", size, 60, 50_000)
    seed = check_int("seed", seed, 0, 2**31 - 1)
    vocabulary_size = check_int("vocabulary_size", vocabulary_size, 3, 100_000)
    sequence_length = check_int("sequence_length", sequence_length, 2, 3000)
    check_choice("padding", padding, PADDING_CHOICES)
    (x_train, y_train), (x_test, y_test), word_index = load_keras_imdb(seed)
    n_train, n_validation = train_split_size(size), int(round(SPLIT_FRACTIONS[1] * size))
    n_test = size - n_train - n_validation
    if n_train + n_validation > len(x_train) or n_test > len(x_test):
        largest = int(min(len(x_train) / sum(SPLIT_FRACTIONS[:2]), len(x_test) / SPLIT_FRACTIONS[2]))
        raise ValueError(_("size={size:,} needs {n_train:,} training and {n_test:,} test reviews; the files hold "
                           "{held_train:,} and {held_test:,}: size can be at most {largest:,}").format(
            size=size, n_train=n_train + n_validation, n_test=n_test, held_train=len(x_train), held_test=len(x_test),
            largest=largest))
    words = {rank + INDEX_FROM: word for word, rank in word_index.items()}
    parts = {"train": (x_train[:n_train], y_train[:n_train]),
             "validation": (x_train[n_train:n_train + n_validation], y_train[n_train:n_train + n_validation]),
             "test": (x_test[:n_test], y_test[:n_test])}
    texts = {name: [decode_review(ids, words) for ids in x] for name, (x, _) in parts.items()}
    labels = {name: np.asarray(y, dtype=np.int32) for name, (_, y) in parts.items()}
    vocabulary, splits = tokenize_splits(texts, labels, vocabulary_size, sequence_length, padding)
    return Dataset(
        name="imdb",
        **described(N_("{size:,} IMDB movie reviews (keras.datasets.imdb), positive or negative; the first "
                       "{length} words of each are read") if padding == "post" else
                    N_("{size:,} IMDB movie reviews (keras.datasets.imdb), positive or negative; the last "
                       "{length} words of each are read"), size=size, length=sequence_length),
        task="binary", class_names=("negative", "positive"), language="en", vocabulary=vocabulary,
        sequence_length=sequence_length, padding=padding, **splits,
        options=dict(size=size, seed=seed, vocabulary_size=vocabulary_size, sequence_length=sequence_length,
                     padding=padding),
        examples=EXAMPLES)


def decode_review(ids, words: dict[int, str]) -> str:
    """Keras ids -> the review's words; the start mark (1) and ids without a word are dropped."""
    return " ".join(words[i] for i in ids if i in words)


def load_keras_imdb(seed: int):
    """((x_train, y_train), (x_test, y_test), word_index) from Keras' loader, shuffled by `seed`.

    x: object arrays of id lists (every word kept); word_index: {word: rank from 1}.
    """
    from keras.datasets import imdb as keras_imdb

    train, test = _fetch(FILES[0], lambda: keras_imdb.load_data(num_words=_KEEP_EVERY_WORD, seed=seed))
    word_index = _fetch(FILES[1], keras_imdb.get_word_index)
    return train, test, word_index


def keras_datasets_dir() -> str:
    """Where Keras caches downloads: $KERAS_HOME/datasets (KERAS_HOME as read at `import keras`)."""
    from keras.src.backend import config

    base = os.path.expanduser(config.keras_home())
    if not os.access(base, os.W_OK) and not os.path.isdir(os.path.join(base, "datasets")):
        base = os.path.join("/tmp", ".keras")   # get_file's own fallback for a read-only home
    return os.path.join(base, "datasets")


def _fetch(filename: str, load):
    """Run one Keras loader; any failure becomes a one-line ValueError that says what to do."""
    try:
        return load()
    except Exception as error:  # get_file raises a bare Exception when it cannot download
        folder = keras_datasets_dir()
        target = os.path.join(folder, filename)
        if not os.path.exists(target):
            raise ValueError(
                _("the IMDB reviews are not available: no network to download {filename} and no copy of it in "
                  "$KERAS_HOME/datasets ({folder}). Place {files} there (Keras deletes a copy whose checksum does "
                  "not match)").format(filename=filename, folder=folder, files=_(" and ").join(FILES))) from None
        detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ValueError(_("{target} could not be read as Keras' IMDB file ({detail}); delete it and let Keras "
                           "download it again").format(target=target, detail=detail)) from None
