"""Models in and out: a trained run as one file, to train at home and inspect in class.

    rnnviz.save_run(run, "lstm_imdb.zip")
    run = rnnviz.load_run("lstm_imdb.zip")          # a Run: rnnviz.trace(run, "what a film") works
    run = rnnviz.load_run("model.keras", dataset=data)   # a bare Keras model, with the data it was trained on
    rnnviz.run_files.save_runs(runs, "my_runs.zip"); runs = rnnviz.run_files.load_runs("my_runs.zip")   # several

The file is a zip of four members: `model.keras` (Keras' own format), `dataset.json` (the vocabulary and the
settings that turn new text into the ids the model reads: sequence length, padding, classes), `run.json`
(the model's config and what was measured) and `history.csv` (one row per epoch). The training texts are not
included, so the loaded run's splits are empty. Models are loaded with `safe_mode=True`: a file that carries
code (a Lambda layer) is refused; a legacy .h5 model is refused (Keras ignores safe_mode for it). A file whose
members would unpack to more than MAX_UNPACKED_MB is refused before anything is read (a zip bomb must not take a
class's server down), and reading stops at the declared size, so a header that lies cannot exceed it. Every
problem with a file is a one-line ValueError.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from dataclasses import fields

import numpy as np
import pandas as pd

from .data.dataset import Dataset, Split
from .run_file_checks import (  # noqa: F401 - MAX_UNPACKED_MB, RunFileError, read_member: part of this API
    HDF5_SIGNATURE,
    MAX_UNPACKED_MB,
    RunFileError,
    open_zip as _open_zip,
    read_member,
)
from .models import ModelConfig

FORMAT, VERSION = "rnnviz-run", 1
RUNS_FORMAT = "rnnviz-runs"          # save_runs: a zip of save_run files
MEMBERS = ("model.keras", "dataset.json", "run.json", "history.csv")
_DATASET_FIELDS = ("name", "description", "task", "class_names", "language", "vocabulary", "sequence_length",
                   "padding", "options", "examples")
_RUN_FIELDS = ("test_scores", "wall_time_s", "epochs_requested", "batch_size", "seed", "stop_reason",
               "early_stopping_patience", "name", "restored_epoch")


def save_run(run, path):
    """Write `run` (a rnnviz Run) to `path` (a file name or a writable binary file object); returns `path`."""
    with tempfile.TemporaryDirectory() as folder:
        model_path = os.path.join(folder, "model.keras")
        run.model.save(model_path)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(model_path, "model.keras")
            archive.writestr("dataset.json", json.dumps(dataset_settings(run.dataset), default=str))
            archive.writestr("run.json", json.dumps(run_settings(run), default=str))
            archive.writestr("history.csv", run.history.to_csv())
    return path


def load_run(path, dataset: Dataset | None = None):
    """Read a file written by save_run (or a bare `.keras` model, given the `dataset` it was trained on).

    Returns a rnnviz Run whose model is checked to fit the vocabulary, sequence length and classes.
    """
    from .training import Run

    name = _name(path)
    archive = _open_zip(path, name)
    with archive:
        members = set(archive.namelist())
        if "model.keras" not in members and "config.json" in members:   # a bare Keras model
            if dataset is None:
                raise RunFileError("bare_keras",
                                   f"{name} is a Keras model without its vocabulary: pass dataset= (the data it "
                                   "was trained on), or save runs with rnnviz.save_run")
            model_bytes, settings, history = _raw_bytes(path), {}, pd.DataFrame()
        else:
            missing = [member for member in MEMBERS if member not in members]
            if missing:
                raise RunFileError("not_a_run",
                                   f"{name} is a zip file but not a run saved by rnnviz.save_run (no "
                                   f"{', '.join(missing)})")
            model_bytes = read_member(archive, "model.keras", name)
            settings = _json(archive, "run.json", name)
            dataset = dataset or dataset_from_settings(_json(archive, "dataset.json", name), name)
            history = pd.read_csv(io.BytesIO(read_member(archive, "history.csv", name)), index_col="epoch")
    model = _load_model(model_bytes, name)
    check_fit(model, dataset, name)
    config = _config(settings.get("config"), name)
    if config is not None:
        model.rnnviz_config = config
    values = {key: settings.get(key) for key in _RUN_FIELDS}
    return Run(model=model, dataset=dataset, history=history, config=config,
               test_scores=values["test_scores"] or {}, wall_time_s=float(values["wall_time_s"] or 0.0),
               epochs_requested=int(values["epochs_requested"] or len(history)),
               batch_size=int(values["batch_size"] or 0), seed=int(values["seed"] or 0),
               stop_reason=values["stop_reason"], early_stopping_patience=values["early_stopping_patience"],
               name=values["name"] or os.path.splitext(name)[0], loaded_from=name,
               restored_epoch=values.get("restored_epoch"))


def save_runs(runs, path):
    """Write several runs (a list, or a dict name -> Run) to one zip: each as a save_run file inside, and a
    `runs.json` listing them in order. `path` is a file name or a writable binary file object; returns `path`."""
    runs = list(runs.values()) if isinstance(runs, dict) else list(runs)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:   # members are zips already
        members = []
        for k, run in enumerate(runs):
            buffer = io.BytesIO()
            save_run(run, buffer)
            members.append(f"run_{k + 1:02d}.zip")
            archive.writestr(members[-1], buffer.getvalue())
        archive.writestr("runs.json", json.dumps({"format": RUNS_FORMAT, "version": VERSION, "runs": members}))
    return path


def load_runs(path) -> list:
    """The runs of a file written by save_runs, in order (a single save_run file gives a list of one).

    ValueError (one line) for a file that is neither, or for a damaged run inside, naming it.
    """
    name = _name(path)
    archive = _open_zip(path, name)
    with archive:
        if "runs.json" not in archive.namelist():
            return [load_run(path)]
        try:
            listing = json.loads(read_member(archive, "runs.json", name).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise RunFileError("damaged",
                               f"runs.json in {name} is not valid JSON: the file is damaged") from None
        if not isinstance(listing, dict) or listing.get("format") != RUNS_FORMAT:
            raise RunFileError("damaged",
                               f"runs.json in {name} was not written by rnnviz.save_runs")
        runs = []
        for member in listing.get("runs", []):
            if member not in archive.namelist():
                raise RunFileError("damaged",
                                   f"{name} lists {member} but does not hold it: the file is damaged")
            inner = io.BytesIO(read_member(archive, member, name))
            inner.name = f"{member} in {name}"
            runs.append(load_run(inner))
    return runs


def dataset_settings(dataset: Dataset) -> dict:
    """What encoding new text needs: vocabulary, sequence length, padding, classes (no texts, no ids)."""
    return {"format": FORMAT, "version": VERSION,
            **{key: getattr(dataset, key) for key in _DATASET_FIELDS}}


def run_settings(run) -> dict:
    return {"format": FORMAT, "version": VERSION, "config": run.config.to_dict() if run.config else None,
            **{key: getattr(run, key) for key in _RUN_FIELDS}}


def dataset_from_settings(settings: dict, name: str = "the file") -> Dataset:
    """A Dataset that encodes text as the saved one did; its train / validation / test splits are empty."""
    try:
        length = int(settings["sequence_length"])
        empty = Split(np.zeros((0, length), np.int32), np.zeros(0, np.int32), ())
        values = {key: settings[key] for key in _DATASET_FIELDS}
        values.update(class_names=tuple(values["class_names"]), vocabulary=tuple(values["vocabulary"]),
                      examples=tuple(values["examples"]), sequence_length=length)
        return Dataset(**values, train=empty, validation=empty, test=empty)
    except (KeyError, TypeError, ValueError) as error:
        raise RunFileError("damaged",
                           f"dataset.json in {name} is incomplete or damaged ({type(error).__name__}: "
                           f"{error})") from None


def check_fit(model, dataset: Dataset, name: str = "the model") -> None:
    """ValueError unless the model reads this vocabulary and sequence length and predicts these classes."""
    embeddings = [layer for layer in model.layers if type(layer).__name__ == "Embedding"]
    if not embeddings:
        raise RunFileError("no_fit",
                           f"the model in {name} has no Embedding layer: it does not read token ids")
    words = embeddings[0].input_dim
    if words != dataset.vocabulary_size:
        raise RunFileError("no_fit",
                           f"the model in {name} does not fit the vocabulary: its Embedding reads {words:,} token "
                           f"ids, the vocabulary has {dataset.vocabulary_size:,} words")
    length = model.inputs[0].shape[1] if getattr(model, "inputs", None) else None
    if length is not None and length != dataset.sequence_length:
        raise RunFileError("no_fit",
                           f"the model in {name} reads {length} tokens, the dataset's sequence length is "
                           f"{dataset.sequence_length}")
    outputs = model.outputs[0].shape[-1]
    expected = 1 if dataset.n_classes == 2 else dataset.n_classes
    if outputs != expected:
        raise RunFileError("no_fit",
                           f"the model in {name} has {outputs} outputs; {dataset.n_classes} classes need "
                           f"{expected}")


def _load_model(model_bytes: bytes, name: str):
    from .keras_import import check_keras_for_uploads

    try:
        check_keras_for_uploads()
    except ValueError as error:
        raise RunFileError("unsafe_keras",
                           str(error)) from None
    import keras

    if model_bytes[:8] == HDF5_SIGNATURE:
        raise RunFileError("h5",
                           f"{name} holds a legacy .h5 model, which Keras loads without its safety checks: refused; "
                           "save the model as .keras (model.save('model.keras')) or with rnnviz.save_run")
    if zipfile.is_zipfile(io.BytesIO(model_bytes)):   # Keras unpacks it: its members' sizes are checked first
        _open_zip(io.BytesIO(model_bytes), name).close()
    from . import series_metrics  # noqa: F401 - registers a series model's metric (MAE in the series' units)
    from .cells import register_keras_classes

    register_keras_classes()    # a registered cell's own Keras layer must be known before its file is read

    with tempfile.TemporaryDirectory() as folder:
        model_path = os.path.join(folder, "model.keras")
        with open(model_path, "wb") as file:
            file.write(model_bytes)
        try:
            return keras.models.load_model(model_path, safe_mode=True)
        except Exception as error:  # Keras raises many kinds; the user needs one line
            text = str(error).strip()
            if "safe_mode" in text or "lambda" in text.lower():
                raise RunFileError("code",
                                   f"the model in {name} contains Python code (a Lambda layer): refused, models "
                                   "are loaded with safe_mode=True") from None
            # Keras names the temporary file it was given: a server path, which nobody needs to see
            detail = text.splitlines()[0].replace(folder + os.sep, "")[:200] if text else type(error).__name__
            raise RunFileError("keras_failed",
                               f"the model in {name} could not be loaded by Keras ({detail})") from None


def _raw_bytes(path) -> bytes:
    if isinstance(path, (str, os.PathLike)):
        with open(path, "rb") as file:
            return file.read()
    path.seek(0)
    return path.read()


def _json(archive: zipfile.ZipFile, member: str, name: str) -> dict:
    try:
        settings = json.loads(read_member(archive, member, name).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise RunFileError("damaged",
                           f"{member} in {name} is not valid JSON: the file is damaged") from None
    if not isinstance(settings, dict) or settings.get("format") != FORMAT:
        raise RunFileError("damaged",
                           f"{member} in {name} was not written by rnnviz.save_run")
    return settings


def _config(values, name: str) -> ModelConfig | None:
    """The saved ModelConfig (fields this version does not know are ignored), or None."""
    if not values:
        return None
    known = {field.name for field in fields(ModelConfig)}
    try:
        return ModelConfig(**{key: value for key, value in values.items() if key in known})
    except ValueError as error:
        raise RunFileError("damaged",
                           f"the model settings in {name} are invalid: {error}") from None


def _name(path) -> str:
    if isinstance(path, (str, os.PathLike)):
        return os.path.basename(str(path))
    return getattr(path, "name", "the uploaded file")
