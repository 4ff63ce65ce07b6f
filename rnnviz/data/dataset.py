"""The one data type every part of rnnviz receives: a tokenised, split text classification task.

A `Dataset` holds token ids ready for an Embedding layer, the labels, the raw texts they came from, and the
vocabulary as strings, so that every picture can put words on its axes. Texts become ids the way the course
does it: Keras' `TextVectorization` learns the vocabulary on the training split, and `pad_sequences` pads or
truncates every sequence to one length, 'pre' or 'post'. What a word is comes from `text.words`, for the
vocabulary, the ids and the words shown alike: TextVectorization only sees text that `text.standardize` made.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

import numpy as np

from ..i18n import _
from ..shared_memo import SharedMemo
from ..validation import check_choice, check_int  # noqa: F401 - re-exported: data modules import them here
from .text import standardize, words as split_words

PAD_TOKEN = ""          # id 0: padding (Embedding(mask_zero=True) skips it)
OOV_TOKEN = "[UNK]"     # id 1: any word the vocabulary does not know
PADDING_CHOICES = ("pre", "post")

# Server-wide: every student's copy of a dataset has the same vocabulary, so one TextVectorization per vocabulary,
# and a typed sentence is looked up once (a Keras call costs ~5 ms; an inspection page encodes on every rerun).
_VECTORIZERS = SharedMemo(max_entries=16)
_SENTENCE_IDS = SharedMemo(max_entries=2048)


@dataclass(frozen=True)
class Split:
    """One part of a dataset (train, validation or test).

    x: (n_sequences, sequence_length) int32 token ids, 0 = padding.
    y: (n_sequences,) int32 class labels.
    texts: the n_sequences raw sentences x was made from.
    """

    x: np.ndarray
    y: np.ndarray
    texts: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.y)


@dataclass(frozen=True)
class EncodedSentence:
    """A typed sentence as the model sees it.

    words: the standardised words (unknown ones kept as typed, so they can be shown and marked).
    ids: (n_words,) token ids, 1 (OOV) for unknown words; no padding.
    is_unknown: (n_words,) True where the word is not in the vocabulary.
    n_truncated: how many words were cut because the sentence is longer than the model's sequence length.
    """

    words: tuple[str, ...]
    ids: np.ndarray
    is_unknown: np.ndarray
    n_truncated: int

    @property
    def tokens(self) -> tuple[str, ...]:
        """The words as the vocabulary sees them: unknown words become the OOV token."""
        return tuple(OOV_TOKEN if unknown else word for word, unknown in zip(self.words, self.is_unknown))


@dataclass
class Dataset:
    """A text classification task, tokenised and split.

    The vocabulary lists the token of every id: vocabulary[0] is padding, vocabulary[1] the OOV token,
    the rest by decreasing frequency in the training split.
    """

    name: str
    description: str                 # one line, for captions
    task: str                        # "binary" (one sigmoid output) or "multiclass" (softmax)
    class_names: tuple[str, ...]     # class_names[label]
    language: str                    # "en" or "es"
    vocabulary: tuple[str, ...]
    sequence_length: int
    padding: str                     # "pre" or "post": where padding and truncation happen
    train: Split
    validation: Split
    test: Split
    options: dict = field(default_factory=dict)   # the generator options that rebuild this dataset
    examples: tuple[str, ...] = ()                # sentences worth typing, shown as choices in the app
    description_id: str = ""                      # the description's message id (see data/descriptions.py)
    description_values: tuple = ()                # (name, value) pairs that fill it

    @property
    def display_description(self) -> str:
        """The description in the current language, for captions."""
        from .descriptions import description_text

        return description_text(self)

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    @property
    def vocabulary_size(self) -> int:
        return len(self.vocabulary)

    def __getstate__(self):
        # The TextVectorization layer is rebuilt on demand: it neither pickles nor belongs in a cache.
        state = dict(self.__dict__)
        state.pop("_vectorizer", None)
        state.pop("_identity", None)      # recomputed from the fields: a copy may be changed before it is read
        return state

    def first_training_rows(self, train_size: int | None) -> "Dataset":
        """A copy whose training split keeps its first `train_size` sequences; validation and test unchanged.

        The splits are shuffled when generated, so the first rows are a random sample: "fewer training
        examples, same validation set". None keeps everything.
        """
        if train_size is None:
            return self
        train_size = check_int("train_size", train_size, 10, len(self.train))
        split = self.train
        return replace(self, train=Split(split.x[:train_size], split.y[:train_size], split.texts[:train_size]))

    def word_index(self) -> dict[str, int]:
        """Token -> id, as in the course's `tokenizer.word_index`."""
        return {word: index for index, word in enumerate(self.vocabulary)}

    def decode(self, ids) -> list[str]:
        """Token ids -> tokens, padding dropped."""
        return [self.vocabulary[i] for i in np.asarray(ids).ravel() if i != 0]

    def encode(self, texts: list[str]) -> np.ndarray:
        """Sentences -> (n_sequences, sequence_length) padded ids, exactly as the training data were made."""
        return pad(vectorize(self._get_vectorizer(), texts), self.sequence_length, self.padding)

    def encode_sentence(self, text: str) -> EncodedSentence:
        """One typed sentence -> its words and ids, unpadded, with unknown and truncated words flagged."""
        words = split_words(text) if isinstance(text, str) else []
        if not words:
            example = self.examples[0] if self.examples else "the movie was good"
            raise ValueError(_("the sentence has no words: type one, for example '{example}'").format(example=example))
        ids = np.asarray(_SENTENCE_IDS.get_or_compute(
            (self._vocabulary_key(), text), lambda: tuple(vectorize(self._get_vectorizer(), [text])[0])),
            dtype=np.int32)
        if len(ids) != len(words):   # cannot happen: both come from split_words; refuse to mislabel if it does
            raise RuntimeError(f"{len(words)} words but {len(ids)} ids for {text!r}: the tokenisers disagree")
        n_truncated = max(0, len(words) - self.sequence_length)
        if n_truncated:  # keep the end when truncating 'pre', as pad_sequences does
            keep = slice(n_truncated, None) if self.padding == "pre" else slice(0, self.sequence_length)
            words, ids = words[keep], ids[keep]
        return EncodedSentence(tuple(words), ids, ids == 1, n_truncated)

    def _get_vectorizer(self):
        if getattr(self, "_vectorizer", None) is None:
            self._vectorizer = _VECTORIZERS.get_or_compute(
                self._vocabulary_key(), lambda: make_vectorizer(vocabulary=list(self.vocabulary)))
        return self._vectorizer

    def _vocabulary_key(self) -> str:
        """A digest of the vocabulary alone (computed once per object): the key of the shared vectorizers, which
        depend on nothing else. Part of `identity()`, the key of everything else."""
        if getattr(self, "_vocabulary_digest", None) is None:
            joined = "\n".join(self.vocabulary).encode()
            self._vocabulary_digest = hashlib.blake2b(joined, digest_size=16).hexdigest()
        return self._vocabulary_digest

    def identity(self) -> str:
        """The one answer to "which dataset is this", for every server-wide cache key (Run.fingerprint too).

        A digest of everything a picture made from this dataset can depend on: the vocabulary, sequence length,
        padding, task, classes, options and every split's ids and labels. Two datasets with the same name and
        vocabulary size but another vocabulary (two uploaded runs) get different identities. Computed once per
        object: a Dataset is never changed in place (first_training_rows makes a new one).
        """
        if getattr(self, "_identity", None) is None:
            self._identity = digest_of(
                ("text", self.name, self.task, self.class_names, self.language, self._vocabulary_key(),
                 self.sequence_length, self.padding, options_text(self.options)),
                *(array for split in (self.train, self.validation, self.test) for array in (split.x, split.y)))
        return self._identity


