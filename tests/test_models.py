"""The model builder: Keras' own parameter counts, the course's formulas, validation, seeded weights."""

import numpy as np
import pytest

from rnnviz import ModelConfig, build_model
from rnnviz.models import CELLS, build_keras_model, summary_table


def _params(model) -> dict:
    return dict(zip(summary_table(model)["layer"], summary_table(model)["parameters"]))


def test_course_example_embedding_10000_32_simple_rnn_32():
    model = build_keras_model(ModelConfig(cell="SimpleRNN", units=32, embedding_dim=32), vocabulary_size=10000,
                              sequence_length=500)
    params = _params(model)
    assert params["embedding"] == 320_000
    assert params["simplernn_1"] == 2_080          # 32 * (32 + 32 + 1)
    assert params["output"] == 33
    assert sum(params.values()) == model.count_params() == 322_113


@pytest.mark.parametrize("cell, expected", [
    ("SimpleRNN", 16 * (16 + 8 + 1)),
    ("LSTM", 4 * 16 * (16 + 8 + 1)),
    ("GRU", 3 * 16 * (16 + 8 + 2)),   # reset_after=True: two bias vectors
])
def test_recurrent_parameter_counts_follow_the_course_formulas(cell, expected):
    model = build_keras_model(ModelConfig(cell=cell, units=16, embedding_dim=8), 100, 10)
    layer = model.get_layer(f"{cell.lower()}_1")
    assert layer.count_params() == expected
    assert _params(model)[layer.name] == expected


def test_bidirectional_and_stacked_layers():
    model = build_keras_model(ModelConfig(cell="LSTM", units=8, embedding_dim=4, n_layers=2, bidirectional=True),
                              50, 12)
    params = _params(model)
    assert params["bidirectional_1"] == 2 * 4 * 8 * (8 + 4 + 1)
    assert params["bidirectional_2"] == 2 * 4 * 8 * (8 + 16 + 1)    # input = concat of both directions
    assert params["output"] == 16 + 1
    assert summary_table(model)["output shape"].iloc[1] == "(batch, 12, 16)"


def test_baselines_read_the_same_embeddings_without_recurrence():
    pooling = build_keras_model(ModelConfig(cell="pooling", units=8, embedding_dim=4), 50, 10)
    flatten = build_keras_model(ModelConfig(cell="flatten", units=8, embedding_dim=4), 50, 10)
    assert [type(layer).__name__ for layer in pooling.layers] == [
        "Embedding", "GlobalAveragePooling1D", "Dense", "Dense"]
    assert _params(flatten)["hidden"] == (10 * 4) * 8 + 8


def test_output_layer_and_loss_follow_the_task():
    binary = build_keras_model(ModelConfig(units=4), 50, 10, n_classes=2)
    multi = build_keras_model(ModelConfig(units=4), 50, 10, n_classes=3)
    assert binary.layers[-1].units == 1 and binary.layers[-1].activation.__name__ == "sigmoid"
    assert binary.loss == "binary_crossentropy"
    assert multi.layers[-1].units == 3 and multi.layers[-1].activation.__name__ == "softmax"
    assert multi.loss == "sparse_categorical_crossentropy"


def test_same_seed_same_initial_weights(tiny_sentiment):
    first = build_model(tiny_sentiment, cell="GRU", units=4, seed=3).get_weights()
    again = build_model(tiny_sentiment, cell="GRU", units=4, seed=3).get_weights()
    other = build_model(tiny_sentiment, cell="GRU", units=4, seed=4).get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert not np.array_equal(first[0], other[0])


def test_recurrent_gain_scales_the_recurrent_kernel(tiny_sentiment):
    base = build_model(tiny_sentiment, cell="SimpleRNN", units=8, seed=0).get_layer("simplernn_1")
    loud = build_model(tiny_sentiment, cell="SimpleRNN", units=8, seed=0, recurrent_gain=1.5).get_layer(
        "simplernn_1")
    assert np.allclose(loud.cell.recurrent_kernel.numpy(), 1.5 * base.cell.recurrent_kernel.numpy(), atol=1e-6)
    singular_values = np.linalg.svd(base.cell.recurrent_kernel.numpy(), compute_uv=False)
    assert singular_values == pytest.approx(np.ones(8), abs=1e-5)    # orthogonal


@pytest.mark.parametrize("options, message", [
    ({"units": 0}, "units must be an integer from 1 to 1024, got 0"),
    ({"units": 2.5}, "units must be an integer"),
    ({"learning_rate": 50}, "learning_rate must be a number from 1e-06 to 1, got 50"),
    ({"learning_rate": float("nan")}, "learning_rate must be a number"),
    ({"dropout": 1.5}, "dropout must be a number from 0 to 0.9"),
    ({"cell": "Transformer"}, f"cell must be one of {', '.join(CELLS)}, got 'Transformer'"),
    ({"optimizer": "adamw"}, "optimizer must be one of 'adam', 'rmsprop', 'sgd'"),
    ({"n_layers": 9}, "n_layers must be an integer from 1 to 4"),
])
def test_config_validation_names_the_bad_value(options, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        ModelConfig(**options)


def test_cell_names_are_forgiving_about_case():
    assert ModelConfig(cell="lstm").cell == "LSTM"
    assert ModelConfig(cell="simple_rnn").cell == "SimpleRNN"
    assert ModelConfig(cell="GRU", units=16, n_layers=2, bidirectional=True).label() == "BiGRU 16 x2"


def test_build_model_rejects_unknown_options(tiny_sentiment):
    with pytest.raises(ValueError, match="no option 'unitz'"):
        build_model(tiny_sentiment, cell="LSTM", unitz=3)
