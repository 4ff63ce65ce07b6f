"""Hidden-state figures: units x words heatmaps, the unrolled network, the prediction after each word.

Every builder takes a `Trace` (and one of its `CellTrace`s) from `rnnviz.trace` and returns a Plotly figure;
the numbers in the figure are the traced numbers, unchanged. Words go on the x axis by position (a sentence
may repeat a word), unknown words are shown as the OOV token in orange, padding as a dot.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from ..i18n import _
from ..locale_numbers import format_in
from .labels import CHAR_WIDTH_EM, LINE_HEIGHT_EM
from .memo import shared_figure
from .style import COLORS, DIVERGING, SEQUENCE, SLIDE_TEXT_SCALE, apply_style

UNKNOWN_COLOR = "#D55E00"


def word_axis(trace) -> dict:
    """x-axis settings that put one label per step: the token, in orange for an unknown word."""
    text = [f'<span style="color:{UNKNOWN_COLOR}">{label}</span>' if unknown else label
            for label, unknown in zip(trace.labels, trace.is_unknown)]
    return dict(tickmode="array", tickvals=list(range(trace.n_steps)), ticktext=text,
                tickangle=-45 if trace.n_steps > 12 else 0,
                # a window's steps are named by the trace itself
                title_text=getattr(trace, "step_kind", None) or _("word (position in the sentence)"))


LABEL_ROW_PX = 17     # a 15 px unit label and a gap: closer labels touch (seen on the gates page at 1920 x 1080)


def unit_label_step(n_units: int, pixels: float) -> int:
    """Name every unit on the axis when rows are tall enough to read (>= LABEL_ROW_PX), else every k-th unit.

    pixels: the height of the plot area the rows share (without margins, titles, spacing).
    """
    return max(1, math.ceil(LABEL_ROW_PX * n_units / max(pixels, 1)))


def step_noun(trace) -> str:
    """What a step of `trace` is called in a hover ("word", "words", "step"); "word" for other step records."""
    return getattr(trace, "step_noun", None) or _("word")


def hover_words(trace) -> list[str]:
    """The word of each step for hover texts: as typed, with the token the model saw when it differs."""
    padding = _("padding")
    return [f"{word} → {token or padding}" if word != token else (word or padding)
            for word, token in zip(trace.words, trace.tokens)]


def symmetric_range(values: np.ndarray) -> float:
    """The half-width of a colour scale centred at 0 that holds every value (1e-6 for all zeros)."""
    finite = np.abs(values[np.isfinite(values)])
    return float(max(finite.max(initial=0.0), 1e-6))


@shared_figure
def hidden_state_heatmap(trace, cell_trace, order=None, quantity: str = "h", title: str | None = None,
                         height: int | None = None, clickable: bool = False) -> go.Figure:
    """Heatmap of a state (h, or c for an LSTM), units (rows, in `order`) x words (columns), centred at 0.

    order: (n_shown,) unit indices, top row first (default: every unit by index).
    clickable: lay an invisible marker on every cell (customdata [unit, word]) so that a click selects a unit
    (Streamlit's on_select works on markers, not on heatmaps); the markers then carry the hover text.
    """
    values = getattr(cell_trace, quantity)                              # (n_steps, n_units)
    order = np.arange(cell_trace.n_units) if order is None else np.asarray(order)
    z = values[:, order].T                                             # (n_shown, n_steps)
    limit = symmetric_range(z)
    words = hover_words(trace)
    units = [_("unit {unit}").format(unit=u) for u in order]
    hover = step_noun(trace) + ": %{customdata}<br>%{y}<br>" + quantity + " = %{z:.4f}<extra></extra>"
    fig = go.Figure(go.Heatmap(
        z=z, x=np.arange(trace.n_steps), y=units, zmid=0, zmin=-limit, zmax=limit, name=quantity,
        colorscale=DIVERGING, colorbar=dict(title=dict(text=quantity)), customdata=np.array([words] * len(order)),
        hovertemplate=hover, hoverinfo="skip" if clickable else None))
    if clickable:
        steps, rows = np.meshgrid(np.arange(trace.n_steps), np.arange(len(order)))   # (n_shown, n_steps) each
        fig.add_trace(go.Scatter(
            x=steps.ravel(), y=[units[r] for r in rows.ravel()], mode="markers", showlegend=False,
            marker=dict(symbol="square", size=14, color="black", opacity=0),
            selected=dict(marker=dict(opacity=0.35)), unselected=dict(marker=dict(opacity=0)),
            customdata=np.stack([order[rows.ravel()].astype(str), np.array(words)[steps.ravel()],
                                 [format_in(v, ".4f") for v in z.ravel()]], axis=1),
            hovertemplate=step_noun(trace) + ": %{customdata[1]}<br>" + _("unit") + " %{customdata[0]}<br>" + quantity +
                          " = %{customdata[2]}<br>" + _("(click to follow this unit)") + "<extra></extra>"))
    fig.update_xaxes(**word_axis(trace))
    height = height or int(min(900, max(320, 140 + 22 * len(order))))
    fig.update_yaxes(autorange="reversed", title_text=_("hidden unit"), dtick=unit_label_step(len(order), height - 155))
    title = title or _("{quantity} of {layer} ({cell}), unit by unit, word by word").format(
        quantity=quantity, layer=cell_trace.label, cell=cell_trace.cell)
    fig = apply_style(fig, title, height=height)
    if clickable:
        fig.update_layout(clickmode="event+select", dragmode=False)
    return fig


@shared_figure
def prediction_by_word(traces: dict, title: str | None = None) -> go.Figure:
    """One line per model: the probability of the followed class after reading each prefix of the sentence.

    traces: model name -> Trace of the same sentence.
    """
    fig = go.Figure()
    first = next(iter(traces.values()))
    for index, (name, trace) in enumerate(traces.items()):
        class_name, probability = trace.class_probability()
        fig.add_trace(go.Scatter(
            x=np.arange(trace.n_steps), y=probability, mode="lines+markers", name=f"{name}: P({class_name})",
            line=dict(width=3, color=SEQUENCE[index % len(SEQUENCE)]), customdata=hover_words(trace),
            hovertemplate=_("after '{word}'").format(word="%{customdata}") + ": %{y:.3f}<extra>" + name + "</extra>"))
    fig.add_hline(y=0.5, line=dict(color=COLORS["neutral"], dash="dot"))
    fig.update_xaxes(**word_axis(first))
    fig.update_yaxes(range=[-0.02, 1.02], title_text=f"P({first.class_probability()[0]})")
    return apply_style(fig, title or _("Prediction after each word"), height=340)


@shared_figure
def unit_over_sentence(trace, cell_trace, unit: int, title: str | None = None) -> go.Figure:
    """Follow one unit: its h (and c for an LSTM) and its gates, word by word."""
    fig = go.Figure()
    x, words = np.arange(trace.n_steps), hover_words(trace)
    series = [("h", cell_trace.h[:, unit], "solid")]
    if cell_trace.c is not None:
        series.append(("c", cell_trace.c[:, unit], "solid"))
    series += [(name, values[:, unit], "dot") for name, values in cell_trace.gates.items()]
    for index, (name, values, dash) in enumerate(series):
        fig.add_trace(go.Scatter(x=x, y=values, name=name, mode="lines+markers", customdata=words,
                                 line=dict(width=3 if dash == "solid" else 2, dash=dash,
                                           color=SEQUENCE[index % len(SEQUENCE)]),
                                 hovertemplate="%{customdata}: " + name + " = %{y:.4f}<extra></extra>"))
    fig.add_hline(y=0, line=dict(color=COLORS["neutral"], width=1))
    fig.update_xaxes(**word_axis(trace))
    title = title or _("Unit {unit} of {layer}, word by word").format(unit=unit, layer=cell_trace.label)
    return apply_style(fig, title,
                       height=360)


# The unrolled network's geometry, in pixels of its plot area (1,100 px wide in the app at 1920 x 1080 with the
# sidebar open; wider in presentation mode): a cell is at most 70 % of a step, so an arrow always shows between.
UNROLLED_PLOT_PX = 1100
CELL_PX = (8, 90)             # smallest and largest cell square
VALUE_FONTS = (16, 12)        # the printed h_t[unit]: the largest of these whose text fits in its cell (also
                              # at slide scale); none fits -> the values are on hover only, never crammed
ARROW_GAP_PX = 4              # between an arrow's ends and the square or label it joins


def unrolled_geometry(n_steps: int) -> tuple[int, int | None]:
    """(cell square in px, value font in px or None) for `n_steps` cells side by side."""
    step_px = UNROLLED_PLOT_PX / (n_steps + 0.4)
    # an arrow of >= 12 px between two cells, each end ARROW_GAP_PX off its square
    cell_px = int(max(CELL_PX[0], min(CELL_PX[1], 0.7 * step_px, step_px - 2 * ARROW_GAP_PX - 12)))
    fitting = [size for size in VALUE_FONTS if CHAR_WIDTH_EM * size * SLIDE_TEXT_SCALE * 5 <= cell_px - 6
               and LINE_HEIGHT_EM * size * SLIDE_TEXT_SCALE <= cell_px - 6]     # "+0.53": 5 characters
    return cell_px, (fitting[0] if fitting else None)


@shared_figure
def unrolled_network(trace, cell_trace, unit: int, title: str | None = None) -> go.Figure:
    """The network unrolled over the sentence as the course draws it: one cell per word, x_t coming in from
    below, h_{t-1} -> h_t arrows between cells (right to left for a backward direction), h_t going up.

    Each cell is coloured by h_t[unit] (centred at 0) and shows it printed when the text fits the cell (always
    on hover, with the step's other numbers). Arrows stop short of the cells and labels, so none crosses a value.
    """
    n_steps = trace.n_steps
    x = np.arange(n_steps)
    values = cell_trace.h[:, unit]
    limit = symmetric_range(values)
    norms = np.linalg.norm(cell_trace.h, axis=1)
    class_name, probability = trace.class_probability()
    top = np.argsort(-np.abs(cell_trace.h), axis=1)[:, :3]                # (n_steps, 3) strongest units
    step, strongest = _("step {t}: '{word}'"), _("strongest units: {units}")
    after, skipped = _("P({name}) after this word: {p:.3f}"), _("padding: skipped by Keras")
    hover = [f"{step.format(t=t, word=word)}<br>h_t[{unit}] = {format_in(values[t], '.4f')}<br>"
             f"||h_t|| = {format_in(norms[t], '.3f')}<br>"
             + strongest.format(units=", ".join(f"{u} ({format_in(cell_trace.h[t, u], '+.2f')})" for u in top[t]))
             + "<br>" + after.format(name=class_name, p=probability[t]) + ("" if trace.mask[t] else "<br>" + skipped)
             for t, word in enumerate(hover_words(trace))]
    cell_px, font = unrolled_geometry(n_steps)
    fig = go.Figure(go.Scatter(
        x=x, y=np.ones(n_steps), mode="markers+text" if font else "markers", hovertext=hover, hoverinfo="text",
        text=[format_in(v, "+.2f") for v in values] if font else None, textposition="middle center",
        textfont=dict(size=font or VALUE_FONTS[-1],
                      color=["white" if abs(v) > 0.6 * limit else "#111" for v in values]),
        marker=dict(symbol="square", size=cell_px, color=values, colorscale=DIVERGING, cmin=-limit, cmax=limit,
                    cmid=0, line=dict(color="#333", width=1.5), colorbar=dict(title=dict(text=f"h[{unit}]"))),
        name=f"h_t[{unit}]", showlegend=False))
    fig.update_layout(annotations=_unrolled_arrows(n_steps, cell_px, cell_trace.direction == "backward"))
    fig.add_trace(go.Scatter(x=x, y=np.zeros(n_steps), mode="text", text=[f"x<sub>{t}</sub>" for t in x],
                             textposition="bottom center", hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(x=x, y=np.full(n_steps, 2.0), mode="text", text=[f"h<sub>{t}</sub>" for t in x],
                             textposition="top center", hoverinfo="skip", showlegend=False))
    fig.update_xaxes(**word_axis(trace), range=[-0.7, n_steps - 0.3], showgrid=False, zeroline=False)
    fig.update_xaxes(title_text=None)
    fig.update_yaxes(visible=False, range=[-0.6, 2.6])
    reading = _("right to left (backward)") if cell_trace.direction == "backward" else _("left to right")
    return apply_style(fig, title or _("{layer} unrolled, read {reading}: cell colour = h_t[{unit}]").format(
        layer=cell_trace.label, reading=reading, unit=unit), height=int(max(400, 160 + 3.2 * 1.3 * cell_px)))


def _unrolled_arrows(n_steps: int, cell_px: int, backward: bool) -> list[dict]:
    """The arrows of the unrolled network: x_t (y=0) up into cell t (y=1), the cell up to h_t (y=2), cell to
    cell along the reading. Each stops `ARROW_GAP_PX` short of the cell square (Plotly's standoff, in pixels,
    so the gap holds at any chart size); set at once: one add_annotation per arrow re-validates the list."""
    arrow = dict(showarrow=True, arrowhead=2, arrowsize=1, arrowwidth=2, arrowcolor="#555", xref="x", yref="y",
                 axref="x", ayref="y", text="")
    clear = cell_px / 2 + ARROW_GAP_PX
    arrows = []
    for t in range(n_steps):
        arrows.append(dict(x=t, y=1, ax=t, ay=0, standoff=clear, startstandoff=ARROW_GAP_PX, **arrow))
        arrows.append(dict(x=t, y=2, ax=t, ay=1, standoff=ARROW_GAP_PX, startstandoff=clear, **arrow))
        step_after = t - 1 if backward else t + 1
        if 0 <= step_after < n_steps:                                      # h_t on to the next step read
            arrows.append(dict(x=step_after, y=1, ax=t, ay=1, standoff=clear, startstandoff=clear, **arrow))
    return arrows
