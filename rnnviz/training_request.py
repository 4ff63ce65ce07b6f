"""A training described by plain values: what to train, on which data, with which budget and seed.

Pages queue TrainingRequests, presets are TrainingRequests with a title, and `run_request` turns one into a
Run. Plain values only, so a request can be compared, cached (same request, same weights) and one day sent to
a worker process.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import ModelConfig


@dataclass(frozen=True)
class TrainingRequest:
    """One training to run."""

    dataset_name: str
    dataset_options: dict = field(default_factory=dict, hash=False)
    config: ModelConfig = ModelConfig()
    epochs: int = 6
    batch_size: int = 64
    seed: int = 0
    early_stopping_patience: int | None = None
    train_size: int | None = None                        # keep the first n training sequences (None: all)
    run_name: str = ""
    group: str = ""                                      # lets a page find the runs it asked for
    callback_factories: tuple = ()                       # f(model, dataset) -> keras callback

    def cache_key(self) -> tuple | None:
        """Everything that determines the trained weights; None when callbacks make the run unique."""
        if self.callback_factories:
            return None
        return (self.dataset_name, tuple(sorted(self.dataset_options.items())), self.config, self.epochs,
                self.batch_size, self.seed, self.early_stopping_patience, self.train_size)


def run_request(request: TrainingRequest, dataset=None, monitor=None):
    """Build the request's model and train it; returns the Run.

    dataset: the request's Dataset if already loaded (else it is generated from the request); its training
    split is cut to `request.train_size`. The run's extras carry the request and its group, so that a page
    finds the runs it asked for.
    """
    from .data import load_dataset
    from .models import build_model
    from .training import train

    if dataset is None:
        dataset = load_dataset(request.dataset_name, **request.dataset_options)
    dataset = dataset.first_training_rows(request.train_size)
    model = build_model(dataset, request.config)
    callbacks = [factory(model, dataset) for factory in request.callback_factories]
    run = train(model, dataset, epochs=request.epochs, batch_size=request.batch_size, seed=request.seed,
                callbacks=callbacks, early_stopping_patience=request.early_stopping_patience,
                monitor=monitor, name=request.run_name)
    run.extras.update(group=request.group, request=request)
    return run
