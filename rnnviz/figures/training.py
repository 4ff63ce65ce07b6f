"""Training figures: loss and accuracy per epoch, run comparisons, and what the data look like."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..i18n import N_, _
from .memo import shared_figure
from .style import COLORS, LINE_DASHES, MARKER_SYMBOLS, RUN_COLOURS, apply_style

_PANELS = (("loss", N_("loss")), ("accuracy", N_("accuracy")))
_SPLITS = (("", "train", N_("train")), ("val_", "validation", N_("validation")))   # prefix, colour, legend
# Runs with the same curve must not hide each other: each run also gets its own dash and marker. Colours,
# dashes and markers cycle at different lengths (12, 5, 7), so no two of the first 420 runs look the same, and
# the first 12 differ in colour alone.


@shared_figure
def training_curves(history: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Loss and accuracy (MAE for a series model) per epoch, training solid and validation dashed.

    history: one row per epoch (index = epoch number), columns loss, accuracy, val_loss, val_accuracy
    (validation columns optional), or mae and val_mae instead of the accuracies.
    """
    panels = _PANELS if "accuracy" in history or "mae" not in history else (_PANELS[0], ("mae", "MAE"))
    fig = make_subplots(rows=1, cols=2, subplot_titles=[_(label) for _metric, label in panels])
    for col, (metric, _label) in enumerate(panels, start=1):
        for (prefix, split, name), dash in zip(_SPLITS, ("solid", "dash")):
            if prefix + metric in history:
                fig.add_trace(go.Scatter(
                    x=history.index.to_numpy(), y=history[prefix + metric].to_numpy(dtype=float),
                    name=_(name), legendgroup=split, showlegend=col == 1, mode="lines+markers",
                    line=dict(color=COLORS[split], dash=dash, width=3)), row=1, col=col)
        fig.update_xaxes(title_text=_("epoch"), row=1, col=col, **epoch_ticks(len(history)))
    fig = apply_style(fig, title or _("Training curves"), height=380)
    # The legend to the right of the panels: above them it would sit on the panels' own titles.
    return fig.update_layout(legend=dict(orientation="v", x=1.01, xanchor="left", y=1.0, yanchor="top"))


@shared_figure
def compare_runs(histories: dict[str, pd.DataFrame], metric: str = "val_accuracy",
                 title: str | None = None) -> go.Figure:
    """One line per run for `metric` (e.g. val_accuracy or val_loss), overlaid on the same axes."""
    fig = go.Figure()
    for index, (name, history) in enumerate(histories.items()):
        if metric in history:
            fig.add_trace(go.Scatter(x=history.index.to_numpy(), y=history[metric].to_numpy(dtype=float),
                                     name=name, mode="lines+markers",
                                     marker=dict(symbol=MARKER_SYMBOLS[index % len(MARKER_SYMBOLS)], size=9),
                                     line=dict(width=3, color=RUN_COLOURS[index % len(RUN_COLOURS)],
                                               dash=LINE_DASHES[index % len(LINE_DASHES)])))
    fig.update_xaxes(title_text=_("epoch"), **epoch_ticks(max((len(h) for h in histories.values()), default=1)))
    fig.update_yaxes(title_text=metric_name(metric))
    return apply_style(fig, title or _("{metric} per epoch").format(metric=metric_name(metric)), height=380)


_METRIC_NAMES = {"val_accuracy": N_("val accuracy"), "val_loss": N_("val loss"), "accuracy": N_("accuracy"),
                 "loss": N_("loss")}


def metric_name(metric: str) -> str:
    """A history column for an axis: 'val_accuracy' -> 'val accuracy', in the current language."""
    return _(_METRIC_NAMES[metric]) if metric in _METRIC_NAMES else metric.replace("_", " ")


def epoch_ticks(n_epochs: int) -> dict:
    """x-axis settings with whole epochs only (no 1.5), about ten labels at most."""
    return dict(tick0=1, dtick=max(1, round(n_epochs / 10)), tickformat="d")


def sequence_lengths(x: np.ndarray, title: str | None = None) -> go.Figure:
    """Histogram of the number of non-padding tokens per sequence; x: (n_sequences, sequence_length) ids."""
    lengths = (np.asarray(x) > 0).sum(axis=1)
    fig = go.Figure(go.Histogram(x=lengths, xbins=dict(size=1), marker_color=COLORS["train"]))
    # Whole words only: a length of 7.5 words does not exist.
    fig.update_xaxes(title_text=_("words per sentence (after truncation)"), tickformat="d",
                     dtick=max(1, int(np.ceil((lengths.max() - lengths.min() + 1) / 12))) if len(lengths) else 1)
    fig.update_yaxes(tickformat="d")
    fig.update_yaxes(title_text=_("sentences"))
    return apply_style(fig, title or _("Sentence lengths (words)"), height=300)
