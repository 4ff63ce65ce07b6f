"""The diagnosis's numbers as tables: one card's measurements, and several runs side by side."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..i18n import _


def measures_table(d) -> pd.DataFrame:
    """The measurements as a two-column table (measure, value) for a diagnosis card."""
    metric = metric_name(d.metric) if d.metric else _("metric")
    gap = (_("gap (training - validation {metric})") if d.metric else _("gap (validation - training loss)"))
    rows = [(_("epochs read"), d.n_epochs), (_("epoch judged"), d.epoch),
            (_("training loss"), d.train_loss), (_("validation loss"), d.val_loss),
            (_("training {metric}"), d.train_metric), (_("validation {metric}"), d.val_metric),
            (gap, d.gap),
            (_("gap trend per epoch (loss, 2nd half)"), d.gap_trend),
            (_("best epoch (lowest validation loss)"), d.best_epoch),
            (_("epochs per smoothed level"), d.window),
            (_("validation loss rise ({window}-epoch means)"), d.val_loss_rise),
            (_("validation loss noise (1 epoch, sd)"), d.val_loss_noise),
            (_("rise / its noise"), d.rise_score),
            (_("chance {metric} (majority class)"), d.chance_metric),
            (_("share of the training gain over chance kept on validation"), d.kept_share),
            (_("training error / chance's error"), d.train_error_share)]
    return pd.DataFrame([(name.format(metric=metric, window=d.window), _format(value))
                         for name, value in rows if value is not None], columns=[_("measure"), _("value")])


def _format(value) -> str:
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float) and math.isinf(value):
        return "inf"
    return f"{value:+.3f}" if value < 0 else f"{value:.3f}"


def compare_diagnoses(diagnoses: dict) -> pd.DataFrame:
    """One row per run (index: run name): the label and the measurements, side by side."""
    rows = {name: _comparison_row(d) for name, d in diagnoses.items()}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(_("run"))


def _comparison_row(d) -> dict:
    """One run's row of compare_diagnoses, its column names in the current language."""
    metric = metric_name(d.metric) if d.metric else _("metric")
    return {_("diagnosis"): d.label_name, _("epochs"): d.n_epochs, _("epoch judged"): d.epoch,
            _("best epoch"): d.best_epoch, _("lowest val loss"): d.best_val_loss,
            _("val loss rise (smoothed)"): d.val_loss_rise, _("rise / noise"): d.rise_score,
            _("train loss"): d.train_loss, _("val loss"): d.val_loss,
            _("train {metric}").format(metric=metric): d.train_metric,
            _("val {metric}").format(metric=metric): d.val_metric,
            _("gap"): d.gap, _("share of gain kept"): d.kept_share}


def metric_name(metric: str) -> str:
    """A metric column's name for a sentence: accuracy in the current language, other columns as they are."""
    return _("accuracy") if metric == "accuracy" else metric
