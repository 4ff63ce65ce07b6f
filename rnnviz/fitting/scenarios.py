"""Three trainings that show the three cases of the course's table, on the built-in toy sentiment data.

- underfitting: a network too small for the task (2 units), a heavy L2 penalty and few epochs: it cannot
  even fit its training sentences.
- good fit: a medium network with enough sentences and epochs: training and validation agree, both low.
- overfitting: a large network, only 200 training sentences, no regularisation and many epochs: it learns
  its 200 sentences by heart while the validation loss turns up.

Each preset is a `FittingSpec`: a TrainingRequest (`spec.request()`) with the preset and remedy it stands
for, which a page queues and a notebook trains with `spec.train()`. A spec may keep only the first
`n_train` training sentences ("fewer examples, same validation set"), which toy_sentiment's own `size`
option cannot do (it regenerates every split): the request's train_size does it.
Every preset has two sizes: `page` (what the app trains, <= 30 s on 2 cores, see bench/fitting_presets.py)
and `test` (a cheaper budget that still shows the same case, checked in tests/test_fitting.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..data import Dataset, load_dataset
from ..i18n import N_, _
from ..models import ModelConfig
from ..training_request import TrainingRequest, run_request
from .diagnosis import GOOD_FIT, OVERFITTING, UNDERFITTING

GROUP = "fitting"   # TrainingRequest.group of every run this lab trains


@dataclass(frozen=True)
class FittingSpec:
    """One training of the lab: a TrainingRequest (validated there), with the preset and remedy it stands for."""

    scenario: str                          # the preset it comes from
    remedy: str                            # "" for the preset itself, else the remedy's short label
    training: TrainingRequest              # run_name e.g. "overfitting + dropout 0.3"; group GROUP

    # The request's fields, read through the spec (what the lab's figures and captions need).
    name = property(lambda self: self.training.run_name)
    dataset_name = property(lambda self: self.training.dataset_name)
    config = property(lambda self: self.training.config)
    epochs = property(lambda self: self.training.epochs)
    batch_size = property(lambda self: self.training.batch_size)
    seed = property(lambda self: self.training.seed)                     # batch order
    n_train = property(lambda self: self.training.train_size)            # first n training sentences (None: all)
    early_stopping_patience = property(lambda self: self.training.early_stopping_patience)

    @property
    def options(self) -> dict:
        return dict(self.training.dataset_options)

    def load_dataset(self) -> Dataset:
        """The dataset this spec trains on (training split cut to n_train sentences)."""
        return load_dataset(self.dataset_name, **self.options).first_training_rows(self.n_train)

    def request(self) -> TrainingRequest:
        """The TrainingRequest of this spec: the app queues it; its runs carry it as run.request."""
        return self.training

    def train(self, monitor=None):
        """Build and train this spec's model in this process (notebooks, tests, bench); returns a Run."""
        return run_request(self.training, monitor=monitor)

    def with_changes(self, name: str | None = None, remedy: str | None = None, n_train="keep",
                     **request_changes) -> "FittingSpec":
        """A copy with another name, remedy, training-set size or request field (config, epochs...)."""
        if name is not None:
            request_changes["run_name"] = name
        if n_train != "keep":
            request_changes["train_size"] = n_train
        return replace(self, remedy=self.remedy if remedy is None else remedy,
                       training=replace(self.training, **request_changes))


@dataclass(frozen=True)
class FittingScenario:
    """A preset: the case it is built to show, at the page's size and at the tests' size."""

    name: str
    intended: str                 # the diagnosis it must produce (a diagnosis label)
    summary: str                  # one line for the page, English (display_summary: in the current language)
    page: FittingSpec
    test: FittingSpec

    @property
    def display_summary(self) -> str:
        return _(self.summary)


def _spec(name, config, epochs, batch_size, size, n_train=None) -> FittingSpec:
    # sequence_length 20: the longest generated sentence has 19 words, so nothing is cut, and shorter
    # sequences train faster than the default 32.
    options = dict(size=size, seed=0, language="en", sequence_length=20)
    return FittingSpec(scenario=name, remedy="", training=TrainingRequest(
        "toy_sentiment", options, config, epochs=epochs, batch_size=batch_size, seed=0, train_size=n_train,
        run_name=name, group=GROUP))


_TINY = ModelConfig(cell="LSTM", units=2, embedding_dim=4, l2=0.1, learning_rate=0.001)
_MEDIUM = ModelConfig(cell="LSTM", units=16, embedding_dim=16, learning_rate=0.01)
_LARGE = ModelConfig(cell="LSTM", units=64, embedding_dim=32, learning_rate=0.001)

FITTING_SCENARIOS = {
    UNDERFITTING: FittingScenario(
        UNDERFITTING, UNDERFITTING,
        N_("2 LSTM units, L2 0.1 on every kernel, 5 epochs: too small and too constrained to fit even the "
           "training set."),
        page=_spec(UNDERFITTING, _TINY, epochs=5, batch_size=64, size=2000),
        test=_spec(UNDERFITTING, _TINY, epochs=3, batch_size=64, size=600)),
    GOOD_FIT: FittingScenario(
        GOOD_FIT, GOOD_FIT,
        N_("16 LSTM units, 1,400 training sentences, 10 epochs: training and validation fall together."),
        page=_spec(GOOD_FIT, _MEDIUM, epochs=10, batch_size=32, size=2000),
        test=_spec(GOOD_FIT, _MEDIUM, epochs=10, batch_size=32, size=800)),
    OVERFITTING: FittingScenario(
        OVERFITTING, OVERFITTING,
        N_("64 LSTM units, only 200 training sentences, no regularisation, 40 epochs: it learns them by heart."),
        page=_spec(OVERFITTING, _LARGE, epochs=40, batch_size=16, size=2000, n_train=200),
        test=_spec(OVERFITTING, _LARGE, epochs=15, batch_size=8, size=600, n_train=100)),
}
