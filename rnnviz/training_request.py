"""A training described by plain values: what to train, on which data, with which budget and seed.

Pages queue TrainingRequests, presets are TrainingRequests with a title, and `run_request` turns one into a
Run. Plain values only, so a request can be compared, cached (same request, same weights) and sent to a
worker process. Every rule about a training's settings is checked here, when the request is made:
a bad value, an unknown dataset option, a callback factory that cannot travel to a worker, or a training
too costly for the server (see `training_cost`) gives one ValueError line.
"""

from __future__ import annotations

import inspect
import os
import pickle
from dataclasses import dataclass, field

from .cells import get_cell
from .i18n import _
from .models import RECURRENT_CELLS, ModelConfig
from .validation import check_choice, check_int

MAX_EPOCHS = 500
MAX_BATCH_SIZE = 4096
MAX_SEED = 2**31 - 1
COST_CAP_ENV = "RNNVIZ_MAX_TRAINING_COST"
# sequences x length x parameters x epochs. The largest built-in training (the fitting lab's overfitting
# preset, 4e9) takes ~30 s on 2 cores: the default cap allows about 12 times that, a few minutes of a core.
DEFAULT_COST_CAP = 5e10
MEMORY_CAP_ENV = "RNNVIZ_MAX_TRAINING_MB"
# A training's memory in its worker: the built-in presets need at most ~100 MB (IMDB, 10,000 words x 128), and a
# class's server runs one worker per core beside the app's own ~1 GB.
DEFAULT_MEMORY_CAP_MB = 1024
BYTES_PER_VALUE = 4          # float32 weights and activations, int32 ids


@dataclass(frozen=True)
class TrainingRequest:
    """One training to run; validated on creation (ValueError names the bad field and what is allowed)."""

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
    # f(model, dataset) -> keras callback; each a frozen dataclass of plain values defined in rnnviz's core,
    # so the request stays comparable and can be pickled to a worker process (e.g. RecordGradients()).
    callback_factories: tuple = ()

    def __post_init__(self):
        from .data import GENERATORS

        check_choice("dataset", self.dataset_name, tuple(GENERATORS))
        if not isinstance(self.dataset_options, dict):
            raise ValueError(f"dataset_options must be a dict, got {type(self.dataset_options).__name__}")
        allowed = tuple(inspect.signature(GENERATORS[self.dataset_name]).parameters)
        for option in self.dataset_options:
            check_choice(f"{self.dataset_name} option", option, allowed)
        from .series_models import SeriesModelConfig

        if not isinstance(self.config, (ModelConfig, SeriesModelConfig)):
            raise ValueError(f"config must be a ModelConfig or a SeriesModelConfig, got {type(self.config).__name__}")
        check_int("epochs", self.epochs, 1, MAX_EPOCHS)
        check_int("batch_size", self.batch_size, 1, MAX_BATCH_SIZE)
        check_int("seed", self.seed, 0, MAX_SEED)
        if self.early_stopping_patience is not None:
            check_int("early_stopping_patience", self.early_stopping_patience, 1, MAX_EPOCHS)
        if self.train_size is not None:
            check_int("train_size", self.train_size, 10, 200_000)
        if not isinstance(self.callback_factories, tuple):
            raise ValueError("callback_factories must be a tuple of callback factories")
        for factory in self.callback_factories:
            _check_factory(factory)
        check_cost(self)
        check_memory(self)

    def cache_key(self) -> tuple:
        """Everything that determines the trained weights (and what the callbacks record)."""
        return (self.dataset_name, tuple(sorted(self.dataset_options.items())), self.config, self.epochs,
                self.batch_size, self.seed, self.early_stopping_patience, self.train_size,
                self.callback_factories)


def _check_factory(factory) -> None:
    """A factory must be plain values (hashable, picklable) defined outside the Streamlit layer."""
    module = type(factory).__module__
    try:
        hash(factory)
        pickle.dumps(factory)
    except Exception as error:  # noqa: BLE001 - any failure means it cannot be sent to a worker
        raise ValueError(f"callback factory {factory!r} must be a frozen dataclass of plain values "
                         f"(hashable and picklable): {error}") from None
    if not callable(factory) or module.startswith("rnnviz.ui") or module in ("__main__", "builtins"):
        raise ValueError(f"callback factory {factory!r} must be a callable class defined in an importable "
                         "module outside rnnviz.ui (a worker process imports it), e.g. RecordGradients()")


