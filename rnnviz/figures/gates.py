"""Gate figures: one heatmap per gate (0-1 scale), the LSTM cell state next to h, gate saturation scatters.

Sigmoid gates share one 0-to-1 colour scale (closed = dark, open = bright); the candidate (g, h~, in -1..1)
and the states use the diverging scale centred at 0. Every z value is the traced number, unchanged.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..cells import cell_names, get_cell
from ..i18n import _
from ..locale_numbers import format_in
from ..model_plan import SIGMOID_GATES
from .memo import shared_figure
from .states import hover_words, step_noun, symmetric_range, unit_label_step, word_axis
from .style import COLORS, DIVERGING, SEQUENCE, SEQUENTIAL, apply_style

# gate name -> its heatmap's title (message id), from each registered cell kind
GATE_TITLES = {name: title for cell in cell_names() for name, title in get_cell(cell).gate_titles.items()}


@shared_figure
def gate_heatmaps(trace, cell_trace, order=None, title: str | None = None) -> go.Figure:
    """One heatmap per gate of `cell_trace`, units (rows, in `order`) x words; gates in 0..1, candidates centred.

    order: (n_shown,) unit indices, top row first (default every unit by index).
    """
    order = np.arange(cell_trace.n_units) if order is None else np.asarray(order)
    names = list(cell_trace.gates)
    spacing = 0.3 / max(len(names), 1)
    fig = make_subplots(rows=len(names), cols=1, shared_xaxes=True, vertical_spacing=spacing,
                        subplot_titles=[gate_title(name) for name in names])
    words = np.array([hover_words(trace)] * len(order))
    sigmoid = SIGMOID_GATES[cell_trace.cell]
    centred_limit = 1.0
    for row, name in enumerate(names, start=1):
        z = cell_trace.gates[name][:, order].T                           # (n_shown, n_steps)
        if name == "pre_activation":   # unbounded: its own symmetric range
            centred_limit = symmetric_range(z)
        fig.add_trace(go.Heatmap(
            z=z, x=np.arange(trace.n_steps), y=[_("unit {unit}").format(unit=u) for u in order], name=name,
            coloraxis="coloraxis" if name in sigmoid else "coloraxis2", customdata=words,
            hovertemplate=_step_hover(trace, name)), row=row, col=1)
        fig.update_yaxes(autorange="reversed", title_text=_("unit"), row=row, col=1)
    fig.update_layout(
        coloraxis=dict(colorscale=SEQUENTIAL, cmin=0, cmax=1, colorbar=dict(title=dict(text=_("gate")), x=1.02,
                                                                           len=0.45, y=0.75)),
        coloraxis2=dict(colorscale=DIVERGING, cmin=-centred_limit, cmax=centred_limit, cmid=0,
                        colorbar=dict(title=dict(text=_("candidate") if sigmoid else "a"), x=1.02, len=0.45, y=0.22)))
    # Words under every panel, not only the bottom one: on a projector the top panel is far from the bottom.
    for row in range(1, len(names) + 1):
        fig.update_xaxes(**word_axis(trace), showticklabels=True, row=row, col=1)
    height = int(min(2400, 120 + len(names) * max(190, 16 * len(order) + 40)))
    panel_px = (height - 155) * (1 - spacing * (len(names) - 1)) / len(names)   # 155: the template's margins
    fig.update_yaxes(dtick=unit_label_step(len(order), panel_px))
    if title is None:
        title = (_("Pre-activation of {layer} (a SimpleRNN has no gates), word by word")
                 if not SIGMOID_GATES[cell_trace.cell]
                 else _("Gates of {layer} ({cell}), word by word")).format(layer=cell_trace.label, cell=cell_trace.cell)
    return apply_style(fig, title, height=height)


def gate_title(name: str) -> str:
    """A gate's heatmap title ("forget gate f: how much of c_{t-1} is kept"), in the current language."""
    return _(GATE_TITLES[name])


def _step_hover(trace, name: str) -> str:
    """The hover template of a units x steps heatmap of quantity `name` (Plotly's %{...} fields): each step
    named as the trace names it (a word, a group of words, a step of a series window)."""
    return step_noun(trace) + ": %{customdata}<br>%{y}<br>" + name + " = %{z:.4f}<extra></extra>"


