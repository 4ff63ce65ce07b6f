"""The lab's experiments as plain settings -> plain results, so the page stays a thin view.

`Conditions` are the knobs that decide whether the gradient vanishes or explodes (initialiser and gain,
input scale, sequence length, activation). `compare_cells` builds SimpleRNN, LSTM and GRU under the same
conditions, data and seed, and measures their gradients through time on the same sequences.
`ClippingDemo` is the exploding-gradient experiment: one model trained twice, without and with clipnorm.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..data.dataset import check_choice, check_int
from ..i18n import N_, _, _n
from ..models import COURSE_CELLS, ModelConfig
from ..shared_memo import shared_by_content
from .through_time import GradientNorms, gradient_norms

DATASETS = ("memory_task", "toy_sentiment")
QUANTITIES = ("hidden", "input", "cell")
EXPLAINED = {"hidden": N_("the hidden state h_t"), "input": N_("the word vector x_t"),
             "cell": N_("the LSTM cell state c_t")}


@dataclass(frozen=True)
class Conditions:
    """What the three cells share in a comparison (hashable: a cache key as it is)."""

    dataset: str = "memory_task"         # memory_task (random tokens, any length) | toy_sentiment (sentences)
    n_steps: int = 50                    # memory_task: length of every sequence
    language: str = "en"                 # toy_sentiment: en | es
    units: int = 32
    recurrent_initializer: str = "orthogonal"
    recurrent_gain: float = 1.0
    embedding_scale: float = 0.05        # word vectors start uniform in [-scale, scale]: the input's size
    activation: str = "tanh"
    n_sequences: int = 64                # validation sequences averaged over
    seed: int = 0

    def __post_init__(self):
        check_choice("dataset", self.dataset, DATASETS)
        check_int("n_steps", self.n_steps, 2, 500)
        check_int("n_sequences", self.n_sequences, 1, 1024)
        self.model_config("LSTM")        # validates the model settings (ValueError names the bad one)

    def dataset_options(self) -> dict:
        if self.dataset == "memory_task":
            # The marker sits halfway: a dependency as long as half the sequence.
            return {"n_steps": self.n_steps, "lag": max(1, self.n_steps // 2), "size": 1000, "seed": self.seed}
        return {"size": 1000, "seed": self.seed, "language": self.language}

    def model_config(self, cell: str, **changes) -> ModelConfig:
        # learning rate kept at the library's former default (0.001): the lab's pictures were measured with it
        return ModelConfig(cell=cell, units=self.units, embedding_dim=16, seed=self.seed, learning_rate=0.001,
                           recurrent_initializer=self.recurrent_initializer, recurrent_gain=self.recurrent_gain,
                           embedding_scale=self.embedding_scale, activation=self.activation, **changes)


# The classic case: Keras' initialisation, but word vectors 40x larger (uniform in +-2 instead of +-0.05).
# Found by measurement (bench/gradients_classic_case.py prints each candidate's ratios): with the defaults the
# SimpleRNN's tanh runs almost linear and its orthogonal weights keep the gradient's size; large inputs push
# tanh into saturation, tanh' falls well below 1 and SimpleRNN's gradient vanishes far below the LSTM's.
CLASSIC_CASE = Conditions(embedding_scale=2.0)
CLASSIC_CHANGE = N_("word vectors 40x larger at initialisation (input scale 2.0 instead of 0.05)")


def build_cells(conditions: Conditions, dataset, cells=COURSE_CELLS) -> dict:
    """cell -> an untrained model built under `conditions` (same seed, so the same embeddings for all)."""
    from ..models import build_model

    return {cell: build_model(dataset, conditions.model_config(cell)) for cell in cells}


def compare_cells(models: dict, x, y) -> dict:
    """label -> GradientNorms of each model on the same sequences x (n_sequences, n_steps), labels y."""
    return {label: gradient_norms(model, x, y) for label, model in models.items()}


@shared_by_content(64)      # a class's Gradients pages ask for the same curves on every rerun (~50 ms each)
def summaries(norms_by_label: dict, quantity: str = "hidden", min_share: float = 0.5) -> dict:
    """label -> summary DataFrame, keeping distances reached by at least `min_share` of the sequences.

    quantity 'cell' keeps only the LSTM models (the others have no cell state).
    """
    check_choice("quantity", quantity, QUANTITIES)
    out = {}
    for label, norms in norms_by_label.items():
        if quantity == "cell" and norms.layer().cell_state is None:
            continue
        summary = norms.summary(quantity, min_sequences=int(np.ceil(min_share * norms.n_sequences)))
        if len(summary):      # empty when every norm is NaN: the model's weights diverged
            out[label] = summary
    if not out:
        raise ValueError("no finite gradient to show: only an LSTM has a cell state c_t, and a model whose "
                         "training diverged (NaN weights) has no gradient left")
    return out


def simple_rnn_linearity(model, x: np.ndarray, n_sequences: int = 8) -> dict:
    """How close to linear a SimpleRNN runs on sequences x (n, n_steps): its first recurrent layer's
    pre-activations a_t = W x_t + U h_{t-1} + b, read by the tracer (rnnviz.tracing) on the first
    n_sequences sequences, padding left out.

    Returns {"mean_abs_pre_activation": mean |a_t|, "mean_derivative": mean tanh'(a_t) = 1 - h_t^2 (None for
    another activation)}. With tanh' close to 1 the cell multiplies the gradient by ~U^T at each step: with an
    orthogonal U (gain 1) that keeps its size, which is why the untrained SimpleRNN does not vanish.
    """
    from ..tracing import trace

    pre, derivative = [], []
    for ids in np.asarray(x)[:n_sequences]:
        cell = trace(model, ids[ids != 0]).layers[0]
        if cell.cell != "SimpleRNN":
            raise ValueError(f"simple_rnn_linearity reads a SimpleRNN, got a {cell.cell}")
        pre.append(np.abs(cell.gates["pre_activation"]).ravel())
        derivative.append((1.0 - cell.h.astype(np.float64) ** 2).ravel())
    tanh = cell.weights.activation == "tanh"
    return {"mean_abs_pre_activation": float(np.mean(np.concatenate(pre))),
            "mean_derivative": float(np.mean(np.concatenate(derivative))) if tanh else None}


def sentence_batch(dataset, ids: np.ndarray) -> np.ndarray:
    """One typed sentence's ids (n_words,) -> (1, sequence_length) padded as the training data were."""
    from ..data.dataset import pad

    return pad([list(map(int, ids))], dataset.sequence_length, dataset.padding)


