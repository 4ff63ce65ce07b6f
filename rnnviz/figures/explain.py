"""Figures for "why this prediction": edits against the original, difference heatmaps, word attributions, units.

Each builder draws a result of `rnnviz.explain` unchanged and returns a Plotly figure (never shown here).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..explain.concepts import concept_name
from ..i18n import _, _n
from .memo import shared_figure
from .states import symmetric_range
from .style import COLORS, DIVERGING, LINE_DASHES, MARKER_SYMBOLS, SEQUENCE, apply_style


@shared_figure
def edit_predictions(comparison, results=None) -> go.Figure:
    """P(class) after each word, the original and each edit (default all), x = word position in each sentence;
    the hover names the word."""
    fig = go.Figure()
    original = _("original")
    fig.add_trace(go.Scatter(x=list(range(len(comparison.words))), y=comparison.probability, mode="lines+markers",
                             name=original, text=list(comparison.words), line={"color": "#000", "width": 3},
                             hovertemplate="%{text}: %{y:.3f}<extra>" + original + "</extra>"))
    for index, result in enumerate(results if results is not None else comparison.results):
        words = ["[UNK]" if flag else word for word, flag in zip(result.words, result.unknown)]
        fig.add_trace(go.Scatter(x=list(range(len(words))), y=result.probability, mode="lines+markers",
                                 name=result.description, text=words,
                                 # edits often agree from some word on: dash and marker keep each line visible
                                 line={"color": SEQUENCE[index % 8], "dash": LINE_DASHES[(index + 1) % len(LINE_DASHES)]},
                                 marker={"symbol": MARKER_SYMBOLS[(index + 1) % len(MARKER_SYMBOLS)], "size": 8},
                                 hovertemplate="%{text}: %{y:.3f}<extra>" + result.description + "</extra>"))
    fig.add_hline(y=0.5, line={"color": COLORS["neutral"], "dash": "dot"})
    fig.update_yaxes(range=[0, 1], title_text=_("P({name}) after the word").format(name=comparison.class_name))
    fig.update_xaxes(title_text=_("word position"), dtick=1)
    return apply_style(fig, title=_("Prediction after each word: original and edits"), height=420)


@shared_figure
def difference_heatmap(result, layer: str, quantity: str = "h") -> go.Figure:
    """edited - original of one state or gate of one layer: units (rows) x aligned words (columns), centred
    at 0. Columns are the edited sentence's words that have a partner in the original."""
    values = result.differences[layer][quantity].T                    # (n_units, n_pairs)
    words = ["[UNK]" if result.unknown[j] else result.words[j] for j in result.pairs[:, 1]]
    limit = symmetric_range(values)
    fig = go.Figure(go.Heatmap(z=values, x=list(range(len(words))), colorscale=DIVERGING, zmid=0, zmin=-limit,
                               zmax=limit, colorbar={"title": _("edited − original")},
                               customdata=np.tile(np.asarray(words, object), (values.shape[0], 1)),
                               hovertemplate=_("unit") + " %{y}, %{customdata}: %{z:.4f}<extra></extra>"))
    fig.update_xaxes(tickmode="array", tickvals=list(range(len(words))), ticktext=words,
                     title_text=_("aligned word (edited sentence)"))
    fig.update_yaxes(title_text=_("unit"), autorange="reversed")
    title = _("What the edit changed in {layer}: {quantity}, {edit}").format(layer=layer, quantity=quantity,
                                                                           edit=result.description)
    return apply_style(fig, title=title,
                       height=max(300, 120 + 14 * values.shape[0]))


