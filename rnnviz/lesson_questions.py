"""Predict before you look: the ready questions a lesson link may ask, and their answers measured on the model.

Each question belongs to a page; its answer is read from what that page measures (a trace, gradient curves),
never written down in advance, so a guess is compared with this student's own model:

    question = QUESTIONS["hidden_states"]["class"]
    choices = question.options(class_names=run.dataset.class_names)
    measured = final_class(trace)                     # e.g. "positive"
    matched = guess == measured

Texts are English message ids; the UI translates them (`_()`) when it shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .i18n import N_
from .validation import check_choice

# The SimpleRNN's gradient back at the first word against the last: below VANISHED it vanished, above EXPLODED
# it grew; in between it kept about its size.
VANISHED, EXPLODED = 0.5, 2.0
SIGN_CHOICES = (N_("positive"), N_("negative"))
SIZE_CHOICES = (N_("smaller: it vanishes"), N_("about the same"), N_("larger: it explodes"))


@dataclass(frozen=True)
class Question:
    """A question asked before the page shows its answer.

    choices: the fixed answers; or the name of answers that depend on the model ("classes": its class names,
    "cells": the cells compared, "remedies": the remedies chosen), given to `options` by that name.
    """

    key: str
    text: str
    choices: tuple[str, ...] | str

    def options(self, **named) -> tuple[str, ...]:
        """The answers to offer, e.g. options(cells=("SimpleRNN", "LSTM", "GRU")) for a "cells" question."""
        if isinstance(self.choices, str):
            return tuple(named.get(self.choices, ()))
        return self.choices


QUESTIONS = {
    "hidden_states": {q.key: q for q in (
        Question("class", N_("What will the model predict for this sentence, after its last word?"), "classes"),
        Question("sign", N_("After the last word, will the followed unit's hidden state h be positive or "
                            "negative?"), SIGN_CHOICES),
    )},
    "gradients": {q.key: q for q in (
        Question("keeps", N_("Going back from the last word to the first, which cell keeps the largest share of "
                             "its gradient?"), "cells"),
        Question("simple_rnn", N_("At the first word, will SimpleRNN's gradient be smaller than, about the same "
                                  "as, or larger than at the last word?"), SIZE_CHOICES),
    )},
    "fitting": {q.key: q for q in (
        Question("remedy", N_("Which remedy will leave the smallest gap between training and validation?"),
                 "remedies"),
    )},
}


def question(page: str, key: str) -> Question:
    """The ready question `key` of `page`; '1' is the page's first. ValueError names the allowed keys."""
    check_choice("page", page, tuple(QUESTIONS))
    asked = QUESTIONS[page]
    if key == "1":
        return next(iter(asked.values()))
    return asked[check_choice("predict", key, ("1", *asked))]


def final_class(trace) -> str:
    """The class the model predicts for the whole sentence (its output after the last word)."""
    last = np.asarray(trace.predictions[-1], dtype=float)
    names = tuple(trace.class_names)
    index = int(last[0] >= 0.5) if last.shape[0] == 1 else int(np.argmax(last))
    return names[index] if index < len(names) else f"class {index}"


def final_sign(cell_trace, unit: int, mask) -> str:
    """'positive' or 'negative': the sign of h of `unit` at the last word read (padding skipped)."""
    steps = np.flatnonzero(np.asarray(mask))
    last = steps[-1] if cell_trace.direction != "backward" else steps[0]
    return SIGN_CHOICES[0] if float(cell_trace.h[last, unit]) >= 0 else SIGN_CHOICES[1]


def kept_most(ratios: dict) -> str:
    """The cell whose gradient at the farthest word over that at the last word is largest.

    ratios: label -> norm there / norm at the last word (captions.first_to_last_ratios).
    """
    finite = {label: ratio for label, ratio in ratios.items() if np.isfinite(ratio)}
    if not finite:
        raise ValueError("no finite gradient ratio to compare: every curve overflowed or is empty")
    return max(finite, key=finite.get)


def simple_rnn_size(ratio: float) -> str:
    """Which of SIZE_CHOICES a SimpleRNN first-to-last gradient ratio is (VANISHED / EXPLODED bounds)."""
    if ratio < VANISHED:
        return SIZE_CHOICES[0]
    if ratio > EXPLODED:
        return SIZE_CHOICES[2]
    return SIZE_CHOICES[1]


def smallest_gap(gaps: dict) -> str:
    """The run whose gap (Diagnosis.gap: training minus validation) is closest to 0; None or NaN gaps skipped."""
    measured = {name: abs(gap) for name, gap in gaps.items() if gap is not None and np.isfinite(gap)}
    if not measured:
        raise ValueError("no run with a measured gap between training and validation: train them first")
    return min(measured, key=measured.get)
