"""One look for every chart: readable when projected on a classroom wall and when pasted on a slide."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# Colour-blind-safe categorical colours (Okabe-Ito), one per role used across the app.
COLORS = {"train": "#0072B2", "validation": "#D55E00", "positive": "#009E73", "negative": "#CC79A7",
          "SimpleRNN": "#E69F00", "LSTM": "#0072B2", "GRU": "#009E73", "neutral": "#7F7F7F",
          "pooling": "#CC79A7", "flatten": "#56B4E9"}
SEQUENCE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
# Runs compared on one chart: a session keeps up to 12, so 12 colours that stay apart (Okabe-Ito, then four of
# Paul Tol's "muted" scheme that differ from them in hue and lightness).
RUN_COLOURS = SEQUENCE + ["#882255", "#117733", "#88CCEE", "#999933"]
DIVERGING = "RdBu_r"    # hidden states: blue negative, white 0, red positive (zmid=0)
SEQUENTIAL = "Viridis"  # gates in [0, 1]

TEMPLATE = go.layout.Template(pio.templates["plotly_white"])
TEMPLATE.layout.update(
    font=dict(family="Inter, Helvetica, Arial, sans-serif", size=15, color="#222"),
    # Title at the very top, the one-line legend under it, both above the plot: they never overlap.
    title=dict(font=dict(size=20), x=0.0, xanchor="left", y=0.98, yref="container", yanchor="top"),
    colorway=SEQUENCE,
    legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0.0),
    margin=dict(l=60, r=20, t=105, b=50),
    hoverlabel=dict(font_size=14),
)

# For st.plotly_chart(config=...): the camera button saves a 1920x1080 PNG, ready for a slide.
EXPORT_CONFIG = {"toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "scale": 1},
                 "displaylogo": False}


def apply_style(fig: go.Figure, title: str | None = None, height: int | None = None) -> go.Figure:
    """Give `fig` the shared template (and a title / height); returns the same figure for chaining."""
    fig.update_layout(template=TEMPLATE)
    if title is not None:
        fig.update_layout(title_text=title)
    if height is not None:
        fig.update_layout(height=height)
    return fig
