"""Forecasting models for a `SeriesDataset`: a window of shape (look_back, n_features) in, `horizon` values out.

The course's models: SimpleRNN / LSTM / GRU (stacked or Bidirectional) with a linear Dense head, optional Dense
layers after the recurrent part, a Conv1D stack whose feature maps are
flattened in time order (so the head knows which step each pattern comes from), and the
dense baseline that reads the flattened window (its weights grow with look_back, a recurrent layer's do not).
No Embedding: the values go straight in. Recurrent layers are made by models.py's own layer builder, so a
series LSTM is initialised exactly like a text one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

import pandas as pd

from .data.dataset import check_choice
from .i18n import _
from .models import ACTIVATIONS, OPTIMIZERS, RECURRENT_CELLS, RECURRENT_INITIALIZERS, _check_number, _recurrent_layer

SERIES_BASELINES = ("Conv1D", "dense")
SERIES_CELLS = RECURRENT_CELLS + SERIES_BASELINES
LOSSES = ("mse", "mae")


@dataclass(frozen=True)
class SeriesModelConfig:
    """Everything that defines a forecasting model; validated on creation (ValueError names the bad field)."""

    cell: str = "LSTM"                   # SimpleRNN | LSTM | GRU, or Conv1D | dense
    units: int = 16                      # recurrent units, Conv1D filters, or the dense baseline's hidden units
    n_layers: int = 1                    # stacked recurrent / Conv1D layers
    bidirectional: bool = False          # wrap each recurrent layer in Bidirectional
    dense_layers: int = 0                # extra Dense(dense_units, relu) layers before the linear head
    dense_units: int = 16
    kernel_size: int = 3                 # Conv1D only
    loss: str = "mse"                    # mse | mae (mae is always reported as a metric)
    dropout: float = 0.0
    recurrent_dropout: float = 0.0
    l2: float = 0.0
    optimizer: str = "adam"
    learning_rate: float = 0.001
    clipnorm: float | None = None
    activation: str = "tanh"             # the recurrent cell's output activation
    recurrent_initializer: str = "orthogonal"
    recurrent_gain: float = 1.0
    seed: int = 0

    def __post_init__(self):
        by_lower = {name.lower(): name for name in SERIES_CELLS}
        if not isinstance(self.cell, str) or self.cell.lower() not in by_lower:
            raise ValueError(f"cell must be one of {', '.join(SERIES_CELLS)}, got {self.cell!r}")
        object.__setattr__(self, "cell", by_lower[self.cell.lower()])
        for name, low, high in (("units", 1, 1024), ("n_layers", 1, 4), ("dense_layers", 0, 4),
                                ("dense_units", 1, 1024), ("kernel_size", 1, 64), ("seed", 0, 2**31 - 1)):
            _check_number(name, getattr(self, name), low, high, integer=True)
        for name, low, high in (("dropout", 0.0, 0.9), ("recurrent_dropout", 0.0, 0.9), ("l2", 0.0, 1.0),
                                ("learning_rate", 1e-6, 1.0), ("recurrent_gain", 1e-3, 10.0)):
            _check_number(name, getattr(self, name), low, high)
        if self.clipnorm is not None:
            _check_number("clipnorm", self.clipnorm, 1e-6, 1e6)
        check_choice("loss", self.loss, LOSSES)
        check_choice("optimizer", self.optimizer, OPTIMIZERS)
        check_choice("activation", self.activation, ACTIVATIONS)
        check_choice("recurrent_initializer", self.recurrent_initializer, RECURRENT_INITIALIZERS)

    @property
    def is_recurrent(self) -> bool:
        return self.cell in RECURRENT_CELLS

    def replace(self, **changes) -> "SeriesModelConfig":
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return asdict(self)

    def label(self) -> str:
        """A short human name, e.g. 'LSTM 16 x2', 'Conv1D 16', 'dense baseline 16'."""
        if self.cell == "dense":
            name = _("dense baseline {units}").format(units=self.units)   # the student's language
        else:
            name = ("Bi" if self.bidirectional and self.is_recurrent else "") + f"{self.cell} {self.units}"
            name += f" x{self.n_layers}" if self.n_layers > 1 else ""
        return name + (f" + {self.dense_layers} dense" if self.dense_layers else "")


def build_series_model(dataset, cell="LSTM", units: int = 16, **options):
    """A compiled forecasting model for a SeriesDataset: ``build_series_model(data, cell="GRU", units=8)``.

    `cell` may be a whole SeriesModelConfig. The config is kept on the model as `model.rnnviz_config`.
    """
    if isinstance(cell, SeriesModelConfig):
        config = cell.replace(**options) if options else cell
    else:
        allowed = [f.name for f in fields(SeriesModelConfig)]
        unknown = sorted(set(options) - set(allowed))
        if unknown:
            raise ValueError(f"a series model has no option {unknown[0]!r}; options: {', '.join(allowed)}")
        config = SeriesModelConfig(cell=cell, units=units, **options)
    return build_series_keras_model(config, dataset.look_back, dataset.n_features, dataset.horizon,
                                    target_scale=float(dataset.scaler.scale[dataset.target]))


def build_series_keras_model(config: SeriesModelConfig, look_back: int, n_features: int, horizon: int,
                             compile: bool = True, target_scale: float = 1.0):
    """The same from plain numbers (a worker process needs no dataset). Input: (batch, look_back, n_features);
    output: (batch, horizon), linear. target_scale: the scaler's scale of the target, so that the "mae" metric
    (history and test scores) is in the series' own units; the loss stays in the scaled units it trains on."""
    import keras
    from keras import layers

    _check_conv_fits(config, look_back)
    seeds = iter(range(config.seed * 1000, config.seed * 1000 + 1000))  # one seed per initialiser
    regularizer = keras.regularizers.L2(config.l2) if config.l2 > 0 else None

    def dense(units, activation, name):
        return layers.Dense(units, activation=activation, kernel_regularizer=regularizer, name=name,
                            kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds)))

    model = keras.Sequential(name=config.label().replace(" ", "_").replace("+", "plus"))
    model.add(keras.Input(shape=(look_back, n_features), dtype="float32", name="window"))
    if config.cell == "dense":
        model.add(layers.Flatten(name="flatten"))
        model.add(dense(config.units, "relu", "hidden"))
    elif config.cell == "Conv1D":
        for index in range(config.n_layers):
            model.add(layers.Conv1D(config.units, config.kernel_size, activation="relu", name=f"conv1d_{index + 1}",
                                    kernel_regularizer=regularizer,
                                    kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds))))
        # Flatten, not a global pooling: an average over the window would forget *when* each pattern was seen,
        # and a forecast depends on the last steps most (a pooled Conv1D never beats "repeat the last value").
        model.add(layers.Flatten(name="steps_in_order"))
    else:
        for index in range(config.n_layers):
            recurrent = _recurrent_layer(config, return_sequences=index < config.n_layers - 1, seeds=seeds,
                                         regularizer=regularizer, name=f"{config.cell.lower()}_{index + 1}")
            if config.bidirectional:
                recurrent = layers.Bidirectional(recurrent, name=f"bidirectional_{index + 1}")
            model.add(recurrent)
    for index in range(config.dense_layers):
        model.add(dense(config.dense_units, "relu", f"dense_{index + 1}"))
    model.add(dense(horizon, "linear", "output"))
    if compile:
        from .series_metrics import SeriesMAE     # imports Keras: only once a model is built

        optimizer_class = {"adam": keras.optimizers.Adam, "rmsprop": keras.optimizers.RMSprop,
                           "sgd": keras.optimizers.SGD}[config.optimizer]
        model.compile(optimizer=optimizer_class(learning_rate=config.learning_rate, clipnorm=config.clipnorm),
                      loss=config.loss, metrics=[SeriesMAE(target_scale)])
    model.rnnviz_config = config
    return model


def parameter_counts(configs, look_backs, n_features: int = 1, horizon: int = 1) -> pd.DataFrame:
    """Keras' own parameter count of each config for each window length.

    configs: SeriesModelConfigs (or cell names, with default settings). Returns one row per (model, look_back)
    with columns model, cell, look_back, parameters: a recurrent model's count stays flat, the dense one grows.
    """
    rows = []
    for config in configs:
        config = config if isinstance(config, SeriesModelConfig) else SeriesModelConfig(cell=config)
        for look_back in look_backs:
            model = build_series_keras_model(config, int(look_back), n_features, horizon, compile=False)
            rows.append({"model": config.label(), "cell": config.cell, "look_back": int(look_back),
                         "parameters": int(model.count_params())})
    return pd.DataFrame(rows)


def _check_conv_fits(config: SeriesModelConfig, look_back: int) -> None:
    needed = config.n_layers * (config.kernel_size - 1) + 1
    if config.cell == "Conv1D" and look_back < needed:
        raise ValueError(f"{config.n_layers} Conv1D layer(s) of kernel_size {config.kernel_size} need a look_back "
                         f"of at least {needed}, got {look_back}")
