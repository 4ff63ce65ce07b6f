"""From a validated `ModelConfig` to a compiled Keras model: Embedding -> recurrent layer(s) -> Dense.

The recurrent cells are the registered kinds (`rnnviz.cells`: the course's SimpleRNN, LSTM and GRU, and any
other cell module), stacked or Bidirectional. Two
non-recurrent baselines read the same embeddings without any notion of order ("pooling": Embedding +
GlobalAveragePooling1D + Dense, a bag of words) or with a fixed position per word ("flatten": Embedding +
Flatten + Dense, as in the course). The course's faster alternative is convolutional: "Conv1D" (Embedding ->
Conv1D -> MaxPooling1D -> GlobalMaxPooling1D -> Dense), and a convolution stage before a recurrent layer
(conv_filters > 0: Embedding -> Conv1D -> MaxPooling1D -> GRU -> Dense, the course's Conv1D + GRU). Every initialiser gets its own seed, so the same config builds the same
weights without touching TensorFlow's process-wide random state (another student may be training).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace

import numpy as np
import pandas as pd

from .cells import cell_names, course_cells, get_cell
from .i18n import _
from .validation import check_choice
from .validation import check_number as _check_number

RECURRENT_CELLS = cell_names()      # the registered cell kinds (rnnviz.cells): SimpleRNN, LSTM, GRU, ...
COURSE_CELLS = course_cells()       # the three the labs compare side by side: SimpleRNN, LSTM, GRU
BASELINE_CELLS = ("pooling", "flatten", "Conv1D")
CELLS = RECURRENT_CELLS + BASELINE_CELLS
OPTIMIZERS = ("adam", "rmsprop", "sgd")
MERGE_MODES = ("concat", "sum", "ave", "mul")
RECURRENT_INITIALIZERS = ("orthogonal", "glorot_uniform", "normal")
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
# How words enter the network: a learned Embedding; one-hot vectors (a frozen identity Embedding, V x V);
# or pretrained vectors from a file (rnnviz.vectors), frozen unless fine_tune_vectors.
INPUT_REPRESENTATIONS = ("embedding", "one_hot", "pretrained")
MAX_ONE_HOT_WORDS = 4000   # V x V weights: 4,000 words are already 16 million parameters (64 MB)
CONV_KERNELS = (1, 15)     # the course uses 5-7 words per window
CONV_POOLS = (1, 10)


@dataclass(frozen=True)
class ModelConfig:
    """Everything that defines a model; validated on creation (ValueError names the bad field)."""

    cell: str = "LSTM"                   # a registered cell (SimpleRNN | LSTM | GRU | ...), or a baseline: pooling | flatten | Conv1D
    units: int = 32                      # hidden units per recurrent layer (Dense units for baselines, filters
                                         # for Conv1D)
    embedding_dim: int = 16              # length of each word vector
    n_layers: int = 1                    # stacked recurrent layers (all but the last return sequences)
    bidirectional: bool = False          # wrap each recurrent layer in Bidirectional
    merge_mode: str = "concat"           # how Bidirectional merges forward and backward outputs
    dropout: float = 0.0                 # dropout on each step's input (training only)
    recurrent_dropout: float = 0.0       # dropout on h_{t-1} (training only)
    l2: float = 0.0                      # L2 penalty on input, recurrent and output kernels
    optimizer: str = "adam"              # adam | rmsprop | sgd
    # 0.01, not Adam's 0.001: measured on toy_sentiment (es, LSTM 32, 8 epochs, batch 32, seed 0), validation
    # accuracy after 8 epochs is 0.953 at 0.001 (0.63 after 5), 1.000 from epoch 2 at 0.01, as the presets use.
    learning_rate: float = 0.01
    clipnorm: float | None = None        # gradient clipping by norm (None = off)
    activation: str = "tanh"             # the cell's output activation
    recurrent_initializer: str = "orthogonal"   # orthogonal (Keras default) | glorot_uniform | normal
    recurrent_gain: float = 1.0          # multiplies the recurrent initialiser: > 1 explodes, << 1 vanishes
    embedding_scale: float = 0.05        # embeddings start uniform in [-scale, scale] (Keras default 0.05)
    seed: int = 0                        # seeds every initialiser and dropout mask
    input_representation: str = "embedding"   # embedding (learned) | one_hot (frozen identity) | pretrained
    vectors_path: str | None = None      # pretrained: the GloVe / word2vec text file
    vectors_sha256: str | None = None    # pretrained: the file's hash (None: filled in by build_model)
    fine_tune_vectors: bool = False      # pretrained: train the vectors too (default frozen)
    conv_filters: int = 0                # a Conv1D stage with this many filters before the recurrent layers (0: none)
    conv_kernel: int = 5                 # words per convolution window (Conv1D and the stage)
    conv_pool: int = 3                   # max-pooling size after the convolution: the recurrent layer takes
                                         # one step per conv_pool windows

    def __post_init__(self):
        cell = _canonical_cell(self.cell)
        object.__setattr__(self, "cell", cell)
        _check_number("units", self.units, 1, 1024, integer=True)
        _check_number("embedding_dim", self.embedding_dim, 1, 512, integer=True)
        _check_number("n_layers", self.n_layers, 1, 4, integer=True)
        check_choice("merge_mode", self.merge_mode, MERGE_MODES)
        _check_number("dropout", self.dropout, 0.0, 0.9)
        _check_number("recurrent_dropout", self.recurrent_dropout, 0.0, 0.9)
        _check_number("l2", self.l2, 0.0, 1.0)
        check_choice("optimizer", self.optimizer, OPTIMIZERS)
        _check_number("learning_rate", self.learning_rate, 1e-6, 1.0)
        if self.clipnorm is not None:
            _check_number("clipnorm", self.clipnorm, 1e-6, 1e6)
        check_choice("activation", self.activation, ACTIVATIONS)
        check_choice("recurrent_initializer", self.recurrent_initializer, RECURRENT_INITIALIZERS)
        _check_number("recurrent_gain", self.recurrent_gain, 1e-3, 10.0)
        _check_number("embedding_scale", self.embedding_scale, 1e-4, 10.0)
        _check_number("seed", self.seed, 0, 2**31 - 1, integer=True)
        _check_representation(self)
        _check_convolution(self)

    @property
    def is_recurrent(self) -> bool:
        return self.cell in RECURRENT_CELLS

    @property
    def has_convolution(self) -> bool:
        """True when the words go through Conv1D + MaxPooling1D (a Conv1D model, or a stage before the cell)."""
        return self.cell == "Conv1D" or self.conv_filters > 0

    def replace(self, **changes) -> "ModelConfig":
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return asdict(self)

    def label(self) -> str:
        """A short human name, e.g. 'BiLSTM 32 x2' or 'pooling baseline'."""
        inputs = {"embedding": "", "one_hot": " one-hot", "pretrained": " pretrained"}[self.input_representation]
        if not self.is_recurrent:
            return f"{self.cell} baseline{inputs}"
        name = ("Conv1D+" if self.conv_filters else "") + ("Bi" if self.bidirectional else "") + self.cell + \
            f" {self.units}"
        return name + (f" x{self.n_layers}" if self.n_layers > 1 else "") + inputs


def build_model(dataset, cell: str | ModelConfig = "LSTM", units: int = 32, vectors=None, **options):
    """A compiled Keras model for `dataset`: ``build_model(data, cell="GRU", units=16, dropout=0.2)``.

    `cell` may also be a whole ModelConfig. The config is kept on the model as `model.rnnviz_config`.
    Output layer and loss follow the task: binary -> Dense(1, sigmoid) + binary_crossentropy;
    several classes -> Dense(n, softmax) + sparse_categorical_crossentropy.
    input_representation="pretrained" reads config.vectors_path for the dataset's words (or takes
    `vectors`, a rnnviz.vectors.WordVectors already loaded); the kept config records the file's hash and
    dimension, so equal configs mean equal vectors.
    A series (task "regression") gets a forecasting model instead: see series_models.build_series_model.
    """
    if getattr(dataset, "task", None) == "regression":
        from .series_models import build_series_model

        return build_series_model(dataset, cell, units, **options)
    if isinstance(cell, ModelConfig):
        config = cell.replace(**options) if options else cell
    else:
        unknown = sorted(set(options) - {f.name for f in fields(ModelConfig)})
        if unknown:
            raise ValueError(f"build_model has no option {unknown[0]!r}; options: "
                             f"{', '.join(f.name for f in fields(ModelConfig))}")
        config = ModelConfig(cell=cell, units=units, **options)
    matrix = None
    if config.input_representation == "pretrained":
        config, matrix = _with_vectors(config, dataset, vectors)
    return build_keras_model(config, dataset.vocabulary_size, dataset.sequence_length, dataset.n_classes,
                             embedding_matrix=matrix)


def build_keras_model(config: ModelConfig, vocabulary_size: int, sequence_length: int, n_classes: int = 2,
                      embedding_matrix=None):
    """The same as build_model, from plain numbers (so a worker process needs no Dataset).

    embedding_matrix: (vocabulary_size, embedding_dim) starting vectors for a "pretrained" config (None:
    zeros, enough for a summary of the layers).
    """
    import keras
    from keras import layers

    seeds = iter(range(config.seed * 1000, config.seed * 1000 + 1000))  # one seed per initialiser
    regularizer = keras.regularizers.L2(config.l2) if config.l2 > 0 else None
    stack = [keras.Input(shape=(sequence_length,), dtype="int32", name="token_ids"),
             _embedding(config, vocabulary_size, next(seeds))]
    if config.cell == "pooling":
        stack.append(layers.GlobalAveragePooling1D(name="average_words"))
        stack.append(layers.Dense(config.units, activation="relu", kernel_regularizer=regularizer, name="hidden",
                                  kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds))))
    elif config.cell == "flatten":
        stack.append(layers.Flatten(name="flatten"))
        stack.append(layers.Dense(config.units, activation="relu", kernel_regularizer=regularizer, name="hidden",
                                  kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds))))
    elif config.cell == "Conv1D":
        stack += _convolution(config, config.units, sequence_length, next(seeds), regularizer)
        stack.append(layers.GlobalMaxPooling1D(name="max_over_words"))
    else:
        if config.conv_filters:
            stack += _convolution(config, config.conv_filters, sequence_length, next(seeds), regularizer)
        for index in range(config.n_layers):
            last = index == config.n_layers - 1
            recurrent = _recurrent_layer(config, return_sequences=not last, seeds=seeds, regularizer=regularizer,
                                         name=f"{config.cell.lower()}_{index + 1}")
            if config.bidirectional:
                recurrent = layers.Bidirectional(recurrent, merge_mode=config.merge_mode,
                                                 name=f"bidirectional_{index + 1}")
            stack.append(recurrent)
    binary = n_classes == 2
    stack.append(layers.Dense(1 if binary else n_classes, activation="sigmoid" if binary else "softmax",
                              kernel_regularizer=regularizer, name="output",
                              kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds))))
    # Built once from the whole list (each Sequential.add rebuilds the graph: 2-5x slower, and every student
    # of a class rebuilds the model of a merged training)
    model = keras.Sequential(stack, name=config.label().replace(" ", "_").replace("+", "_"))
    if embedding_matrix is not None:
        model.get_layer("embedding").embeddings.assign(np.asarray(embedding_matrix, np.float32))
    optimizer_class = {"adam": keras.optimizers.Adam, "rmsprop": keras.optimizers.RMSprop,
                       "sgd": keras.optimizers.SGD}[config.optimizer]
    model.compile(optimizer=optimizer_class(learning_rate=config.learning_rate, clipnorm=config.clipnorm),
                  loss="binary_crossentropy" if binary else "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.rnnviz_config = config
    return model


def _convolution(config: ModelConfig, filters: int, sequence_length: int, seed: int, regularizer) -> list:
    """[Conv1D (ReLU), MaxPooling1D], both padding "same" so that every word, the last one too, is read."""
    import keras

    if config.conv_kernel > sequence_length:
        raise ValueError(f"conv_kernel is {config.conv_kernel} but the sequences have {sequence_length} words; "
                         f"allowed: 1 to {sequence_length}")
    return [keras.layers.Conv1D(filters, config.conv_kernel, padding="same", activation="relu", name="conv1d",
                                kernel_initializer=keras.initializers.GlorotUniform(seed=seed),
                                kernel_regularizer=regularizer),
            keras.layers.MaxPooling1D(config.conv_pool, padding="same", name="max_pooling")]


def _check_convolution(config: ModelConfig) -> None:
    _check_number("conv_filters", config.conv_filters, 0, 1024, integer=True)
    _check_number("conv_kernel", config.conv_kernel, *CONV_KERNELS, integer=True)
    _check_number("conv_pool", config.conv_pool, *CONV_POOLS, integer=True)
    if config.conv_filters and not config.is_recurrent:
        raise ValueError(f"conv_filters puts a convolution before a recurrent layer, not before a "
                         f"{config.cell!r} model (a Conv1D model has `units` filters); use 0")


def _embedding(config: ModelConfig, vocabulary_size: int, seed: int):
    """A plain keras Embedding in every representation, so the trace reads any of them the same way."""
    import keras

    # Flatten keeps every position, padding included; Conv1D supports no mask (it would warn and drop it).
    mask_zero = config.cell != "flatten" and not config.has_convolution
    if config.input_representation == "one_hot":
        if vocabulary_size > MAX_ONE_HOT_WORDS:
            raise ValueError(_("input_representation 'one_hot' needs a {n:,} x {n:,} matrix ({weights:,} weights); "
                               "allowed up to {limit:,} words: use a smaller vocabulary_size, or an embedding").format(
                n=vocabulary_size, weights=vocabulary_size ** 2, limit=MAX_ONE_HOT_WORDS))
        # Row i is the one-hot vector of word i: an identity matrix that never trains.
        return keras.layers.Embedding(vocabulary_size, vocabulary_size, name="embedding", mask_zero=mask_zero,
                                      embeddings_initializer=keras.initializers.Identity(), trainable=False)
    if config.input_representation == "pretrained":
        return keras.layers.Embedding(vocabulary_size, config.embedding_dim, name="embedding", mask_zero=mask_zero,
                                      embeddings_initializer="zeros", trainable=config.fine_tune_vectors)
    return keras.layers.Embedding(
        vocabulary_size, config.embedding_dim, name="embedding", mask_zero=mask_zero,
        embeddings_initializer=keras.initializers.RandomUniform(
            -config.embedding_scale, config.embedding_scale, seed=seed))


def _with_vectors(config: ModelConfig, dataset, vectors):
    """(config with the vectors' hash and dimension, (V, D) matrix) for a "pretrained" config."""
    from .vectors import load_word_vectors

    if vectors is None:
        vectors = load_word_vectors(config.vectors_path, dataset)
    if vectors.matrix.shape[0] != dataset.vocabulary_size:
        raise ValueError(f"the vectors have {vectors.matrix.shape[0]:,} rows but the dataset has "
                         f"{dataset.vocabulary_size:,} words: load them for this dataset")
    if config.vectors_sha256 is not None and config.vectors_sha256 != vectors.sha256:
        raise ValueError(f"vectors_sha256 does not match {vectors.path}: the file changed since this config "
                         "was made")
    if config.vectors_sha256 is not None and config.embedding_dim != vectors.dimension:
        raise ValueError(f"embedding_dim is {config.embedding_dim} but {vectors.path} has {vectors.dimension}-d "
                         "vectors")
    return config.replace(vectors_sha256=vectors.sha256, embedding_dim=vectors.dimension), vectors.matrix


def _check_representation(config: ModelConfig) -> None:
    check_choice("input_representation", config.input_representation, INPUT_REPRESENTATIONS)
    if config.input_representation == "pretrained":
        if not isinstance(config.vectors_path, str) or not config.vectors_path:
            raise ValueError("vectors_path must name a word-vectors text file (e.g. 'glove.6B.100d.txt') when "
                             f"input_representation is 'pretrained', got {config.vectors_path!r}")
    elif config.vectors_path is not None or config.vectors_sha256 is not None:
        raise ValueError(f"vectors_path is only used with input_representation 'pretrained', not "
                         f"{config.input_representation!r}")
    if not isinstance(config.fine_tune_vectors, bool):
        raise ValueError(f"fine_tune_vectors must be True or False, got {config.fine_tune_vectors!r}")


def _recurrent_layer(config: ModelConfig, return_sequences: bool, seeds, regularizer, name: str):
    import keras

    if config.recurrent_initializer == "orthogonal":
        recurrent_init = keras.initializers.Orthogonal(gain=config.recurrent_gain, seed=next(seeds))
    elif config.recurrent_initializer == "glorot_uniform":
        # GlorotUniform has no gain: scale its variance by gain^2 instead (same thing for a uniform law).
        recurrent_init = keras.initializers.VarianceScaling(
            scale=config.recurrent_gain ** 2, mode="fan_avg", distribution="uniform", seed=next(seeds))
    else:  # normal x gain, with the 1/sqrt(units) scale that keeps h's size constant at gain 1
        recurrent_init = keras.initializers.RandomNormal(
            stddev=config.recurrent_gain / math.sqrt(config.units), seed=next(seeds))
    layer_class = get_cell(config.cell).layer_class()
    return layer_class(
        config.units, activation=config.activation, return_sequences=return_sequences, name=name,
        dropout=config.dropout, recurrent_dropout=config.recurrent_dropout, seed=next(seeds),
        kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds)),
        recurrent_initializer=recurrent_init,
        kernel_regularizer=regularizer, recurrent_regularizer=regularizer)


def summary_table(model) -> pd.DataFrame:
    """One row per layer: name, type, output shape and parameter count (Keras' own count_params)."""
    rows = []
    for layer in model.layers:
        shape = tuple(layer.output.shape) if hasattr(layer, "output") else ()
        rows.append({"layer": layer.name, "type": type(layer).__name__,
                     "output shape": str(shape).replace("None", "batch"), "parameters": layer.count_params()})
    return pd.DataFrame(rows)


def _canonical_cell(cell) -> str:
    by_lower = {name.lower(): name for name in CELLS}
    if not isinstance(cell, str) or cell.lower().replace("_", "") not in by_lower:
        raise ValueError(f"cell must be one of {', '.join(CELLS)}, got {cell!r}")
    return by_lower[cell.lower().replace("_", "")]
