"""`compare_edits(model, sentence, edits, dataset=data)`: what an edit changes inside the network, exactly.

Every edited sentence is traced in full (`rnnviz.trace`), so its states and gates are the ones the model
computes for it; differences are taken between the words the two sentences share (`edits.alignment`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import N_, _
from ..tracing import trace as trace_sentence
from .edits import MAX_WORDS, Edit, alignment, apply_edit, check_sentence_length, counterparts, suggest_edits

ALIGNMENT_NOTE = N_("States are compared word by word: words before the edit keep their place; after a deleted "
                    "(inserted) word the later words move one place and each is compared with itself.")


@dataclass(frozen=True)
class EditResult:
    """One edited sentence beside the original.

    words: the edited sentence's words; unknown: (n_words,) True where the edit put the unknown token.
    trace: its Trace. probability: (n_words,) the followed class's probability after each word (word steps only).
    pairs: (n_pairs, 2) int (original word index, edited word index) of the aligned words.
    differences: layer label -> {"h", "c" (LSTM), each gate name -> (n_pairs, n_units) edited - original}.
    first_change: edited word index of the first word of the edited sentence (inserted words included) whose
        decision differs from the original's at the same point of reading (`edits.counterparts`), or None. final_change: edited - original final probability.
    """

    edit: Edit
    description: str
    words: tuple[str, ...]
    unknown: tuple[bool, ...]
    trace: object
    probability: np.ndarray
    pairs: np.ndarray
    differences: dict
    first_change: int | None
    final_change: float

    @property
    def sentence(self) -> str:
        return " ".join("[UNK]" if flag else word for word, flag in zip(self.words, self.unknown))

    def largest_difference(self) -> float:
        """max |difference| over every state and gate of every layer (0 for an edit that changes nothing)."""
        return max((float(np.nanmax(np.abs(a), initial=0.0)) for d in self.differences.values()
                    for a in d.values()), default=0.0)


@dataclass(frozen=True)
class EditComparison:
    """The original sentence and every edit. class_name: the class whose probability is followed."""

    words: tuple[str, ...]
    trace: object
    probability: np.ndarray
    class_name: str
    results: tuple[EditResult, ...]

    @property
    def alignment_note(self) -> str:
        """How states of the edited and the original sentence are paired, in the current language."""
        return _(ALIGNMENT_NOTE)

    def table(self) -> pd.DataFrame:
        """One row per edit, sorted by |effect on the final prediction|, largest first; column names in the
        current language ("change" in English)."""
        name = self.class_name
        columns = [_("edit"), _("edited sentence"), _("P({name}) original").format(name=name),
                   _("P({name}) edited").format(name=name), _("change"), _("decision changed"),
                   _("first changed at")]
        rows = [(r.description, r.sentence, float(self.probability[-1]), float(r.probability[-1]), r.final_change,
                 _decision(r.probability[-1:])[0] != _decision(self.probability[-1:])[0],
                 "" if r.first_change is None else r.words[r.first_change]) for r in self.results]
        table = pd.DataFrame(rows, columns=columns)
        order = np.argsort(-np.abs(np.array([r.final_change for r in self.results], dtype=float)), kind="stable")
        return table.iloc[order].reset_index(drop=True)


def compare_edits(model, sentence: str, edits="suggested", dataset=None) -> EditComparison:
    """Trace `sentence` and each edited version of it, and compare them word by word.

    edits: a list of `Edit`s; the string "suggested", alone or in the list, stands for `suggest_edits`
        (negations removed and added, adjectives of the dataset's lexicon flipped).
    model may be a Run (its dataset is used).
    """
    if hasattr(model, "model") and hasattr(model, "dataset"):   # a Run
        model, dataset = model.model, dataset if dataset is not None else model.dataset
    if dataset is None:
        raise ValueError("compare_edits needs dataset= (its vocabulary turns words into ids)")
    encoded = dataset.encode_sentence(sentence)
    words = tuple(encoded.words)
    check_sentence_length(len(words) + encoded.n_truncated, min(MAX_WORDS, dataset.sequence_length))
    edits = [edits] if isinstance(edits, (str, Edit)) else list(edits)
    # "suggested" in the list stands for the suggested edits of this sentence
    edits = [e for item in edits for e in (suggest_edits(words, dataset.language, _lexicon(dataset))
                                           if isinstance(item, str) and item == "suggested" else [item])]
    original = trace_sentence(model, sentence, dataset=dataset)
    class_index, class_name = _followed_class(original)
    probability = _word_probability(original, class_index)
    results = tuple(_compare_one(model, dataset, words, original, probability, class_index, edit) for edit in edits)
    return EditComparison(words, original, probability, class_name, results)


def _compare_one(model, dataset, words, original, probability, class_index, edit) -> EditResult:
    new_words, unknown = apply_edit(words, edit)
    check_sentence_length(len(new_words), min(MAX_WORDS, dataset.sequence_length))
    edited = trace_edited(model, dataset, new_words, unknown)
    new_probability = _word_probability(edited, class_index)
    n_new = len(new_words) - len(words) + (1 if edit.kind != "insert" else 0)   # words the edit put in
    pairs = np.asarray(alignment(len(words), edit, n_new=max(n_new, 1)), int).reshape(-1, 2)
    old_steps, new_steps = _word_steps(original)[pairs[:, 0]], _word_steps(edited)[pairs[:, 1]]
    differences = {
        a.label: {name: getattr(b, name)[new_steps] - getattr(a, name)[old_steps] for name in _quantities(a)}
        for a, b in zip(original.layers, edited.layers)}
    for label, cell_trace in zip(differences, original.layers):
        for gate, values in cell_trace.gates.items():
            differences[label][gate] = edited.layer(label).gates[gate][new_steps] - values[old_steps]
    first_change = _first_change(probability, new_probability, counterparts(len(words), edit, n_new=n_new))
    return EditResult(edit, edit.describe(words), new_words, unknown, edited, new_probability, pairs, differences,
                      first_change, float(new_probability[-1] - probability[-1]))


def _first_change(original: np.ndarray, edited: np.ndarray, partner: list[int]) -> int | None:
    """First index of `edited` (n_edited,) whose decision differs from `original`'s (n_original,) at its
    partner index (`edits.counterparts`), or None when every step agrees."""
    changed = np.flatnonzero(_decision(edited) != _decision(original[np.asarray(partner, int)]))
    return int(changed[0]) if changed.size else None


def trace_edited(model, dataset, words: tuple[str, ...], unknown: tuple[bool, ...]):
    """The Trace of the edited words; a word marked unknown is read as the OOV id (1) whatever it is."""
    text = " ".join(words)
    if not any(unknown):
        return trace_sentence(model, text, dataset=dataset)
    ids = dataset.encode_sentence(text).ids.astype(np.int64)
    ids[np.asarray(unknown, bool)] = 1
    return trace_sentence(model, ids, dataset=dataset)


def _quantities(cell_trace) -> list[str]:
    return ["h"] + (["c"] if cell_trace.c is not None else [])


def _word_steps(trace) -> np.ndarray:
    """Step index of each word (padding steps, for a model read at full length, skipped)."""
    return np.flatnonzero(trace.token_ids != 0)


def _followed_class(trace) -> tuple[int, str]:
    name, _ = trace.class_probability()
    if trace.predictions.shape[1] == 1:
        return 0, name
    return int(np.argmax(trace.predictions[-1])), name


def _word_probability(trace, class_index: int) -> np.ndarray:
    return np.asarray(trace.predictions[_word_steps(trace), class_index], np.float64)


def _decision(probability: np.ndarray) -> np.ndarray:
    """Followed class (True) or not, per step: above one half. For a softmax task, a probability above 1/2 is
    a sufficient sign, not the argmax; kept simple and stated in the caption."""
    return np.asarray(probability) >= 0.5


def suggested_for(dataset, words) -> list[Edit]:
    """The suggested edits of `words` (a sentence's words, as the model reads them) in the dataset's language."""
    return suggest_edits(tuple(words), dataset.language, _lexicon(dataset))


def _lexicon(dataset):
    """The English or Spanish lexicon for suggested edits (None for another language: negations only)."""
    from ..data.sentiment import LANGUAGES, sentiment_words

    return sentiment_words(dataset.language) if dataset.language in LANGUAGES else None
