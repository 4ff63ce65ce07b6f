"""Series data: generated and shipped series, the Jena file offline, user CSVs, windows and their split."""

import socket

import numpy as np
import pandas as pd
import pytest
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from rnnviz import load_dataset
from rnnviz.data import SERIES_NAMES, SeriesDataset
from rnnviz.data.series_sources import JENA_FILE, RawSeries
from rnnviz.data.windows import window_series

GENERATED = ("noisy_sine", "sines_trend", "damped_oscillator", "random_walk")


def _raw(values) -> RawSeries:
    values = np.asarray(values, dtype=np.float64).reshape(len(values), -1)
    return RawSeries(values, pd.RangeIndex(len(values)), tuple(f"f{i}" for i in range(values.shape[1])), "test")


@pytest.mark.parametrize("name", GENERATED)
def test_generated_series_are_deterministic_per_seed(name):
    first, again = load_dataset(name, seed=3, length=120), load_dataset(name, seed=3, length=120)
    other = load_dataset(name, seed=4, length=120)
    assert isinstance(first, SeriesDataset) and first.task == "regression"
    np.testing.assert_array_equal(first.values, again.values)
    assert not np.array_equal(first.values, other.values)
    assert first.values.shape == (120, 1)


def test_noiseless_sine_is_the_sine():
    data = load_dataset("noisy_sine", length=100, period=25, noise=0.0)
    np.testing.assert_allclose(data.values[:, 0], np.sin(2 * np.pi * np.arange(100) / 25))


def test_every_series_name_is_registered():
    assert set(GENERATED) | {"sunspots", "co2", "jena_climate", "series_csv"} == set(SERIES_NAMES)


def test_sunspots_load_with_the_network_off(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    data = load_dataset("sunspots", look_back=10)
    assert len(data.values) == 309
    assert (data.times[0], data.times[-1]) == (1700, 2008)
    assert data.values[0, 0] == 5.0   # the first yearly number, 1700


def test_co2_is_monthly_without_gaps():
    data = load_dataset("co2")
    assert np.isfinite(data.values).all()
    assert pd.infer_freq(data.times) == "MS"
    assert 310 < data.values.min() < data.values.max() < 380   # ppm, 1958-2001


def test_jena_offline_and_not_cached_names_the_file_and_folder(monkeypatch, tmp_path):
    import keras

    def offline(*args, **kwargs):
        raise Exception("URL fetch failure")

    monkeypatch.setattr(keras.utils, "get_file", offline)
    with pytest.raises(ValueError) as error:
        load_dataset("jena_climate", cache_dir=str(tmp_path))
    message = str(error.value)
    assert JENA_FILE in message and str(tmp_path / "datasets") in message and "\n" not in message


def test_jena_uses_the_cached_file_without_downloading(monkeypatch, tmp_path):
    import keras

    monkeypatch.setattr(keras.utils, "get_file", lambda *a, **k: pytest.fail("must not download"))
    (tmp_path / "datasets").mkdir()
    times = pd.date_range("2009-01-01", periods=600, freq="10min")
    pd.DataFrame({"Date Time": times.strftime("%d.%m.%Y %H:%M:%S"), "p (mbar)": 1000.0,
                  "T (degC)": np.sin(np.arange(600) / 30)}).to_csv(tmp_path / "datasets" / JENA_FILE, index=False)
    data = load_dataset("jena_climate", cache_dir=str(tmp_path), step=6, length=None, look_back=5)
    np.testing.assert_allclose(data.values[:, 0], np.sin(np.arange(0, 600, 6) / 30))
    assert data.times[1] - data.times[0] == pd.Timedelta(hours=1)


CSV = "date,temperature,rain\n" + "".join(f"2020-01-{d:02d},{10 + d % 3},{d % 2}\n" for d in range(1, 31))


def test_a_csv_with_a_date_and_two_value_columns():
    data = load_dataset("series_csv", source=CSV, date_column="date", target="rain", look_back=3)
    assert data.columns == ("temperature", "rain") and data.target_name == "rain"
    assert data.train.x.shape[1:] == (3, 2) and data.train.y.shape[1:] == (1,)
    assert data.times[0] == pd.Timestamp("2020-01-01")
    np.testing.assert_allclose(data.inverse_scale(data.train.y[:, 0]), data.values[data.train.target_steps, 1],
                               atol=1e-6)


@pytest.mark.parametrize("source, options, expected", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe binary", {}, "not a readable CSV"),
    (CSV, {"value_columns": ("pressure",)}, "column 'pressure' is not in the CSV; its columns: date, "),
    (CSV.replace("2020-01-05,12", "2020-01-05,warm"), {"date_column": "date"},
     "column 'temperature' has a non-numeric value at data row 5: 'warm'"),
    ("a\n1\n2\n3\n", {}, "the CSV has 3 data rows; a series needs at least 10"),
    ("a,b\n" + "4,1\n" * 5 + "4,2\n" * 10, {}, "column 'a' is constant (every value is 4)"),
    (CSV.replace("2020-01-05,12,1", "2020-01-05,,1"), {"date_column": "date"}, "has 1 empty values"),
    (CSV.replace("2020-01-05", "2020-01-02"), {"date_column": "date"}, "the dates in 'date' must increase"),
    (CSV.replace("2020-01-05", "someday"), {"date_column": "date"}, "not a date at data row 5: 'someday'"),
    (CSV, {"date_column": "date", "look_back": 25}, "look_back 25 is too long for this series"),
])
def test_a_bad_csv_gets_a_one_line_message(source, options, expected):
    with pytest.raises(ValueError) as error:
        load_dataset("series_csv", source=source, **options)
    assert expected in str(error.value)
    assert "\n" not in str(error.value)