@dataclass(frozen=True)
class ClippingDemo:
    """One model trained twice, without and with gradient clipping (defaults: a linear SimpleRNN, gain 1.3).

    Measured with these defaults on memory_task (30 steps, seed 0): without clipping the loss is NaN in the
    first epoch; with clipnorm=1 it falls from ~35 to ~0.4 in 6 epochs.
    """

    cell: str = "SimpleRNN"
    activation: str = "linear"
    recurrent_gain: float = 1.3
    optimizer: str = "sgd"
    learning_rate: float = 0.05
    clipnorm: float = 1.0
    units: int = 32
    n_steps: int = 30
    epochs: int = 6
    seed: int = 0

    def __post_init__(self):
        check_int("epochs", self.epochs, 1, 50)
        self.configs()

    def dataset_options(self) -> dict:
        return {"n_steps": self.n_steps, "lag": max(1, self.n_steps // 3), "size": 1000, "seed": self.seed}

    def configs(self) -> dict:
        """label -> ModelConfig: the same model, without and with clipping (labels in the student's language)."""
        base = ModelConfig(cell=self.cell, units=self.units, embedding_dim=16, activation=self.activation,
                           recurrent_gain=self.recurrent_gain, optimizer=self.optimizer,
                           learning_rate=self.learning_rate, seed=self.seed)
        return {_("without clipping"): base,
                _("clipnorm={clipnorm:g}").format(clipnorm=self.clipnorm): base.replace(clipnorm=self.clipnorm)}


def run_twin(run, n_sequences: int = 64) -> dict:
    """A trained run against its own untrained twin (same config and seed = its initial weights).

    Returns {"trained": GradientNorms, "untrained": GradientNorms} on the first n_sequences validation
    sequences. ValueError for a run rnnviz did not build (no config to rebuild from).
    """
    from ..models import build_model

    if run.config is None or not run.config.is_recurrent:
        raise ValueError(_("run {name!r} is not a recurrent model built by rnnviz: no hidden state to follow").format(
            name=run.name))
    split = run.dataset.validation
    x, y = split.x[:n_sequences], split.y[:n_sequences]
    untrained = build_model(run.dataset, run.config)
    return {"trained": gradient_norms(run.model, x, y), "untrained": gradient_norms(untrained, x, y)}


def describe_norms_source(norms: GradientNorms, dataset_name: str) -> str:
    """'median over 64 validation sequences of memory_task (50 steps)'."""
    return _n("median over {n} validation sequence of {dataset} ({steps} steps, padding excluded)",
              "median over {n} validation sequences of {dataset} ({steps} steps, padding excluded)",
              norms.n_sequences).format(n=norms.n_sequences, dataset=dataset_name, steps=norms.n_steps)
