"""The word vectors a model learnt, drawn as a map.

An Embedding layer gives every word of the vocabulary a vector; training moves the vectors of words that play the
same part in a sentence ("good", "great") close together. Here the vectors of the most frequent words are projected
to 2 or 3 dimensions, and each word carries two numbers measured on the training data, not on the model: how often
it occurs, and how strongly it goes with one label rather than the other (its label association). A trained
sentiment model should lay its words out along that association; its initial, random embedding should not.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import _
from . import methods

MAX_WORDS = 5000
FIRST_WORD_ID = 2        # ids 0 and 1 are padding and the out-of-vocabulary token, not words


@dataclass(frozen=True)
class EmbeddingProjection:
    """The N most frequent words of a vocabulary, their vectors and where the projection puts them.

    words: the N words, most frequent first. ids: (N,) their token ids.
    vectors: (N, embedding_dim) the Embedding layer's rows for these words.
    coordinates: (N, n_components) projected positions (`projection.coordinates`).
    frequencies: (N,) how many times each word occurs in the training split.
    association: (N,) smoothed log-odds of the word in `association_classes[1]` vs `association_classes[0]`
        sentences of the training split (> 0: typical of the first named class).
    """

    words: tuple[str, ...]
    ids: np.ndarray
    vectors: np.ndarray
    projection: methods.Projection
    frequencies: np.ndarray
    association: np.ndarray
    association_classes: tuple[str, str]   # (class the association counts against, class it counts for)

    @property
    def coordinates(self) -> np.ndarray:
        return self.projection.coordinates

    def table(self) -> pd.DataFrame:
        """One row per word: word, frequency, association and its coordinates x, y (, z)."""
        table = pd.DataFrame({"word": self.words, "frequency": self.frequencies, "association": self.association})
        for axis, column in zip("xyz", self.coordinates.T):
            table[axis] = column
        return table

    def neighbours(self, word: str, n_neighbours: int = 10) -> pd.DataFrame:
        """The words whose vectors point most nearly the same way as `word`'s (cosine, in the original space)."""
        return nearest_neighbours(self.vectors, self.words, word, n_neighbours)

    def axis_association_correlation(self) -> np.ndarray:
        """(n_components,) Pearson correlation of each projected axis with the label association."""
        return np.array([_correlation(axis, self.association) for axis in self.coordinates.T])


def embedding_weights(model) -> np.ndarray:
    """The Embedding layer's matrix, (vocabulary_size, embedding_dim); ValueError if the model has none."""
    import keras

    for layer in model.layers:
        if isinstance(layer, keras.layers.Embedding):
            return np.asarray(layer.get_weights()[0])
    raise ValueError(f"model {model.name!r} has no Embedding layer, so it has no word vectors to show")


def word_frequencies(dataset) -> np.ndarray:
    """(vocabulary_size,) occurrences of every token id in the training split (padding counted at id 0)."""
    return np.bincount(dataset.train.x.ravel(), minlength=dataset.vocabulary_size)[:dataset.vocabulary_size]


def label_association(dataset, smoothing: float = 1.0, positive_class: int | None = None) -> np.ndarray:
    """(vocabulary_size,) smoothed log-odds ratio of each word between two kinds of training sentences.

    For a word w seen c_1 times among the T_1 tokens of class `positive_class` sentences and c_0 times among the
    T_0 tokens of the other sentences::

        association(w) = log((c_1 + a) / (T_1 - c_1 + a)) - log((c_0 + a) / (T_0 - c_0 + a)),   a = smoothing

    0 means no preference; +1 means the odds of meeting w are e times higher in positive_class sentences.
    The smoothing keeps rare words near 0 instead of at +-infinity. positive_class defaults to the last class
    (1, "positive", for a binary task); with more classes the others are pooled.
    """
    if not (isinstance(smoothing, (int, float)) and smoothing > 0):
        raise ValueError(f"smoothing must be a positive number, got {smoothing!r}")
    positive_class = dataset.n_classes - 1 if positive_class is None else positive_class
    if positive_class not in range(dataset.n_classes):
        raise ValueError(f"positive_class must be from 0 to {dataset.n_classes - 1}, got {positive_class!r}")
    x, y = dataset.train.x, dataset.train.y
    size = dataset.vocabulary_size
    counts_in = np.bincount(x[y == positive_class].ravel(), minlength=size)[:size].astype(np.float64)
    counts_out = np.bincount(x[y != positive_class].ravel(), minlength=size)[:size].astype(np.float64)
    counts_in[0] = counts_out[0] = 0.0          # padding is not a word
    total_in, total_out = counts_in.sum(), counts_out.sum()
    log_odds_in = np.log(counts_in + smoothing) - np.log(total_in - counts_in + smoothing)
    log_odds_out = np.log(counts_out + smoothing) - np.log(total_out - counts_out + smoothing)
    return log_odds_in - log_odds_out


