"""The validators every rnnviz setting goes through: one place for "what is allowed" and its message.

Each raises ValueError naming the bad value and what is allowed ("units must be an integer from 1 to 1024,
got 0"); the app shows that line as it is, headed by the label of the box it is about.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def check_int(name: str, value, low: int, high: int) -> int:
    """Raise ValueError unless value is an integer in [low, high]; name the value and the range."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low:,} to {high:,}, got {value!r}")
    return int(value)


def check_choice(name: str, value, allowed):
    """Raise ValueError unless value is one of `allowed`; list them."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, got {value!r}")
    return value


def check_number(name: str, value, low: float, high: float, integer: bool = False):
    """Raise ValueError unless value is a finite number (an integer if asked) in [low, high]."""
    kinds = numbers.Integral if integer else numbers.Real
    numeric = isinstance(value, kinds) and not isinstance(value, bool)
    if not numeric or not math.isfinite(value) or not low <= value <= high:
        kind = "an integer" if integer else "a number"
        raise ValueError(f"{name} must be {kind} from {low:g} to {high:g}, got {value!r}")
    return value
