"""Where a time series comes from: generated offline, shipped inside a package's wheel, or Keras' Jena file.

Every source returns a `RawSeries`: the values as (n_steps, n_features) floats, one time label per step and
the feature names, before any windowing or scaling (that is `windows.py`'s job).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import N_, _
from ..validation import check_number  # noqa: F401 - windows.py imports it from here
from .dataset import check_int
from .descriptions import described

MAX_LENGTH = 200_000
JENA_FILE = "jena_climate_2009_2016.csv"
JENA_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/jena_climate_2009_2016.csv.zip"
JENA_TEMPERATURE = "T (degC)"

# The names a generated series gives its time axis and its column: stored in English (a run's files and a CSV
# read back keep them), shown in the student's language by `shown_name`.
STEP, VALUE = N_("step"), N_("value")


def shown_name(name: str | None) -> str:
    """A series' time or column name as shown: the generated names translated, a CSV's own names as they are."""
    if not name or name in (STEP, VALUE):
        return _(name or STEP)
    return name


@dataclass(frozen=True)
class RawSeries:
    """A series before windowing.

    values: (n_steps, n_features) float64, in time order.
    times: n_steps labels (years, dates or step numbers), for the x axis.
    columns: the n_features names; columns[0] is the one forecast unless a target is chosen.
    """

    values: np.ndarray
    times: pd.Index
    columns: tuple[str, ...]
    description: str
    description_id: str = ""         # the description's message id and values (see data/descriptions.py)
    description_values: tuple = ()


def _steps(length: int) -> pd.Index:
    return pd.RangeIndex(length, name=STEP)


def _generated(values: np.ndarray, name: str, template: str, **description_values) -> RawSeries:
    return RawSeries(values.reshape(-1, 1).astype(np.float64), _steps(len(values)), (name,),
                     **described(template, **description_values))


def _noise(rng: np.random.Generator, noise: float, length: int) -> np.ndarray:
    return noise * rng.standard_normal(length)


def noisy_sine_series(length: int = 500, period: float = 50.0, noise: float = 0.1, seed: int = 0) -> RawSeries:
    """sin(2 pi t / period) + Gaussian noise of standard deviation `noise`."""
    length, seed = check_int("length", length, 30, MAX_LENGTH), check_int("seed", seed, 0, 2**31 - 1)
    period, noise = check_number("period", period, 2, MAX_LENGTH), check_number("noise", noise, 0, 10)
    t = np.arange(length)
    values = np.sin(2 * np.pi * t / period) + _noise(np.random.default_rng(seed), noise, length)
    return _generated(values, VALUE, N_("sine of period {period:g} steps, noise {noise:g}"), period=period,
                      noise=noise)


def sines_trend_series(length: int = 500, period: float = 50.0, trend: float = 0.004, noise: float = 0.1,
                       seed: int = 0) -> RawSeries:
    """Two sines (periods `period` and period / 3.7, the second half as tall) on a linear trend, plus noise.

    The trend takes the test part outside the range the training part saw: a lesson about extrapolation.
    """
    length, seed = check_int("length", length, 30, MAX_LENGTH), check_int("seed", seed, 0, 2**31 - 1)
    period, noise = check_number("period", period, 2, MAX_LENGTH), check_number("noise", noise, 0, 10)
    trend = check_number("trend", trend, -1, 1)
    t = np.arange(length)
    values = (np.sin(2 * np.pi * t / period) + 0.5 * np.sin(2 * np.pi * t * 3.7 / period) + trend * t
              + _noise(np.random.default_rng(seed), noise, length))
    return _generated(values, VALUE, N_("two sines (period {period:g}) on a trend of {trend:g} per step, "
                                          "noise {noise:g}"), period=period, trend=trend, noise=noise)


def damped_oscillator_series(length: int = 500, period: float = 40.0, damping: float = 0.003, noise: float = 0.02,
                             seed: int = 0) -> RawSeries:
    """exp(-damping t) cos(2 pi t / period) + noise: an oscillation dying out, so later windows are smaller."""
    length, seed = check_int("length", length, 30, MAX_LENGTH), check_int("seed", seed, 0, 2**31 - 1)
    period, noise = check_number("period", period, 2, MAX_LENGTH), check_number("noise", noise, 0, 10)
    damping = check_number("damping", damping, 0, 1)
    t = np.arange(length)
    values = np.exp(-damping * t) * np.cos(2 * np.pi * t / period) + _noise(np.random.default_rng(seed), noise,
                                                                             length)
    return _generated(values, VALUE, N_("damped oscillation (period {period:g}, damping {damping:g}), "
                                          "noise {noise:g}"), period=period, damping=damping, noise=noise)


def random_walk_series(length: int = 500, noise: float = 1.0, drift: float = 0.0, seed: int = 0) -> RawSeries:
    """Cumulative sum of Gaussian steps (standard deviation `noise`, mean `drift`): nothing to learn beyond
    the last value, so the naive forecast is the best possible one."""
    length, seed = check_int("length", length, 30, MAX_LENGTH), check_int("seed", seed, 0, 2**31 - 1)
    noise, drift = check_number("noise", noise, 0.001, 100), check_number("drift", drift, -100, 100)
    steps = drift + _noise(np.random.default_rng(seed), noise, length)
    return _generated(np.cumsum(steps), VALUE, N_("random walk, steps of {noise:g} (drift {drift:g})"),
                      noise=noise, drift=drift)


def sunspots_series() -> RawSeries:
    """Yearly sunspot numbers 1700-2008, shipped inside statsmodels' wheel (no network needed)."""
    from statsmodels.datasets import sunspots

    frame = sunspots.load_pandas().data
    times = pd.Index(frame["YEAR"].astype(int).to_numpy(), name="year")
    return RawSeries(frame[["SUNACTIVITY"]].to_numpy(np.float64), times, ("sunspots",),
                     **described(N_("yearly sunspot numbers {first}-{last} (statsmodels)"), first=times[0],
                                 last=times[-1]))


