"""Figures of the projector: word maps and hidden-state space. Builders return figures; pages show them."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..i18n import _
from ..validation import check_int
from .labels import label_boxes, place_labels
from .memo import shared_figure
from .style import COLORS, DIVERGING, SEQUENCE, apply_style

COLOUR_CHOICES = ("association", "frequency", "none")
STATE_COLOUR_CHOICES = ("label", "prediction")
N_LABELLED_FREQUENT = 12     # these most frequent words get a visible label...
N_LABELLED_EXTREME = 6       # ... and as many of each end of the label association; the rest on hover
HIGHLIGHT = "#000000"
WORD_FONT, SEARCH_FONT, PATH_FONT = 12, 18, 14
# The plot area a label must fit in: a wide chart on a 1920-pixel screen with the sidebar open is ~1,100 px;
# 900 is assumed so that labels judged apart stay apart on a laptop too.
PLOT_WIDTH_PX = 900
_MARGINS_PX = 155          # the template's top + bottom margins
_SYMBOLS_3D = ("circle", "circle-open", "cross", "diamond", "diamond-open", "square", "square-open", "x")


@shared_figure
def embedding_figure(projection, colour_by: str = "association", search: str | None = None,
                     neighbours=(), title: str | None = None, height: int = 600, columns: int = 1) -> go.Figure:
    """A scatter of words at their projected positions, sized by frequency.

    Parameters
    ----------
    projection : rnnviz.projection.EmbeddingProjection
    colour_by : "association" (diverging, 0 = white), "frequency" (log scale) or "none"
    search : a word to highlight (ignored if not among the words)
    neighbours : words to ring as the searched word's neighbours
    columns : how many charts share the page's width (2 for before/after side by side): labels are placed for
        the plot's real width, so that side by side they do not run into each other either
    """
    if colour_by not in COLOUR_CHOICES:
        raise ValueError(f"colour_by must be one of {', '.join(COLOUR_CHOICES)}, got {colour_by!r}")
    coordinates = projection.coordinates                             # (n_words, n_components)
    words = list(projection.words)
    frequencies = np.asarray(projection.frequencies)
    against, toward = projection.association_classes
    # Area proportional to frequency reads right; the square root of the rank-free count keeps rare words visible.
    sizes = 6 + 24 * np.sqrt(frequencies / max(frequencies.max(), 1))
    order = np.argsort(projection.association, kind="stable")
    labelled = set(range(N_LABELLED_FREQUENT)) | set(order[:N_LABELLED_EXTREME]) | set(order[-N_LABELLED_EXTREME:])
    index = {word.lower(): i for i, word in enumerate(words)}
    ringed = [index[w.lower()] for w in neighbours if w.lower() in index]
    found = index.get(search.strip().lower()) if search else None
    labels = _word_labels(coordinates, words, frequencies, labelled, ringed, found, height,
                          width_px=PLOT_WIDTH_PX / check_int("columns", columns, 1, 4))
    marker = dict(size=sizes, line=dict(width=0.5, color="white"), opacity=0.85)
    if colour_by == "association":
        limit = float(np.abs(projection.association).max()) or 1.0
        marker.update(color=projection.association, colorscale=DIVERGING, cmin=-limit, cmax=limit,
                      colorbar=dict(title=dict(text=f"← {against} · {toward} →", side="right"), thickness=14))
    elif colour_by == "frequency":
        marker.update(color=np.log10(np.maximum(frequencies, 1)), colorscale="Viridis",
                      colorbar=dict(title=dict(text=_("log₁₀ frequency"), side="right"), thickness=14))
    else:
        marker.update(color=COLORS["neutral"])
    odds = _("(log-odds {toward} vs {against})").format(toward=toward, against=against)
    frequency, association = _("frequency"), _("association")
    hover = (f"<b>%{{customdata[0]}}</b><br>{frequency} %{{customdata[1]:,}}<br>"
             f"{association} %{{customdata[2]:+.2f}} {odds}<extra></extra>")
    customdata = np.array(list(zip(words, frequencies.tolist(), np.round(projection.association, 3).tolist())),
                          dtype=object)
    fig = go.Figure()
    fig.add_trace(_scatter(coordinates, name=_("words"), mode="markers+text", text=labels["words"], marker=marker,
                           customdata=customdata, hovertemplate=hover, textposition="top center",
                           textfont=dict(size=WORD_FONT, color="#444"), showlegend=False))
    if ringed:
        # the legend lists the neighbours: on the plot they crowd around the searched word, so only the labels
        # that fit are drawn (none in 3-D, where no placement holds as the view turns)
        listed = _("nearest neighbours: {words}").format(words=", ".join(words[i] for i in ringed))
        fig.add_trace(_scatter(coordinates[ringed], name=listed, mode="markers+text", showlegend=True,
                               text=labels["neighbours"], textposition="bottom center",
                               textfont=dict(size=WORD_FONT, color=HIGHLIGHT),
                               marker=dict(size=18, color="rgba(0,0,0,0)", line=dict(width=2.5, color=HIGHLIGHT)),
                               hoverinfo="text"))
    if found is not None:
        fig.add_trace(_scatter(coordinates[[found]], name=_("search: {word}").format(word=words[found]),
                               mode="markers+text",
                               text=[f"<b>{words[found]}</b>"], textposition="top center",
                               textfont=dict(size=SEARCH_FONT, color=HIGHLIGHT),
                               marker=dict(size=24, symbol="star", color="#F0E442",
                                           line=dict(width=2, color=HIGHLIGHT)), hoverinfo="text"))
    _axis_titles(fig, projection.projection)
    return apply_style(fig, title=title, height=height)


def _word_labels(coordinates, words, frequencies, labelled, ringed, found, height,
                 width_px: float = PLOT_WIDTH_PX) -> dict:
    """Which words get a visible label, so that no two labels overlap (the rest show on hover).

    The searched word wins, then its neighbours, then the labelled words (frequent ones and both ends of the
    association) by frequency. Labels are placed in 2-D only: a 3-D view turns, no placement holds.
    """
    candidates = [word if rank in labelled else "" for rank, word in enumerate(words)]
    if coordinates.shape[1] != 2:     # 3-D: the neighbours are listed in the legend, not piled on the plot
        return {"words": candidates, "neighbours": [""] * len(ringed)}
    area = dict(width_px=width_px, height_px=max(height - _MARGINS_PX, 100))
    # Every label box is measured in the frame of all the points, so boxes of different traces compare.
    everything = coordinates
    reserved = []
    if found is not None:
        texts = [""] * len(words)
        texts[found] = words[found]
        reserved.append(label_boxes(everything, texts, SEARCH_FONT, **area)[found])
    neighbour_shown = [""] * len(words)
    for i in ringed:
        neighbour_shown[i] = words[i]
    neighbour_shown = place_labels(everything, neighbour_shown, frequencies, WORD_FONT, position="bottom center",
                                   reserved=reserved, **area)
    reserved += [box for box, text in zip(label_boxes(everything, neighbour_shown, WORD_FONT,
                                                      position="bottom center", **area), neighbour_shown) if text]
    taken = set(ringed) | ({found} if found is not None else set())
    candidates = ["" if i in taken else text for i, text in enumerate(candidates)]
    shown = place_labels(everything, candidates, frequencies, WORD_FONT, reserved=reserved, **area)
    return {"words": shown, "neighbours": [neighbour_shown[i] for i in ringed]}


@shared_figure
def state_space_figure(projection, colour_by: str = "label", title: str | None = None,
                       height: int = 600) -> go.Figure:
    """Validation sentences as points (final hidden states), and a typed sentence as an arrowed path.

    Parameters
    ----------
    projection : rnnviz.projection.StateProjection
    colour_by : "label" (the true class) or "prediction" (the model's); wrongly predicted sentences are
        drawn as open symbols either way.
    """
    if colour_by not in STATE_COLOUR_CHOICES:
        raise ValueError(f"colour_by must be one of {', '.join(STATE_COLOUR_CHOICES)}, got {colour_by!r}")
    coordinates = projection.coordinates
    classes = projection.labels if colour_by == "label" else projection.predictions
    wrong = projection.predictions != projection.labels
    colours = _class_colours(projection.class_names)
    fig = go.Figure()
    for label, name in enumerate(projection.class_names):
        members = np.flatnonzero(classes == label)
        if not len(members):
            continue
        symbols = np.where(wrong[members], "circle-open", "circle")
        truth = _("true: {true} · predicted: {predicted} ({p:.0%})")
        names = projection.class_names
        hover = [_wrap(projection.texts[i]) + "<br>" + truth.format(
            true=names[projection.labels[i]], predicted=names[projection.predictions[i]],
            p=projection.probabilities[i].max()) for i in members]
        kind = _("true: {name}") if colour_by == "label" else _("predicted: {name}")
        fig.add_trace(_scatter(coordinates[members], name=kind.format(name=name), mode="markers",
                               marker=dict(size=8, color=colours[label], symbol=symbols, opacity=0.75,
                                           line=dict(width=1.5, color=colours[label])),
                               hovertext=hover, hoverinfo="text"))
    if projection.trajectory is not None:
        _add_trajectory(fig, projection.trajectory, projection.class_names, frame=coordinates, height=height)
    _axis_titles(fig, projection.projection)
    return apply_style(fig, title=title, height=height)


def _add_trajectory(fig: go.Figure, trajectory, class_names, frame: np.ndarray, height: int) -> None:
    path = trajectory.coordinates                                    # (n_steps, n_components)
    predicted = int(np.argmax(trajectory.probabilities))
    name = _("your sentence → {name} ({p:.0%})").format(name=class_names[predicted],
                                                        p=trajectory.probabilities[predicted])
    words = [f"{step + 1}·{word}" for step, word in enumerate(trajectory.words)]
    shown = words
    if path.shape[1] == 2:
        # The last word (where the prediction is read) and the first come first, then the path in order.
        priority = np.arange(len(words), 0, -1, dtype=float)
        priority[[0, -1]] = len(words) + np.array([1, 2])
        shown = place_labels(path, words, priority, PATH_FONT, PLOT_WIDTH_PX, max(height - _MARGINS_PX, 100),
                             frame=frame)
    common = dict(name=name, text=shown, customdata=words, mode="lines+markers+text", textposition="top center",
                  textfont=dict(size=PATH_FONT, color=HIGHLIGHT), line=dict(color=HIGHLIGHT, width=2.5),
                  hovertemplate=_("after {word}").format(word="<b>%{customdata}</b>") + "<extra></extra>")
    if path.shape[1] == 2:
        # Arrow markers turned along the segment that arrives at them: the path reads in the network's order.
        symbols = ["circle"] + ["arrow"] * (len(path) - 1)
        fig.add_trace(go.Scatter(x=path[:, 0], y=path[:, 1], **common,
                                 marker=dict(size=14, symbol=symbols, angleref="previous", color=HIGHLIGHT)))
    else:
        fig.add_trace(go.Scatter3d(x=path[:, 0], y=path[:, 1], z=path[:, 2], **common,
                                   marker=dict(size=5, color=HIGHLIGHT)))


def _scatter(points: np.ndarray, **kwargs):
    """A 2-D or 3-D scatter trace of (n_points, 2 or 3) points."""
    if points.shape[1] == 3:
        marker = kwargs.get("marker", {})
        if isinstance(marker.get("symbol"), str) and marker["symbol"] not in _SYMBOLS_3D:
            marker["symbol"] = "diamond"          # 3-D scatters know only a few symbols (no star)
        return go.Scatter3d(x=points[:, 0], y=points[:, 1], z=points[:, 2], **kwargs)
    return go.Scatter(x=points[:, 0], y=points[:, 1], **kwargs)


def _axis_titles(fig: go.Figure, projection) -> None:
    titles = projection.axis_titles()
    if projection.n_components == 3:
        # The camera a little further out than Plotly's default, so the axis titles stay inside the chart.
        fig.update_layout(scene=dict(xaxis_title=titles[0], yaxis_title=titles[1], zaxis_title=titles[2],
                                     aspectmode="cube", camera=dict(eye=dict(x=1.9, y=1.9, z=1.1))),
                          margin=dict(l=10, r=10, b=10))
    else:
        # No equal aspect ratio: PC1 often carries most of the variance and would squash the picture into a
        # line; the share of variance in each axis title says how long each axis really is.
        fig.update_layout(xaxis_title=titles[0], yaxis_title=titles[1])


def _class_colours(class_names) -> list[str]:
    if len(class_names) == 2:
        return [COLORS["negative"], COLORS["positive"]]
    return [SEQUENCE[i % len(SEQUENCE)] for i in range(len(class_names))]


def _wrap(text: str, width: int = 60) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) > width:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])
