"""Item 15: the cost cap counts memory (parameters with their optimiser state, activations, data) in bytes."""

import pytest

from rnnviz import ModelConfig, TrainingRequest
from rnnviz.training_request import training_memory

SMALL_IMDB = {"size": 1000, "sequence_length": 50}


def test_a_vocabulary_of_a_million_words_by_512_dimensions_is_refused_for_its_memory():
    with pytest.raises(ValueError) as refused:
        TrainingRequest("imdb", {**SMALL_IMDB, "vocabulary_size": 1_000_000}, ModelConfig(embedding_dim=512, units=8))
    message = str(refused.value)
    # the table, an LSTM of 8 units reading 512 inputs (4 gates x 8 x (512 + 8 + 1)), the sigmoid output (8 + 1)
    parameters = 1_000_000 * 512 + 4 * 8 * (512 + 8 + 1) + 9
    weights_mb = parameters * 4 * 4 / 2**20            # float32 weights, gradients and Adam's two moments
    assert f"{parameters:,} parameters take {weights_mb:,.0f} MB" in message
    assert message.startswith("this training needs about ") and "above the server's 1,024 MB" in message
    assert "\n" not in message and "vocabulary" in message


def test_a_one_hot_input_counts_its_identity_table_and_its_wide_activations():
    with pytest.raises(ValueError, match="MB of memory"):
        TrainingRequest("imdb", {"vocabulary_size": 20_000}, ModelConfig(input_representation="one_hot"))


@pytest.mark.parametrize("options", [
    {"cell": "LSTM"}, {"cell": "GRU", "n_layers": 2, "bidirectional": True}, {"cell": "pooling"},
    {"cell": "SimpleRNN", "input_representation": "one_hot"},
])
def test_the_parameters_counted_are_the_ones_keras_builds(options):
    from rnnviz.models import build_keras_model

    config = ModelConfig(units=8, embedding_dim=5, **options)
    request = TrainingRequest("imdb", {**SMALL_IMDB, "vocabulary_size": 1000}, config, batch_size=16)
    model = build_keras_model(config, vocabulary_size=1000, sequence_length=50, n_classes=2)
    memory = training_memory(request)
    assert memory["parameters"] == model.count_params()
    assert memory["data_bytes"] == 700 * 50 * 4       # 70 % of 1,000 reviews x 50 int32 ids


def test_the_memory_cap_is_configurable(monkeypatch):
    request = TrainingRequest("imdb", SMALL_IMDB, ModelConfig(units=8))
    total_mb = sum(value for name, value in training_memory(request).items() if name.endswith("_bytes")) / 2**20
    monkeypatch.setenv("RNNVIZ_MAX_TRAINING_MB", str(total_mb * 0.99))
    with pytest.raises(ValueError, match="MB of memory"):
        TrainingRequest("imdb", SMALL_IMDB, ModelConfig(units=8))
    monkeypatch.setenv("RNNVIZ_MAX_TRAINING_MB", str(total_mb * 1.01))
    assert TrainingRequest("imdb", SMALL_IMDB, ModelConfig(units=8)) == request
