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
import functools
import hashlib
import pickle

import plotly.graph_objects as go

from ..i18n import get_language
from ..shared_memo import SharedMemo

MAX_FIGURES = 256       # ~0.1-1 MB each (a 2,000-point projection is the largest)
FIGURES = SharedMemo(MAX_FIGURES)


def content_digest(value) -> str | None:
    """A digest of `value`'s pickle, or None when it cannot be pickled (then nothing is cached)."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return None
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def shared_figure(builder):
    """Decorate a figure builder (pure: its figure depends only on its arguments and the language)."""
    name = f"{builder.__module__}.{builder.__qualname__}"

    @functools.wraps(builder)
    def cached(*args, **kwargs) -> go.Figure:
        digest = content_digest((args, sorted(kwargs.items())))
        if digest is None:
            return builder(*args, **kwargs)
        stored = FIGURES.get_or_compute((name, get_language(), digest), lambda: _properties(builder(*args, **kwargs)))
        return go.Figure(copy.deepcopy(stored), _validate=False)

    cached.uncached = builder
    return cached


def _properties(fig: go.Figure) -> dict:
    """The figure's validated properties, arrays kept as NumPy arrays (to_dict() would encode them in base64)."""
    if fig.frames:
        raise ValueError("shared_figure cannot store an animated figure (frames)")
    return {"data": copy.deepcopy(fig._data), "layout": copy.deepcopy(fig._layout)}