def test_a_csv_path_is_read(tmp_path):
    path = tmp_path / "series.csv"
    path.write_text(CSV)
    data = load_dataset("series_csv", source=str(path), date_column="date", look_back=3)
    assert len(data.values) == 30


def test_window_shapes_follow_the_course():
    data = load_dataset("noisy_sine", length=200, look_back=15, horizon=3, stride=2)
    n_val, n_test = data.boundaries
    assert (n_val, n_test) == (140, 170)
    expected = {"train": len(range(15, 140 - 3 + 1, 2)), "validation": len(range(140, 170 - 3 + 1, 2)),
                "test": len(range(170, 200 - 3 + 1, 2))}
    for name, n_samples in expected.items():
        part = data.split(name)
        assert part.x.shape == (n_samples, 15, 1) and part.y.shape == (n_samples, 3)
        assert part.x.dtype == np.float32 and part.y.dtype == np.float32
    assert data.shape_text() == f"X.shape = [{expected['train']}, 15, 1]  y.shape = [{expected['train']}, 3]"


def test_windows_hold_the_past_and_the_next_values_scaled_on_the_training_part():
    data = load_dataset("sunspots", look_back=6, horizon=2)
    n_val = data.boundaries[0]
    oracle = StandardScaler().fit(data.values[:n_val])
    scaled = oracle.transform(data.values)[:, 0]
    for part in (data.train, data.validation, data.test):
        for i in (0, len(part) - 1):
            s = part.target_steps[i]
            np.testing.assert_allclose(part.x[i, :, 0], scaled[s - 6:s], rtol=1e-5, atol=1e-6)
            np.testing.assert_allclose(part.y[i], scaled[s:s + 2], rtol=1e-5, atol=1e-6)
            np.testing.assert_allclose(data.inverse_scale(part.y[i]), data.values[s:s + 2, 0], rtol=1e-5)


def test_minmax_scaling_matches_sklearn_fitted_on_the_training_part():
    data = load_dataset("random_walk", length=300, scaling="minmax", look_back=4)
    oracle = MinMaxScaler().fit(data.values[:data.boundaries[0]])
    np.testing.assert_allclose(data.train.x[:, -1, 0], oracle.transform(data.values)[data.train.target_steps - 1, 0],
                               rtol=1e-5, atol=1e-6)


def test_the_split_is_chronological_and_targets_stay_inside_their_part():
    data = load_dataset("noisy_sine", length=300, look_back=10, horizon=4)
    for name, (start, stop) in data.part_ranges().items():
        steps = data.split(name).target_steps
        assert (np.diff(steps) > 0).all()
        assert steps[0] >= start and steps[-1] + data.horizon <= stop


def test_perturbing_the_future_changes_neither_the_training_windows_nor_the_scaler():
    values = np.sin(np.arange(400) / 7.0) + 0.01 * np.arange(400)
    base = window_series(_raw(values), "base", look_back=12, horizon=3)
    n_val, n_test = base.boundaries
    future = values.copy()
    future[n_val:] = 1000 * np.random.default_rng(0).standard_normal(400 - n_val)
    changed = window_series(_raw(future), "future", look_back=12, horizon=3)
    for field in ("x", "y", "target_steps"):
        np.testing.assert_array_equal(getattr(base.train, field), getattr(changed.train, field))
    np.testing.assert_array_equal(base.scaler.offset, changed.scaler.offset)
    np.testing.assert_array_equal(base.scaler.scale, changed.scaler.scale)
    later = values.copy()
    later[n_test:] = -50.0     # the test part only: validation windows must not change either
    tested = window_series(_raw(later), "later", look_back=12, horizon=3)
    np.testing.assert_array_equal(base.validation.x, tested.validation.x)
    np.testing.assert_array_equal(base.validation.y, tested.validation.y)


def test_a_look_back_longer_than_the_series_gets_one_line():
    with pytest.raises(ValueError) as error:
        load_dataset("sunspots", look_back=400)
    assert str(error.value) == ("look_back 400 is too long for this series: its training part has 216 of its 309 "
                                "steps, which must hold look_back + horizon (401); use a look_back of at most 215")


def test_a_constant_series_gets_one_line():
    with pytest.raises(ValueError, match=r"^the training part of 'f0' is constant"):
        window_series(_raw(np.full(100, 2.5)), "flat")


def test_bad_options_are_named():
    with pytest.raises(ValueError, match="scaling must be one of 'standard', 'minmax', 'none', got 'log'"):
        load_dataset("noisy_sine", scaling="log")
    with pytest.raises(ValueError, match="sunspots has no option 'length'"):
        load_dataset("sunspots", length=10)
    with pytest.raises(ValueError, match="noise must be a number from 0 to 10, got -1"):
        load_dataset("noisy_sine", noise=-1)


def test_first_training_rows_keeps_the_earliest_windows():
    data = load_dataset("noisy_sine", length=200)
    cut = data.first_training_rows(30)
    assert len(cut.train) == 30 and cut.train.target_steps[-1] == data.train.target_steps[29]
    assert len(cut.validation) == len(data.validation)