def dataset_shape(request: TrainingRequest) -> tuple[int, int, int]:
    """(training sequences, sequence length, vocabulary bound) the request's dataset will have.

    From the options and the generator's defaults, without generating the data.
    """
    from .data import GENERATORS
    from .data.dataset import train_split_size

    defaults = {name: parameter.default for name, parameter in
                inspect.signature(GENERATORS[request.dataset_name]).parameters.items()}
    options = {**defaults, **request.dataset_options}
    if request.dataset_name == "csv" and options.get("path"):
        return _csv_shape(request, options)
    # text: size sentences of sequence_length (or n_steps) tokens; a series: about `length` windows of look_back
    sequences = train_split_size(_positive(options.get("size", options.get("length", 1))))
    if request.train_size is not None:
        sequences = min(sequences, request.train_size)
    length = _positive(options.get("sequence_length", options.get("n_steps", options.get("look_back", 1))))
    vocabulary = _positive(options.get("vocabulary_size", 64))
    return sequences, length, vocabulary


def _csv_shape(request: TrainingRequest, options: dict) -> tuple[int, int, int]:
    """dataset_shape of an uploaded CSV: its rows and words per row counted from the file, never parsed (a 200 MB
    file would be parsed and vectorised in the server before the caps could refuse it)."""
    from .data.csv_data import csv_shape
    from .data.dataset import train_split_size

    rows, words = csv_shape(options["path"], options.get("max_file_mb") or 200.0)
    rows = min(rows, options["size"]) if options.get("size") else rows
    sequences = train_split_size(rows)
    if request.train_size is not None:
        sequences = min(sequences, request.train_size)
    length = _positive(options.get("sequence_length") or min(words, 400))   # measured lengths stop at 400
    return sequences, length, _positive(options.get("vocabulary_size", 10_000))


def _positive(value) -> int:
    # the generator itself refuses a bad value, with its own message, when the data are made
    return int(value) if isinstance(value, (int, float)) and value > 0 else 1


def parameters_per_step(config: ModelConfig, sequence_length: int, input_width: int | None = None) -> int:
    """Weights a training step touches per token: the recurrent (or baseline) layers and the output, not the
    embedding table (a token reads one row of it). An estimate for the cost cap, checked against Keras' count.
    input_width: what each step reads (default the embedding_dim; a one-hot input reads the vocabulary's width)."""
    # a series model reads one value per step
    input_width = input_width or getattr(config, "embedding_dim", 1)
    filters = config.units if config.cell == "Conv1D" else getattr(config, "conv_filters", 0)
    convolution = config.conv_kernel * input_width * filters + filters if filters else 0   # kernel and bias
    if config.cell == "Conv1D":
        return convolution + filters + 1 + input_width
    if config.cell not in RECURRENT_CELLS:
        inputs = input_width * (sequence_length if config.cell in ("flatten", "dense") else 1)
        return inputs * config.units + config.units + config.units + 1 + input_width
    kind, directions = get_cell(config.cell), 2 if config.bidirectional else 1
    total, width = convolution, filters or input_width
    for _layer in range(config.n_layers):
        total += directions * kind.parameters(width, config.units)    # the registry's count, as Keras counts
        merge_mode = getattr(config, "merge_mode", "concat")          # a series model always concatenates
        width = config.units * (directions if config.bidirectional and merge_mode == "concat" else 1)
    return total + width + 1 + input_width


def training_cost(request: TrainingRequest) -> float:
    """sequences x length x parameters touched per token x epochs: proportional to a training's CPU time."""
    sequences, length, _ = dataset_shape(request)
    # A Flatten (or Dense) baseline reads a whole sequence in one product: its weights are touched once per
    # sequence, not once per token. Counted per token, the course table's Embedding + Flatten (IMDB, 3,500 x 200,
    # 3 epochs) came out at 2.2e11, 63 times a SimpleRNN's 3.4e9, while it trains 10 times faster (measured:
    # 5.7 s against 56 s on 2 busy cores); now 1.1e9.
    steps = 1 if request.config.cell in ("flatten", "dense") else length
    return float(sequences) * steps * parameters_per_step(request.config, length) * request.epochs


def cost_cap() -> float:
    """The server's largest allowed training_cost: env RNNVIZ_MAX_TRAINING_COST, else DEFAULT_COST_CAP."""
    raw = os.environ.get(COST_CAP_ENV, "")
    try:
        return float(raw) if raw else DEFAULT_COST_CAP
    except ValueError:
        raise ValueError(f"{COST_CAP_ENV} must be a number, got {raw!r}") from None


