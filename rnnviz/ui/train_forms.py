"""Widget groups of the Train page: each returns plain values (options dicts, a ModelConfig, a budget).

Every setting is kept for the whole session (persist_state="session"): a student who looks at another page
comes back to the same form. Number boxes have no hard limits on purpose: what a student types goes to the
core's validation, whose one-line message, headed by the box's label, says what is allowed
("Units: units must be an integer from 1 to 1024, got 0").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from ..data import LANGUAGES
from ..i18n import N_, _, format_number, get_language
from ..models import ACTIVATIONS, CELLS, MERGE_MODES, OPTIMIZERS, RECURRENT_CELLS, RECURRENT_INITIALIZERS, ModelConfig
from ..validation import SettingError
from . import keys
from .cache import cached_baseline, cached_dataset
from .state import MAX_NAME_LENGTH, delete_run, rename_run, session_runs
from .tables import localized_numbers

_LANGUAGE_NAMES = {"en": N_("English"), "es": N_("Spanish (español)")}
_LABELS = keys.TRAIN_LABELS   # session_state: option name -> the label of its box, as drawn this session


def _labels() -> dict:
    return st.session_state.setdefault(_LABELS, {})


def _number(where, field: str, label: str, value, step, **kwargs):
    """A number box for `field`, kept for the session (key train_<field>); `label` is already translated."""
    _labels()[field] = label
    return where.number_input(label, value=value, step=step, key=f"train_{field}", persist_state="session",
                              **kwargs)


def _choice(where, field: str, label: str, options, widget=None, **kwargs):
    """A select box (or another choice widget) for `field`, kept for the session."""
    _labels()[field] = label
    return (widget or where.selectbox)(label, options, key=f"train_{field}", persist_state="session", **kwargs)


def explain(error: ValueError, labels: dict | None = None) -> str:
    """The core's message in the box's words: 'Units: must be an integer from 1 to 1024, got 0'.

    labels: field -> label pairs that win over the ones the form recorded.
    """
    message = str(error)
    labels = {**_labels(), **(labels or {})}
    if isinstance(error, SettingError):      # it knows its setting, whatever language its message is in
        field, rest = error.setting, error.rest
    else:                                    # a message that starts with the setting's code name
        field, _space, rest = message.partition(" ")
    if field not in labels or not rest:
        return message
    # the box's words, not the code's name: "Seed: must be an integer ..."
    if field == "early_stopping_patience":     # the box's 0 means off, which the core's range leaves out
        rest = rest.replace("an integer from 1 to", "0 (off) or an integer from 1 to")
    return f"{labels[field]}: {rest}"


def dataset_form() -> tuple[str, dict]:
    """Choose a dataset and its options; returns (name, options)."""
    from .real_data import DATASET_MENU, DATASET_TITLES, real_data_form  # it builds on this module's boxes

    name = _choice(st, "dataset", _("Dataset"), DATASET_MENU, format_func=lambda d: _(DATASET_TITLES[d]))
    # real data draws its own row of boxes: a CSV's column boxes go under the uploader they depend on
    a, b, c, d = (None,) * 4 if name in ("imdb", "csv") else st.columns(4)
    if name == "toy_sentiment":
        options = {"language": _choice(a, "language", _("Language"), LANGUAGES,
                                       format_func=lambda code: _(_LANGUAGE_NAMES[code])),
                   "size": _number(b, "size", _("Sentences"), 4000, 500),
                   "vocabulary_size": _number(c, "vocabulary_size", _("Vocabulary size (max words)"), 1000, 100),
                   "sequence_length": _number(d, "sequence_length", _("Sequence length (words)"), 32, 4)}
    elif name in ("imdb", "csv"):
        options = real_data_form(name)
    else:
        # The two synthetic tasks share their options; each keeps its own values (keys per task).
        defaults = {"memory_task": (10, 20, 2000), "order_task": (20, 40, 3000)}[name]
        prefix = "" if name == "memory_task" else "order_"
        options = {"lag": _number(a, f"{prefix}lag", _("Lag (steps from the end)"), defaults[0], 1),
                   "n_steps": _number(b, f"{prefix}n_steps", _("Steps per sequence"), defaults[1], 5),
                   "size": _number(c, f"{prefix}memory_size", _("Sequences"), defaults[2], 500)}
        _labels().update(lag=_("Lag (steps from the end)"), n_steps=_("Steps per sequence"), size=_("Sequences"))
    a, b = st.columns(4)[:2]
    options["padding"] = _choice(a, "padding", _("Padding"), ("pre", "post"), widget=a.radio, horizontal=True,
                                 help=_("Where pad_sequences adds zeros and cuts long sequences (Keras' default "
                                        "is 'pre')"))
    options["seed"] = int(_number(b, "seed", _("Data seed"), 0, 1))
    return name, options


def dataset_preview(name: str, options: dict):
    """Show the data as the model sees it; returns the Dataset, or None after a one-line error."""
    if name == "csv" and not options.get("path"):
        return None                      # nothing uploaded yet: the form says what to do
    try:
        dataset = cached_dataset(name, tuple(sorted(options.items())))
    except ValueError as error:
        st.error(explain(error), icon=":material/error:")
        return None
    st.caption(dataset.display_description)
    sample = dataset.train
    rows = [{_("sentence"): sample.texts[i], _("label"): dataset.class_names[sample.y[i]],
             _("tokens"): " ".join(dataset.decode(sample.x[i])),
             _("ids (padded)"): _padded_ids(sample.x[i], dataset.padding)} for i in range(min(8, len(sample)))]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    sizes = " / ".join(format_number(len(part)) for part in (dataset.train, dataset.validation, dataset.test))
    st.caption(_("train / validation / test: {sizes} · vocabulary: {vocabulary:,} tokens (0 = padding, "
                 "1 = unknown) · class balance (train): {balance}").format(
        sizes=sizes, vocabulary=dataset.vocabulary_size,
        balance=np.bincount(sample.y, minlength=dataset.n_classes).tolist()))
    return dataset


def _padded_ids(ids, padding: str) -> str:
    """'0 x22 · 2 13 4 46': the run of padding zeros counted, so the real ids stay visible."""
    real = [str(i) for i in ids if i != 0]
    zeros = f"0 ×{len(ids) - len(real)}" if len(real) < len(ids) else ""
    parts = [zeros, " ".join(real)] if padding == "pre" else [" ".join(real), zeros]
    return " · ".join(part for part in parts if part)


def bag_of_words_line(name: str, options: dict) -> None:
    """The TF-IDF + logistic regression baseline's accuracy, measured on this dataset."""
    scores = cached_baseline(name, tuple(sorted(options.items())))
    st.metric(_("Bag-of-words baseline (TF-IDF + logistic regression), validation accuracy"),
              format_number(scores["validation"], 3),
              help=_("Knows which words occur, not their order. Train accuracy {train:.3f}, test {test:.3f}.").format(
                  train=scores["train"], test=scores["test"]))


