"""Lesson links: settings <-> query parameters, checked; the ready questions' answers measured on the model."""

import numpy as np
import pandas as pd
import pytest

from rnnviz import lesson
from rnnviz.lesson_questions import (
    QUESTIONS,
    SIZE_CHOICES,
    final_class,
    final_sign,
    kept_most,
    question,
    simple_rnn_size,
)

FIELDS = (lesson.choice("preset", ("sentiment_lstm_en", "memory_lstm")), lesson.text("sentence"),
          lesson.integer("unit", 0, 1023), lesson.integer("steps", 10, 200, 10), lesson.number("gain", 0.1, 3.0, 0.1),
          lesson.choice("units", (8, 16, 32)), lesson.flag("predict"))


def test_settings_survive_the_round_trip_through_a_url():
    settings = {"preset": "memory_lstm", "sentence": "not good, not bad", "unit": 7, "steps": 60, "gain": 1.3,
                "units": 16, "predict": True}
    params = lesson.encode(FIELDS, settings)
    assert all(isinstance(value, str) for value in params.values())
    url = lesson.lesson_url("http://host:8501/hidden_states?old=1", params)
    from urllib.parse import parse_qsl, urlsplit

    assert urlsplit(url).path == "/hidden_states"
    values, problems = lesson.decode(FIELDS, dict(parse_qsl(urlsplit(url).query)))
    assert problems == []
    assert values == settings
    assert type(values["units"]) is int and values["gain"] == pytest.approx(1.3)


def test_each_bad_value_is_one_message_naming_it_and_the_rest_is_kept():
    values, problems = lesson.decode(FIELDS, {"preset": "gpt4", "unit": "-1", "steps": "15", "gain": "abc",
                                              "units": "12", "sentence": "ok", "lang": "es"})
    assert values == {"sentence": "ok"}            # lang belongs to another part of the app: ignored
    assert len(problems) == 5
    joined = " | ".join(problems)
    for bad in ("'gpt4'", "-1", "15", "'abc'", "'12'"):
        assert bad in joined


def test_encode_refuses_unknown_settings_and_values_that_would_not_read_back():
    with pytest.raises(ValueError, match="no lesson setting 'colour'"):
        lesson.encode(FIELDS, {"colour": "red"})
    with pytest.raises(ValueError, match="unit must be an integer from 0 to 1,023, got 2000"):
        lesson.encode(FIELDS, {"unit": 2000})
    with pytest.raises(ValueError, match="sentence must be one line"):
        lesson.encode(FIELDS, {"sentence": "two\nlines"})
    with pytest.raises(ValueError, match="at most 300 characters, got 301"):
        lesson.encode(FIELDS, {"sentence": "x" * 301})
    assert lesson.encode(FIELDS, {"unit": None, "steps": 20}) == {"steps": "20"}


def test_a_number_off_the_slider_grid_is_refused():
    gain = lesson.number("gain", 0.1, 3.0, 0.1)
    assert gain.read("2.9") == pytest.approx(2.9)
    with pytest.raises(ValueError, match="gain must be 0.1 plus a multiple of 0.1, got '1.25'"):
        gain.read("1.25")
    with pytest.raises(ValueError, match="gain must be a number from 0.1 to 3"):
        gain.read("inf")


def test_ready_questions_by_key_and_the_first_for_1():
    assert question("hidden_states", "1").key == next(iter(QUESTIONS["hidden_states"]))
    assert question("gradients", "simple_rnn").options() == SIZE_CHOICES
    assert question("gradients", "keeps").options(cells=("LSTM", "GRU")) == ("LSTM", "GRU")
    with pytest.raises(ValueError, match="predict must be one of '1', 'class', 'sign', got 'nope'"):
        question("hidden_states", "nope")


class _Trace:
    def __init__(self, predictions, class_names):
        self.predictions, self.class_names = np.asarray(predictions), class_names


def test_final_class_is_the_models_last_output():
    assert final_class(_Trace([[0.9], [0.3]], ("negative", "positive"))) == "negative"
    assert final_class(_Trace([[0.1], [0.7]], ("negative", "positive"))) == "positive"
    assert final_class(_Trace([[0.1, 0.2, 0.7], [0.6, 0.3, 0.1]], ("a", "b", "c"))) == "a"


def test_final_sign_reads_the_last_word_read_in_the_cells_direction():
    class Cell:
        direction = "forward"
        h = np.array([[0.0, 0.0], [0.5, -0.2], [9.0, 9.0]])     # the last row is padding after the sentence

    mask = np.array([True, True, False])
    assert final_sign(Cell, 0, mask) == "positive" and final_sign(Cell, 1, mask) == "negative"
    Cell.direction = "backward"                                  # reads from the end: its last word is the first
    Cell.h = np.array([[-0.4, 0.3], [0.5, -0.2], [9.0, 9.0]])
    assert final_sign(Cell, 0, mask) == "negative"


def test_the_remedy_with_the_smallest_gap_in_absolute_value():
    from rnnviz.lesson_questions import smallest_gap

    assert smallest_gap({"L2": 0.20, "dropout": -0.05, "smaller network": 0.08, "early": None}) == "dropout"
    with pytest.raises(ValueError, match="no run with a measured gap"):
        smallest_gap({"L2": None, "dropout": float("nan")})
    assert question("fitting", "1").options(remedies=("L2", "dropout")) == ("L2", "dropout")


def test_gradient_answers_from_the_measured_ratios():
    assert kept_most({"SimpleRNN": 0.01, "LSTM": 0.4, "GRU": float("nan")}) == "LSTM"
    with pytest.raises(ValueError, match="no finite gradient ratio"):
        kept_most({"SimpleRNN": float("inf")})
    assert [simple_rnn_size(r) for r in (0.1, 1.0, 5.0)] == list(SIZE_CHOICES)


def test_gradient_answer_agrees_with_the_curves_themselves():
    """Oracle: the cell with the largest norm at the farthest word relative to its last word, read off the table."""
    from rnnviz.gradients.captions import first_to_last_ratios

    index = pd.Index([0, 1, 2], name="distance")
    curves = {"SimpleRNN": pd.DataFrame({"median": [1.0, 0.1, 0.01]}, index=index),
              "LSTM": pd.DataFrame({"median": [2.0, 1.0, 0.5]}, index=index),
              "GRU": pd.DataFrame({"median": [4.0, 2.0, 0.8]}, index=index)}
    best = max(curves, key=lambda cell: curves[cell]["median"].iloc[-1] / curves[cell]["median"].iloc[0])
    assert kept_most(first_to_last_ratios(curves)[1]) == best == "LSTM"
