"""Lesson links: a page's settings written into a URL query, and read back (validated) on a student's session.

A lesson is a plain dict of settings, {name: value}. Each page says which settings make up its lessons as a
tuple of fields; `encode` turns values into query parameters (strings) and `decode` reads them back:

    fields = (choice("preset", PRESETS), text("sentence"), integer("unit", 0, 1023))
    encode(fields, {"preset": "sentiment_lstm_en", "sentence": "not good", "unit": 3})
    # {'preset': 'sentiment_lstm_en', 'sentence': 'not good', 'unit': '3'}
    decode(fields, {"unit": "3", "sentence": "not good", "lang": "es"})
    # ({'sentence': 'not good', 'unit': 3}, [])   -- parameters of no field (lang) are left to their owners

A bad value never reaches a page: `decode` leaves it out and returns one message for it (the page keeps its
default); `encode` and `Field.parse` raise ValueError naming the value and what is allowed. Everything goes
through rnnviz.validation, the one place for "what is allowed". A link carries only what the teacher set:
never a student's data, a model or a run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from .validation import check_choice, check_int, check_number

MAX_TEXT = 300            # characters of a sentence or question in a link: a lesson, not a document
PREDICT = "predict"       # ?predict=<question key> (or 1: the page's first question)
ASK = "ask"               # ?ask=<the teacher's own question>, shown before the answer is revealed


@dataclass(frozen=True)
class Field:
    """One lesson setting: its query parameter `name` and how a string becomes a checked value."""

    name: str
    parse: Callable[[str], object]          # str -> value; raises ValueError naming the bad value
    show: Callable[[object], str] = str     # value -> the string written in the link

    def read(self, raw: str):
        return self.parse(raw)

    def write(self, value) -> str:
        text = self.show(value)
        self.parse(text)                    # a value that would not read back is refused now, not in class
        return text


def choice(name: str, allowed) -> Field:
    """A value among `allowed` (strings, or numbers written as they print)."""
    allowed = tuple(allowed)
    by_text = {str(value): value for value in allowed}

    def parse(raw: str):
        return by_text[check_choice(name, raw, tuple(by_text))]

    return Field(name, parse)


def integer(name: str, low: int, high: int, step: int = 1) -> Field:
    """An integer in [low, high], a multiple of `step` counted from `low`."""
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be an integer from {low:,} to {high:,}, got {raw!r}") from None
        check_int(name, value, low, high)
        if (value - low) % step:
            raise ValueError(f"{name} must be {low} plus a multiple of {step}, got {value}")
        return value

    return Field(name, parse)


def number(name: str, low: float, high: float, step: float | None = None) -> Field:
    """A number in [low, high]; with `step`, on the grid low + k * step (as a slider with that step)."""
    def parse(raw: str) -> float:
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number from {low:g} to {high:g}, got {raw!r}") from None
        check_number(name, value, low, high)
        if step is not None:
            k = round((value - low) / step)
            if abs(low + k * step - value) > step * 1e-6:
                raise ValueError(f"{name} must be {low:g} plus a multiple of {step:g}, got {raw!r}")
            value = round(low + k * step, 10)
        return value

    return Field(name, parse, show=lambda value: f"{value:g}")


def text(name: str, max_chars: int = MAX_TEXT) -> Field:
    """One line of at most `max_chars` characters (a sentence to type, a question)."""
    def parse(raw: str) -> str:
        if not isinstance(raw, str) or "\n" in raw or "\r" in raw:
            raise ValueError(f"{name} must be one line of text, got {raw!r}")
        if len(raw) > max_chars:
            raise ValueError(f"{name} must have at most {max_chars} characters, got {len(raw)}")
        return raw.strip()

    return Field(name, parse)


def flag(name: str) -> Field:
    """On (written 1) or off (0)."""
    def parse(raw: str) -> bool:
        return check_choice(name, raw, ("0", "1")) == "1"

    return Field(name, parse, show=lambda value: "1" if value else "0")


def encode(fields: tuple[Field, ...], values: Mapping) -> dict[str, str]:
    """{parameter: string} for the values that have a field, in the fields' order; None values are left out.

    Raises ValueError for a setting no field knows, or a value its field refuses.
    """
    by_name = {field.name: field for field in fields}
    unknown = [name for name in values if name not in by_name]
    if unknown:
        raise ValueError(f"no lesson setting {unknown[0]!r}; this page's are {', '.join(map(repr, by_name))}")
    return {field.name: field.write(values[field.name]) for field in fields
            if values.get(field.name) is not None}


def decode(fields: tuple[Field, ...], params: Mapping[str, str]) -> tuple[dict, list[str]]:
    """(values, problems): the checked value of every field present in `params`, and one message per bad one.

    Parameters no field knows (lang, present, slides, ...) are ignored: they belong to other parts of the app.
    """
    values, problems = {}, []
    for field in fields:
        if field.name not in params:
            continue
        try:
            values[field.name] = field.read(params[field.name])
        except ValueError as error:
            problems.append(str(error))
    return values, problems


def lesson_url(base: str, params: Mapping[str, str]) -> str:
    """`base` (the page's address, without a query) followed by the encoded parameters."""
    base = base.split("?", 1)[0].split("#", 1)[0]
    query = urlencode({name: value for name, value in params.items() if value is not None})
    return f"{base}?{query}" if query else base
