"""Figures of the time-series page: the series and its split, forecasts against the truth, error by horizon,
and parameter counts as the window grows. Each takes plain results and returns a Plotly figure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..data.series_sources import shown_name
from ..i18n import N_, _, _n
from .memo import shared_figure
from .style import COLORS, LINE_DASHES, SEQUENCE, apply_style

_PART_COLORS = {"train": COLORS["train"], "validation": COLORS["validation"], "test": COLORS["positive"]}
_PART_NAMES = {"train": N_("train"), "validation": N_("validation"), "test": N_("test")}


def time_title(dataset) -> str:
    """The time axis' title: the series' own time label, or "step" in the current language."""
    return shown_name(dataset.times.name)


def value_title(dataset) -> str:
    """The value axis' title: the target column's name ("value" of a generated series in the current language)."""
    return shown_name(dataset.target_name)


def part_name(part: str) -> str:
    """A split's name ("train", "validation", "test") in the current language, for display."""
    return _(_PART_NAMES[part]) if part in _PART_NAMES else part


@shared_figure
def series_split(dataset, title: str | None = None) -> go.Figure:
    """The target series over time with its train / validation / test parts shaded.

    dataset: a SeriesDataset; its `values[:, target]` (n_steps,) against `times`, one shaded band per part
    covering the time steps whose targets belong to it.
    """
    times = _axis(dataset.times)
    fig = go.Figure(go.Scatter(x=times, y=dataset.values[:, dataset.target], name=value_title(dataset),
                               mode="lines", line=dict(color="#222", width=2)))
    for part, (start, stop) in dataset.part_ranges().items():
        n_windows = len(dataset.split(part))
        fig.add_vrect(x0=times[start], x1=times[stop - 1], fillcolor=_PART_COLORS[part], opacity=0.12,
                      line_width=0, annotation_text=_n("{part} ({n:,} window)", "{part} ({n:,} windows)",
                                                           n_windows).format(part=part_name(part), n=n_windows),
                      annotation_position="top left")
    fig.update_xaxes(title_text=time_title(dataset))
    fig.update_yaxes(title_text=value_title(dataset))
    return apply_style(fig, title or f"{dataset.name}: {dataset.display_description}", height=380)


@shared_figure
def forecasts_vs_truth(dataset, forecasts: dict, recursive: dict | None = None, naive: bool = True,
                       title: str | None = None) -> go.Figure:
    """One-step-ahead predictions of each run over the truth, and optionally each run's recursive forecast.

    forecasts: run name -> Forecast (series_forecast.one_step_predictions); its first horizon column is drawn.
    recursive: run name -> Forecast of recursive_forecast (drawn dotted, with a marker where it starts).
    naive: also draw the "repeat the last value" forecast of the same steps.
    """
    if not forecasts and not recursive:
        raise ValueError(_("forecasts is empty: give at least one run's predictions"))
    shown = [f.target_steps for f in list(forecasts.values()) + list((recursive or {}).values())]
    first, last = int(min(s.min() for s in shown)), int(max(s.max() for s in shown))
    steps = np.arange(max(first - dataset.look_back, 0), min(last + 1, len(dataset.values)))
    times = _axis(dataset.times)
    fig = go.Figure(go.Scatter(x=times[steps], y=dataset.values[steps, dataset.target], name=_("real series"),
                               mode="lines", line=dict(color="#222", width=3)))
    if naive and forecasts:
        reference = next(iter(forecasts.values())).target_steps
        fig.add_trace(go.Scatter(x=times[reference], y=dataset.values[reference - 1, dataset.target],
                                 name=_("naive (last value)"), mode="lines",
                                 line=dict(color=COLORS["neutral"], width=2, dash="dot")))
    for index, (name, forecast) in enumerate(forecasts.items()):
        # customdata: each prediction's window index, so a click on the chart can pick that window.
        fig.add_trace(go.Scatter(x=_axis(forecast.times), y=forecast.prediction[:, 0],
                                 name=_("{name} (one step)").format(name=name),
                                 customdata=np.arange(len(forecast.times)),
                                 hovertemplate="%{x}: %{y:.4g}<br>" + _("window") + " %{customdata}<extra>"
                                               + name + "</extra>",
                                 # markers: Plotly selects points of a trace that draws them, never of a bare
                                 # line, so a click on a lines-only trace picked nothing
                                 mode="lines+markers", marker=dict(size=6),
                                 line=dict(color=SEQUENCE[index % len(SEQUENCE)], width=3,
                                           dash=LINE_DASHES[index % len(LINE_DASHES)])))
    # A recursive step k picks the window whose own one-step forecast is of that time step (None past the split).
    windows = {int(step): i for i, step in enumerate(next(iter(forecasts.values())).target_steps)} if forecasts else {}
    for index, (name, forecast) in enumerate((recursive or {}).items()):
        picks = [windows.get(int(step)) for step in forecast.target_steps]
        fig.add_trace(go.Scatter(x=_axis(forecast.times), y=forecast.prediction[:, 0],
                                 name=_("{name} (recursive)").format(name=name), customdata=picks,
                                 hovertemplate="%{x}: %{y:.4g}<br>" + _("window") + " %{customdata}<extra>"
                                               + name + "</extra>",
                                 mode="lines+markers", marker=dict(size=6),
                                 line=dict(color=SEQUENCE[index % len(SEQUENCE)], width=2, dash="dot")))
    fig.update_xaxes(title_text=time_title(dataset))
    fig.update_yaxes(title_text=value_title(dataset))
    return apply_style(fig, title or _("Predictions against the real series"), height=420)


