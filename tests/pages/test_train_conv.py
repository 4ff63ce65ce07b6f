"""Train page: the Conv1D settings (a Conv1D model, or a convolution before a recurrent cell) reach the model."""

from conftest import no_exception, open_app
from conftest import number_input as _number
from conftest import selectbox as _select

PAGE = "pages/train.py"


def test_a_convolution_before_the_gru_shows_in_the_summary_and_a_bad_kernel_gets_one_line():
    at = open_app(PAGE)
    _number(at, "Sentences").set_value(200)
    _select(at, "Cell").set_value("GRU")
    at.run()
    assert not any(w.label == "Convolution kernel (words)" for w in at.number_input)   # 0 filters: no stage
    _number(at, "Conv1D filters before the cell (0 = none)").set_value(8).run()
    assert no_exception(at)
    summary = at.dataframe[1].value
    assert list(summary["type"]) == ["Embedding", "Conv1D", "MaxPooling1D", "GRU", "Dense"]
    assert summary["parameters"][1] == 5 * 16 * 8 + 8                   # kernel 5 x embedding 16 x 8 filters
    _number(at, "Convolution kernel (words)").set_value(0).run()
    assert no_exception(at)
    assert [e.value for e in at.error] == ["Convolution kernel (words): must be an integer from 1 to 15, got 0"]


def test_the_conv1d_model_has_a_kernel_and_pooling_but_no_stage_box():
    at = open_app(PAGE)
    _select(at, "Cell").set_value("Conv1D")
    at.run()
    assert no_exception(at)
    labels = {w.label for w in at.number_input}
    assert {"Convolution kernel (words)", "Max-pooling size"} <= labels
    assert "Conv1D filters before the cell (0 = none)" not in labels
    assert list(at.dataframe[1].value["type"]) == ["Embedding", "Conv1D", "MaxPooling1D", "GlobalMaxPooling1D",
                                                   "Dense"]