def nearest_neighbours(vectors, words, query: str, n_neighbours: int = 10) -> pd.DataFrame:
    """The `n_neighbours` words closest to `query` by cosine similarity of their vectors.

    Parameters
    ----------
    vectors : array of shape (n_words, n_features)
    words : n_words strings, words[i] being the word of vectors[i]
    query : a word among `words`
    n_neighbours : how many to return (fewer if there are fewer other words)

    Returns
    -------
    DataFrame with columns word, similarity (cosine, from -1 to 1), most similar first; the query itself excluded.
    """
    vectors = np.asarray(vectors, dtype=np.float64)
    words = list(words)
    if vectors.ndim != 2 or len(vectors) != len(words):
        raise ValueError(f"vectors must be (n_words, n_features) with one row per word; got {vectors.shape} "
                         f"for {len(words)} words")
    if isinstance(n_neighbours, bool) or not isinstance(n_neighbours, (int, np.integer)) or n_neighbours < 1:
        raise ValueError(f"n_neighbours must be a positive integer, got {n_neighbours!r}")
    query_index = find_word(words, query)
    norms = np.linalg.norm(vectors, axis=1)
    # A zero vector points nowhere: give it similarity 0 rather than dividing by zero.
    unit = np.divide(vectors, norms[:, None], out=np.zeros_like(vectors), where=norms[:, None] > 0)
    similarity = unit @ unit[query_index]                                  # (n_words,)
    order = [i for i in np.argsort(-similarity, kind="stable") if i != query_index][:n_neighbours]
    return pd.DataFrame({"word": [words[i] for i in order], "similarity": similarity[order]})


def find_word(words, query: str) -> int:
    """The index of `query` in `words` (case-insensitive); ValueError suggesting close words if absent."""
    words = list(words)
    wanted = str(query).strip().lower()
    for index, word in enumerate(words):
        if word.lower() == wanted:
            return index
    close = difflib.get_close_matches(wanted, words, n=3)
    hint = _("; did you mean {words}?").format(words=", ".join(map(repr, close))) if close else ""
    raise ValueError(_("word {query!r} is not among the {n:,} words shown").format(query=query, n=len(words)) + hint)


def project_embeddings(model, dataset, method: str = "pca", n_words: int = 500, n_components: int = 2,
                       seed: int = 0, perplexity: float = 30.0, progress=None) -> EmbeddingProjection:
    """Project the Embedding vectors of the `n_words` most frequent training words with PCA or t-SNE.

    Parameters
    ----------
    model : a Keras model with an Embedding layer (trained or not); or its (vocabulary_size, dim) weight array
    dataset : the Dataset whose vocabulary the Embedding indexes
    method : "pca" or "tsne"
    n_words : from 2 to the number of words in the vocabulary (at most 5,000); padding and OOV are not words
    n_components : 2 or 3
    seed : t-SNE's random_state (it draws t-SNE's starting layout: another seed, another layout)
    perplexity : t-SNE only, at most (n_words - 1) / 3
    progress : optional ``progress(fraction, message)`` callable (see `methods.project`)

    Returns
    -------
    EmbeddingProjection
    """
    weights = np.asarray(model) if isinstance(model, np.ndarray) else embedding_weights(model)
    if weights.shape[0] != dataset.vocabulary_size:
        raise ValueError(f"the Embedding has {weights.shape[0]:,} rows but dataset {dataset.name!r} has "
                         f"{dataset.vocabulary_size:,} tokens: was the model trained on this dataset?")
    ids = most_frequent_ids(dataset, n_words)
    projection = methods.project(weights[ids], method, n_components=n_components, perplexity=perplexity,
                                 seed=seed, progress=progress)
    positive = dataset.n_classes - 1
    against = "other classes" if dataset.n_classes > 2 else dataset.class_names[0]
    return EmbeddingProjection(
        words=tuple(dataset.vocabulary[i] for i in ids), ids=ids, vectors=weights[ids], projection=projection,
        frequencies=word_frequencies(dataset)[ids], association=label_association(dataset)[ids],
        association_classes=(against, dataset.class_names[positive]))


def count_words(dataset) -> int:
    """How many real words (not padding, not OOV) the vocabulary holds."""
    return max(dataset.vocabulary_size - FIRST_WORD_ID, 0)


def most_frequent_ids(dataset, n_words: int) -> np.ndarray:
    """(n_words,) token ids of the most frequent training words, most frequent first (ties: lower id first)."""
    available = count_words(dataset)
    limit = min(MAX_WORDS, available)
    if isinstance(n_words, bool) or not isinstance(n_words, (int, np.integer)) or n_words < 2:
        raise ValueError(f"n_words must be an integer from 2 to {limit:,}, got {n_words!r}")
    if n_words > available:
        raise ValueError(f"n_words ({n_words:,}) is more than the {available:,} words in the vocabulary of "
                         f"{dataset.name!r}: choose from 2 to {limit:,}")
    if n_words > MAX_WORDS:
        raise ValueError(f"n_words ({n_words:,}) is above the limit of {MAX_WORDS:,} words: choose from 2 to {limit:,}")
    frequencies = word_frequencies(dataset)[FIRST_WORD_ID:]
    order = np.argsort(-frequencies, kind="stable")[:n_words]
    return (order + FIRST_WORD_ID).astype(np.int64)


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    if np.std(a) == 0 or np.std(b) == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])
