"""The mean absolute error of a forecast in the series' own units, as a Keras metric.

A series model trains on scaled values ((value - offset) / scale, fitted on the training part), so Keras' own
"mae" would be in scaled units: 0.42 on the curve for 13.8 sunspots in the table. The offset cancels in a
difference, so the error in the series' units is the scaled error times `scale`: this metric reports that, under
the name "mae", in the history (mae, val_mae) and in the test scores alike.
"""

from __future__ import annotations

import keras


def _mae_in_units(y_true, y_pred, scale=1.0):
    """(batch, horizon) scaled targets and predictions -> (batch,) mean |error| in the series' units."""
    y_true = keras.ops.cast(y_true, y_pred.dtype)
    return keras.ops.mean(keras.ops.abs(y_pred - y_true), axis=-1) * scale


@keras.saving.register_keras_serializable(package="rnnviz")
class SeriesMAE(keras.metrics.MeanMetricWrapper):
    """MAE in the series' units; scale: the target's scale (SeriesDataset.scaler.scale[target])."""

    def __init__(self, scale: float = 1.0, name: str = "mae", dtype=None):
        super().__init__(fn=_mae_in_units, name=name, dtype=dtype, scale=float(scale))
        self.scale = float(scale)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "scale": self.scale}
