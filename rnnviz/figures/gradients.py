"""Figures of the gradients lab: norms through time, through training, and accuracy against lag.

Every figure carries the measured numbers themselves (y values, heatmap cells, hover text), so a test can
read them back and a student can hover over any point to see the value.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from ..i18n import _
from .memo import shared_figure
from .style import COLORS, SEQUENCE, apply_style

QUANTITY_LABELS = {"hidden": "‖∂L/∂h_t‖", "cell": "‖∂L/∂c_t‖", "input": "‖∂L/∂x_t‖"}


def _color(label: str, index: int) -> str:
    for name, color in COLORS.items():
        if label.startswith(name):
            return color
    return SEQUENCE[index % len(SEQUENCE)]


def _fill(color: str) -> str:
    red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},0.15)"


@shared_figure
def gradient_through_time(summaries: dict, quantity: str = "hidden", title: str | None = None,
                          words: list | None = None, band: bool = True) -> go.Figure:
    """Gradient norm (log scale) against distance from the end, one line per label.

    summaries: label -> DataFrame from GradientNorms.summary() (index distance; median, q10, q90 columns); the
    distance axis says where a backward direction's reading ends (attrs["reads_backward"]).
    words: for a single sentence, the words by distance from the end of the reading (words[0] = last word
    read), shown on hover.
    band: draw the 10-90% band of the batch around each median line.
    """
    fig = go.Figure()
    used, shown = set(), []
    for index, (label, summary) in enumerate(summaries.items()):
        color = _color(label, index)
        dash = "dash" if color in used else "solid"   # two curves of one cell kind (trained / initial weights)
        used.add(color)
        distance = summary.index.to_numpy()
        median = _positive(summary["median"].to_numpy())
        shown.extend(median[np.isfinite(median)])
        if band and "q10" in summary and (summary["q90"] > summary["q10"]).any():
            fig.add_trace(go.Scatter(x=np.concatenate([distance, distance[::-1]]),
                                     y=np.concatenate([_positive(summary["q90"].to_numpy()),
                                                       _positive(summary["q10"].to_numpy())[::-1]]),
                                     fill="toself", fillcolor=_fill(color), line=dict(width=0), hoverinfo="skip",
                                     name=_("{label}: {band} of sequences").format(label=label, band="10-90%"),
                                     showlegend=False, legendgroup=label))
        word, before = _("word '{word}'"), _("{d} steps before the end")
        hover = [word.format(word=words[d]) if words is not None and d < len(words) else before.format(d=d)
                 for d in distance]
        fig.add_trace(go.Scatter(x=distance, y=median, mode="lines+markers" if len(distance) <= 40 else "lines",
                                 name=label, legendgroup=label, line=dict(color=color, width=3, dash=dash),
                                 text=hover, hovertemplate="%{text}<br>%{y:.3g}<extra>" + label + "</extra>"))
    from ..gradients.captions import distance_axis_title  # lazily: rnnviz.gradients loads Keras

    backward = [bool(summary.attrs.get("reads_backward")) for summary in summaries.values()]
    fig.update_xaxes(title_text=distance_axis_title(True) if backward and all(backward) else
                     _("steps before the end of each direction's reading (0 = its last word read)") if any(backward)
                     else distance_axis_title(False))
    fig.update_yaxes(title_text=_("{quantity} (log scale)").format(quantity=QUANTITY_LABELS.get(quantity, quantity)),
                     type="log", **_log_ticks(shown))
    return apply_style(fig, title=title or _("Gradient size, going back in time"))


def _positive(values: np.ndarray) -> np.ndarray:
    """A log axis cannot show 0 or NaN: those points are left out (None), not drawn as fake small numbers."""
    values = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(values) & (values > 0), values, np.nan)


@shared_figure
def gradient_heatmap(history, quantity: str = "hidden", layer: str | None = None,
                     title: str | None = None, log_range: tuple | None = None) -> go.Figure:
    """Epoch x distance-from-the-end heatmap of the median gradient norm (colour = log10 of the norm).

    history: GradientHistory from the recorder; the raw medians are in `customdata` and on hover.
    log_range: (low, high) log10 limits of the colour scale, to compare heatmaps side by side.
    """
    from ..gradients.captions import distance_axis_title  # lazily: rnnviz.gradients loads Keras

    matrix = history.matrix(quantity, layer)                      # (n_records, n_distances)
    reached = ~np.isnan(matrix).all(axis=0)
    matrix = matrix[:, reached]
    distances = np.asarray(history.distances)[reached]
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(np.isfinite(matrix) & (matrix > 0), np.log10(matrix), np.nan)
    fig = go.Figure(go.Heatmap(
        z=logs, x=distances, y=list(history.epochs), customdata=matrix, colorscale="Viridis",
        zmin=log_range[0] if log_range else None, zmax=log_range[1] if log_range else None,
        colorbar=dict(title=dict(text=f"log10 {QUANTITY_LABELS.get(quantity, quantity)}", side="right")),
        hovertemplate=_("epoch {epoch}, {d} steps before the end").format(epoch="%{y}", d="%{x}")
        + "<br>" + _("median") + " %{customdata:.3g}<extra></extra>"))
    fig.update_xaxes(title_text=distance_axis_title(history.reads_backward(quantity, layer)))
    fig.update_yaxes(title_text=_("epoch (0 = before training)"), autorange="reversed", dtick=1)
    return apply_style(fig, title=title or _("Gradient size through training"))


@shared_figure
def loss_curves(histories: dict, title: str | None = None) -> go.Figure:
    """Training loss per epoch, one line per label (log scale); a diverged run ends with an X at its last finite loss.

    histories: label -> history DataFrame (index epoch, column loss).
    """
    fig = go.Figure()
    shown = []
    for index, (label, history) in enumerate(histories.items()):
        color = SEQUENCE[index % len(SEQUENCE)]
        loss = history["loss"].to_numpy(dtype=np.float64)
        shown.extend(v for v in loss if np.isfinite(v) and v > 0)
        fig.add_trace(go.Scatter(x=history.index.to_numpy(), y=_positive(loss), mode="lines+markers", name=label,
                                 line=dict(color=color, width=3)))
        if len(loss) and not np.isfinite(loss[-1]):
            fig.add_trace(go.Scatter(x=[history.index[-1]], y=[np.nanmax(_positive(loss)) if np.isfinite(
                _positive(loss)).any() else 1.0], mode="markers+text", marker=dict(symbol="x", size=16, color=color),
                text=["NaN"], textposition="top center", name=_("{label}: loss became NaN").format(label=label),
                showlegend=False))
    fig.update_xaxes(title_text=_("epoch"), dtick=1)
    fig.update_yaxes(title_text=_("training loss (log scale)"), type="log", **_log_ticks(shown))
    return apply_style(fig, title=title or _("Training loss with and without gradient clipping"))


MAX_DECADE_LABELS = 8    # a log axis over 25 decades gets a label every 4th power of ten, not 25 crammed labels


def _log_ticks(values: list) -> dict:
    """Log-axis tick settings whose every label reads on its own: over a decade or more, labels at powers of ten
    only (digit-only labels such as "2, 5" between decades hide which decade they are in), every k-th decade so
    that at most MAX_DECADE_LABELS show, and no minor ticks (eight unlabelled lines per decade crowd a projected
    chart); within less than a decade, where a power of ten may not even be in view, Plotly's ticks labelled with
    their full value."""
    values = np.asarray(values, dtype=np.float64)
    values = values[np.isfinite(values) & (values > 0)]
    decades = np.log10(values.max()) - np.log10(values.min()) if len(values) else 0.0
    if decades >= 1:
        return dict(dtick=max(1, math.ceil(decades / MAX_DECADE_LABELS)), exponentformat="power",
                    minor=dict(ticks="", showgrid=False))
    return dict(tickformat=".2~g", minor=dict(ticks="", showgrid=False))


def shared_log_range(histories: list, quantity: str = "hidden") -> tuple | None:
    """(low, high) log10 of the finite positive medians of several histories: one colour scale for all."""
    values = np.concatenate([history.matrix(quantity).ravel() for history in histories]) if histories else []
    values = np.asarray(values, dtype=np.float64)
    values = values[np.isfinite(values) & (values > 0)]
    return (float(np.log10(values.min())), float(np.log10(values.max()))) if len(values) else None


@shared_figure
def lag_accuracy(result, title: str | None = None) -> go.Figure:
    """Validation accuracy against lag, one line per cell kind, with the chance level dashed."""
    from ..gradients.lag_experiment import CHANCE, LAG_TASKS

    fig = go.Figure()
    for index, cell in enumerate(result.settings.cells):
        rows = result.table[result.table["cell"] == cell].sort_values("lag")
        if rows.empty:
            continue
        fig.add_trace(go.Scatter(x=rows["lag"].to_numpy(), y=rows["val_accuracy"].to_numpy(), name=cell,
                                 mode="lines+markers", line=dict(color=_color(cell, index), width=3),
                                 # a shape per cell: equal accuracies stay visible where the lines overlap
                                 marker=dict(size=12 - 2 * index, symbol=("circle", "square", "diamond")[index % 3]),
                                 hovertemplate=_("lag {lag}: validation accuracy {accuracy}").format(
                                     lag="%{x}", accuracy="%{y:.3f}") + "<extra>" + cell + "</extra>"))
    fig.add_hline(y=CHANCE, line=dict(dash="dash", color=COLORS["neutral"]), annotation_text=_("chance"),
                  annotation_position="bottom right")
    fig.update_xaxes(title_text=_(LAG_TASKS[result.settings.task]))
    fig.update_yaxes(title_text=_("validation accuracy"), range=[0.3, 1.05])
    return apply_style(fig, title=title or _("Remembering a word from long ago: accuracy against lag"))
