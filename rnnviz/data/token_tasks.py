"""What the synthetic token tasks (memory_task, order_task) share: random distractor sequences, a random
binary label, and one way of turning the finished token matrix into a split, tokenised Dataset.

Each task only places its markers; the distractors are drawn independently of the label, so whatever a
model learns beyond chance it learns from the markers.
"""

from __future__ import annotations

import numpy as np

from .dataset import Dataset, split_three_ways, tokenize_splits


def random_tokens(rng: np.random.Generator, distractors: tuple[str, ...], size: int,
                  n_steps: int) -> tuple[np.ndarray, np.ndarray]:
    """((size, n_steps) distractor tokens, (size,) int32 labels 0 or 1), drawn in this order from `rng`."""
    tokens = rng.choice(np.array(distractors), size=(size, n_steps))
    labels = rng.integers(0, 2, size=size).astype(np.int32)
    return tokens, labels


def token_task_dataset(name: str, tokens: np.ndarray, labels: np.ndarray, rng: np.random.Generator, *,
                       description: dict, class_names: tuple[str, str], options: dict,
                       examples: tuple[str, ...]) -> Dataset:
    """A Dataset of the sequences `tokens` (size, n_steps) with `labels`, split 70/15/15 with `rng`.

    description: the description fields of data/descriptions.py's described().

    options must hold n_distractors and padding (and whatever else makes the task reproducible).
    """
    n_steps = tokens.shape[1]
    texts = [" ".join(row) for row in tokens]
    texts_by_split, labels_by_split = split_three_ways(texts, labels, rng)
    # Every token must stay in the vocabulary: size it to the markers, the distractors, padding and OOV.
    vocabulary, splits = tokenize_splits(texts_by_split, labels_by_split, options["n_distractors"] + 4, n_steps,
                                         options["padding"])
    return Dataset(name=name, **description, task="binary", class_names=class_names, language="en",
                   vocabulary=vocabulary, sequence_length=n_steps, padding=options["padding"], **splits,
                   options=options, examples=examples)
