"""The series datasets by name, for `load_dataset`: each is a source (series_sources / series_csv) + windows.

Every function lists its options explicitly (load_dataset reads them to refuse unknown ones); the windowing
options are the same for all: look_back, horizon, stride, validation_fraction, test_fraction, scaling.
"""

from __future__ import annotations

from . import series_sources as sources
from .series_csv import read_series_csv
from .windows import SeriesDataset, window_series


def _windowed(raw, name, options: dict) -> SeriesDataset:
    windowing = {key: options[key] for key in ("look_back", "horizon", "stride", "validation_fraction",
                                               "test_fraction", "scaling", "target") if key in options}
    return window_series(raw, name, **windowing, options=options)


def noisy_sine(length: int = 500, period: float = 50.0, noise: float = 0.1, seed: int = 0, look_back: int = 20,
               horizon: int = 1, stride: int = 1, validation_fraction: float = 0.15, test_fraction: float = 0.15,
               scaling: str = "standard") -> SeriesDataset:
    """A sine with Gaussian noise; noise=0 gives a series a network can forecast almost exactly."""
    options = dict(locals())
    return _windowed(sources.noisy_sine_series(length, period, noise, seed), "noisy_sine", options)


def sines_trend(length: int = 500, period: float = 50.0, trend: float = 0.004, noise: float = 0.1, seed: int = 0,
                look_back: int = 20, horizon: int = 1, stride: int = 1, validation_fraction: float = 0.15,
                test_fraction: float = 0.15, scaling: str = "standard") -> SeriesDataset:
    """Two sines on a linear trend, with noise."""
    options = dict(locals())
    return _windowed(sources.sines_trend_series(length, period, trend, noise, seed), "sines_trend", options)


def damped_oscillator(length: int = 500, period: float = 40.0, damping: float = 0.003, noise: float = 0.02,
                      seed: int = 0, look_back: int = 20, horizon: int = 1, stride: int = 1,
                      validation_fraction: float = 0.15, test_fraction: float = 0.15,
                      scaling: str = "standard") -> SeriesDataset:
    """An oscillation that dies out, with noise."""
    options = dict(locals())
    return _windowed(sources.damped_oscillator_series(length, period, damping, noise, seed), "damped_oscillator",
                     options)


def random_walk(length: int = 500, noise: float = 1.0, drift: float = 0.0, seed: int = 0, look_back: int = 20,
                horizon: int = 1, stride: int = 1, validation_fraction: float = 0.15, test_fraction: float = 0.15,
                scaling: str = "standard") -> SeriesDataset:
    """A random walk: the naive forecast is already the best one."""
    options = dict(locals())
    return _windowed(sources.random_walk_series(length, noise, drift, seed), "random_walk", options)


def sunspots(look_back: int = 20, horizon: int = 1, stride: int = 1, validation_fraction: float = 0.15,
             test_fraction: float = 0.15, scaling: str = "standard") -> SeriesDataset:
    """Yearly sunspot numbers 1700-2008 (statsmodels ships them: works offline)."""
    options = dict(locals())
    return _windowed(sources.sunspots_series(), "sunspots", options)


def co2(frequency: str = "monthly", look_back: int = 24, horizon: int = 1, stride: int = 1,
        validation_fraction: float = 0.15, test_fraction: float = 0.15, scaling: str = "standard") -> SeriesDataset:
    """Mauna Loa CO2, monthly or weekly (statsmodels ships it: works offline)."""
    options = dict(locals())
    return _windowed(sources.co2_series(frequency), "co2", options)


def jena_climate(columns: tuple = (sources.JENA_TEMPERATURE,), step: int = 6, length: int | None = 10_000,
                 cache_dir: str | None = None, target: str | None = None, look_back: int = 24, horizon: int = 1,
                 stride: int = 1, validation_fraction: float = 0.15, test_fraction: float = 0.15,
                 scaling: str = "standard") -> SeriesDataset:
    """The Jena climate records (Keras' file: cached, or downloaded once; a clear message offline)."""
    options = dict(locals())
    return _windowed(sources.jena_series(tuple(columns), step, length, cache_dir), "jena_climate", options)


def series_csv(source=None, date_column: str | None = None, value_columns: tuple | None = None,
               target: str | None = None, look_back: int = 20, horizon: int = 1, stride: int = 1,
               validation_fraction: float = 0.15, test_fraction: float = 0.15,
               scaling: str = "standard") -> SeriesDataset:
    """A series from a CSV: `source` is a path, the file's bytes or its text."""
    if source is None:
        raise ValueError("series_csv needs a source: a CSV path, or the file's bytes or text")
    options = dict(locals())
    raw = read_series_csv(source, date_column, tuple(value_columns) if value_columns is not None else None)
    return _windowed(raw, "series_csv", options)


SERIES_GENERATORS = {"noisy_sine": noisy_sine, "sines_trend": sines_trend, "damped_oscillator": damped_oscillator,
                     "random_walk": random_walk, "sunspots": sunspots, "co2": co2, "jena_climate": jena_climate,
                     "series_csv": series_csv}