@shared_figure
def attribution_bars(attribution) -> go.Figure:
    """One bar per method at each word, grouped; each method in its own colour (named in the legend), the
    word in the hover and on the axis only (text on the bars would repeat it once per method)."""
    from ..explain.attribution import METHOD_NAMES

    fig = go.Figure()
    for index, method in enumerate(attribution.scores):
        scores = np.asarray(attribution.scores[method])
        name = _(METHOD_NAMES[method])
        fig.add_trace(go.Bar(x=list(range(len(scores))), y=scores, name=name, customdata=list(attribution.words),
                             marker={"color": SEQUENCE[index % len(SEQUENCE)]},
                             hovertemplate="%{customdata}: %{y:+.4f}<extra>" + name + "</extra>"))
    fig.update_layout(barmode="group", legend={"orientation": "h", "yanchor": "top", "y": -0.25, "x": 0})
    fig.update_xaxes(tickmode="array", tickvals=list(range(len(attribution.words))),
                     ticktext=list(attribution.words), title_text=_("word"))
    fig.update_yaxes(title_text=_("contribution to P({name})").format(name=attribution.class_name))
    fig.add_hline(y=0, line={"color": COLORS["neutral"], "width": 1})
    return apply_style(fig, title=_("Contribution of each word, three ways"), height=460)


@shared_figure
def unit_ranking(found, n_shown: int = 20) -> go.Figure:
    """The best n_shown units' scores as bars, and the baseline they must beat as a named line: the best unit
    of each untrained network of the same architecture (markers) and their maximum (dashed). The legend sits
    under the plot, never over the bars."""

    order = found.ranking[:n_shown]
    labels = [_("unit {unit}").format(unit=u) for u in order]
    above = found.scores[order] > found.baseline
    n_inits = len(found.untrained_best)
    fig = go.Figure([
        go.Bar(x=labels, y=found.scores[order], name=_("score ({metric}), trained").format(metric=found.metric),
               marker_color=[COLORS["train"] if a else COLORS["neutral"] for a in above], showlegend=True),
        go.Scatter(x=labels, y=[found.baseline] * len(labels), mode="lines",
                   line={"color": COLORS["validation"], "dash": "dash"},
                   name=_n("baseline: best unit of {n} untrained network (same architecture, fresh seed)",
                           "baseline: best unit of {n} untrained networks (same architecture, fresh seeds)",
                           n_inits).format(n=n_inits))])
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.25, "x": 0})
    fig.update_yaxes(title_text=_("|AUC − 0.5|") if found.metric == "AUC" else _("|correlation|"))
    title = _("Units of {layer} that track '{concept}'").format(layer=found.layer, concept=concept_name(found.concept))
    return apply_style(fig, title=title, height=440)


@shared_figure
def unit_activations(examples) -> go.Figure:
    """The top units' h over each example sentence (one panel per sentence), words inside the concept shaded."""
    from plotly.subplots import make_subplots

    n = max(1, len(examples.words))
    fig = make_subplots(rows=n, cols=1, vertical_spacing=0.12)
    for row, (words, values, inside) in enumerate(zip(examples.words, examples.activations, examples.inside), 1):
        for index, unit in enumerate(examples.units):
            name = _("unit {unit}").format(unit=unit)
            fig.add_trace(go.Scatter(x=list(range(len(words))), y=values[:, index], mode="lines+markers",
                                     name=name, legendgroup=str(unit), showlegend=row == 1,
                                     line={"color": SEQUENCE[index % 8]}, text=list(words),
                                     hovertemplate="%{text}: %{y:.3f}<extra>" + name + "</extra>"),
                          row=row, col=1)
        if inside.dtype == bool:
            for t in np.flatnonzero(inside):
                fig.add_vrect(x0=t - 0.5, x1=t + 0.5, fillcolor=COLORS["neutral"], opacity=0.15, line_width=0,
                              row=row, col=1)
        fig.update_xaxes(tickmode="array", tickvals=list(range(len(words))), ticktext=list(words), row=row, col=1)
        fig.update_yaxes(title_text="h", row=row, col=1)
    from ..explain.concepts import concept_name

    title = _n("The best units for '{concept}' over {n} sentence (shaded: inside)",
               "The best units for '{concept}' over {n} sentences (shaded: inside)", n).format(
        concept=concept_name(examples.concept), n=n)
    return apply_style(fig, title=title,
                       height=180 + 220 * n)
