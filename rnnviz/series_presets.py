"""One-click forecasting models: a small good model per built-in series, trained in seconds."""

from __future__ import annotations

from .i18n import N_
from .presets import Preset
from .series_models import SeriesModelConfig
from .training_request import TrainingRequest


def _preset(key: str, title: str, blurb: str, dataset_name: str, dataset_options: dict, config: SeriesModelConfig,
            epochs: int) -> Preset:
    return Preset(key, blurb, TrainingRequest(dataset_name, dataset_options, config, epochs=epochs, batch_size=32,
                                              seed=0, run_name=title, group="series_preset"))


SERIES_PRESETS = {preset.key: preset for preset in (
    _preset("sine_lstm", N_("LSTM on a noisy sine"),
            N_("Reads 20 past values and forecasts the next one, about a third closer than repeating the last "
               "value."),
            "noisy_sine", {"length": 500, "noise": 0.1, "look_back": 20},
            SeriesModelConfig(cell="LSTM", units=16, learning_rate=0.01), epochs=20),
    _preset("sunspots_lstm", N_("LSTM on yearly sunspots"),
            N_("Twenty years of sunspot numbers in, next year's out (the series ships with statsmodels)."),
            "sunspots", {"look_back": 20},
            SeriesModelConfig(cell="LSTM", units=16, learning_rate=0.01), epochs=30),
)}
DEFAULT_SERIES_PRESET = "sine_lstm"
