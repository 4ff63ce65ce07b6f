"""The student's language: which languages the interface speaks and which one this thread or task uses.

A context variable: each Streamlit rerun sets the student's language (`set_language`), a notebook calls
`rnnviz.set_language("es")`, `use_language("es")` scopes it in a block. Both the message catalogue
(rnnviz.i18n) and the number formats (rnnviz.locale_numbers) read it here, so neither imports the other for it.
"""

from __future__ import annotations

import contextlib
import contextvars

LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"

_language = contextvars.ContextVar("rnnviz_language", default=DEFAULT_LANGUAGE)


def check_language(language: str) -> str:
    """Return `language` if it is one of LANGUAGES; ValueError naming the allowed codes otherwise."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(map(repr, LANGUAGES))}, got {language!r}")
    return language


def set_language(language: str) -> None:
    """Make `language` ("en" or "es") the language of every message from now on, in this thread or task."""
    _language.set(check_language(language))


def get_language() -> str:
    return _language.get()


@contextlib.contextmanager
def use_language(language: str):
    """Within the block, messages are in `language`; the previous language comes back after it."""
    token = _language.set(check_language(language))
    try:
        yield
    finally:
        _language.reset(token)