def co2_series(frequency: str = "monthly") -> RawSeries:
    """Mauna Loa atmospheric CO2 (ppm) 1958-2001, shipped inside statsmodels' wheel.

    The weekly records have gaps (whole months, e.g. June 1958): "monthly" averages each month, "weekly" keeps
    the weeks; either way a missing step is filled by linear interpolation in time, so steps stay evenly spaced.
    """
    from statsmodels.datasets import co2

    from .dataset import check_choice

    check_choice("frequency", frequency, ("monthly", "weekly"))
    weekly = co2.load_pandas().data["co2"]
    series = weekly.resample("MS").mean() if frequency == "monthly" else weekly
    series = series.interpolate("time").dropna()
    times = pd.DatetimeIndex(series.index, name="date")
    return RawSeries(series.to_numpy(np.float64).reshape(-1, 1), times, ("co2",),
                     **described(N_("monthly Mauna Loa CO2 in ppm, {first}-{last} (statsmodels)")
                                 if frequency == "monthly" else
                                 N_("weekly Mauna Loa CO2 in ppm, {first}-{last} (statsmodels)"),
                                 first=f"{times[0]:%Y-%m}", last=f"{times[-1]:%Y-%m}"))


def jena_series(columns: tuple[str, ...] = (JENA_TEMPERATURE,), step: int = 6, length: int | None = 10_000,
                cache_dir: str | None = None) -> RawSeries:
    """The Jena climate records (one row per 10 minutes, 2009-2016) as in Chollet's example.

    step=6 keeps one row per hour; length keeps the first rows after that (None: all). The file is read
    from Keras' cache if present, else downloaded once with keras.utils.get_file; offline and not cached,
    a ValueError names the file and the folder to put it in.
    """
    step = check_int("step", step, 1, 1000)
    if length is not None:
        length = check_int("length", length, 30, MAX_LENGTH)
    frame = pd.read_csv(_jena_path(cache_dir))
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"the Jena file has no column {missing[0]!r}; its columns: {', '.join(frame.columns)}")
    frame = frame.iloc[::step].iloc[:length]
    times = pd.DatetimeIndex(pd.to_datetime(frame["Date Time"], format="%d.%m.%Y %H:%M:%S"), name="date")
    return RawSeries(frame[list(columns)].to_numpy(np.float64), times, tuple(columns),
                     **described(N_("Jena climate, every {minutes} minutes from {start}: {columns}"),
                                 minutes=step * 10, start=f"{times[0]:%Y-%m-%d}", columns=", ".join(columns)))


def _jena_path(cache_dir: str | None) -> str:
    """The Jena CSV in Keras' cache (cache_dir/datasets), downloading it only when it is not there."""
    import keras

    folder = os.path.join(cache_dir or os.environ.get("KERAS_HOME") or os.path.expanduser("~/.keras"), "datasets")
    for candidate in (os.path.join(folder, JENA_FILE), os.path.join(folder, JENA_FILE + "_extracted", JENA_FILE)):
        if os.path.exists(candidate):
            return candidate
    try:
        extracted = keras.utils.get_file(JENA_FILE + ".zip", origin=JENA_ORIGIN, extract=True,
                                         cache_dir=cache_dir)
    except Exception as error:  # noqa: BLE001 - any download failure gets the same offline message
        raise ValueError(f"the Jena climate file is not cached and could not be downloaded ({type(error).__name__}"
                         f", offline?); place {JENA_FILE} in {folder} to use it offline") from None
    path = extracted if extracted.endswith(".csv") else os.path.join(extracted, JENA_FILE)
    if not os.path.exists(path):
        raise ValueError(f"the Jena download has no {JENA_FILE}; place the file in {folder}")
    return path