@shared_figure
def error_by_horizon_chart(tables: dict[str, pd.DataFrame], title: str | None = None,
                           metric_label: str | None = None) -> go.Figure:
    """One line per run of its error k steps ahead, and the naive forecast's (from the first table).

    tables: run name -> DataFrame of series_forecast.error_by_horizon (index steps_ahead; columns model, naive).
    """
    if not tables:
        raise ValueError(_("tables is empty: give at least one run's error_by_horizon table"))
    fig = go.Figure()
    for index, (name, table) in enumerate(tables.items()):
        fig.add_trace(go.Scatter(x=table.index.to_numpy(), y=table["model"].to_numpy(float), name=name,
                                 mode="lines+markers", line=dict(color=SEQUENCE[index % len(SEQUENCE)], width=3)))
    reference = next(iter(tables.values()))
    fig.add_trace(go.Scatter(x=reference.index.to_numpy(), y=reference["naive"].to_numpy(float),
                             name=_("naive (last value)"), mode="lines+markers",
                             line=dict(color=COLORS["neutral"], width=2, dash="dot")))
    fig.update_xaxes(title_text=_("steps ahead"), tick0=1, dtick=max(1, round(len(reference) / 10)), tickformat="d")
    fig.update_yaxes(title_text=metric_label or _("mean absolute error"), rangemode="tozero")
    return apply_style(fig, title or _("Error by steps ahead (recursive)"), height=380)


@shared_figure
def parameters_by_look_back(table: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Parameter count against look_back, one line per model.

    table: series_models.parameter_counts output (columns model, cell, look_back, parameters).
    """
    fig = go.Figure()
    for index, (name, rows) in enumerate(table.groupby("model", sort=False)):
        color = COLORS.get(rows["cell"].iloc[0], SEQUENCE[index % len(SEQUENCE)])
        fig.add_trace(go.Scatter(x=rows["look_back"].to_numpy(), y=rows["parameters"].to_numpy(), name=name,
                                 mode="lines+markers", line=dict(color=color, width=3)))
    fig.update_xaxes(title_text=_("look_back (steps in each window)"))
    fig.update_yaxes(title_text=_("trainable parameters"), rangemode="tozero")
    return apply_style(fig, title or _("Parameters as the window grows"), height=380)


def _axis(times: pd.Index) -> np.ndarray:
    """Time labels as plain values Plotly draws (dates stay dates)."""
    return np.asarray(times.to_pydatetime() if isinstance(times, pd.DatetimeIndex) else times)


@shared_figure
def window_on_series(dataset, split: str, index: int, forecast: np.ndarray, name: str | None = None,
                     title: str | None = None) -> go.Figure:
    """Where window `index` of `split` lies on the series: the values it reads, the truth it forecasts and
    the model's forecast (forecast: (horizon,) in the series' units), over a stretch of the series around it."""
    part = dataset.split(split)
    first = int(part.target_steps[index])                       # series index of the first forecast value
    read = np.arange(first - dataset.look_back, first)
    ahead = np.arange(first, first + dataset.horizon)
    around = np.arange(max(read[0] - dataset.look_back, 0), min(ahead[-1] + dataset.look_back, len(dataset.values)))
    times, target = _axis(dataset.times), dataset.values[:, dataset.target]
    fig = go.Figure(go.Scatter(x=times[around], y=target[around], name=_("real series"), mode="lines",
                               line=dict(color="#999", width=2)))
    fig.add_trace(go.Scatter(x=times[read], y=target[read], name=_("window {index} (read: t-{first} ... t-0)").format(
                                 index=index, first=len(read) - 1),
                             mode="lines+markers", line=dict(color="#222", width=3)))
    fig.add_trace(go.Scatter(x=times[ahead], y=target[ahead], name=_("truth ahead"), mode="markers",
                             marker=dict(color="#222", size=11, symbol="circle-open", line=dict(width=3))))
    fig.add_trace(go.Scatter(x=times[ahead], y=np.asarray(forecast, float),
                             name=_("{name} forecast").format(name=name or _("model")), mode="markers",
                             marker=dict(color=SEQUENCE[0], size=11, symbol="x")))
    fig.update_xaxes(title_text=time_title(dataset))
    fig.update_yaxes(title_text=value_title(dataset))
    title = title or _("Window {index} of the {split} split").format(index=index, split=part_name(split))
    return apply_style(fig, title,
                       height=320)
