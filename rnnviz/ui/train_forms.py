"""Widget groups of the Train page: each returns plain values (options dicts, a ModelConfig, a budget).

Every setting is kept for the whole session (persist_state="session"): a student who looks at another page
comes back to the same form. Number boxes have no hard limits on purpose: what a student types goes to the core's validation, whose
one-line message says what is allowed ("units must be an integer from 1 to 1024, got 0").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from ..data import DATASET_NAMES, LANGUAGES
from ..models import ACTIVATIONS, CELLS, MERGE_MODES, OPTIMIZERS, RECURRENT_INITIALIZERS, ModelConfig
from .cache import cached_baseline, cached_dataset
from .state import MAX_NAME_LENGTH, delete_run, rename_run, session_runs

_LANGUAGE_NAMES = {"en": "English", "es": "Spanish (español)"}


def dataset_form() -> tuple[str, dict]:
    """Choose a built-in dataset and its options; returns (name, options)."""
    name = st.selectbox("Dataset", DATASET_NAMES, key="train_dataset", persist_state="session",
                        format_func=lambda n: {"toy_sentiment": "toy sentiment (movie reviews)",
                                               "memory_task": "memory task (long-range dependency)"}[n])
    a, b, c, d = st.columns(4)
    if name == "toy_sentiment":
        options = {"language": a.selectbox("Language", LANGUAGES, format_func=_LANGUAGE_NAMES.get, key="train_language", persist_state="session"),
                   "size": b.number_input("Sentences", value=4000, step=500, key="train_sentences", persist_state="session"),
                   "vocabulary_size": c.number_input("Vocabulary size (max words)", value=1000, step=100, key="train_vocabulary", persist_state="session"),
                   "sequence_length": d.number_input("Sequence length (words)", value=32, step=4, key="train_length", persist_state="session")}
    else:
        options = {"lag": a.number_input("Lag (steps from the end)", value=10, step=1, key="train_lag", persist_state="session"),
                   "n_steps": b.number_input("Steps per sequence", value=20, step=5, key="train_steps", persist_state="session"),
                   "size": c.number_input("Sequences", value=2000, step=500, key="train_sequences", persist_state="session")}
    a, b, _, _ = st.columns(4)
    options["padding"] = a.radio("Padding", ("pre", "post"), horizontal=True, key=f"train_padding_{name}", persist_state="session",
                                 help="Where pad_sequences adds zeros and cuts long sequences (Keras' default "
                                 "is 'pre')")
    options["seed"] = int(b.number_input("Data seed", value=0, step=1, key=f"train_data_seed_{name}", persist_state="session"))
    return name, options


def dataset_preview(name: str, options: dict):
    """Show the data as the model sees it; returns the Dataset, or None after a one-line error."""
    try:
        dataset = cached_dataset(name, tuple(sorted(options.items())))
    except ValueError as error:
        st.error(str(error), icon=":material/error:")
        return None
    st.caption(dataset.description)
    sample = dataset.train
    rows = [{"sentence": sample.texts[i], "label": dataset.class_names[sample.y[i]],
             "tokens": " ".join(dataset.decode(sample.x[i])),
             "ids (padded)": _padded_ids(sample.x[i], dataset.padding)} for i in range(min(8, len(sample)))]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    sizes = f"{len(dataset.train):,} / {len(dataset.validation):,} / {len(dataset.test):,}"
    st.caption(f"train / validation / test: {sizes} · vocabulary: {dataset.vocabulary_size:,} tokens "
               f"(0 = padding, 1 = unknown) · class balance (train): "
               f"{np.bincount(sample.y, minlength=dataset.n_classes).tolist()}")
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
    st.metric("Bag-of-words baseline (TF-IDF + logistic regression), validation accuracy",
              f"{scores['validation']:.3f}", help="Knows which words occur, not their order. "
              f"Train accuracy {scores['train']:.3f}, test {scores['test']:.3f}.")


def model_form() -> dict:
    """Model settings as ModelConfig keyword arguments (validated later, by ModelConfig itself)."""
    a, b, c, d = st.columns(4)
    cell = a.selectbox("Cell", CELLS, index=1, key="train_cell", persist_state="session", format_func=lambda c: c if c in ("SimpleRNN", "LSTM", "GRU")
                       else f"baseline: {c}")
    options = {"cell": cell, "units": b.number_input("Units", value=32, step=8, key="train_units", persist_state="session"),
               "embedding_dim": c.number_input("Embedding dimension", value=16, step=8, key="train_embedding", persist_state="session")}
    options["learning_rate"] = d.number_input("Learning rate", value=0.01, step=0.001, format="%g", key="train_lr", persist_state="session")
    a, b, c, d = st.columns(4)
    options["optimizer"] = a.selectbox("Optimizer", OPTIMIZERS, key="train_optimizer", persist_state="session")
    options["dropout"] = b.number_input("Dropout", value=0.0, step=0.1, key="train_dropout", persist_state="session")
    options["recurrent_dropout"] = c.number_input("Recurrent dropout", value=0.0, step=0.1, key="train_recurrent_dropout", persist_state="session")
    options["l2"] = d.number_input("L2 (lambda)", value=0.0, step=0.001, format="%g", key="train_l2", persist_state="session")
    if cell in ("SimpleRNN", "LSTM", "GRU"):
        a, b, c, _ = st.columns(4)
        options["n_layers"] = a.number_input("Stacked layers", value=1, step=1, key="train_layers", persist_state="session")
        options["bidirectional"] = b.toggle("Bidirectional", key="train_bidirectional", persist_state="session")
        if options["bidirectional"]:
            options["merge_mode"] = c.selectbox("Merge", MERGE_MODES, key="train_merge", persist_state="session")
        with st.expander("Advanced: initialisation, activation, clipping"):
            a, b, c, d = st.columns(4)
            options["activation"] = a.selectbox("Activation", ACTIVATIONS, key="train_activation", persist_state="session")
            options["recurrent_initializer"] = b.selectbox("Recurrent initialiser", RECURRENT_INITIALIZERS, key="train_initializer", persist_state="session")
            options["recurrent_gain"] = c.number_input("Recurrent gain", value=1.0, step=0.1, key="train_gain", persist_state="session")
            options["embedding_scale"] = d.number_input("Embedding init scale", value=0.05, step=0.05, key="train_embedding_scale", persist_state="session")
            clipnorm = a.number_input("Clip gradient norm (0 = off)", value=0.0, step=0.5, key="train_clipnorm", persist_state="session")
            options["clipnorm"] = clipnorm if clipnorm else None
    return options


def model_summary(dataset, config: ModelConfig) -> None:
    """Parameter counts per layer, from the Keras model itself."""
    from ..models import build_model, summary_table

    model = build_model(dataset, config)
    table = summary_table(model)
    st.dataframe(table, hide_index=True)
    st.caption(f"Total parameters: {model.count_params():,} (Keras' own count).")


def training_form() -> dict:
    """Budget and seed: keyword arguments of TrainingRequest."""
    a, b, c, d = st.columns(4)
    budget = {"epochs": a.number_input("Epochs", value=6, step=1, key="train_epochs", persist_state="session"),
              "batch_size": b.number_input("Batch size", value=64, step=16, key="train_batch", persist_state="session"),
              "seed": c.number_input("Seed", value=0, step=1, key="train_seed", persist_state="session")}
    patience = d.number_input("Early stopping patience (0 = off)", value=0, step=1, key="train_patience", persist_state="session")
    budget["early_stopping_patience"] = patience if patience else None
    return budget


def check_budget(budget: dict) -> None:
    """ValueError naming a bad epoch count, batch size, seed or patience, before any thread starts."""
    from ..data.dataset import check_int
    from ..training import MAX_BATCH_SIZE, MAX_EPOCHS

    check_int("epochs", budget["epochs"], 1, MAX_EPOCHS)
    check_int("batch_size", budget["batch_size"], 1, MAX_BATCH_SIZE)
    check_int("seed", budget["seed"], 0, 2**31 - 1)
    if budget["early_stopping_patience"] is not None:
        check_int("early_stopping_patience", budget["early_stopping_patience"], 1, MAX_EPOCHS)


def runs_manager() -> None:
    """Rename and delete this session's runs (callbacks, so the chosen run stays chosen after a rename)."""
    runs = session_runs()
    if not runs:
        return
    if st.session_state.get("manage_run") not in runs:
        st.session_state["manage_run"] = next(reversed(runs))
    a, b, c, d = st.columns([2, 2, 1, 1], vertical_alignment="bottom")
    name = a.selectbox("Run", list(runs), key="manage_run")
    b.text_input("New name", value=name, key=f"rename_{name}", max_chars=MAX_NAME_LENGTH)

    def rename():
        new_name = st.session_state[f"rename_{name}"].strip()
        if new_name == name:
            return
        try:
            rename_run(name, new_name)
            st.session_state["manage_run"] = new_name
        except ValueError as error:
            st.session_state["rnnviz_rename_error"] = str(error)

    c.button("Rename", key="rename_run", on_click=rename)
    with d.popover("Delete", icon=":material/delete:"):
        st.caption(f"Delete '{name}'? Its model is lost.")
        st.button("Delete", key="delete_run", type="primary", on_click=delete_run, args=(name,))
    if "rnnviz_rename_error" in st.session_state:
        st.error(st.session_state.pop("rnnviz_rename_error"), icon=":material/error:")
