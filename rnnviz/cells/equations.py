"""The pieces a cell's equations are written with: one line of LaTeX per equation, numbers written as by hand.

Shared by every cell module's `explain` (its equations with one (step, unit)'s numbers) and by
`rnnviz.tracing.formulas`, which gathers those numbers from a trace.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..locale_numbers import format_in

_LATEX_ACTIVATIONS = {"tanh": r"\tanh", "sigmoid": r"\sigma", "linear": "", "hard_sigmoid": r"\sigma_{\text{hard}}"}
_SYMBOLS = {"h_tilde": r"\tilde{h}", "pre_activation": "a"}


@dataclass(frozen=True)
class FormulaLine:
    """One equation of the cell at one (step, unit)."""

    name: str          # what it computes: a gate name, "c" or "h"
    symbolic: str      # LaTeX, as the course writes it
    numeric: str       # LaTeX, with the numbers of this step and unit
    value: float       # the traced value
    recomputed: float  # the value recomputed in float64 from the numbers shown


def apply(activation: str, value: float) -> float:
    """A Keras activation (by name) of one float64 number, with the NumPy replay's own function."""
    from ..tracing.cells import ACTIVATIONS  # the replay's table (imported late: the trace imports the cells)

    with np.errstate(over="ignore"):
        return float(ACTIVATIONS[activation](np.array([value], np.float64))[0])


def latex_activation(name: str) -> str:
    return _LATEX_ACTIVATIONS.get(name, rf"\mathrm{{{name}}}")


def symbol(name: str) -> str:
    return _SYMBOLS.get(name, name)


def number(value: float) -> str:
    """A number for a formula: 4 significant digits (powers of ten for very small or large ones)."""
    if value == 0 or 1e-3 <= abs(value) < 1e4:
        return _latex_decimal(f"{value:.4g}".replace("-", "{-}"))
    mantissa, exponent = f"{value:.2e}".split("e")
    return rf"{_latex_decimal(mantissa.replace('-', '{-}'))} \times 10^{{{int(exponent)}}}"


def _latex_decimal(text: str) -> str:
    """A number written with Python's '.' in the reader's decimal sign ('{,}' in LaTeX: a comma without the
    space TeX puts after a punctuation comma)."""
    decimal = format_in(0.5, ".1f")[1]
    return text.replace(".", "{,}" if decimal == "," else decimal)


def addends(values: list[float]) -> tuple[list[str], str]:
    """Terms of a sum and the sum, written with the same decimals so that the shown terms add up exactly to the
    shown sum: each term is rounded, then the fewest terms are nudged by one last digit (those rounded the
    furthest) until their total is the rounded sum. Negative terms come in parentheses, as written by hand."""
    largest = max([abs(v) for v in values] + [abs(sum(values))])
    # 4 significant digits of the largest number, and never fewer than 4 decimals
    decimals = int(min(12, max(4, 3 - np.floor(np.log10(largest))))) if largest > 0 else 4
    scale = 10 ** decimals
    exact = [v * scale for v in values]
    rounded = [round(x) for x in exact]
    missing = round(sum(values) * scale) - sum(rounded)
    step = 1 if missing > 0 else -1
    # nudge first the terms whose rounding moved them furthest against the needed direction
    order = sorted(range(len(values)), key=lambda k: step * (rounded[k] - exact[k]))
    for k in order[:abs(missing)]:
        rounded[k] += step
    terms = [_fixed(r, decimals) for r in rounded]
    terms = [f"({t})" if r < 0 else t for t, r in zip(terms, rounded)]
    return terms, _fixed(sum(rounded), decimals)


def _fixed(scaled: int, decimals: int) -> str:
    """An integer count of 10^-decimals written as a decimal number (exact: no float rounding)."""
    sign, digits = ("{-}" if scaled < 0 else ""), str(abs(scaled)).rjust(decimals + 1, "0")
    return _latex_decimal(f"{sign}{digits[:-decimals]}.{digits[-decimals:]}")


def bracket(value: float) -> str:
    """A number inside a sum: negative ones in parentheses, as written by hand."""
    return f"({number(value)})" if value < 0 else number(value)
