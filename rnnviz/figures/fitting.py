"""Figures of the fitting lab: several runs' training and validation curves on the same axes.

Each run gets one colour: training solid, validation dashed, the gap between them shaded in the run's colour,
and a star on the epoch with the lowest validation loss (the epoch early stopping keeps).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..i18n import N_, _
from .memo import shared_figure
from .style import SEQUENCE, apply_style

_PANELS = (("loss", N_("loss (lower is better)")), ("accuracy", N_("accuracy")))


@shared_figure
def fitting_curves(histories: dict[str, pd.DataFrame], best_epochs: dict[str, int] | None = None,
                   title: str | None = None, shade_gap=True) -> go.Figure:
    """Loss and accuracy per epoch for several runs overlaid, gap shaded, best epoch starred.

    Parameters
    ----------
    histories : dict name -> DataFrame (n_epochs, columns)
        One history per run (index = epoch number), with loss and, when present, accuracy, val_loss,
        val_accuracy. The first run is drawn first (the un-remedied run, in the lab).
    best_epochs : dict name -> int, optional
        The epoch to star on each run's validation curves; default: the epoch of lowest val_loss.
    shade_gap : bool or collection of run names
        Fill the area between training and validation curves (the generalisation gap): of every run (True),
        of none (False), or of the named runs only (with many runs, overlapping fills turn grey).

    Returns
    -------
    plotly Figure with two panels (loss, accuracy); trace names are the run names.
    """
    if not histories:
        raise ValueError(_("histories is empty: give at least one run's history"))
    best_epochs = best_epochs or {}
    fig = make_subplots(rows=1, cols=2, subplot_titles=[_(label) for _metric, label in _PANELS],
                        horizontal_spacing=0.08)
    for index, (name, history) in enumerate(histories.items()):
        color = SEQUENCE[index % len(SEQUENCE)]
        epochs = history.index.to_numpy()
        best = best_epochs.get(name, _lowest_val_loss_epoch(history))
        best_text = _("best epoch {epoch} (lowest validation loss)")
        shaded = shade_gap if isinstance(shade_gap, bool) else name in shade_gap
        for col, (metric, _label) in enumerate(_PANELS, start=1):
            shown = _("accuracy") if metric == "accuracy" else _("loss")
            epoch, training = _("epoch"), _("training {metric}").format(metric=shown)
            validating = _("validation {metric}").format(metric=shown)
            if metric not in history:
                continue
            train = history[metric].to_numpy(dtype=float)                      # (n_epochs,)
            fig.add_trace(go.Scatter(x=epochs, y=train, name=name, legendgroup=name, showlegend=col == 1,
                                     mode="lines", line=dict(color=color, width=3),
                                     hovertemplate=f"{name}<br>{epoch} %{{x}}<br>{training} %{{y:.3f}}"
                                                   "<extra></extra>"), row=1, col=col)
            if f"val_{metric}" not in history:
                continue
            validation = history[f"val_{metric}"].to_numpy(dtype=float)        # (n_epochs,)
            fig.add_trace(go.Scatter(
                x=epochs, y=validation, name=_("{name} (validation)").format(name=name), legendgroup=name,
                showlegend=False,
                mode="lines", line=dict(color=color, width=3, dash="dash"),
                # fill back to the previous trace (this run's training curve): the gap
                fill="tonexty" if shaded else None, fillcolor=_transparent(color, 0.15),
                hovertemplate=f"{name}<br>{epoch} %{{x}}<br>{validating} %{{y:.3f}}<extra></extra>"),
                row=1, col=col)
            if best is not None and best in history.index:
                fig.add_trace(go.Scatter(
                    x=[best], y=[history.loc[best, f"val_{metric}"]], name=_("{name}: best epoch").format(name=name),
                    legendgroup=name, showlegend=False, mode="markers",
                    marker=dict(symbol="star", size=16, color=color, line=dict(color="white", width=1)),
                    hovertemplate=f"{name}<br>{best_text.format(epoch=best)}<br>{validating} %{{y:.3f}}"
                                  "<extra></extra>"),
                    row=1, col=col)
        fig.update_xaxes(title_text=_("epoch"))
    fig = apply_style(fig, title or _("Training (solid) and validation (dashed)"), height=470)
    # Below the panels: remedy names are long, and a legend on top would cover the panel titles.
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.2, x=0.0), margin=dict(b=90))
    return fig


def _lowest_val_loss_epoch(history: pd.DataFrame) -> int | None:
    if "val_loss" not in history:
        return None
    values = history["val_loss"].to_numpy(dtype=float)
    if not np.isfinite(values).any():
        return None
    return int(history.index[int(np.nanargmin(np.where(np.isfinite(values), values, np.nan)))])


def _transparent(hex_color: str, alpha: float) -> str:
    red, green, blue = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"
