"""order_task: Hochreiter and Schmidhuber's (1997) temporal-order problem, made to measure.

Every sequence holds exactly one "x" and one "y" among random distractor tokens. Both markers sit at random
positions in the first part of the sequence, so at least `lag` distractors follow the later one; the label is
their order (x before y = 0, y before x = 1). Every sequence contains the same words apart from the
distractors, which are drawn independently of the label, so a bag of words is at chance: only the order
decides, and a recurrent network must carry it through at least `lag` steps of noise to the end.
"""

from __future__ import annotations

import numpy as np

from ..i18n import N_
from .dataset import Dataset, check_int
from .descriptions import described
from .token_tasks import random_tokens, token_task_dataset

MARKERS = ("x", "y")
CLASS_NAMES = ("x before y", "y before x")
_DISTRACTORS = tuple("abcdefghijklmnopqrstuvw")


def order_task(lag: int = 80, n_steps: int = 100, size: int = 4000, seed: int = 0, n_distractors: int = 8,
               padding: str = "pre") -> Dataset:
    """Generate the temporal-order task; split 70/15/15.

    The two markers take two distinct random positions among the first n_steps - lag + 1, so the later one
    is at least `lag` steps before the end (lag 1: it may be the last token). Options are validated; a
    ValueError names the bad one.
    """
    n_steps = check_int("n_steps", n_steps, 3, 1000)
    lag = check_int("lag", lag, 1, n_steps - 1)      # two positions at least must be left for the markers
    size = check_int("size", size, 60, 200_000)
    seed = check_int("seed", seed, 0, 2**31 - 1)
    n_distractors = check_int("n_distractors", n_distractors, 1, len(_DISTRACTORS))
    rng = np.random.default_rng(seed)
    tokens, labels = random_tokens(rng, _DISTRACTORS[:n_distractors], size, n_steps)
    first, second = marker_positions(rng, size, n_steps - lag + 1)
    rows = np.arange(size)
    # label 0: x comes first; label 1: y comes first.
    tokens[rows, first] = np.where(labels == 0, MARKERS[0], MARKERS[1])
    tokens[rows, second] = np.where(labels == 0, MARKERS[1], MARKERS[0])
    return token_task_dataset(
        "order_task", tokens, labels, rng,
        description=described(N_("{size:,} sequences of {n_steps} random tokens holding one x and one y, the "
                                 "later at least {lag} step before the end; label = which comes first.") if lag == 1
                              else N_("{size:,} sequences of {n_steps} random tokens holding one x and one y, the "
                                      "later at least {lag} steps before the end; label = which comes first."),
                              size=size, n_steps=n_steps, lag=lag),
        class_names=CLASS_NAMES,
        options=dict(lag=lag, n_steps=n_steps, size=size, seed=seed, n_distractors=n_distractors, padding=padding),
        examples=(" ".join(["x", "c", "y"] + ["d"] * (n_steps - 3)),
                  " ".join(["c", "y", "d", "x"] + ["c"] * (n_steps - 4))),
    )


def marker_positions(rng: np.random.Generator, size: int, n_positions: int) -> tuple[np.ndarray, np.ndarray]:
    """Two distinct positions per sequence, uniform over pairs of [0, n_positions): (first, second), first < second.

    Returns two (size,) int arrays.
    """
    a = rng.integers(0, n_positions, size=size)
    b = rng.integers(0, n_positions - 1, size=size)
    b = b + (b >= a)          # uniform over the other n_positions - 1 positions: never equal to a
    return np.minimum(a, b), np.maximum(a, b)