def model_form() -> dict:
    """Model settings as ModelConfig keyword arguments (validated later, by ModelConfig itself)."""
    from .real_data import input_form

    a, b, c, d = st.columns(4)
    cell = _choice(a, "cell", _("Cell"), CELLS, index=1,
                   format_func=lambda c: c if c in RECURRENT_CELLS else _("baseline: {cell}").format(cell=c))
    options = {"cell": cell, "units": _number(b, "units", _("Units"), 32, 8),
               "embedding_dim": _number(c, "embedding_dim", _("Embedding dimension"), 16, 8),
               "learning_rate": _number(d, "learning_rate", _("Learning rate"), 0.01, 0.001, format="%g")}
    a, b, c, d = st.columns(4)
    options["optimizer"] = _choice(a, "optimizer", _("Optimizer"), OPTIMIZERS)
    options["dropout"] = _number(b, "dropout", _("Dropout"), 0.0, 0.1)
    options["recurrent_dropout"] = _number(c, "recurrent_dropout", _("Recurrent dropout"), 0.0, 0.1)
    options["l2"] = _number(d, "l2", _("L2 (lambda)"), 0.0, 0.001, format="%g")
    options.update(input_form())
    options.update(convolution_form(cell))
    if cell in RECURRENT_CELLS:
        a, b, c = st.columns(4)[:3]
        options["n_layers"] = _number(a, "n_layers", _("Stacked layers"), 1, 1)
        options["bidirectional"] = b.toggle(_("Bidirectional"), key="train_bidirectional", persist_state="session")
        if options["bidirectional"]:
            options["merge_mode"] = _choice(c, "merge_mode", _("Merge"), MERGE_MODES)
        with st.expander(_("Advanced: initialisation, activation, clipping")):
            a, b, c, d = st.columns(4)
            options["activation"] = _choice(a, "activation", _("Activation"), ACTIVATIONS)
            options["recurrent_initializer"] = _choice(b, "recurrent_initializer", _("Recurrent initialiser"),
                                                       RECURRENT_INITIALIZERS)
            options["recurrent_gain"] = _number(c, "recurrent_gain", _("Recurrent gain"), 1.0, 0.1)
            options["embedding_scale"] = _number(d, "embedding_scale", _("Embedding init scale"), 0.05, 0.05)
            clipnorm = _number(a, "clipnorm", _("Clip gradient norm (0 = off)"), 0.0, 0.5)
            options["clipnorm"] = clipnorm if clipnorm else None
    return options


