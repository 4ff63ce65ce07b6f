"""Edits of a sentence, word by word: swap, delete, insert, replace by the unknown token; and suggested edits.

An edit works on the sentence's words as the model reads them (`Dataset.encode_sentence`, the one text
normalisation), so positions count words after normalisation: "Not good!" has words ['not', 'good'].
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.dataset import OOV_TOKEN
from ..data.text import words as split_words
from ..i18n import _
from ..validation import check_choice

EDIT_KINDS = ("swap", "delete", "insert", "unknown")
NEGATIONS = {"en": "not", "es": "no"}       # what "insert a negation" inserts, per dataset language
MAX_WORDS = 200                             # longest sentence compared: each edit is traced in full


@dataclass(frozen=True)
class Edit:
    """One change of a sentence.

    kind: "swap" (word at `position` becomes `word`), "delete" (word at `position` removed), "insert" (`word`
        put before `position`; position = number of words appends), "unknown" (word at `position` replaced by
        the unknown token the model reads for words it does not know).
    """

    kind: str
    position: int
    word: str = ""

    def describe(self, words: tuple[str, ...]) -> str:
        """'swap "good" -> "bad"', 'delete "not"', 'insert "not" before "good"', '"good" -> [UNK]'."""
        if self.kind == "insert":
            if self.position < len(words):
                return _('insert "{word}" before "{next}"').format(word=self.word, next=words[self.position])
            return _('insert "{word}" at the end').format(word=self.word)
        old = words[self.position]
        if self.kind == "unknown":
            return f'"{old}" -> {OOV_TOKEN}'
        text = _('swap "{old}" -> "{word}"') if self.kind == "swap" else _('delete "{old}"')
        return text.format(old=old, word=self.word)


def check_sentence_length(n_words: int, limit: int) -> None:
    """ValueError for a sentence longer than `limit` words (the model's length or MAX_WORDS)."""
    if n_words > limit:
        raise ValueError(_("the sentence has {n} words; at most {limit} can be compared: shorten it").format(
            n=n_words, limit=limit))


def apply_edit(words: tuple[str, ...], edit: Edit) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """(edited words, unknown flags): the flag is True where the edit put the unknown token.

    ValueError, in one line, for an edit that is empty, out of range, or leaves no word.
    """
    if not isinstance(edit, Edit):
        raise ValueError(f"an edit must be an rnnviz.explain.Edit, got {edit!r}")
    check_choice("edit kind", edit.kind, EDIT_KINDS)
    last = len(words) if edit.kind == "insert" else len(words) - 1
    if isinstance(edit.position, bool) or not isinstance(edit.position, int) or not 0 <= edit.position <= last:
        raise ValueError(_("edit position must be a word index from 0 to {last}, got {position!r}").format(
            last=last, position=edit.position))
    new_words = tuple(split_words(edit.word)) if edit.kind in ("swap", "insert") else ()
    if edit.kind in ("swap", "insert") and not new_words:
        raise ValueError(_("the {kind} edit has no word to put in: type one (got {word!r})").format(
            kind=edit.kind, word=edit.word))
    flags = [False] * len(words)
    words, p = list(words), edit.position
    if edit.kind == "swap":
        words[p:p + 1], flags[p:p + 1] = new_words, [False] * len(new_words)
    elif edit.kind == "insert":
        words[p:p], flags[p:p] = new_words, [False] * len(new_words)
    elif edit.kind == "delete":
        del words[p], flags[p]
    else:
        flags[p] = True
    if not words:
        raise ValueError(_("the edit leaves the sentence with no words: keep at least one"))
    return tuple(words), tuple(flags)


def alignment(n_words: int, edit: Edit, n_new: int = 1) -> list[tuple[int, int]]:
    """(original word index, edited word index) of the words the edit kept, in order.

    Words before the edit keep their place; after a deletion (insertion) of k words the later words move k
    places left (right) and each is compared to itself. A swapped or masked word is aligned with the word it
    replaced (when one word replaces one).
    """
    p = edit.position
    if edit.kind == "delete":
        return [(i, i) for i in range(p)] + [(i, i - 1) for i in range(p + 1, n_words)]
    if edit.kind == "insert":
        return [(i, i) for i in range(p)] + [(i, i + n_new) for i in range(p, n_words)]
    if edit.kind == "swap" and n_new != 1:
        return [(i, i) for i in range(p)] + [(i, i + n_new - 1) for i in range(p + 1, n_words)]
    return [(i, i) for i in range(n_words)]


def counterparts(n_words: int, edit: Edit, n_new: int = 1) -> list[int]:
    """For each word of the edited sentence, the original word index whose prediction it is compared with.

    An aligned word is compared with its partner (`alignment`). An inserted word has no partner: the edited
    sentence has read the same prefix as the original up to the word before the insertion, plus the inserted
    word, so it is compared with the original's prediction after that word (after the first word for an
    insertion at the start, where the original has no earlier prediction). A swapped-in phrase of several words
    is compared with the word it replaced. Returns a list of (n_edited_words,) original indices.
    """
    p = edit.position
    if edit.kind == "insert":
        return list(range(p)) + [max(p - 1, 0)] * n_new + list(range(p, n_words))
    if edit.kind == "delete":
        return list(range(p)) + list(range(p + 1, n_words))
    if edit.kind == "swap":
        return list(range(p)) + [p] * n_new + list(range(p + 1, n_words))
    return list(range(n_words))


def suggest_edits(words: tuple[str, ...], language: str, lexicon: dict | None = None) -> list[Edit]:
    """Edits worth trying, the ones that change the meaning most directly first: a negation added before each
    known adjective (before its verb in Spanish, where "no" negates the verb), each known adjective flipped to
    the opposite polarity, then each negation removed.

    lexicon: `data.sentiment.sentiment_words(language)`; None (a language without one) gives the removal of
    the language's negations only, and nothing for a language rnnviz does not know (no English word is put
    into a sentence of another language).
    """
    negation = NEGATIONS.get(language)
    if negation is None:
        return []
    removals = [Edit("delete", i) for i, word in enumerate(words) if word == negation]
    if lexicon is None:
        return removals
    verbs = set(lexicon["verbs"])
    negations, flips = [], []
    for i, word in enumerate(words):
        if word not in lexicon["flip"]:
            continue
        flips.append(Edit("swap", i, lexicon["flip"][word]))
        before = i
        if language == "es":   # "la película no es buena": the negation goes before the verb
            verb = next((j for j in range(i - 1, max(-1, i - 3), -1) if words[j] in verbs), None)
            before = verb if verb is not None else i
        if not (before > 0 and words[before - 1] == negation) and Edit("insert", before, negation) not in negations:
            negations.append(Edit("insert", before, negation))
    return negations + flips + removals
