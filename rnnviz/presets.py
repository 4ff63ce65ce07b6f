"""One-click models: a good small model for each built-in dataset, trained in seconds."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .i18n import N_, _
from .models import COURSE_CELLS, ModelConfig
from .training_request import TrainingRequest


@dataclass(frozen=True)
class Preset:
    """A training request that gives a good model quickly, with the words that present it.

    title and blurb are English (the run's name is part of the request, shared by every language);
    display_title and display_blurb are the same words in the current language, for the page.
    """

    key: str
    blurb: str                      # one sentence for the button's card
    request: TrainingRequest

    @property
    def title(self) -> str:
        return self.request.run_name

    @property
    def display_title(self) -> str:
        return _(self.title)

    @property
    def display_blurb(self) -> str:
        return _(self.blurb)


def _preset(key: str, title: str, blurb: str, dataset_name: str, dataset_options: dict, config: ModelConfig,
            epochs: int) -> Preset:
    return Preset(key, blurb, TrainingRequest(dataset_name, dataset_options, config, epochs=epochs, batch_size=64,
                                              seed=0, run_name=title, group="preset"))


# Where gated cells earn their keep (found by bench/long_range_search.py, measured by bench/long_range.py):
# the temporal-order task, 40 steps, the later marker at least 20 steps before the end, markers spread over
# 21 positions. Word vectors start at +-1 (not Keras' +-0.05): the distractors then push the state around,
# which gates can shut out and a SimpleRNN's tanh cannot. The same budget for every cell kind.
LONG_RANGE = TrainingRequest(
    "order_task", {"n_steps": 40, "lag": 20, "size": 3000},
    ModelConfig(cell="LSTM", units=32, embedding_dim=8, learning_rate=0.01, embedding_scale=1.0),
    epochs=8, batch_size=64, seed=0, run_name=N_("LSTM on the order task (40 steps)"), group="preset")


def long_range_comparison(seed: int = 0) -> dict:
    """cell kind -> the long-range request for that cell (SimpleRNN, LSTM, GRU), data and weights seeded by `seed`.

    Only the cell differs: same data, units, epochs, batch size, learning rate and batch order.
    """
    return {cell: replace(LONG_RANGE, dataset_options={**LONG_RANGE.dataset_options, "seed": seed},
                          config=LONG_RANGE.config.replace(cell=cell, seed=seed), seed=seed,
                          run_name=f"{cell} on the order task (40 steps)")
            for cell in COURSE_CELLS}


# Titles (the runs' names) and blurbs are English message ids, translated where a page shows them (N_); the
# Spanish dataset's preset is written in Spanish.
PRESETS = {preset.key: preset for preset in (
    _preset("sentiment_lstm_en", N_("LSTM on toy sentiment (English)"),
            N_("Reads 'slow at first but wonderful' word by word and gets the sentiment right."),
            "toy_sentiment", {"language": "en", "size": 4000},
            ModelConfig(cell="LSTM", units=32, embedding_dim=16, learning_rate=0.01), epochs=4),
    _preset("sentiment_lstm_es", "LSTM sobre reseñas de juguete (español)",
            "Lee 'lenta al principio pero maravillosa al final' palabra a palabra.",
            "toy_sentiment", {"language": "es", "size": 4000},
            ModelConfig(cell="LSTM", units=32, embedding_dim=16, learning_rate=0.01), epochs=4),
    _preset("memory_lstm", N_("LSTM on the memory task (lag 10)"),
            N_("Remembers a marker token across 10 steps of noise."),
            "memory_task", {"lag": 10, "n_steps": 20, "size": 2000},
            ModelConfig(cell="LSTM", units=32, embedding_dim=8, learning_rate=0.01), epochs=8),
    Preset("order_lstm", N_("Keeps which of x and y came first through 20+ steps of noise; the gradients lab "
                            "trains SimpleRNN and GRU on the same task."), LONG_RANGE),
)}
