"""The one text normalisation of rnnviz: what a "word" is, for the vocabulary, the ids and the words shown.

Keras' `TextVectorization` and Python's `str.split()` disagree about Unicode: a non-breaking space splits words
for Python but not for Keras, so the words on a heatmap and the ids the model read drifted apart. Here one
function decides, and everything else (vocabulary building, encoding, the words of a typed sentence) goes
through it: `TextVectorization(standardize=None, split="whitespace")` only ever sees text already normalised to
words joined by single ASCII spaces, so it cuts exactly where `words()` does.

The rules, in order:
- Unicode NFC, so "é" typed as "e" + combining accent is the same word as the precomposed "é";
- lower case (accents are kept: Spanish "película" is not "pelicula");
- typographic apostrophes (’ ‘ ʼ ´ ′ ...) become "'" and are kept inside a word ("wasn’t" is "wasn't");
- every other punctuation mark or symbol (! ¡ ¿ « » “ ” , / - ...) is a word boundary and is dropped:
  "7/10" gives "7 10", "¡genial!" gives "genial";
- every Unicode space, line break or control character is a word boundary; invisible format characters
  (soft hyphen, joiners) vanish, except the zero-width space, which separates words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters people type for an apostrophe; inside a word they all become the ASCII one.
APOSTROPHES = frozenset("'\u2019\u2018\u201b\u02bc\u02bb\u00b4\u0060\u2032\uff07")
_WORD_BREAKING_FORMAT = frozenset("\u200b")   # zero-width space: a boundary, though invisible
# The same rules for plain ASCII text (every built-in dataset), without a Python loop over characters.
_ASCII_BOUNDARY = re.compile(r"[^a-z0-9']")
_LONE_APOSTROPHE = re.compile(r"(?<![a-z0-9])'|'(?![a-z0-9])")


@lru_cache(maxsize=4096)
def _character_class(char: str) -> str:
    """'w' for a word character, ' ' for a boundary, "'" for an apostrophe, '' for a character that vanishes."""
    if char in APOSTROPHES:
        return "'"
    category = unicodedata.category(char)
    if category[0] in "LNM":                   # letters, digits, combining marks (accents left uncomposed)
        return "w"
    if category == "Cf" and char not in _WORD_BREAKING_FORMAT:
        return ""                              # soft hyphen, zero-width joiners, byte-order mark
    return " "                                 # punctuation, symbols, every space, controls


def words(text: str) -> list[str]:
    """The words of `text` after normalisation, e.g. "¡La PELÍCULA fue genial!" -> ['la', 'película', 'fue', 'genial'].

    An apostrophe stays only between two word characters ("wasn't"); quotes around a word are dropped.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__}")
    if text.isascii():
        text = _ASCII_BOUNDARY.sub(" ", text.lower().replace("`", "'"))
        return _LONE_APOSTROPHE.sub(" ", text).split()
    return _unicode_words(text)


def _unicode_words(text: str) -> list[str]:
    """words() for any text, one character class at a time."""
    text = unicodedata.normalize("NFC", text).lower()
    # lower() can decompose (e.g. "İ" -> "i" + combining dot): compose again so equal words are equal strings.
    text = unicodedata.normalize("NFC", text)
    pieces = []
    for index, char in enumerate(text):
        kind = _character_class(char)
        if kind == "'":
            inside = (0 < index < len(text) - 1 and _character_class(text[index - 1]) == "w"
                      and _character_class(text[index + 1]) == "w")
            pieces.append("'" if inside else " ")
        else:
            pieces.append(char if kind == "w" else kind)
    return "".join(pieces).split()


def standardize(text: str) -> str:
    """`text` normalised to its words joined by single spaces: what TextVectorization is given."""
    return " ".join(words(text))
