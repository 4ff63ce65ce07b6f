"""One look for every chart: readable when projected on a classroom wall and when pasted on a slide."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from ..cells import cell_names, get_cell
from .plotly_locale import separators

# Colour-blind-safe categorical colours (Okabe-Ito), one per role used across the app.
COLORS = {"train": "#0072B2", "validation": "#D55E00", "positive": "#009E73", "negative": "#CC79A7",
          **{name: get_cell(name).colour for name in cell_names()}, "neutral": "#7F7F7F",
          "pooling": "#CC79A7", "flatten": "#56B4E9"}
SEQUENCE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
# Runs compared on one chart: a session keeps up to 12, so 12 colours that stay apart (Okabe-Ito, then four of
# Paul Tol's "muted" scheme that differ from them in hue and lightness).
RUN_COLOURS = SEQUENCE + ["#882255", "#117733", "#88CCEE", "#999933"]
DIVERGING = "RdBu_r"    # hidden states: blue negative, white 0, red positive (zmid=0)
SEQUENTIAL = "Viridis"  # gates in [0, 1]
# Lines that share a colour or lie on top of each other stay apart by their dash and marker (and in grey print).
LINE_DASHES = ("solid", "dash", "dot", "dashdot", "longdash")
MARKER_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross")

TEMPLATE = go.layout.Template(pio.templates["plotly_white"])
TEMPLATE.layout.update(
    font=dict(family="Inter, Helvetica, Arial, sans-serif", size=15, color="#222"),
    # Title at the very top, the one-line legend under it, both above the plot: they never overlap.
    # ... and 16 px in from the image's left edge (x=0 of the container alone puts its first letter on the edge).
    title=dict(font=dict(size=20), x=0.0, xanchor="left", y=0.98, yref="container", yanchor="top", pad=dict(l=16)),
    colorway=SEQUENCE,
    legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0.0),
    margin=dict(l=60, r=20, t=105, b=50),
    hoverlabel=dict(font_size=14),
)

# Slide style: the same look, larger, on white, with less ink, for a projector or a slide seen from the back.
SLIDE_TEMPLATE = go.layout.Template(TEMPLATE)
SLIDE_TEMPLATE.layout.update(
    font=dict(size=22, color="#000"),
    title=dict(font=dict(size=32), pad=dict(l=32)),
    paper_bgcolor="white", plot_bgcolor="white",
    xaxis=dict(showgrid=False, linecolor="#000", ticks="outside", title=dict(font=dict(size=24))),
    yaxis=dict(gridcolor="#e6e6e6", linecolor="#000", ticks="outside", title=dict(font=dict(size=24))),
    margin=dict(l=90, r=30, t=130, b=80),
    hoverlabel=dict(font_size=18),
)
SLIDE_SIZE = (1920, 1080)
SLIDE_TEXT_SCALE = 1.4    # slide style enlarges the text a builder sized itself by this factor
SLIDE_MAX_HEIGHT = 900    # px: a chart enlarged for slides still fits a 1080p projector under the page's controls
EXPORT_FORMATS = ("png", "svg")

# For st.plotly_chart(config=...): the camera button saves a 1920x1080 PNG, ready for a slide.
EXPORT_CONFIG = {"toImageButtonOptions": {"format": "png", "width": SLIDE_SIZE[0], "height": SLIDE_SIZE[1],
                                          "scale": 1},
                 "displaylogo": False}


def export_config(image_format: str = "png", filename: str = "rnnviz") -> dict:
    """st.plotly_chart's config: the camera button saves a 1920x1080 image (PNG or SVG) named `filename`."""
    if image_format not in EXPORT_FORMATS:
        raise ValueError(f"image_format must be one of {', '.join(EXPORT_FORMATS)}, got {image_format!r}")
    return {"toImageButtonOptions": {"format": image_format, "width": SLIDE_SIZE[0], "height": SLIDE_SIZE[1],
                                     "scale": 1, "filename": filename},
            "displaylogo": False}


def slide_style(fig: go.Figure, scale: float = 1.0) -> go.Figure:
    """Give `fig` the slide template: larger type (also on labels the figure sized itself), white, thinner grid.

    scale: a further factor on the figure's height (presentation mode draws charts taller).
    """
    fig.update_layout(template=SLIDE_TEMPLATE)
    for trace in fig.data:                       # word labels and heatmap numbers the builder sized itself
        textfont = getattr(trace, "textfont", None)
        if textfont is not None and textfont.size:
            textfont.size = textfont.size * SLIDE_TEXT_SCALE
    for annotation in fig.layout.annotations:    # subplot titles
        annotation.font.size = (annotation.font.size or 16) * SLIDE_TEXT_SCALE
    if fig.layout.height:
        # Larger, but not past one projected 1080p screen (a tall chart would lose its x axis below the fold);
        # a chart already taller than that keeps its height.
        height = fig.layout.height
        fig.update_layout(height=max(height, min(int(height * 1.15 * scale), SLIDE_MAX_HEIGHT)))
    _fit_row_labels(fig)
    return fig


def _fit_row_labels(fig: go.Figure) -> None:
    """Heatmap rows labelled one per unit: their labels no larger than a row is tall (the slide's 22 px type on
    32 rows of a 900 px chart ran into each other)."""
    if not fig.layout.height:
        return
    margin, default = fig.layout.margin, SLIDE_TEMPLATE.layout.margin
    plot_px = fig.layout.height - (margin.t or default.t) - (margin.b or default.b)
    for trace in fig.data:
        if trace.type != "heatmap" or trace.z is None or not len(trace.z):
            continue
        axis = fig.layout["yaxis" + (trace.yaxis or "y")[1:]]
        low, high = axis.domain or (0, 1)
        row_px = plot_px * (high - low) / len(trace.z)
        size = max(9, min(SLIDE_TEMPLATE.layout.font.size, int(row_px * 0.8)))
        axis.tickfont.size = min(axis.tickfont.size or size, size)


PROVENANCE_STRIP = 24    # px added under the plot for the provenance line, below the x axis title


def provenance_note(fig: go.Figure, text: str) -> go.Figure:
    """A small line under the chart with the settings that produced it, so a slide can be reproduced.

    It gets a strip of its own under the bottom margin (which holds the tick labels and the x axis title), so
    a long axis title and the note never overlap; its size follows the template's type (larger on slides).
    """
    template = fig.layout.template.layout
    bottom = fig.layout.margin.b or template.margin.b or 50
    fig.update_layout(margin_b=bottom + PROVENANCE_STRIP)
    size = max(12, round((template.font.size or 15) * 0.65))
    fig.add_annotation(text=text, xref="paper", yref="paper", x=1.0, y=0.0, xanchor="right", yanchor="bottom",
                       yshift=-(bottom + PROVENANCE_STRIP) + 2, showarrow=False,
                       font=dict(size=size, color="#555"), name="provenance")
    return fig


def apply_style(fig: go.Figure, title: str | None = None, height: int | None = None) -> go.Figure:
    """Give `fig` the shared template (and a title / height); returns the same figure for chaining."""
    fig.update_layout(template=TEMPLATE, separators=separators())   # axis and hover numbers: ",." in Spanish
    if title is not None:
        fig.update_layout(title_text=title)
    if height is not None:
        fig.update_layout(height=height)
    return fig
