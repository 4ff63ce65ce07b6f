"""memory_task: a long-range dependency made to measure.

Each sequence is `n_steps` random distractor tokens, except one marker token, "a" or "b", placed `lag` steps
before the end. The label is the marker (a = 0, b = 1). To answer, a recurrent network must carry one bit of
information through `lag` steps of noise: the longer the lag, the further its gradient has to travel back in
time. The gradients lab trains each cell kind on growing lags with this task.
"""

from __future__ import annotations

import numpy as np

from ..i18n import N_
from .dataset import Dataset, check_int
from .descriptions import described
from .token_tasks import random_tokens, token_task_dataset

MARKERS = ("a", "b")
_DISTRACTORS = tuple("cdefghijklmnopqrstuvwxyz")


def memory_task(lag: int = 10, n_steps: int = 20, size: int = 2000, seed: int = 0, n_distractors: int = 8,
                padding: str = "pre") -> Dataset:
    """Generate the memory task: marker `lag` steps before the end decides the label; split 70/15/15.

    lag = 1 puts the marker on the last step. Options are validated; a ValueError names the bad one.
    """
    n_steps = check_int("n_steps", n_steps, 2, 1000)
    lag = check_int("lag", lag, 1, n_steps)
    size = check_int("size", size, 60, 200_000)
    seed = check_int("seed", seed, 0, 2**31 - 1)
    n_distractors = check_int("n_distractors", n_distractors, 1, len(_DISTRACTORS))
    rng = np.random.default_rng(seed)
    tokens, labels = random_tokens(rng, _DISTRACTORS[:n_distractors], size, n_steps)
    tokens[:, n_steps - lag] = np.array(MARKERS)[labels]
    return token_task_dataset(
        "memory_task", tokens, labels, rng,
        description=described(N_("{size:,} sequences of {n_steps} random tokens; label = the marker (a or b) "
                                 "placed {lag} step before the end.") if lag == 1 else
                              N_("{size:,} sequences of {n_steps} random tokens; label = the marker (a or b) "
                                 "placed {lag} steps before the end."), size=size, n_steps=n_steps, lag=lag),
        class_names=("a", "b"),
        options=dict(lag=lag, n_steps=n_steps, size=size, seed=seed, n_distractors=n_distractors, padding=padding),
        examples=(" ".join(["c"] * (n_steps - lag) + ["b"] + ["d"] * (lag - 1)),
                  " ".join(["d"] * (n_steps - lag) + ["a"] + ["c"] * (lag - 1))),
    )
