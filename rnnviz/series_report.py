"""Everything the Time series page shows about trained runs, in one call: the metrics table beside the naive
forecast, predictions against the truth (one step ahead and recursive), and the error by steps ahead."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .data.dataset import check_int
from .data.series_sources import shown_name
from .i18n import _
from .figures.series import error_by_horizon_chart, forecasts_vs_truth, parameters_by_look_back
from .series_forecast import error_by_horizon, metrics_table, one_step_predictions, recursive_forecast
from .series_models import SeriesModelConfig, parameter_counts


@dataclass
class SeriesReport:
    """metrics: one row per run plus the naive forecast; figures are Plotly figures (None without runs)."""

    metrics: pd.DataFrame
    forecasts: object
    errors: object


def same_series_runs(runs: dict, dataset) -> dict:
    """The runs (name -> Run) trained on this very series and windowing."""
    return {name: run for name, run in runs.items()
            if getattr(run.dataset, "task", None) == "regression" and run.dataset.name == dataset.name
            and run.dataset.options == dataset.options}


def series_report(dataset, runs: dict, split: str = "test", steps: int = 20, start: int = 0) -> SeriesReport:
    """Compare `runs` (name -> Run, all on `dataset`) on `split`: recursive forecasts go `steps` ahead from
    window `start`; errors by horizon average over every window of the split."""
    steps = check_int("steps", steps, 1, 200)
    if not runs:
        return SeriesReport(pd.DataFrame(), None, None)
    one_step = {name: one_step_predictions(run.model, dataset, split) for name, run in runs.items()}
    recursive, errors = {}, {}
    if dataset.n_features == 1:    # recursive forecasts feed predictions back: one feature only
        recursive = {name: recursive_forecast(run.model, dataset, split, steps, start) for name, run in runs.items()}
        usable = min(steps, max(1, len(dataset.values) - int(dataset.split(split).target_steps[0])))
        errors = {name: error_by_horizon(run.model, dataset, split, usable) for name, run in runs.items()}
    # Steps 1..horizon are a direct model's own outputs; only a one-step model's chart is wholly recursive.
    title = (_("Error by steps ahead (recursive)") if dataset.horizon == 1 else
             _("Error by steps ahead (output k forecasts step k; past {horizon}, its forecasts fed back)").format(
                 horizon=dataset.horizon))
    label = _("mean absolute error ({unit})").format(unit=shown_name(dataset.target_name))
    return SeriesReport(metrics_table(runs), forecasts_vs_truth(dataset, one_step, recursive),
                        error_by_horizon_chart(errors, title=title, metric_label=label) if errors else None)


def window_size_figure(config: SeriesModelConfig, look_back: int, n_features: int = 1, horizon: int = 1):
    """Parameters of `config` and of the dense baseline as the window grows up to twice `look_back`."""
    shortest = config.n_layers * (config.kernel_size - 1) + 1 if config.cell == "Conv1D" else 1
    look_backs = sorted({max(shortest, round(look_back * f)) for f in (0.25, 0.5, 1, 1.5, 2)})
    configs = [config] if config.cell == "dense" else [config, SeriesModelConfig(cell="dense", units=config.units)]
    return parameters_by_look_back(parameter_counts(configs, look_backs, n_features, horizon))
