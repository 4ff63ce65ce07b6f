"""rnnviz: see inside recurrent neural networks.

The notebook API in four calls::

    import rnnviz
    data = rnnviz.load_dataset("toy_sentiment", language="es")
    model = rnnviz.build_model(data, cell="LSTM", units=32)
    run = rnnviz.train(model, data, epochs=8, seed=0)
    run.history            # one row per epoch: loss, val_loss, accuracy, val_accuracy

Names are imported lazily, so `import rnnviz` is instant and TensorFlow loads only when a model is needed.
"""

from __future__ import annotations

import importlib

# public name -> module that defines it
_API = {
    "load_dataset": "rnnviz.data",
    "Dataset": "rnnviz.data",
    "DATASET_NAMES": "rnnviz.data",
    "dataset_from_texts": "rnnviz.data",
    "ModelConfig": "rnnviz.models",
    "build_model": "rnnviz.models",
    "PRESETS": "rnnviz.presets",
    "TrainingRequest": "rnnviz.training_request",
    "run_request": "rnnviz.training_request",
    "train": "rnnviz.training",
    "Run": "rnnviz.training",
    "TrainingMonitor": "rnnviz.training",
    "bag_of_words_baseline": "rnnviz.baselines",
    "load_word_vectors": "rnnviz.vectors",
    "save_run": "rnnviz.run_files",
    "load_run": "rnnviz.run_files",
    "trace": "rnnviz.tracing",
    "Trace": "rnnviz.tracing",
    "verify_trace": "rnnviz.tracing",
    "gate_saturation": "rnnviz.tracing",
    "explain_step": "rnnviz.tracing",
    "rank_units": "rnnviz.tracing",
    "project_embeddings": "rnnviz.projection",
    "project_states": "rnnviz.projection",
    "nearest_neighbours": "rnnviz.projection",
    "diagnose": "rnnviz.fitting",
    "FITTING_SCENARIOS": "rnnviz.fitting",
    "gradient_norms": "rnnviz.gradients",
    "GradientNorms": "rnnviz.gradients",
    "GradientRecorder": "rnnviz.gradients",
    "LagExperiment": "rnnviz.gradients",
    "run_lag_experiment": "rnnviz.gradients",
    "set_language": "rnnviz.i18n",
    # why this prediction
    "compare_edits": "rnnviz.explain",
    "Edit": "rnnviz.explain",
    "attribute": "rnnviz.explain",
    "find_concept_units": "rnnviz.explain",
    # time series
    "SeriesDataset": "rnnviz.data",
    "SERIES_NAMES": "rnnviz.data",
    "SeriesModelConfig": "rnnviz.series_models",
    "parameter_counts": "rnnviz.series_models",
    "naive_forecast_scores": "rnnviz.series_forecast",
    "one_step_predictions": "rnnviz.series_forecast",
    "recursive_forecast": "rnnviz.series_forecast",
    "error_by_horizon": "rnnviz.series_forecast",
    "SERIES_PRESETS": "rnnviz.series_presets",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module 'rnnviz' has no attribute {name!r}")
    value = getattr(importlib.import_module(_API[name]), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__():
    return sorted(set(globals()) | set(_API))
