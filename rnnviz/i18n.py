"""The interface in English or Spanish: one catalogue per language, read with Python's gettext and Babel.

Every text a student reads is written in English in the code, wrapped in `_()`:

    from rnnviz.i18n import _
    st.caption(_("Validation accuracy {accuracy:.3f} after {epochs} epochs.").format(accuracy=a, epochs=n))

and translated from `rnnviz/locales/<language>/LC_MESSAGES/rnnviz.po` (the gettext convention: the English
text is the message id, so a missing translation shows English, never a key). Placeholders are named, so a
translation may put them in another order. `_n(singular, plural, n)` chooses the plural form.

The language is a context variable: each Streamlit rerun sets the student's language at the top of app.py
(`set_language`), a notebook calls `rnnviz.set_language("es")`, and `use_language("es")` scopes it in a block.
English is the default. Numbers in a message are written as the language writes them, from Babel's locale
data (rnnviz.locale_numbers): `_()` returns a str whose `.format` does it; `format_number(x, digits)` does it
for a number shown outside a message (a table cell, a hover text). The .po files are compiled in memory by Babel the first time a language is used, so the
repository holds only text files.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

from .languages import (  # noqa: F401 - the language of messages, re-exported: rnnviz.i18n is where callers look
    DEFAULT_LANGUAGE,
    LANGUAGES,
    check_language,
    get_language,
    set_language,
    use_language,
)
from .locale_numbers import Message, format_number, format_percent  # noqa: F401 - format_*: for the pages

DOMAIN = "rnnviz"
LOCALE_DIR = Path(__file__).resolve().parent / "locales"


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of `language` (English: the identity)."""
    check_language(language)
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == DEFAULT_LANGUAGE or not path.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str) -> Message:
    """`message` in the current language (itself where the catalogue has no translation).

    A `Message`: its `.format` writes the numbers in the language ("{n:,}" gives "4.000" in Spanish).
    """
    language = get_language()
    return Message(translations(language).gettext(message), language)


def _n(singular: str, plural: str, n: int) -> Message:
    """The singular or plural form of a message for `n`, in the current language (numbers as in `_`)."""
    language = get_language()
    return Message(translations(language).ngettext(singular, plural, n), language)


def N_(message: str) -> str:
    """Mark a message for translation without translating it now (module-level tables); `_()` it when shown."""
    return message


LANGUAGE_LABEL = N_("Interface language")   # the label of the language switch: translate where shown, _()
