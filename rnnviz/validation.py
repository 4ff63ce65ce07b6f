"""The validators every rnnviz setting goes through: one place for "what is allowed" and its message.

Each raises ValueError naming the bad value and what is allowed ("units must be an integer from 1 to 1024,
got 0"); the app shows that line as it is, headed by the label of the box it is about. The sentence is in
the current language; `name` is the setting's name in the code, never translated.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .i18n import _


def check_int(name: str, value, low: int, high: int) -> int:
    """Raise ValueError unless value is an integer in [low, high]; name the value and the range."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise ValueError(_("{name} must be an integer from {low:,} to {high:,}, got {value!r}").format(
            name=name, low=low, high=high, value=value))
    return int(value)


def check_choice(name: str, value, allowed):
    """Raise ValueError unless value is one of `allowed`; list them."""
    if value not in allowed:
        raise ValueError(_("{name} must be one of {allowed}, got {value!r}").format(
            name=name, allowed=", ".join(map(repr, allowed)), value=value))
    return value


def check_number(name: str, value, low: float, high: float, integer: bool = False):
    """Raise ValueError unless value is a finite number (an integer if asked) in [low, high]."""
    kinds = numbers.Integral if integer else numbers.Real
    numeric = isinstance(value, kinds) and not isinstance(value, bool)
    if not numeric or not math.isfinite(value) or not low <= value <= high:
        message = (_("{name} must be an integer from {low:g} to {high:g}, got {value!r}") if integer
                   else _("{name} must be a number from {low:g} to {high:g}, got {value!r}"))
        raise ValueError(message.format(name=name, low=low, high=high, value=value))
    return value
