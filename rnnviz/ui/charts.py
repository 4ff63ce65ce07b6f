"""Drawing a figure on a page: `show_figure`, with the finished chart shared by the whole class.

st.plotly_chart turns a figure into the spec the browser gets: `to_dict()` (a deep copy of every property, the
arrays encoded in base64), then JSON. With the page's own touches (the slide style, the provenance line) that is
~5-10 ms per chart; 60 students opening a page of four charts together queue ~2 s of it in one interpreter
(bench/load_test.py). A figure straight from a `@shared_figure` builder, unchanged since (its `shared_token`
is set), is the same for everyone who asks for it: its finished spec is made once per server, keyed by that token
and by everything the page adds (provenance, slide style, presentation mode, download format), and handed to
st.plotly_chart as it is. Any other figure takes the ordinary path.
"""

from __future__ import annotations

import streamlit as st
from plotly.basedatatypes import BaseFigure

from ..figures.plotly_locale import plotly_locale_config, separators
from ..i18n import get_language
from ..shared_memo import SharedMemo
from .look import chart_config, image_format, presentation_mode, slides_style, styled_figure

CHARTS = SharedMemo(max_entries=512)    # finished specs (~10-100 KB of JSON-ready values each)


def show_figure(fig, key: str | None = None, provenance: str | None = None, **kwargs):
    """Draw a Plotly figure with its own template and a camera button that saves a 1920x1080 image.

    provenance: the settings that produced the figure (e.g. `run_provenance(run)`), written under it so that
    a slide can be reproduced. Numbers on axes and in hover texts use the language's signs (`separators`) and
    the toolbar speaks it (figures.plotly_locale). Slide style and the image format follow the sidebar's choices (ui.look).
    kwargs: passed to st.plotly_chart (on_select, selection_mode, ...).
    """
    token = getattr(fig, "shared_token", None)   # set: a stored figure nobody changed (never animated)
    if token is None:
        fig = styled_figure(fig, provenance)
        fig.update_layout(separators=separators())
        return st.plotly_chart(fig, theme=None, config=_config(fig), key=key, **kwargs)
    look = (token, provenance, slides_style(), presentation_mode(), image_format(), get_language())
    spec, config = CHARTS.get_or_compute(look, lambda: _finished(fig, provenance))
    return st.plotly_chart(FinishedChart(spec), theme=None, config=config, key=key, **kwargs)


def _finished(fig, provenance: str | None) -> tuple[dict, dict]:
    """(the spec st.plotly_chart makes of the styled figure, the camera button's config)."""
    fig = styled_figure(fig, provenance)
    spec = fig.to_dict()
    spec.setdefault("layout", {})["separators"] = separators()   # the stored figure itself is left as it is
    return spec, _config(fig)


def _config(fig) -> dict:
    """The camera button's settings and Plotly's toolbar in the student's language."""
    return {**chart_config(fig), **plotly_locale_config()}


class FinishedChart(BaseFigure):
    """A figure whose dict is already made, for st.plotly_chart.

    st.plotly_chart reads a figure only through `to_dict()` (plotly.tools.return_figure_from_figure_or_data) and
    encodes what it returns; this object gives it the shared spec, which nobody changes. BaseFigure's own
    __init__ is not run: there is no figure here to build or validate again.
    """

    def __init__(self, spec: dict):   # noqa: D107 - see the class
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec

    def __repr__(self) -> str:
        return f"FinishedChart({len(self._spec.get('data', []))} traces)"
