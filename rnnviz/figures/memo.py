"""Figures built once per server for identical inputs: `@shared_figure` on a figure builder.

Building a Plotly figure is the slowest part of an inspection page (graph_objects validates every property:
~50 ms for a heatmap, ~200 ms for the unrolled network, bench/page_cost.py), and a class that trained the same
preset asks for the same figures of the same sentence. A builder decorated here is keyed by the *content* of its
arguments (a digest of their pickle: traces, arrays, tables, titles) and the interface language, so equal inputs
give the stored figure and any different input (another sentence, unit, weight, title) builds a new one.

Each call returns a new Figure (built from a deep copy of the stored one without validating it again), so a
caller may restyle it freely. Arguments that cannot be pickled (e.g. a Keras model) are built uncached.
"""

from __future__ import annotations

import copy

import plotly.graph_objects as go

from ..i18n import get_language
from ..shared_memo import SharedMemo, shared_by_content

MAX_FIGURES = 256       # ~0.1-1 MB each (a 2,000-point projection is the largest)
FIGURES = SharedMemo(MAX_FIGURES)


def shared_figure(builder):
    """Decorate a figure builder (pure: its figure depends only on its arguments and the language)."""
    return shared_by_content(FIGURES, key_extra=get_language, store=_properties, restore=_figure)(builder)


def _figure(properties: dict) -> go.Figure:
    """A new Figure from stored properties, not validated again (they were when the figure was built)."""
    return go.Figure(copy.deepcopy(properties), _validate=False)


def _properties(fig: go.Figure) -> dict:
    """The figure's validated properties, arrays kept as NumPy arrays (to_dict() would encode them in base64)."""
    if fig.frames:
        raise ValueError("shared_figure cannot store an animated figure (frames)")
    return {"data": copy.deepcopy(fig._data), "layout": copy.deepcopy(fig._layout)}
