"""One-click models: a good small model for each built-in dataset, trained in seconds."""

from __future__ import annotations

from dataclasses import dataclass

from .models import ModelConfig
from .training_request import TrainingRequest


@dataclass(frozen=True)
class Preset:
    """A training request that gives a good model quickly, with the words that present it."""

    key: str
    blurb: str                      # one sentence for the button's card
    request: TrainingRequest

    @property
    def title(self) -> str:
        return self.request.run_name


def _preset(key: str, title: str, blurb: str, dataset_name: str, dataset_options: dict, config: ModelConfig,
            epochs: int) -> Preset:
    return Preset(key, blurb, TrainingRequest(dataset_name, dataset_options, config, epochs=epochs, batch_size=64,
                                              seed=0, run_name=title, group="preset"))


PRESETS = {preset.key: preset for preset in (
    _preset("sentiment_lstm_en", "LSTM on toy sentiment (English)",
            "Reads 'slow at first but wonderful' word by word and gets the sentiment right.",
            "toy_sentiment", {"language": "en", "size": 4000},
            ModelConfig(cell="LSTM", units=32, embedding_dim=16, learning_rate=0.01), epochs=4),
    _preset("sentiment_lstm_es", "LSTM sobre reseñas de juguete (español)",
            "Lee 'lenta al principio pero maravillosa al final' palabra a palabra.",
            "toy_sentiment", {"language": "es", "size": 4000},
            ModelConfig(cell="LSTM", units=32, embedding_dim=16, learning_rate=0.01), epochs=4),
    _preset("memory_lstm", "LSTM on the memory task (lag 10)",
            "Remembers a marker token across 10 steps of noise.",
            "memory_task", {"lag": 10, "n_steps": 20, "size": 2000},
            ModelConfig(cell="LSTM", units=32, embedding_dim=8, learning_rate=0.01), epochs=8),
)}