def options_text(options: dict) -> str:
    """A dataset's options as stable text (sorted by name), for identity digests.

    An uploaded file's bytes are named by their digest and any other object (a file handle, whose repr holds a
    memory address) by its type: what they held is in the dataset's arrays, which the identity digests too.
    """
    def stable(value):
        if isinstance(value, (bytes, bytearray)):
            return "bytes:" + hashlib.blake2b(bytes(value), digest_size=16).hexdigest()
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        if isinstance(value, (tuple, list)):
            return tuple(stable(item) for item in value)
        return type(value).__name__

    return repr(sorted((str(name), stable(value)) for name, value in options.items()))


def digest_of(description: tuple, *arrays: np.ndarray) -> str:
    """A 32-hex-digit digest of plain values (by repr) and arrays (by dtype, shape and bytes)."""
    digest = hashlib.blake2b(repr(description).encode(), digest_size=16)
    for array in arrays:
        array = np.ascontiguousarray(array)
        digest.update(repr((array.dtype.str, array.shape)).encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def make_vectorizer(vocabulary=None, max_tokens=None):
    """A TextVectorization layer that returns one variable-length id list per text.

    It neither standardises nor splits on its own: it is given `standardize(text)`, words joined by single
    ASCII spaces, so its tokens are exactly `split_words(text)`.
    """
    from keras.layers import TextVectorization

    return TextVectorization(max_tokens=max_tokens, vocabulary=vocabulary, standardize=None, split="whitespace",
                             ragged=True)


def vectorize(vectorizer, texts) -> list[list[int]]:
    """Texts -> lists of ids (unpadded), one id per word of `split_words(text)`."""
    return vectorizer([standardize(t) for t in texts]).to_list()


def pad(sequences, sequence_length: int, padding: str) -> np.ndarray:
    """Pad and truncate with Keras' pad_sequences, on the same side as the course's examples."""
    from keras.utils import pad_sequences

    return pad_sequences(sequences, maxlen=sequence_length, padding=padding, truncating=padding, dtype="int32")


def tokenize_splits(texts_by_split: dict, labels_by_split: dict, vocabulary_size: int,
                    sequence_length: int, padding: str):
    """Learn the vocabulary on the training texts and turn every split into padded ids.

    Returns (vocabulary, {split name: Split}).
    """
    check_choice("padding", padding, PADDING_CHOICES)
    vectorizer = make_vectorizer(max_tokens=vocabulary_size)
    vectorizer.adapt([standardize(t) for t in texts_by_split["train"]])
    splits = {
        name: Split(pad(vectorize(vectorizer, texts), sequence_length, padding),
                    np.asarray(labels_by_split[name], dtype=np.int32), tuple(texts))
        for name, texts in texts_by_split.items()
    }
    return tuple(str(word) for word in vectorizer.get_vocabulary()), splits


SPLIT_FRACTIONS = (0.7, 0.15, 0.15)   # train / validation / test shares of every built-in dataset


def train_split_size(size: int) -> int:
    """How many of `size` generated sequences a built-in dataset keeps for training."""
    return int(round(SPLIT_FRACTIONS[0] * size))


def split_three_ways(items: list, labels: np.ndarray, rng: np.random.Generator):
    """Shuffle once and cut into train / validation / test lists (texts and labels stay paired)."""
    order = rng.permutation(len(items))
    n_train = train_split_size(len(items))
    n_validation = int(round(SPLIT_FRACTIONS[1] * len(items)))
    cuts = {"train": order[:n_train], "validation": order[n_train:n_train + n_validation],
            "test": order[n_train + n_validation:]}
    texts = {name: [items[i] for i in index] for name, index in cuts.items()}
    ys = {name: labels[index] for name, index in cuts.items()}
    return texts, ys
