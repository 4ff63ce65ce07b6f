"""Numbers as the student's language writes them, from Babel's locale data (CLDR): "4.000" and "0,510" in Spanish.

One formatting for every number a student reads:
- inside a message, `_("{n:,} sentences, accuracy {a:.3f}").format(...)`: `_()` returns a `Message`, whose
  `.format` runs `LocaleFormatter`, so the format specs written in the code (`{n:,}`, `{x:.3f}`, `{p:.1%}`,
  `{x:+.2f}`, `{x:.2e}`, `{x:.3g}`, widths and alignment) give the language's digits; call sites do not change;
- outside a message (a table cell, a hover text, an annotation), `format_number(x, digits)`.

An integer written without a grouping spec (`{epochs}`) stays as written (years, ids and small counts read
better ungrouped); a float without a spec gets the language's decimal sign. English output is Python's own,
which is what Babel's English data gives for these specs (a test checks both).
"""

from __future__ import annotations

import functools
import numbers
import re
import string

from .languages import DEFAULT_LANGUAGE, get_language

# Python's standard format spec: [[fill]align][sign][z][#][0][width][grouping][.precision][type]
_SPEC = re.compile(r"^(?P<align>(?P<fill>.)?[<>=^])?(?P<sign>[-+ ])?(?P<z>z)?(?P<alt>#)?(?P<zero>0)?"
                   r"(?P<width>\d+)?(?P<grouping>[,_])?(?:\.(?P<precision>\d+))?(?P<type>[bcdeEfFgGnosxX%])?$")


@functools.cache
def _symbols(language: str) -> tuple[str, str]:
    """(decimal sign, group separator) of `language`, from Babel."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(language), get_group_symbol(language)


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _pattern(grouping: bool, digits: int, sign: str | None, suffix: str = "") -> str:
    """A Babel (CLDR) number pattern: `#,##0.000` for grouping with 3 fraction digits; '+' adds the sign."""
    body = ("#,##0" if grouping else "0") + ("." + "0" * digits if digits else "") + suffix
    return f"+{body};-{body}" if sign == "+" else body


def format_number(value, digits: int | None = None, language: str | None = None, grouping: bool = True) -> str:
    """`value` written in `language` (default: the current one): grouped thousands, `digits` fraction digits.

    digits None: an integer as it is, a float with up to 3 fraction digits (trailing zeros dropped).
    A value that is not a number is returned as str(value).
    """
    language = language or get_language()
    if not _is_number(value):
        return str(value)
    if digits is None and isinstance(value, numbers.Integral):
        digits = 0
    if digits is None:
        spec = ",.3f" if grouping else ".3f"
        text = _python_or_babel(float(value), spec, language)
        decimal = _symbols(language)[0]
        return text.rstrip("0").rstrip(decimal) if decimal in text else text
    return _python_or_babel(value, (",." if grouping else ".") + f"{digits}f", language)


def format_percent(fraction, digits: int = 0, language: str | None = None) -> str:
    """A fraction (0.123) as a percentage in `language`: "12.3%" / "12,3 %" (digits=1)."""
    return _python_or_babel(fraction, f".{digits}%", language or get_language())


def _python_or_babel(value, spec: str, language: str) -> str:
    if language == DEFAULT_LANGUAGE:
        return format(value, spec)
    return format_in(value, spec, language)


def format_in(value, spec: str, language: str | None = None) -> str:
    """`format(value, spec)` as `language` (default: the current one) writes numbers (Babel); specs Babel has no
    pattern for (binary, hex, characters) are Python's. A non-number gets Python's format."""
    if language is None:
            language = get_language()
    if language == DEFAULT_LANGUAGE:
        return format(value, spec)
    match = _SPEC.match(spec)
    if not _is_number(value) or match is None or match["type"] in tuple("bcdnosxX") and match["type"] != "d":
        return format(value, spec)
    kind, precision, grouping = match["type"], match["precision"], match["grouping"] is not None
    if kind in (None, "d") and isinstance(value, numbers.Integral):
        text = _decimal(int(value), grouping, 0, match["sign"], language) if grouping else format(value, _bare(match))
    elif kind in ("f", "F") or (kind is None and precision is not None and grouping):
        text = _decimal(value, grouping, int(precision or 6), match["sign"], language)
    elif kind == "%":
        text = _percent(value, grouping, int(precision or 6), match["sign"], language)
    else:   # e, E, g, G, or a float with no type: Python's digits with the language's signs
        text = _swap_signs(format(value, _bare(match)), language)
    return format(text, _padding(match)) if match["width"] else text


def _decimal(value, grouping: bool, digits: int, sign: str | None, language: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, _pattern(grouping, digits, sign), locale=language)


def _percent(value, grouping: bool, digits: int, sign: str | None, language: str) -> str:
    """A fraction as the language writes a percentage (its spacing before '%': "12,3 %" in Spanish)."""
    from babel import Locale
    from babel.numbers import format_percent as babel_percent

    spaced = "\u00a0%" in Locale.parse(language).percent_formats[None].pattern
    return babel_percent(value, _pattern(grouping, digits, sign, "\u00a0%" if spaced else "%"), locale=language)


def _bare(match) -> str:
    """The spec without width and alignment (applied after the symbols are swapped)."""
    return "".join(part or "" for part in (match["sign"], match["alt"], match["grouping"],
                                            "." + match["precision"] if match["precision"] else None, match["type"]))


def _padding(match) -> str:
    return (match["align"] or ">") + match["width"]


def _swap_signs(text: str, language: str) -> str:
    """Python's "1,234.5" written with `language`'s group and decimal signs."""
    decimal, group = _symbols(language)
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


class LocaleFormatter(string.Formatter):
    """str.format whose numeric fields are written in `language` (Babel); other fields are Python's."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language

    def convert_field(self, value, conversion):
        """`{x!r}` of a number is the number (written in the language); other values as Python converts them."""
        if conversion in ("r", "s") and _is_number(value) and self.language != DEFAULT_LANGUAGE:
            return value
        return super().convert_field(value, conversion)

    def format_field(self, value, format_spec: str):
        if self.language != DEFAULT_LANGUAGE and _is_number(value):
            return format_in(value, format_spec, self.language)
        return super().format_field(value, format_spec)


class Message(str):
    """A translated message: a str whose `.format` writes numbers as its language does.

    The language is the one current when the message was translated (a message made in a page's thread and
    formatted elsewhere keeps it). Other str methods return plain str.
    """

    language = DEFAULT_LANGUAGE

    def __new__(cls, text: str, language: str = DEFAULT_LANGUAGE):
        message = super().__new__(cls, text)
        message.language = language
        return message

    def format(self, *args, **kwargs) -> str:
        if self.language == DEFAULT_LANGUAGE:
            return str.format(self, *args, **kwargs)
        return LocaleFormatter(self.language).vformat(str(self), args, kwargs)

    def format_map(self, mapping) -> str:
        if self.language == DEFAULT_LANGUAGE:
            return str.format_map(self, mapping)
        return LocaleFormatter(self.language).vformat(str(self), (), mapping)