def check_cost(request: TrainingRequest) -> None:
    """ValueError (one line) when the request costs more than the server's cap."""
    cost, cap = training_cost(request), cost_cap()
    if cost > cap:
        sequences, length, _vocabulary = dataset_shape(request)
        raise ValueError(_(
            "this training is too large for the server: {sequences:,} sequences x {length:,} steps x "
            "{parameters:,} parameters x {epochs} epochs = {cost:.2g}, above the cap of {cap:.2g}: use less data, "
            "shorter sequences, a smaller model or fewer epochs").format(
            sequences=sequences, length=length, parameters=parameters_per_step(request.config, length),
            epochs=request.epochs, cost=cost, cap=cap))


def training_memory(request: TrainingRequest) -> dict:
    """Bytes a training holds at once, estimated from the settings (no data generated, no model built).

    Returns {"parameters": how many weights, embedding table included; "parameter_bytes": the weights, plus the
    gradient and the optimiser's two moment estimates of every trainable one; "activation_bytes": one batch's layer
    outputs and gate values, kept for backpropagation, and their gradients; "data_bytes": the training ids}.
    """
    sequences, length, vocabulary = dataset_shape(request)
    config = request.config
    representation = getattr(config, "input_representation", None)
    if representation is None:                        # a series model reads its values: no table
        table, width, table_trains = 0, 1, False
    else:
        width = vocabulary if representation == "one_hot" else config.embedding_dim
        table = vocabulary * width
        table_trains = representation == "embedding" or bool(getattr(config, "fine_tune_vectors", False))
    if representation is not None:
        # a one-hot input is as wide as the vocabulary; parameters_per_step counts one table row read per token
        per_step = parameters_per_step(config, length, input_width=width) - width
    else:
        per_step = parameters_per_step(config, length) - 1      # a series model's input value is no parameter
    trainable = per_step + (table if table_trains else 0)
    gates = len(get_cell(config.cell).gate_names) if config.cell in RECURRENT_CELLS else 1
    directions = 2 if getattr(config, "bidirectional", False) else 1
    layers = getattr(config, "n_layers", 1) if config.cell in RECURRENT_CELLS else 1
    per_token = width + layers * directions * (gates + 2) * config.units   # inputs, gate values, states, outputs
    return {"parameters": table + per_step,
            "parameter_bytes": BYTES_PER_VALUE * (table + per_step + 3 * trainable),
            "activation_bytes": 2 * BYTES_PER_VALUE * request.batch_size * length * per_token,
            "data_bytes": BYTES_PER_VALUE * sequences * length}


def memory_cap_mb() -> float:
    """The server's largest allowed training memory in MB: env RNNVIZ_MAX_TRAINING_MB, else DEFAULT_MEMORY_CAP_MB."""
    raw = os.environ.get(MEMORY_CAP_ENV, "")
    try:
        return float(raw) if raw else DEFAULT_MEMORY_CAP_MB
    except ValueError:
        raise ValueError(f"{MEMORY_CAP_ENV} must be a number, got {raw!r}") from None


def check_memory(request: TrainingRequest) -> None:
    """ValueError (one line) when the training would hold more memory than the server's cap."""
    memory, cap = training_memory(request), memory_cap_mb()
    mb = {name: value / 2**20 for name, value in memory.items() if name.endswith("_bytes")}
    total = sum(mb.values())
    if total > cap:
        raise ValueError(_(
            "this training needs about {total:,.0f} MB of memory, above the server's {cap:,.0f} MB: {parameters:,} "
            "parameters take {weights:,.0f} MB with their gradients and the optimiser's state, one batch's "
            "activations {activations:,.0f} MB and the data {data:,.0f} MB; use a smaller vocabulary, shorter "
            "word vectors, a smaller model or smaller batches").format(
            total=total, cap=cap, parameters=memory["parameters"], weights=mb["parameter_bytes"],
            activations=mb["activation_bytes"], data=mb["data_bytes"]))


def run_request(request: TrainingRequest, dataset=None, monitor=None, callbacks=()):
    """Build the request's model and train it in this process; returns the Run.

    dataset: the request's Dataset if already loaded (else it is generated from the request); its training
    split is cut to `request.train_size`. The run carries the request (run.request, run.group), so that a
    page finds the runs it asked for. callbacks: extra Keras callbacks (e.g. a service's progress writer).
    """
    from .data import load_dataset
    from .models import build_model
    from .training import train

    if dataset is None:
        dataset = load_dataset(request.dataset_name, **request.dataset_options)
    dataset = dataset.first_training_rows(request.train_size)
    model = build_model(dataset, request.config)
    lab_callbacks = [factory(model, dataset) for factory in request.callback_factories]
    run = train(model, dataset, epochs=request.epochs, batch_size=request.batch_size, seed=request.seed,
                callbacks=[*lab_callbacks, *callbacks], early_stopping_patience=request.early_stopping_patience,
                monitor=monitor, name=request.run_name)
    run.request = request
    return run