def convolution_form(cell: str) -> dict:
    """Conv1D settings: the Conv1D model's kernel and pooling, or a convolution stage before a recurrent cell."""
    from ..i18n import _

    if cell not in RECURRENT_CELLS and cell != "Conv1D":
        return {}
    a, b, c, _unused = st.columns(4)
    options = {}
    if cell in RECURRENT_CELLS:
        options["conv_filters"] = _number(a, "conv_filters", _("Conv1D filters before the cell (0 = none)"), 0, 8)
    if cell == "Conv1D" or options.get("conv_filters"):
        options["conv_kernel"] = _number(b, "conv_kernel", _("Convolution kernel (words)"), 5, 1)
        options["conv_pool"] = _number(c, "conv_pool", _("Max-pooling size"), 3, 1)
    return options


def model_summary(dataset, config: ModelConfig) -> bool:
    """Parameter counts per layer, from the Keras model itself; False after a one-line error (e.g. one-hot
    vectors for too many words)."""
    try:
        table, total = _summary(config, dataset.vocabulary_size, dataset.sequence_length, dataset.n_classes,
                                get_language())
    except ValueError as error:
        st.error(explain(error), icon=":material/error:")
        return False
    st.dataframe(localized_numbers(table), hide_index=True)
    st.caption(_("Total parameters: {total:,} (Keras' own count).").format(total=total))
    return True


@st.cache_data(max_entries=64, show_spinner=False)
def _summary(config: ModelConfig, vocabulary_size: int, sequence_length: int, n_classes: int, language: str):
    """(summary table, total parameters) of the model a config builds; cached: other widgets rerun the page.

    language: part of the key only (the table's headers are written in it)."""
    from ..models import build_keras_model, summary_table

    model = build_keras_model(config, vocabulary_size, sequence_length, n_classes)
    return summary_table(model), model.count_params()


def training_form() -> dict:
    """Budget and seed: keyword arguments of TrainingRequest."""
    a, b, c, d = st.columns(4)
    budget = {"epochs": _number(a, "epochs", _("Epochs"), 6, 1),
              "batch_size": _number(b, "batch_size", _("Batch size"), 64, 16),
              "seed": _number(c, "training_seed", _("Seed"), 0, 1)}
    patience = _number(d, "early_stopping_patience", _("Early stopping patience (0 = off)"), 0, 1)
    budget["early_stopping_patience"] = patience if patience else None
    return budget


def training_request(dataset_name: str, dataset_options: dict, config: ModelConfig, budget: dict):
    """The TrainingRequest of the form's values; ValueError (headed by the box's label) if the core refuses it."""
    from ..training_request import TrainingRequest

    try:
        return TrainingRequest(dataset_name, dataset_options, config, **budget)
    except ValueError as error:
        # "seed" is the request's field name; on this page the data seed's box owns that word
        raise ValueError(explain(error, {"seed": _("Seed")})) from None


def runs_manager() -> None:
    """Rename and delete this session's runs (callbacks, so the chosen run stays chosen after a rename)."""
    runs = session_runs()
    if not runs:
        return
    if st.session_state.get("manage_run") not in runs:
        st.session_state["manage_run"] = next(reversed(runs))
    a, b, c, d = st.columns([2, 2, 1, 1], vertical_alignment="bottom")
    name = a.selectbox(_("Run"), list(runs), key="manage_run")
    b.text_input(_("New name"), value=name, key=f"rename_{name}", max_chars=MAX_NAME_LENGTH)

    def rename():
        new_name = st.session_state[f"rename_{name}"].strip()
        if new_name == name:
            return
        try:
            rename_run(name, new_name)
            st.session_state["manage_run"] = new_name
        except ValueError as error:
            st.session_state[keys.RENAME_ERROR] = str(error)

    c.button(_("Rename"), key="rename_run", on_click=rename)
    with d.popover(_("Delete"), icon=":material/delete:"):
        st.caption(_("Delete '{name}'? Its model is lost.").format(name=name))
        st.button(_("Delete"), key="delete_run", type="primary", on_click=delete_run, args=(name,))
    if keys.RENAME_ERROR in st.session_state:
        st.error(st.session_state.pop(keys.RENAME_ERROR), icon=":material/error:")
