"""What the catalogue tests compare: the messages the code marks for translation, read in-process with Babel's
extractor and the project's babel.cfg (the same extraction `pybabel extract` does), and the Spanish catalogue."""

from __future__ import annotations

import re
import string
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from rnnviz.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {**DEFAULT_KEYWORDS, "_n": (1, 2), "N_": None}   # babel.cfg's header: -k _n:1,2 -k N_


def code_messages() -> dict:
    """msgid (a str, or (singular, plural)) -> the set of files that use it, relative to the repository."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS):
        found.setdefault(message, set()).add(filename.replace("\\", "/"))
    return found


def catalogue(language: str = "es"):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "rnnviz.po").open("rb") as po_file:
        return read_po(po_file, locale=language, domain="rnnviz")


def placeholders(text: str) -> set:
    """The named fields of a str.format text with their format specs: {("n", ""), ("r", "+.2f")}."""
    return {(name, spec) for _literal, name, spec, _conversion in string.Formatter().parse(text) if name is not None}


SHORT = 3   # words: a message this short is a label, found only as a whole text


def english_finder(msgid: str):
    """A function text -> bool: does `text` show the English of `msgid`, whatever its placeholders hold?

    A sentence is looked for anywhere in the text, as whole words (so "Run" is not found inside "SimpleRNN");
    a label of at most SHORT words only as the whole text: "word" or "epochs" inside a longer text are words,
    not the interface's label (a Spanish page quotes "model.predict", names "Series temporales").
    """
    parts, words = [], 0
    for literal, name, _spec, _conversion in string.Formatter().parse(msgid):
        parts.append(re.escape(literal))
        words += len(re.findall(r"[A-Za-z]+", literal))
        if name is not None:
            parts.append(".+?")
    body = "".join(parts)
    if words <= SHORT:
        pattern = re.compile(body, re.DOTALL)
        return lambda text: pattern.fullmatch(text.strip()) is not None
    start = r"(?<!\w)" if msgid[:1].isalnum() else ""
    end = r"(?!\w)" if msgid[-1:].isalnum() else ""
    pattern = re.compile(start + body + end, re.DOTALL)
    return lambda text: pattern.search(text) is not None
