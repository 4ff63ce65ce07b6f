"""Item 15: an uploaded CSV's size is known (rows, words per row) and capped before it is parsed."""

import pytest

from rnnviz import ModelConfig, TrainingRequest
from rnnviz.data import csv_data
from rnnviz.training_request import dataset_shape


def _write_csv(path, rows: int, text: str = "a fairly ordinary review of a film that was fine"):
    with open(path, "w", encoding="utf-8") as file:
        file.write("text,label\n")
        line = f"{text},1\n"
        file.write(line * rows)
    return str(path)


def test_the_shape_of_a_csv_is_counted_without_parsing_it(tmp_path, monkeypatch):
    path = _write_csv(tmp_path / "reviews.csv", 5000)
    monkeypatch.setattr(csv_data.pd, "read_csv", lambda *a, **k: pytest.fail("the CSV was parsed"))
    rows, words = csv_data.csv_shape(path)
    assert rows == 5000
    assert 8 <= words <= 11             # 9 words and a label per row, from the bytes per row
    request_shape = dataset_shape(TrainingRequest("csv", {"path": path}, ModelConfig(units=8)))
    assert request_shape[0] == 3500                          # 70 % of 5,000 rows train


def test_a_large_csv_is_refused_by_the_caps_before_it_is_parsed(tmp_path, monkeypatch):
    path = _write_csv(tmp_path / "big.csv", 300_000)
    monkeypatch.setattr(csv_data.pd, "read_csv", lambda *a, **k: pytest.fail("the CSV was parsed"))
    with pytest.raises(ValueError, match="too large for the server: 210,000 sequences"):
        TrainingRequest("csv", {"path": path}, ModelConfig())


def test_a_csv_over_its_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = _write_csv(tmp_path / "big.csv", 30_000)          # ~1.5 MB
    monkeypatch.setattr(csv_data.pd, "read_csv", lambda *a, **k: pytest.fail("the CSV was parsed"))
    for read in (csv_data.read_columns, csv_data.csv_shape, csv_data.read_table):
        with pytest.raises(ValueError, match="the limit is 1 MB"):
            read(path, max_file_mb=1)


def test_the_columns_come_from_the_head_of_the_file_only(tmp_path):
    path = tmp_path / "tail.csv"
    head = "text,label\n" + "good film,1\n" * 10_000               # > HEAD_BYTES: the head is cut at a line
    path.write_bytes(head.encode() + b"\xff\xfe broken tail")        # not UTF-8 after the head
    assert csv_data.read_columns(str(path)) == ["text", "label"]
    with pytest.raises(ValueError, match="not UTF-8"):
        csv_data.read_table(str(path))