@shared_figure
def state_heatmaps(trace, cell_trace, order=None, title: str | None = None) -> go.Figure:
    """The LSTM cell state c next to h (or h alone for other cells), units x words, centred at 0."""
    order = np.arange(cell_trace.n_units) if order is None else np.asarray(order)
    states = [("c", cell_trace.c), ("h", cell_trace.h)] if cell_trace.c is not None else [("h", cell_trace.h)]
    fig = make_subplots(rows=1, cols=len(states), shared_yaxes=True, horizontal_spacing=0.12,
                        subplot_titles=[_("cell state c (long-term memory)") if name == "c" else _("hidden state h")
                                        for name, _values in states])
    words = np.array([hover_words(trace)] * len(order))
    for col, (name, values) in enumerate(states, start=1):
        z = values[:, order].T                                           # (n_shown, n_steps)
        limit = symmetric_range(z)
        fig.add_trace(go.Heatmap(
            z=z, x=np.arange(trace.n_steps), y=[_("unit {unit}").format(unit=u) for u in order], name=name, zmid=0,
            zmin=-limit,
            zmax=limit, colorscale=DIVERGING, customdata=words,
            colorbar=dict(title=dict(text=name), x=(col / len(states)) - 0.02 if col < len(states) else 1.02,
                          len=0.9),
            hovertemplate=_step_hover(trace, name)), row=1, col=col)
        fig.update_xaxes(**word_axis(trace), row=1, col=col)
    height = int(min(900, max(340, 160 + 22 * len(order))))
    fig.update_yaxes(autorange="reversed", dtick=unit_label_step(len(order), height - 175), title_text=_("unit"))
    title = title or (_("Cell state c next to h: {layer}") if len(states) == 2
                      else _("Hidden state h: {layer}")).format(layer=cell_trace.label)
    return apply_style(fig, title, height=height)


@shared_figure
def saturation_scatter(table, layer: str, title: str | None = None) -> go.Figure:
    """Karpathy et al.'s saturation plot: per sigmoid gate, one point per unit at (fraction of steps below 0.1,
    fraction above 0.9). Points near the top left are gates almost always open (for f: long-term memory).

    table: the DataFrame of `rnnviz.gate_saturation`; layer: the CellTrace label to show.
    """
    rows = table[table["layer"] == layer]
    gates = list(dict.fromkeys(rows["gate"]))
    if not gates:
        raise ValueError(_("no sigmoid gate recorded for {layer!r} (a SimpleRNN has none); layers in the table: "
                           "{layers}").format(layer=layer,
                                              layers=", ".join(dict.fromkeys(table["layer"])) or _("none")))
    fig = make_subplots(rows=1, cols=len(gates), subplot_titles=[gate_title(g).split(":")[0] for g in gates],
                        shared_yaxes=True, horizontal_spacing=0.06)
    for col, gate in enumerate(gates, start=1):
        points = rows[rows["gate"] == gate]
        fig.add_trace(go.Scatter(
            x=points["left"].to_numpy(), y=points["right"].to_numpy(), mode="markers", name=gate,
            marker=dict(size=11, color=SEQUENCE[(col - 1) % len(SEQUENCE)], opacity=0.8,
                        line=dict(color="white", width=1)),
            customdata=points["unit"].to_numpy(), showlegend=False,
            hovertemplate=(_("unit") + f" %{{customdata}}<br>< {format_in(0.1, 'g')} (" + _("shut")
                           + f"): %{{x:.1%}}<br>> {format_in(0.9, 'g')} ("
                           + _("open") + "): %{y:.1%}<extra>" + gate + "</extra>")), row=1, col=col)
        # x + y <= 1: the triangle every unit lives in
        fig.add_trace(go.Scatter(x=[0, 1], y=[1, 0], mode="lines", hoverinfo="skip", showlegend=False,
                                 line=dict(color=COLORS["neutral"], dash="dot", width=1)), row=1, col=col)
        fig.update_xaxes(range=[-0.03, 1.03], title_text=_("fraction < 0.1 (shut)"), tickformat=".0%", row=1, col=col)
    fig.update_yaxes(range=[-0.03, 1.03], tickformat=".0%")
    fig.update_yaxes(title_text=_("fraction > 0.9 (wide open)"), row=1, col=1)
    n_steps = int(rows["n_steps"].iloc[0]) if len(rows) else 0
    title = title or _("Gate saturation of {layer} over {n:,} validation steps").format(layer=layer, n=n_steps)
    return apply_style(fig, title, height=400)
