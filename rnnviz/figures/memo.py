"""Figures built once per server for identical inputs: `@shared_figure` on a figure builder.

Building a Plotly figure is the slowest part of an inspection page (graph_objects validates every property:
~50 ms for a heatmap, ~200 ms for the unrolled network, bench/page_cost.py), and a class that trained the same
preset asks for the same figures of the same sentence. A builder decorated here is keyed by the *content* of its
arguments (a digest of their pickle: traces, arrays, tables, titles) and the interface language, so equal inputs
give the stored figure and any different input (another sentence, unit, weight, title) builds a new one.

Each call returns a new `SharedFigure` (built from the stored properties without validating them again), so a
caller may restyle it freely. While nobody has changed it, its `shared_token` names the stored original, which
lets the app also share what it makes of the figure (the chart spec sent to the browser, rnnviz/ui/charts.py).
Arguments that cannot be pickled (e.g. a Keras model) are built uncached.
"""

from __future__ import annotations

import copy
import itertools

import numpy as np
import plotly.graph_objects as go

from ..i18n import get_language
from ..shared_memo import SharedMemo, shared_by_content

MAX_FIGURES = 256       # ~0.1-1 MB each (a 2,000-point projection is the largest)
FIGURES = SharedMemo(MAX_FIGURES)
_TOKENS = itertools.count(1)


class SharedFigure(go.Figure):
    """A figure given by `@shared_figure`: a go.Figure that knows whether it is still the stored one.

    `shared_token` is the stored figure's token until the first change made through plotly's API
    (update_layout, add_annotation, property assignment, new frames, ...), then None. Plotly routes every such
    change through the `_send_*_msg` hooks below (FigureWidget overrides them to message the browser); here they
    only mark the figure changed. Its arrays are read-only, so writing into one in place fails instead of going
    unnoticed.

    The go.Figure itself is built on first use (any attribute of plotly's): a page that only draws the figure,
    whose finished chart is shared (rnnviz/ui/charts.py), never pays for building it (~1-3 ms per figure).
    """

    def __init__(self, properties: dict, token: int):   # noqa: D107 - see the class
        self._pending = properties      # underscore names are set directly, without plotly's checks
        self._shared_token = token

    @property
    def shared_token(self) -> int | None:
        return self.__dict__.get("_shared_token")

    def __getattr__(self, name):
        """Only reached for an attribute not found: before the figure is built, that is all of go.Figure's state."""
        if "_pending" not in self.__dict__:
            raise AttributeError(name)
        self._build()
        return getattr(self, name)

    def _build(self) -> None:
        properties, token = self.__dict__.pop("_pending"), self._shared_token
        super().__init__(properties, _validate=False)   # validated when first built; BaseFigure copies them
        # A caller's own changes are validated (and so go through the hooks), as in any figure.
        for part in (self, self._layout_obj, *self._data_objs):
            part._validate = True
        for trace in self._data:
            _freeze_arrays(trace)
        self._shared_token = token    # set again: building the figure goes through the hooks too

    def _changed(self, *args, **kwargs) -> None:
        self._shared_token = None

    _send_addTraces_msg = _send_moveTraces_msg = _send_deleteTraces_msg = _changed
    _send_restyle_msg = _send_relayout_msg = _send_update_msg = _send_animate_msg = _changed

    @property
    def frames(self):
        return go.Figure.frames.fget(self)

    @frames.setter
    def frames(self, new_frames) -> None:   # plotly sends no message for frames: marked changed here
        go.Figure.frames.fset(self, new_frames)
        self._changed()

    def __reduce__(self):
        """A copy (copy.deepcopy, pickle) is an ordinary go.Figure: only the figure the memo gave has a token."""
        return go.Figure, (self.to_dict(),)


def shared_figure(builder):
    """Decorate a figure builder (pure: its figure depends only on its arguments and the language)."""
    return shared_by_content(FIGURES, key_extra=get_language, store=_stored, restore=_figure)(builder)


def _figure(stored: tuple) -> SharedFigure:
    """A new figure from stored (token, properties); BaseFigure copies what it is given, so nothing is shared."""
    token, properties = stored
    return SharedFigure(properties, token)


def _stored(fig: go.Figure) -> tuple:
    """(a token unique to this stored figure, its validated properties with arrays kept as NumPy arrays:
    to_dict() would encode them in base64)."""
    if fig.frames:
        raise ValueError("shared_figure cannot store an animated figure (frames)")
    return next(_TOKENS), {"data": copy.deepcopy(fig._data), "layout": copy.deepcopy(fig._layout)}


def _freeze_arrays(properties: dict) -> None:
    """Make every NumPy array in a trace's (nested) properties read-only."""
    for value in properties.values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
        elif isinstance(value, dict):
            _freeze_arrays(value)
