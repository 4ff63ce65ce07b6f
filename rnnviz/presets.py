"""One-click models: a good small model for each built-in dataset, trained in seconds."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import ModelConfig


@dataclass(frozen=True)
class Preset:
    """A dataset, a model and a training budget that together give a good model quickly."""

    key: str
    title: str
    blurb: str                      # one sentence for the button's card
    dataset_name: str
    dataset_options: dict = field(hash=False)
    config: ModelConfig = ModelConfig()
    epochs: int = 6
    batch_size: int = 64
    seed: int = 0


PRESETS = {preset.key: preset for preset in (
    Preset("sentiment_lstm_en", "LSTM on toy sentiment (English)",
           "Reads 'slow at first but wonderful' word by word and gets the sentiment right.",
           "toy_sentiment", {"language": "en", "size": 4000},
           ModelConfig(cell="LSTM", units=32, embedding_dim=16, learning_rate=0.01), epochs=4),
    Preset("sentiment_lstm_es", "LSTM sobre reseñas de juguete (español)",
           "Lee 'lenta al principio pero maravillosa al final' palabra a palabra.",
           "toy_sentiment", {"language": "es", "size": 4000},
           ModelConfig(cell="LSTM", units=32, embedding_dim=16, learning_rate=0.01), epochs=4),
    Preset("memory_lstm", "LSTM on the memory task (lag 10)",
           "Remembers a marker token across 10 steps of noise.",
           "memory_task", {"lag": 10, "n_steps": 20, "size": 2000},
           ModelConfig(cell="LSTM", units=32, embedding_dim=8, learning_rate=0.01), epochs=8),
)}
